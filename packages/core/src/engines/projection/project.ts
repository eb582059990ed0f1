import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { noProgress } from '../../kernel/util/progress.js';
import { makeAgeBands } from './age-bands.js';
import { bindFactors } from './bind.js';
import { buildBlocks, eventCounts } from './blocks.js';
import { capacitySettings, capacityTerms } from './capacity.js';
import { builtinScenario, builtinServiceLines, matchesPattern } from './definitions.js';
import { prepareProjection } from './demography.js';
import { computeVolumes, sum, totalsByYear, type BoundFactor, type CellBlock } from './factors.js';
import { monteCarlo } from './monte-carlo.js';
import type {
  AgeBand,
  CapacityRow,
  DecompositionRow,
  ProjectOptions,
  ProjectionResult,
  ProjectionWarning,
  Scenario,
  SeriesRow,
  ServiceLineDef,
  UncertaintyRow,
} from './types.js';

/** The latest year a projection may reach (SSB's national projections end in 2050). */
export const MAX_HORIZON = 2050;
/** Default horizon. */
export const DEFAULT_HORIZON = 2040;

/** What {@link project} needs from a workspace: its database (a `Workspace` will do). */
export interface ProjectionTarget {
  db: Db;
}

/** Base years: from…to without the excluded years. */
export function baseYearsOf(p: { from: number; to: number; exclude?: number[] }): number[] {
  const out: number[] = [];
  for (let y = p.from; y <= p.to; y++) if (!(p.exclude ?? []).includes(y)) out.push(y);
  return out;
}

/**
 * Project demand for service lines of hospital and municipality: base rates × SSB's projected
 * population, then the scenario's change factors, with a decomposition of the change, capacity
 * and (with `runs > 0`) seeded Monte Carlo quantiles. Reads the workspace only (temp tables).
 *
 * The figures are plain aggregates: before they leave the workspace they must pass disclosure
 * control (TODO(disclosure): the CLI and exports call the disclosure module on `series`,
 * `decomposition`, `capacity` and `uncertainty` once it lands).
 *
 * See `docs/projections.md` for the model and every formula.
 */
export async function project(
  ws: ProjectionTarget,
  options: ProjectOptions = {},
): Promise<ProjectionResult> {
  const progress = options.progress ?? noProgress;
  const warnings: ProjectionWarning[] = [];
  const warn = (w: ProjectionWarning) => {
    if (!warnings.some((x) => x.message === w.message)) warnings.push(w);
  };
  const scenario: Scenario = options.scenario ?? builtinScenario('baseline');
  const period = options.basePeriod ?? scenario.basePeriod ?? {};
  const explicit =
    period.from !== undefined && period.to !== undefined
      ? { from: period.from, to: period.to }
      : undefined;
  if ((period.from === undefined) !== (period.to === undefined)) {
    throw new UsageError(
      'NO_BASE_PERIOD',
      'a base period needs both from and to (or neither: the latest years with data)',
    );
  }
  if (explicit && explicit.to < explicit.from)
    throw new UsageError(
      'NO_BASE_PERIOD',
      `the base period ${explicit.from}–${explicit.to} is backwards`,
    );
  const exclude = period.exclude ?? [];
  const baseYearCount = period.years ?? 3;
  if (!Number.isInteger(baseYearCount) || baseYearCount < 1)
    throw new UsageError(
      'NO_BASE_PERIOD',
      `the number of base years must be ≥ 1, got ${baseYearCount}`,
    );
  const horizon = options.horizon ?? scenario.horizon ?? DEFAULT_HORIZON;
  if (!Number.isInteger(horizon) || horizon > MAX_HORIZON) {
    throw new UsageError(
      'BAD_HORIZON',
      `the horizon must be a year no later than ${MAX_HORIZON}, got ${horizon}`,
    );
  }
  const bandBounds = options.ageBands ?? scenario.ageBands;
  if (bandBounds) makeAgeBands(bandBounds); // fail early on bad bounds
  const runs = options.runs ?? 0;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(runs) || runs < 0)
    throw new UsageError('BAD_RUNS', `runs must be a whole number ≥ 0, got ${runs}`);
  if (!Number.isInteger(seed))
    throw new UsageError('BAD_SEED', `seed must be a whole number, got ${seed}`);

  let defs: ServiceLineDef[] = options.serviceLines ?? builtinServiceLines();
  if (scenario.serviceLines?.length)
    defs = defs.filter((d) => scenario.serviceLines!.some((p) => matchesPattern(d.id, p)));
  if (defs.length === 0) throw new UsageError('NO_SERVICE_LINES', 'no service line selected');
  const defsById = new Map(defs.map((d) => [d.id, d]));
  for (const f of scenario.factors) {
    if (f.type !== 'task_transfer') continue;
    const a = defsById.get((f.from ?? '').split(':')[0]!);
    const b = defsById.get((f.to ?? '').split(':')[0]!);
    if (a && b && a.level === b.level) {
      warn({
        code: 'TRANSFER_SAME_LEVEL',
        message: `factor ${f.id} moves volume within the ${a.level} level; a task transfer moves it between hospital and municipality (use care_shift within the hospital)`,
      });
    }
  }

  progress({ stage: 'project', phase: 'start', message: 'base rates and population (SQL)' });
  const areaLevel = options.areaLevel ?? 'hff';
  const prepared = await prepareProjection({
    db: ws.db,
    lines: defs,
    ...(bandBounds ? { bandBounds } : {}),
    ...(explicit ? { basePeriod: explicit } : {}),
    exclude,
    baseYearCount,
    horizon,
    areaLevel,
    areas: options.areas ?? 'all',
    alternatives: options.alternatives,
    vintage: options.vintage,
    regionLevel: options.projectionRegionLevel ?? 'municipality',
    warn,
    disclosureThreshold: options.disclosureThreshold ?? 0,
    splitParents: splitParents(defs),
  });
  try {
    const { lineIds, areas, population, bands, sexes, baseYears, baseYear } = prepared;
    if (horizon <= baseYear) {
      throw new UsageError(
        'BAD_HORIZON',
        `the horizon must be after the base year ${baseYear}, got ${horizon}`,
      );
    }
    const alternatives = population.alternatives;
    const { years } = prepared;
    if (years.length === 0)
      throw new UsageError(
        'NO_PROJECTION_YEARS',
        `the projection has no years between ${baseYear + 1} and ${horizon}`,
      );

    const weights: Record<string, number> = {};
    if (runs > 0) {
      const stated = scenario.alternatives ?? {};
      const anyStated = alternatives.some((a) => stated[a] !== undefined);
      for (const a of alternatives)
        weights[a] = anyStated ? (stated[a] ?? 0) : 1 / alternatives.length;
      if (!anyStated) {
        warn({
          code: 'EQUAL_WEIGHTS',
          message: `no weights for the population alternatives are stated in the scenario; Monte Carlo samples ${alternatives.join(', ')} with equal weights`,
        });
      }
      if (alternatives.every((a) => (weights[a] ?? 0) <= 0))
        throw new UsageError('BAD_WEIGHTS', 'every population alternative has weight 0');
    }

    bindFactors(scenario.factors, lineIds, bands, warn); // warnings for unused factors once
    const series: SeriesRow[] = [];
    const decomposition: DecompositionRow[] = [];
    const capacity: CapacityRow[] = [];
    const uncertainty: UncertaintyRow[] = [];
    const terms = new Map(
      lineIds.map((id) => [id, capacityTerms(id, defsById, capacitySettings(scenario))]),
    );

    let done = 0;
    for (const area of areas) {
      progress({
        stage: 'project',
        phase: 'update',
        done,
        total: areas.length,
        unit: 'areas',
        message: area,
      });
      const vol = await prepared.volumes(area);
      const blocks = buildBlocks(vol, lineIds, bands, sexes, years, alternatives);
      const events = eventCounts(vol, lineIds, bands, sexes);
      const baseEvents = new Map(lineIds.map((id, l) => [id, Math.round(sum(events[l]!))]));
      for (const alt of alternatives) {
        const block = blocks.get(alt)!;
        projectBlock({
          area,
          alt,
          block,
          scenario,
          bands,
          baseYear,
          population,
          popOf: (a, y) => vol.population.get(`${a}|${y}`) ?? 0,
          baseEvents,
          terms,
          series,
          decomposition,
          capacity,
        });
      }
      if (runs > 0) {
        const mc = monteCarlo({
          area,
          blocks,
          weights,
          factors: scenario.factors,
          bands,
          events,
          runs,
          seed,
        });
        mc.lines.forEach((line, l) => {
          mc.years.forEach((year, yi) => {
            const q = { p10: mc.p10[l]![yi]!, p50: mc.p50[l]![yi]!, p90: mc.p90[l]![yi]! };
            const base_events = baseEvents.get(line) ?? 0;
            uncertainty.push({
              area_code: area,
              line_id: line,
              base_events,
              quantity: 'volume',
              year,
              ...q,
              runs,
              seed,
            });
            for (const t of terms.get(line) ?? []) {
              uncertainty.push({
                area_code: area,
                line_id: line,
                base_events,
                quantity: t.resource,
                year,
                p10: q.p10 / t.divisor,
                p50: q.p50 / t.divisor,
                p90: q.p90 / t.divisor,
                runs,
                seed,
              });
            }
          });
        });
      }
      done++;
    }
    progress({
      stage: 'project',
      phase: 'end',
      message: `${areas.length} areas, ${lineIds.length} lines`,
    });

    return {
      meta: {
        rateCells: prepared.rateCells,
        scenario: { id: scenario.id, version: scenario.version, title: scenario.title },
        serviceLines: defs.map((d) => ({
          id: d.id,
          version: d.version,
          label: d.label,
          level: d.level,
          unit: d.unit,
        })),
        basePeriod: { from: baseYears[0]!, to: baseYear, exclude: [...exclude], years: baseYears },
        baseYear,
        horizon,
        years,
        ageBands: bands.map((b) => b.label),
        areaLevel,
        areas,
        population: {
          tableId: population.tableId,
          vintage: population.vintage,
          alternatives,
          startYear: population.startYear,
          isDemo: population.isDemo,
        },
        ...(runs > 0 ? { monteCarlo: { runs, seed, weights } } : {}),
        lineParents: lineParents(defs, lineIds),
      },
      warnings,
      series,
      decomposition,
      capacity,
      uncertainty,
      baseRates: options.includeBaseRates ? await prepared.baseRates() : [],
    };
  } finally {
    await prepared.dispose();
  }
}

/**
 * Sub-lines of a split line are parts of the unsplit line with the same source, filters and
 * measure (e.g. inpatient stays by ICD-10 chapter → inpatient stays): disclosure control uses
 * this to protect a hidden part from being worked out from the total.
 */
function lineParents(
  defs: readonly ServiceLineDef[],
  lineIds: readonly string[],
): Record<string, string> {
  const key = (d: ServiceLineDef) => JSON.stringify([d.source, d.measure]);
  const out: Record<string, string> = {};
  for (const d of defs) {
    if (!d.split) continue;
    const parent = defs.find((p) => !p.split && key(p) === key(d));
    if (!parent || !lineIds.includes(parent.id)) continue;
    for (const id of lineIds) if (id.startsWith(`${d.id}:`)) out[id] = parent.id;
  }
  return out;
}

/** Split line id → the unsplit line with the same source and measure (its sub-lines' parent). */
function splitParents(defs: readonly ServiceLineDef[]): Record<string, string> {
  const key = (d: ServiceLineDef) => JSON.stringify([d.source, d.measure]);
  const out: Record<string, string> = {};
  for (const d of defs) {
    if (!d.split) continue;
    const parent = defs.find((p) => !p.split && key(p) === key(d));
    if (parent) out[d.id] = parent.id;
  }
  return out;
}

/** Does a bound factor act on line index `l`? */
function touches(f: BoundFactor, l: number): boolean {
  return f.lineIdx.includes(l) || f.fromIdx === l || f.toIdx === l || f.companionIdx.includes(l);
}

interface BlockJob {
  area: string;
  alt: string;
  block: CellBlock;
  scenario: Scenario;
  bands: AgeBand[];
  baseYear: number;
  population: { tableId: string; vintage: number };
  popOf: (alternative: string, year: number) => number;
  baseEvents: Map<string, number>;
  terms: Map<string, Array<{ resource: string; divisor: number; formula: string }>>;
  series: SeriesRow[];
  decomposition: DecompositionRow[];
  capacity: CapacityRow[];
}

/**
 * Deterministic projection of one area × alternative: volumes with all factors, and the
 * decomposition of the change from base
 *   total − base = (D − base) + Σ_f (V_f − D) + interaction,
 * where D is demography only and V_f applies factor f alone; the interaction is the remainder,
 * so the parts always add up to the total change.
 */
function projectBlock(j: BlockJob): void {
  const { block, area, alt } = j;
  const ny = block.years.length;
  const bound = bindFactors(j.scenario.factors, block.lines, j.bands);
  const all = computeVolumes(block, bound);
  const alone = bound.map((f) => computeVolumes(block, [f]));
  block.lines.forEach((line, l) => {
    const base = sum(block.base[l]!);
    const demo = totalsByYear(block.demo[l]!, ny, block.cells);
    const total = totalsByYear(all[l]!, ny, block.cells);
    const single = alone.map((v) => totalsByYear(v[l]!, ny, block.cells));
    const base_events = j.baseEvents.get(line) ?? 0;
    const common = {
      area_code: area,
      line_id: line,
      base_events,
      alternative: alt,
      table_id: j.population.tableId,
      vintage: j.population.vintage,
    };
    j.series.push({
      ...common,
      year: j.baseYear,
      population: Math.round(j.popOf('~base', j.baseYear)),
      base,
      demography: base,
      volume: base,
      change: 0,
      change_pct: base > 0 ? 0 : null,
    });
    const termList = j.terms.get(line) ?? [];
    for (const t of termList) {
      j.capacity.push({
        area_code: area,
        line_id: line,
        base_events,
        alternative: alt,
        year: j.baseYear,
        resource: t.resource,
        base: base / t.divisor,
        value: base / t.divisor,
        formula: t.formula,
      });
    }
    for (let yi = 0; yi < ny; yi++) {
      const year = block.years[yi]!;
      const v = total[yi]!;
      j.series.push({
        ...common,
        year,
        population: Math.round(j.popOf(alt, year)),
        base,
        demography: demo[yi]!,
        volume: v,
        change: v - base,
        change_pct: base > 0 ? (100 * (v - base)) / base : null,
      });
      const dec = { area_code: area, line_id: line, base_events, alternative: alt, year };
      let explained = demo[yi]! - base;
      j.decomposition.push({ ...dec, component: 'demography', value: demo[yi]! - base });
      bound.forEach((f, fi) => {
        if (!touches(f, l)) return;
        const e = single[fi]![yi]! - demo[yi]!;
        explained += e;
        j.decomposition.push({ ...dec, component: f.id, value: e });
      });
      j.decomposition.push({ ...dec, component: 'interaction', value: v - base - explained });
      for (const t of termList) {
        j.capacity.push({
          area_code: area,
          line_id: line,
          base_events,
          alternative: alt,
          year,
          resource: t.resource,
          base: base / t.divisor,
          value: v / t.divisor,
          formula: t.formula,
        });
      }
    }
  });
}
