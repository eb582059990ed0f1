import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { noProgress, type ProgressFn } from '../../kernel/util/progress.js';
import { bindFactors } from './bind.js';
import { buildBlocks, eventCounts } from './blocks.js';
import { capacitySettings, capacityTerms, type CapacityTerm } from './capacity.js';
import {
  prepareProjection,
  type ObservedVolume,
  type Prepared,
  type PrepareInput,
} from './demography.js';
import { sum } from './factors.js';
import { monteCarlo, uncertaintyRows } from './monte-carlo.js';
import { projectBlock } from './project-block.js';
import { alternativeWeights, runSettings, type RunSettings } from './run-settings.js';
import type {
  CapacityRow,
  DecompositionRow,
  ProjectOptions,
  ProjectionResult,
  ProjectionWarning,
  SeriesRow,
  ServiceLineDef,
  UncertaintyRow,
} from './types.js';

export { MAX_HORIZON, DEFAULT_HORIZON } from './run-settings.js';

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
 * control ({@link discloseProjection}).
 *
 * See `docs/projections.md` for the model and every formula.
 */
export async function project(
  ws: ProjectionTarget,
  options: ProjectOptions = {},
): Promise<ProjectionResult> {
  return (await runProjection(ws, options)).result;
}

/** A projection with what its hindcast years observed (empty without `hindcast`). */
export interface ProjectionRun {
  result: ProjectionResult;
  observed: ObservedVolume[];
}

/**
 * {@link project}, and with `hindcast` also the observed activity of the hindcast years (see
 * {@link PrepareInput.hindcast}); the horizon is then the last hindcast year.
 */
export async function runProjection(
  ws: ProjectionTarget,
  options: ProjectOptions,
  hindcast?: PrepareInput['hindcast'],
): Promise<ProjectionRun> {
  const progress = options.progress ?? noProgress;
  const warnings: ProjectionWarning[] = [];
  const warn = (w: ProjectionWarning) => {
    if (!warnings.some((x) => x.message === w.message)) warnings.push(w);
  };
  const s = runSettings(options, warn);
  progress({ stage: 'project', phase: 'start', message: 'base rates and population (SQL)' });
  const areaLevel = options.areaLevel ?? 'hff';
  const prepared = await prepareProjection({
    db: ws.db,
    lines: s.defs,
    ...(s.bandBounds ? { bandBounds: s.bandBounds } : {}),
    ...(s.explicit ? { basePeriod: s.explicit } : {}),
    exclude: s.exclude,
    baseYearCount: s.baseYearCount,
    horizon: s.horizon,
    areaLevel,
    areas: options.areas ?? 'all',
    alternatives: options.alternatives,
    vintage: options.vintage,
    regionLevel: options.projectionRegionLevel ?? 'municipality',
    warn,
    disclosureThreshold: options.disclosureThreshold ?? 0,
    splitParents: splitParents(s.defs),
    ...(hindcast ? { hindcast } : {}),
  });
  try {
    const { lineIds, areas, population, bands, baseYears, baseYear, years } = prepared;
    if (s.horizon <= baseYear) {
      throw new UsageError(
        'BAD_HORIZON',
        `the horizon must be after the base year ${baseYear}, got ${s.horizon}`,
      );
    }
    if (years.length === 0)
      throw new UsageError(
        'NO_PROJECTION_YEARS',
        `the projection has no years between ${baseYear + 1} and ${s.horizon}`,
      );
    const weights = s.runs > 0 ? alternativeWeights(population.alternatives, s.scenario, warn) : {};
    bindFactors(s.scenario.factors, lineIds, bands, warn); // warnings for unused factors once
    const tables = await projectAreas(prepared, s, weights, progress);
    const observed = await prepared.observed();
    const result: ProjectionResult = {
      meta: {
        rateCells: prepared.rateCells,
        scenario: { id: s.scenario.id, version: s.scenario.version, title: s.scenario.title },
        serviceLines: s.defs.map((d) => ({
          id: d.id,
          version: d.version,
          label: d.label,
          level: d.level,
          unit: d.unit,
        })),
        basePeriod: {
          from: baseYears[0]!,
          to: baseYear,
          exclude: [...s.exclude],
          years: baseYears,
        },
        baseYear,
        horizon: s.horizon,
        years,
        ageBands: bands.map((b) => b.label),
        areaLevel,
        areas,
        population: {
          tableId: population.tableId,
          vintage: population.vintage,
          alternatives: population.alternatives,
          startYear: population.startYear,
          isDemo: population.isDemo,
        },
        ...(s.runs > 0 ? { monteCarlo: { runs: s.runs, seed: s.seed, weights } } : {}),
        lineParents: lineParents(s.defs, lineIds),
      },
      warnings,
      ...tables,
      baseRates: options.includeBaseRates ? await prepared.baseRates() : [],
    };
    return { result, observed };
  } finally {
    await prepared.dispose();
  }
}

/** The result tables of every area: deterministic per alternative, then Monte Carlo. */
async function projectAreas(
  prepared: Prepared,
  s: RunSettings,
  weights: Record<string, number>,
  progress: ProgressFn,
): Promise<{
  series: SeriesRow[];
  decomposition: DecompositionRow[];
  capacity: CapacityRow[];
  uncertainty: UncertaintyRow[];
}> {
  const { lineIds, areas, population, bands, sexes, baseYear, years } = prepared;
  const alternatives = population.alternatives;
  const series: SeriesRow[] = [];
  const decomposition: DecompositionRow[] = [];
  const capacity: CapacityRow[] = [];
  const uncertainty: UncertaintyRow[] = [];
  const terms = new Map<string, CapacityTerm[]>(
    lineIds.map((id) => [id, capacityTerms(id, s.defsById, capacitySettings(s.scenario))]),
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
      projectBlock({
        area,
        alt,
        block: blocks.get(alt)!,
        scenario: s.scenario,
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
    if (s.runs > 0) {
      const mc = monteCarlo({
        area,
        blocks,
        weights,
        factors: s.scenario.factors,
        bands,
        events,
        runs: s.runs,
        seed: s.seed,
      });
      uncertaintyRows(mc, { area, baseEvents, terms, runs: s.runs, seed: s.seed }, uncertainty);
    }
    done++;
  }
  progress({
    stage: 'project',
    phase: 'end',
    message: `${areas.length} areas, ${lineIds.length} lines`,
  });
  return { series, decomposition, capacity, uncertainty };
}

/**
 * Sub-lines of a split line are parts of the unsplit line with the same source, filters and
 * measure (e.g. inpatient stays by ICD-10 chapter → inpatient stays): disclosure control uses
 * this to protect a hidden part from being worked out from the total. A split with a single
 * sub-line is no decomposition (the rest of the line, e.g. users without a recorded need level,
 * is no line of its own): declared as one, it would make the part and the line one cell, and
 * their base events (expected events behind differently collapsed rates) differ, so the
 * projection could not be published. Such a sub-line has no parent.
 */
export function lineParents(
  defs: readonly ServiceLineDef[],
  lineIds: readonly string[],
): Record<string, string> {
  const key = (d: ServiceLineDef) => JSON.stringify([d.source, d.measure]);
  const out: Record<string, string> = {};
  for (const d of defs) {
    if (!d.split) continue;
    const parent = defs.find((p) => !p.split && key(p) === key(d));
    if (!parent || !lineIds.includes(parent.id)) continue;
    const subs = lineIds.filter((id) => id.startsWith(`${d.id}:`));
    if (subs.length < 2) continue;
    for (const id of subs) out[id] = parent.id;
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
