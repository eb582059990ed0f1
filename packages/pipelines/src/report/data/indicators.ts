/**
 * The samhandling indicators as the steering report shows them: every indicator of the library
 * at municipality, helsefellesskap and national level, for the report year and up to four years before it.
 * Computed once for all 19 communities (each report slices its own rows), and computable ahead of
 * the report — `felles demo` does it in its indicators step and hands the result to the report,
 * so the same indicators are not computed twice.
 */
import {
  type Db,
  describeYears,
  hasCohortTables,
  indicatorYears,
  UsageError,
  runIndicators,
  type RunIndicatorsResult,
  type IndicatorLevel,
  type ProgressFn,
  type Workspace,
} from '@felles/core';

/**
 * Levels of the report's indicator tables: the 19 communities and the country for the comparison,
 * and the municipalities for the page's switch to the municipalities of the community.
 */
export const REPORT_INDICATOR_LEVELS: readonly IndicatorLevel[] = [
  'municipality',
  'helsefellesskap',
  'national',
];

/** Indicators computed for the report of one year (see {@link computeReportIndicators}). */
export interface ReportIndicators {
  /** The report year they were computed for. */
  year: number;
  /** The years computed (the report year and up to four before it with registry data). */
  years: number[];
  levels: readonly IndicatorLevel[];
  /** The `indicators run` (its own run manifest). */
  result: RunIndicatorsResult;
}

/**
 * Years of the report's indicator trends: the years with registry data up to `year`, the last
 * five of them; `[year]` when there are none.
 */
export async function reportIndicatorYears(db: Db, year: number): Promise<number[]> {
  const years = (await indicatorYears(db)).filter((y) => y <= year).slice(-5);
  return years.length ? years : [year];
}

/**
 * Refuse a report year without data — one with neither registry data (population, in a workspace
 * without any) nor cohort counts: a report titled with such a year would show other years'
 * figures under its name. `NO_DATA_FOR_YEAR` names the years there are. `cohortYears` (the years
 * with cohort counts) are read from the workspace when not given.
 */
export async function requireReportYear(
  db: Db,
  year: number,
  cohortYears?: readonly number[],
): Promise<void> {
  const cohorts =
    cohortYears ??
    ((await hasCohortTables(db))
      ? (await db.all<{ year: number }>(`SELECT DISTINCT year FROM cohort_count`)).map((r) =>
          Number(r.year),
        )
      : []);
  const dataYears = [...new Set([...(await indicatorYears(db)), ...cohorts])].sort((a, b) => a - b);
  if (dataYears.includes(year)) return;
  throw new UsageError(
    'NO_DATA_FOR_YEAR',
    `no data for ${year}: the workspace has data for ${describeYears(dataYears)}; give --year within those`,
    { year, available: dataYears },
  );
}

/**
 * Compute the report's indicators for `year` (one `indicators run`, all communities at once).
 * Pass the result to `gatherReportData` (`indicators`) to use it instead of computing again.
 */
export async function computeReportIndicators(
  ws: Workspace,
  year: number,
  options: { progress?: ProgressFn } = {},
): Promise<ReportIndicators> {
  const years = await reportIndicatorYears(ws.db, year);
  const result = await runIndicators(ws, {
    years,
    levels: REPORT_INDICATOR_LEVELS,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  return { year, years, levels: REPORT_INDICATOR_LEVELS, result };
}

/**
 * True when `pre` was computed for the report of `year` on the same years as now, with the
 * report's levels: it can stand in for computing them again.
 */
export async function reportIndicatorsUsable(
  db: Db,
  pre: ReportIndicators,
  year: number,
): Promise<boolean> {
  if (pre.year !== year) return false;
  if (
    pre.levels.length !== REPORT_INDICATOR_LEVELS.length ||
    !REPORT_INDICATOR_LEVELS.every((l) => pre.levels.includes(l))
  )
    return false;
  const years = await reportIndicatorYears(db, year);
  return years.length === pre.years.length && years.every((y, i) => y === pre.years[i]);
}
