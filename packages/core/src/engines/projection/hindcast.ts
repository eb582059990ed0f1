/**
 * Projection hindcast: the projection made from an earlier base period, for years already
 * observed, compared with what was observed. See `docs/projections.md`, "Hindcast".
 */
import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { builtinScenario } from './definitions.js';
import { OBSERVED, type ObservedVolume } from './observed-population.js';
import { runProjection, type ProjectionTarget } from './project.js';
import type { ProjectOptions, ProjectionResult, ProjectionWarning } from './types.js';

/** Options of {@link hindcast}: those of a projection, and the population it is run on. */
export interface HindcastOptions extends ProjectOptions {
  /**
   * `observed` (default): the registered population of the hindcast years stands in for the
   * projection, so only the rates are tested; `projection`: SSB's projection loaded (`vintage`),
   * as a forecast made at the time would have used it.
   */
  population?: 'observed' | 'projection';
}

/** One area × service line × year of a hindcast (before disclosure control). */
export interface HindcastRow {
  area_code: string;
  line_id: string;
  year: number;
  /** The population alternative the projected figure is from (`observed`, or e.g. `MMMM`). */
  alternative: string;
  /** Base-period events behind the area's rates for the line (protected count). */
  base_events: number;
  /** Events observed in the year (protected count). */
  observed_events: number;
  projected: number;
  observed: number;
  /** Monte Carlo P10 and P90 of the projected volume (null without runs). */
  p10: number | null;
  p90: number | null;
}

/** What {@link hindcast} returns: the projection it ran and its comparison rows. */
export interface HindcastResult {
  projection: ProjectionResult;
  population: 'observed' | 'projection';
  /** The years compared (after the base period, complete in every source). */
  years: number[];
  rows: HindcastRow[];
  warnings: ProjectionWarning[];
}

/**
 * The number of base years a hindcast uses when no base period is given (the first years with
 * population; `basePeriod.years` in the options overrides it).
 */
export const HINDCAST_BASE_YEARS = 2;

async function populationYears(db: Db): Promise<number[]> {
  const rows = await db
    .all<{ y: number }>(`SELECT DISTINCT year::INTEGER AS y FROM population ORDER BY 1`)
    .catch(() => []);
  return rows.map((r) => Number(r.y));
}

/**
 * Run the projection from an earlier base period (default: the first two years with population,
 * or the first `basePeriod.years`) to the years already observed after it (up to `horizon`,
 * default the last year with population; years incomplete in a source are left out), and pair
 * what it projects for each area, unsplit service line and year with what was observed there,
 * counted as its rates count (events of known sex and age in the area's municipalities).
 *
 * With population `observed` (default) the projected population is the registered population
 * of each year, so the error is that of the rates (and the scenario's change factors); with
 * `projection` it is SSB's projection loaded (`vintage`), the error of a forecast made then.
 * Lines with no observed event in any area (e.g. dental lines, whose records carry no
 * municipality) cannot be compared and are left out with a warning (`HINDCAST_LINES_LEFT_OUT`).
 *
 * The figures are aggregates: they leave the workspace only through disclosure control
 * ({@link hindcastTables}).
 */
export async function hindcast(
  ws: ProjectionTarget,
  options: HindcastOptions = {},
): Promise<HindcastResult> {
  const population = options.population ?? 'observed';
  const years = await populationYears(ws.db);
  const scenario = options.scenario ?? builtinScenario('baseline');
  const period = options.basePeriod ?? scenario.basePeriod;
  const count = options.basePeriod?.years ?? HINDCAST_BASE_YEARS;
  const from = period?.from ?? years[0];
  const to = period?.to ?? years[count - 1];
  if (from === undefined || to === undefined)
    throw new UsageError(
      'NO_BASE_PERIOD',
      'a hindcast needs at least three years of population: two base years and one to compare; load SSB population for more years',
    );
  const last = options.horizon ?? years[years.length - 1]!;
  const later = years.filter((y) => y > to && y <= last);
  if (later.length === 0)
    throw new UsageError(
      'NO_HINDCAST_YEARS',
      `no year with population after the base period ${from}–${to}${options.horizon ? ` up to ${options.horizon}` : ''}; a hindcast compares years already observed`,
    );
  const run = await runProjection(
    ws,
    {
      ...options,
      // With the observed population there is one "alternative": Monte Carlo draws only the
      // factors and the base counts.
      scenario:
        population === 'observed' ? { ...scenario, alternatives: { [OBSERVED]: 1 } } : scenario,
      basePeriod: { ...(period ?? {}), from, to },
      horizon: later[later.length - 1]!,
    },
    { population, years: later },
  );
  const r = run.result;
  const warnings = [...r.warnings];
  const rows = pairRows(r, run.observed, warnings);
  return { projection: r, population, years: r.meta.years, rows, warnings };
}

/** Projected (main alternative) beside observed, per area × unsplit line × compared year. */
function pairRows(
  r: ProjectionResult,
  observed: readonly ObservedVolume[],
  warnings: ProjectionWarning[],
): HindcastRow[] {
  const alt = r.meta.population.alternatives[0]!;
  const key = (a: string, l: string, y: number) => `${a}\u0000${l}\u0000${y}`;
  const obs = new Map(observed.map((o) => [key(o.area_code, o.line_id, o.year), o]));
  const seen = new Set(observed.map((o) => o.line_id));
  const q = new Map(
    r.uncertainty
      .filter((u) => u.quantity === 'volume')
      .map((u) => [key(u.area_code, u.line_id, u.year), u]),
  );
  const years = new Set(r.meta.years);
  const unsplit = [...new Set(r.series.map((s) => s.line_id))].filter((l) => !l.includes(':'));
  const leftOut = unsplit.filter((l) => !seen.has(l));
  if (leftOut.length)
    warnings.push({
      code: 'HINDCAST_LINES_LEFT_OUT',
      message: `${leftOut.length} service line${leftOut.length > 1 ? 's have' : ' has'} no observed event in any area in the hindcast years and cannot be compared (their events carry no municipality, or there are none): ${leftOut.join(', ')}`,
    });
  const rows: HindcastRow[] = [];
  for (const s of r.series) {
    if (s.alternative !== alt || !years.has(s.year) || !seen.has(s.line_id)) continue;
    if (s.line_id.includes(':')) continue; // sub-lines are parts of their line
    const k = key(s.area_code, s.line_id, s.year);
    const o = obs.get(k);
    const u = q.get(k);
    rows.push({
      area_code: s.area_code,
      line_id: s.line_id,
      year: s.year,
      alternative: alt,
      base_events: s.base_events,
      observed_events: o?.events ?? 0,
      projected: s.volume,
      observed: o?.value ?? 0,
      p10: u ? u.p10 : null,
      p90: u ? u.p90 : null,
    });
  }
  return rows.sort(
    (a, b) =>
      a.area_code.localeCompare(b.area_code) ||
      a.line_id.localeCompare(b.line_id) ||
      a.year - b.year,
  );
}
