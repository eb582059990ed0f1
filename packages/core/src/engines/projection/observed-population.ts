import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { exactSum, inList, int, str } from '../../kernel/sql.js';
import { sexSql, type ChosenProjection } from './population-source.js';
import { tableExists, type TempTables } from './temp-tables.js';

/** The alternative name of the registered population when it stands in for a projection. */
export const OBSERVED = 'observed';

/**
 * A hindcast's stand-in for SSB's projection: the registered population (1 January) of the years
 * already observed, as one alternative ({@link OBSERVED}), by sex and single year of age.
 */
export async function observedPopulation(db: Db): Promise<ChosenProjection> {
  if (!(await tableExists(db, 'population')))
    throw new UsageError(
      'NO_POPULATION',
      'the workspace has no population table; load SSB population files first (felles ingest population …)',
    );
  const span = await db.one<{ lo: number | null; hi: number | null }>(
    `SELECT min(year)::INTEGER AS lo, max(year)::INTEGER AS hi FROM population`,
  );
  if (span?.lo === null || span?.lo === undefined || span.hi === null)
    throw new UsageError('NO_POPULATION', 'the population table is empty');
  return {
    population: {
      tableId: 'population',
      vintage: span.hi,
      alternatives: [OBSERVED],
      startYear: span.lo,
      lastYear: span.hi,
      isDemo: false,
    },
    sel: 'FALSE',
    sex: sexSql(true),
    groups: [],
  };
}

/**
 * `pop` for a hindcast with the observed population: by municipality × sex × band, the base
 * year (`~base`) and each of `years` ({@link OBSERVED}), all from `population`.
 */
export async function createObservedPopulationTable(
  tt: TempTables,
  baseYear: number,
  years: readonly number[],
): Promise<void> {
  await tt.create(
    'pop',
    `SELECT CASE WHEN p.year = ${int(baseYear)} THEN '~base' ELSE ${str(OBSERVED)} END AS alternative, p.year, p.municipality_code, p.sex, b.band,
        ${exactSum('p.population')}::DOUBLE AS pop
      FROM population p JOIN ${tt.t('ages')} b ON b.age = p.age
      WHERE p.year IN ${inList([baseYear, ...years])} AND p.sex IN ('M', 'F') GROUP BY ALL`,
  );
}

/** The observed activity of one area, line and year (a hindcast's comparison). */
export interface ObservedVolume {
  area_code: string;
  line_id: string;
  year: number;
  /** The line's measure (stays, bed days, hours, …) summed over the area's municipalities. */
  value: number;
  /** Events behind it (rows counted), rounded to whole events: the protected count. */
  events: number;
}

/**
 * What happened in the hindcast years, counted as the base-period rates count it: the events of
 * `ev` with a known sex and age in a municipality of the area (times the municipality's weight
 * in the area), per area × line × year. Events the rates leave out (unknown sex, age or
 * municipality) are left out here too.
 */
export async function observedVolumes(
  tt: TempTables,
  lineIds: readonly string[],
  areas: readonly string[],
  years: readonly number[],
  bySex: boolean,
): Promise<ObservedVolume[]> {
  if (lineIds.length === 0 || areas.length === 0 || years.length === 0) return [];
  const rows = await tt.db.all<{
    area_code: string;
    line_id: string;
    year: number;
    value: number;
    events: number;
  }>(
    `SELECT a.area_code, e.line_id, e.year::INTEGER AS year, ${exactSum('a.weight * e.value')}::DOUBLE AS value,
        round(${exactSum('a.weight * e.events')})::DOUBLE AS events
      FROM ${tt.t('ev')} e JOIN ${tt.t('ages')} b ON b.age = e.age JOIN ${tt.t('area')} a USING (municipality_code)
      WHERE e.year IN ${inList(years)} AND e.line_id IN ${inList(lineIds)} AND a.area_code IN ${inList(areas)}
        ${bySex ? `AND e.sex IN ('M', 'F')` : ''}
      GROUP BY ALL ORDER BY a.area_code, e.line_id, year`,
  );
  return rows.map((r) => ({
    area_code: r.area_code,
    line_id: r.line_id,
    year: Number(r.year),
    value: Number(r.value),
    events: Number(r.events),
  }));
}
