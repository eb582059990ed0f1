import type { Db } from '../../kernel/db.js';
import type { Table } from 'apache-arrow';
import { UsageError } from '../../kernel/errors.js';
import { findHelsefellesskap, helsefellesskapMunicipalities } from '../geo/index.js';
import { inList, int, lit } from '../../kernel/sql.js';
import { parseAgeGroups, type AgeGroup } from './age-groups.js';
import { populationYears } from './years.js';

/** What to summarise; give `hf` or `municipalities` (or neither: the whole country). */
export interface PopulationSummaryOptions {
  /** Helsefellesskap code or name, case-insensitive (`TELEMARK`, `Telemark`). */
  hf?: string;
  /** Municipality codes (structure year) instead of, or within, a helsefellesskap. */
  municipalities?: string[];
  /** Year (1 January). */
  year: number;
  /** Age groups as text (`0-19,20-66,67-79,80+`) or parsed; default {@link DEFAULT_AGE_GROUPS}. */
  ageGroups?: string | AgeGroup[];
  /** One block of rows per municipality instead of one for the whole area. */
  byMunicipality?: boolean;
}

/** One row: an age group × sex (`M`, `F`, `T` = both) in the area (or a municipality of it). */
export interface PopulationSummaryRow {
  [k: string]: string | number | null;
  area: string;
  municipality_code: string | null;
  municipality_name: string | null;
  year: number;
  age_group: string;
  age_from: number;
  age_to: number | null;
  sex: 'M' | 'F' | 'T';
  population: number;
  /** Share of the area's (or municipality's) population of that sex, 0–1. */
  share: number;
}

/** A population summary with the SQL that produced it. */
export interface PopulationSummary {
  area: string;
  year: number;
  municipalities: string[];
  ageGroups: AgeGroup[];
  rows: PopulationSummaryRow[];
  sql: string;
}

/**
 * Population on 1 January of `year` by age group and sex, for a helsefellesskap, some
 * municipalities or the whole country, from the `population` table. Rows come per age group ×
 * sex (M, F and T for both), plus a `Total` group; `share` is the group's share of the area's
 * population of that sex. SSB population figures are public, so no suppression applies.
 *
 * @throws UsageError `UNKNOWN_AREA` / `AMBIGUOUS_AREA` for the helsefellesskap,
 *   `NO_POPULATION` when the year is not loaded (listing the years that are).
 */
export async function populationSummary(
  ws: { db: Db },
  options: PopulationSummaryOptions,
): Promise<PopulationSummary> {
  const { sql, area, codes, groups } = await summarySql(ws, options);
  const rows = await ws.db.all<PopulationSummaryRow>(sql);
  return { area, year: options.year, municipalities: codes, ageGroups: groups, rows, sql };
}

/** {@link populationSummary} as an Apache Arrow table (same columns), for hand-off to other tools. */
export async function populationSummaryArrow(
  ws: { db: Db },
  options: PopulationSummaryOptions,
): Promise<Table> {
  const { sql } = await summarySql(ws, options);
  return ws.db.arrow(sql);
}

async function summarySql(ws: { db: Db }, options: PopulationSummaryOptions) {
  const db = ws.db;
  if (!Number.isInteger(options.year))
    throw new UsageError(
      'BAD_OPTION',
      `the year must be a whole number, got ${String(options.year)}`,
    );
  const groups =
    typeof options.ageGroups === 'string' || options.ageGroups === undefined
      ? parseAgeGroups(options.ageGroups)
      : options.ageGroups;
  let area = 'Norway';
  let codes: string[] = (
    await db.all<{ code: string }>(`SELECT code FROM municipality ORDER BY code`)
  ).map((r) => r.code);
  if (options.hf) {
    const hf = await findHelsefellesskap(db, options.hf);
    area = hf.name;
    codes = (await helsefellesskapMunicipalities(db, hf.code)).map((m) => m.code);
  }
  if (options.municipalities && options.municipalities.length) {
    const wanted = options.municipalities.map((c) => c.trim().padStart(4, '0'));
    const bad = wanted.filter((c) => !codes.includes(c));
    if (bad.length) {
      throw new UsageError(
        'UNKNOWN_AREA',
        `municipality ${bad.join(', ')} is not ${options.hf ? `in ${area}` : 'a municipality of the structure year'}`,
        { codes: bad },
      );
    }
    codes = wanted;
    if (!options.hf || wanted.length === 1) {
      const names = await db.all<{ name: string }>(
        `SELECT name FROM municipality WHERE code IN ${inList(wanted)} ORDER BY code`,
      );
      area = names.map((n) => n.name).join(', ');
    }
  }
  const years = await populationYears(db);
  if (!years.includes(options.year)) {
    throw new UsageError(
      'NO_POPULATION',
      years.length
        ? `no population for ${options.year} in the workspace; loaded years: ${years.join(', ')}`
        : 'the workspace has no population yet; load SSB table 07459 with: felles ingest population <file>',
      { year: options.year, years },
    );
  }
  const g = groups
    .map(
      (a, i) =>
        `(${lit(a.label)}, ${int(a.from)}, ${a.to === undefined ? 'NULL::INTEGER' : int(a.to)}, ${int(i)})`,
    )
    .join(', ');
  const by = options.byMunicipality ? 'municipality_code' : 'NULL::VARCHAR';
  const sql = `WITH grp(age_group, age_from, age_to, ord) AS (VALUES ${g}),
  p AS (SELECT ${by} AS municipality_code, sex, age, population FROM population
        WHERE year = ${int(options.year)} AND municipality_code IN ${inList(codes)}),
  cells AS (
    SELECT k.municipality_code, grp.ord, grp.age_group, grp.age_from, grp.age_to, k.sex, coalesce(sum(p.population), 0) AS population
    FROM grp CROSS JOIN (SELECT DISTINCT municipality_code, sex FROM p) k
    LEFT JOIN p ON p.municipality_code IS NOT DISTINCT FROM k.municipality_code AND p.sex = k.sex
      AND p.age >= grp.age_from AND (grp.age_to IS NULL OR p.age <= grp.age_to)
    GROUP BY ALL
    UNION ALL
    SELECT p.municipality_code, ${int(groups.length)}, 'Total', 0, NULL, p.sex, sum(p.population) FROM p GROUP BY ALL),
  both_sexes AS (
    SELECT * FROM cells
    UNION ALL SELECT municipality_code, ord, age_group, age_from, age_to, 'T', sum(population) FROM cells GROUP BY ALL)
  SELECT ${lit(area)} AS area, b.municipality_code, m.name AS municipality_name, ${int(options.year)} AS year,
    b.age_group, b.age_from, b.age_to, b.sex, b.population::BIGINT AS population,
    b.population / nullif(sum(b.population) FILTER (b.age_group = 'Total') OVER (PARTITION BY b.municipality_code, b.sex), 0) AS share
  FROM both_sexes b LEFT JOIN municipality m ON m.code = b.municipality_code
  ORDER BY b.municipality_code NULLS FIRST, b.ord, CASE b.sex WHEN 'M' THEN 0 WHEN 'F' THEN 1 ELSE 2 END`;
  return { sql, area, codes, groups };
}
