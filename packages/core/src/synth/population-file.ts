import { writeFile } from 'node:fs/promises';
import type { Db } from '../kernel/db.js';
import { int } from '../kernel/sql.js';

/** Title of the synthetic StatBank-style population file: SSB's table id, marked as synthetic. */
export const SYNTH_POPULATION_TITLE =
  '07459: Population, by region, sex, age, contents and year (SYNTHETIC felles demo population, not SSB figures)';

/** StatBank age label: `0 years`, `1 year`, …, `105 years or older`. */
export function statbankAgeLabel(age: number): string {
  if (age >= 105) return '105 years or older';
  return age === 1 ? '1 year' : `${age} years`;
}

/**
 * Write the synthetic residents on 1 January of each of `years` as an SSB StatBank export
 * ("semicolon separated with heading", English labels: a title line, an empty line, then
 * `"region";"sex";"age";"Persons 2020";…` with regions like `"K-0301 Oslo-Oslove"`, CRLF), so the
 * demo loads it through the SSB reader. Every municipality × sex × age 0–105 row is written, zeros
 * included. Returns the number of data rows.
 */
export async function writeStatbankPopulation(
  db: Db,
  file: string,
  years: number[],
): Promise<number> {
  const cols = years.map((y) => `count(*) FILTER (WHERE year = ${int(y)}) AS p${y}`).join(', ');
  const rows = await db.all<{ line: string }>(`
WITH alive AS (
  SELECT y.year, p.sex, least(105, y.year - 1 - year(p.birth_date) + CASE WHEN strftime(p.birth_date, '%m%d') = '0101' THEN 1 ELSE 0 END) AS age,
    CASE WHEN r.year < y.year THEN r.mun ELSE r.mun_jan1 END AS code
  FROM s_person p
  CROSS JOIN (SELECT unnest(${`[${years.map(int).join(', ')}]`}) AS year) y
  JOIN s_py r ON r.pid = p.pid AND r.year = (CASE WHEN y.year > (SELECT max(year) FROM s_py) THEN y.year - 1 ELSE y.year END)
  WHERE p.birth_date < make_date(y.year, 1, 1)
    AND (r.death_date IS NULL OR r.death_date >= make_date(y.year, 1, 1))
), grid AS (
  SELECT m.code, m.name, s.sex, a.age FROM s_mun m, (VALUES ('M'), ('F')) s(sex), range(0, 106) a(age)
), agg AS (SELECT code, sex, age, ${cols} FROM alive GROUP BY ALL)
SELECT '"K-' || g.code || ' ' || g.name || '";"' || CASE g.sex WHEN 'M' THEN 'Males' ELSE 'Females' END || '";"' ||
  CASE WHEN g.age >= 105 THEN '105 years or older' WHEN g.age = 1 THEN '1 year' ELSE g.age || ' years' END || '";' ||
  concat_ws(';', ${years.map((y) => `coalesce(a.p${y}, 0)`).join(', ')}) AS line
FROM grid g LEFT JOIN agg a USING (code, sex, age)
ORDER BY g.code, g.sex DESC, g.age`);
  const header = `"region";"sex";"age";${years.map((y) => `"Persons ${y}"`).join(';')}`;
  const body = [`"${SYNTH_POPULATION_TITLE}"`, '', header, ...rows.map((r) => r.line)].join('\r\n');
  await writeFile(file, `${body}\r\n`, 'utf8');
  return rows.length;
}
