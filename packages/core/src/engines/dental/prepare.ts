/**
 * The SQL engine of the dental module: temporary tables built once per analysis, every step
 * set-based in DuckDB (no JavaScript loop over records).
 *
 * - `dtl_rules`: the priority-group rules, one row per period × group ({@link ruleRows}).
 * - `dtl_rec`: every `dental_record` row with the person's birth year and sex (KPR `person`),
 *   "the year one turns" (`turns_age` = record year − birth year), and `rule_group`: the group
 *   under the rule in force on the record's own date (precedence order; 'none' when no group
 *   applies). The recorded letter is kept beside it (`recorded_group`).
 * - `dtl_py`: one row per person × year with a DOT record: county, clinic and group of the
 *   person's latest record in the year that has a group (else the latest record), and whether
 *   any record of the year says under supervision, examined, treated.
 */
import type { Db } from '../../kernel/db.js';
import { inList, int, lit, list } from '../../kernel/sql.js';
import { ruleRows, type PriorityGroupDefinition } from './rules.js';

/** Temporary tables made by {@link prepareDental}. */
export const DENTAL_TEMP_TABLES = ['dtl_rules', 'dtl_r', 'dtl_rec', 'dtl_py', 'dtl_ref'] as const;

/** SQL text of the rule table (deterministic; shown by `--explain`). */
export function rulesTableSql(def: PriorityGroupDefinition): string {
  const rows = ruleRows(def).map(
    (r) =>
      `(${lit(r.period_id)}, DATE ${lit(r.valid_from)}, ${r.valid_to ? `DATE ${lit(r.valid_to)}` : 'NULL::DATE'}, ${lit(r.group_id)}, ${lit(r.code)}, ${lit(r.basis)}, ` +
      `${r.min_age === null ? 'NULL::INTEGER' : int(r.min_age)}, ${r.max_age === null ? 'NULL::INTEGER' : int(r.max_age)}, ` +
      `CAST(${r.service_groups.length ? list(r.service_groups) : '[]'} AS VARCHAR[]), ${int(r.precedence)}, ${lit(r.first_of_code)}, ${lit(r.label)})`,
  );
  return `CREATE OR REPLACE TEMP TABLE dtl_rules AS SELECT * FROM (VALUES ${rows.join(',\n  ')})
  t(period_id, valid_from, valid_to, group_id, code, basis, min_age, max_age, service_groups, precedence, first_of_code, label)`;
}

/** SQL that classifies every record by the rule in force on its date (reads `dtl_rules`). */
export function classifySql(years?: readonly number[]): string {
  const where = years?.length ? `WHERE d.year IN ${inList(years)}` : '';
  const inPeriod = `r.record_date >= g.valid_from AND (g.valid_to IS NULL OR r.record_date <= g.valid_to)`;
  return `
CREATE OR REPLACE TEMP TABLE dtl_r AS
SELECT row_number() OVER (ORDER BY d.file_id, d.line, d.person_id, d.record_date) AS rec_id,
  d.person_id, d.record_date, d.year, COALESCE(d.county_code, 'unknown') AS county_code,
  COALESCE(d.clinic, 'unknown') AS clinic, lower(d.priority_group) AS recorded_group,
  d.under_supervision, d.examined, d.treated, d.dmft, d.dmft_permanent, d.age,
  p.birth_year, p.sex, d.year - p.birth_year AS turns_age, d.file_id, d.line
FROM dental_record d LEFT JOIN person p ON p.id_space = 'kpr' AND p.person_id = d.person_id
${where};

CREATE OR REPLACE TEMP TABLE dtl_rec AS
WITH cand AS (
  SELECT r.rec_id, g.group_id, g.precedence FROM dtl_r r JOIN dtl_rules g ON ${inPeriod}
  WHERE g.basis = 'age' AND (r.turns_age BETWEEN g.min_age AND g.max_age
    OR (r.turns_age IS NULL AND g.first_of_code AND r.recorded_group = g.code))
  UNION ALL
  SELECT r.rec_id, g.group_id, g.precedence FROM dtl_r r JOIN dtl_rules g ON ${inPeriod}
  WHERE g.basis IN ('registered', 'municipal_service') AND r.recorded_group = g.code
  UNION ALL
  SELECT r.rec_id, g.group_id, g.precedence
  FROM dtl_r r
  JOIN municipal_service m ON m.person_id = r.person_id AND m.from_date <= r.record_date
    AND (m.to_date IS NULL OR m.to_date >= r.record_date)
  JOIN dtl_rules g ON ${inPeriod} AND g.basis = 'municipal_service' AND list_contains(g.service_groups, m.service_group)
), best AS (SELECT rec_id, arg_min(group_id, precedence) AS rule_group FROM cand GROUP BY rec_id),
per AS (
  SELECT r.rec_id, g.period_id FROM dtl_r r JOIN (SELECT DISTINCT period_id, valid_from, valid_to FROM dtl_rules) g ON ${inPeriod}
)
SELECT r.*, COALESCE(b.rule_group, 'none') AS rule_group, per.period_id
FROM dtl_r r LEFT JOIN best b USING (rec_id) LEFT JOIN per USING (rec_id);

CREATE OR REPLACE TEMP TABLE dtl_py AS
SELECT l.person_id, l.year, l.county_code, l.clinic, l.rule_group, l.sex, l.birth_year, l.turns_age,
  a.under_supervision, a.examined, a.treated, a.seen, a.recorded_groups
FROM (
  SELECT * FROM dtl_rec
  QUALIFY row_number() OVER (PARTITION BY person_id, year
    ORDER BY (rule_group <> 'none') DESC, record_date DESC, file_id DESC, line DESC) = 1
) l
JOIN (
  SELECT person_id, year,
    bool_or(COALESCE(under_supervision, FALSE)) AS under_supervision,
    bool_or(COALESCE(examined, FALSE)) AS examined,
    bool_or(COALESCE(treated, FALSE)) AS treated,
    bool_or(COALESCE(examined, FALSE) OR COALESCE(treated, FALSE)) AS seen,
    list_distinct(list(recorded_group) FILTER (WHERE recorded_group IS NOT NULL)) AS recorded_groups
  FROM dtl_rec GROUP BY person_id, year
) a USING (person_id, year);`;
}

/**
 * The period in force on each year's reference date (`dtl_ref`: year, period_id), for the
 * yearly counts (entitled population), which cannot follow a rule change within the year.
 */
export function referenceSql(years: readonly number[], referenceDate: string): string {
  const [mm, dd] = referenceDate.split('-').map(Number) as [number, number];
  const ys = years.length ? years : [0];
  return `
CREATE OR REPLACE TEMP TABLE dtl_ref AS
SELECT y.year, g.period_id
FROM (SELECT unnest(${list(ys)}) AS year) y
JOIN (SELECT DISTINCT period_id, valid_from, valid_to FROM dtl_rules) g
  ON make_date(y.year, ${int(mm)}, ${int(dd)}) >= g.valid_from
 AND (g.valid_to IS NULL OR make_date(y.year, ${int(mm)}, ${int(dd)}) <= g.valid_to)`;
}

/** Build the temporary tables of the dental engine. */
export async function prepareDental(
  db: Db,
  def: PriorityGroupDefinition,
  years: readonly number[],
  referenceDate: string,
): Promise<void> {
  await db.exec(rulesTableSql(def));
  await db.exec(classifySql(expandYears(years)));
  await db.exec(referenceSql(years, referenceDate));
}

/** The years plus the year before each (recall intervals and "not seen for 2 years" look back). */
export function expandYears(years: readonly number[]): number[] {
  return [...new Set(years.flatMap((y) => [y - 2, y - 1, y]))].sort((a, b) => a - b);
}

/** Drop the temporary tables. */
export async function dropDental(db: Db): Promise<void> {
  for (const t of [...DENTAL_TEMP_TABLES].reverse()) await db.exec(`DROP TABLE IF EXISTS ${t}`);
}
