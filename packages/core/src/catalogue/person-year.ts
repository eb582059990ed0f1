import { UsageError } from '../kernel/errors.js';
import { int } from '../kernel/sql.js';

/**
 * Person-level use of services per year and the outcomes of the next year (predictors and outcomes of risk models and benefit measurement), built in DuckDB (never in JavaScript):
 * table `person_year_use` holds, for each prediction year Y, everyone resident in Y and alive on
 * 31 December Y, with their use of services in Y (the 12 months before the reference date
 * 1 January Y + 1) and the outcomes of Y + 1. Persons are followed across the two registries
 * through non-conflicting one-to-one links of the key file; a resident without a link keeps the
 * data of the registry that knows them. Person rows stay in the workspace.
 */
export const PERSON_YEAR_TABLE = 'person_year_use';

/** One-to-one NPR–KPR pairs: non-conflicting links where each id has exactly one partner. */
const PAIRS = `(
  SELECT npr_id, kpr_id FROM (
    SELECT npr_id, kpr_id, count(*) OVER (PARTITION BY npr_id) AS a, count(*) OVER (PARTITION BY kpr_id) AS b
    FROM (SELECT DISTINCT npr_id, kpr_id FROM person_link WHERE NOT conflict)
  ) WHERE a = 1 AND b = 1)`;

/** The population of prediction year `y`: person key, both ids, municipality, sex, birth year. */
function populationSql(y: number): string {
  const Y = int(y);
  return `
WITH pairs AS ${PAIRS},
kres AS (SELECT person_id AS kpr_id, municipality_code AS mun FROM residence WHERE id_space = 'kpr' AND year = ${Y}),
nres AS (SELECT person_id AS npr_id, municipality_code AS mun FROM residence WHERE id_space = 'npr' AND year = ${Y}),
pop AS (
  SELECT k.kpr_id, p.npr_id, k.mun FROM kres k LEFT JOIN pairs p USING (kpr_id)
  UNION ALL
  SELECT p.kpr_id, n.npr_id, n.mun FROM nres n LEFT JOIN pairs p USING (npr_id)
  WHERE p.kpr_id IS NULL OR p.kpr_id NOT IN (SELECT kpr_id FROM kres)
)
SELECT coalesce('k' || pop.kpr_id, 'n' || pop.npr_id) AS pkey, pop.kpr_id, pop.npr_id, pop.mun,
  coalesce(pk.sex, pn.sex) AS sex, coalesce(pk.birth_year, pn.birth_year) AS birth_year,
  least(pk.death_date, pn.death_date) AS death_date
FROM pop
LEFT JOIN person pk ON pk.id_space = 'kpr' AND pk.person_id = pop.kpr_id
LEFT JOIN person pn ON pn.id_space = 'npr' AND pn.person_id = pop.npr_id`;
}

/** Diagnoses recorded in years y − 1 and y (NPR main and secondary, KPR ICPC-2 and ICD-10), distinct. */
function diagnosesSql(y: number): string {
  const Y = int(y);
  return `SELECT DISTINCT ${Y} AS year, * FROM (
  SELECT 'n' || person_id AS pid, 'icd10' AS sys, unnest(list_prepend(main_icd10, coalesce(secondary_icd10, []))) AS dx
  FROM specialist_episode WHERE year BETWEEN ${Y} - 1 AND ${Y}
  UNION ALL
  SELECT 'k' || person_id, 'icpc2', unnest(icpc2) FROM primary_contact WHERE year BETWEEN ${Y} - 1 AND ${Y}
  UNION ALL
  SELECT 'k' || person_id, 'icd10', unnest(icd10) FROM primary_contact WHERE year BETWEEN ${Y} - 1 AND ${Y}
) WHERE dx IS NOT NULL`;
}

/** Conditions of a code list matched in `risk_dx` (prefix match, the list's exclusions applied). */
function conditionsSql(list: string): string {
  return `
SELECT DISTINCT d.year, d.pid, c.condition FROM risk_dx d
JOIN codelist c ON c.list_id = '${list}' AND c.system = d.sys AND NOT c.exclude
  AND left(c.code, 3) = left(d.dx, 3) AND starts_with(d.dx, c.code)
WHERE NOT EXISTS (
  SELECT 1 FROM codelist x WHERE x.list_id = '${list}' AND x.system = d.sys AND x.exclude
    AND x.condition = c.condition AND starts_with(d.dx, x.code))`;
}

/**
 * SQL statements that (re)build `person_year_use` for the prediction years. Columns: year, pkey,
 * kpr_id, npr_id, municipality_code, sex, age (on 31 December Y), conditions (distinct chronic
 * conditions of the code list `chronic-conditions` recorded in Y − 1 or Y), dho_condition (a
 * condition of `dho-conditions`: COPD, diabetes, heart failure, recorded in Y − 1 or Y), acute_stays (emergency inpatient stays), acute_contacts (emergency stays, inpatient
 * or day),
 * planned_stays, bed_days, outpatient, gp_days, ooh_contacts, home_care, long_stay, need_level;
 * outcomes in Y + 1: y_acute (emergency inpatient stays admitted), y_bed_days (inpatient bed
 * days), y_long_stay (a long-term nursing-home stay started), y_gp_days (GP consultation days), y_planned (planned stays, inpatient
 * or day). Outcomes are NULL for a year whose
 * next year has no data (`outcomeYears`).
 */
export function personYearSql(years: readonly number[], outcomeYears: readonly number[]): string[] {
  const pop = years.map((y) => `SELECT ${int(y)} AS year, * FROM (${populationSql(y)})`);
  const cond = (list: string) => `SELECT x.year, q.pkey, count(DISTINCT x.condition) AS n
      FROM (${conditionsSql(list)}) x
      JOIN (SELECT year, pkey, 'k' || kpr_id AS pid FROM risk_pop WHERE kpr_id IS NOT NULL
            UNION ALL SELECT year, pkey, 'n' || npr_id FROM risk_pop WHERE npr_id IS NOT NULL) q
        ON q.year = x.year AND q.pid = x.pid GROUP BY x.year, q.pkey`;
  const rows = years.map((y) => {
    const Y = int(y);
    const o = (expr: string) => (outcomeYears.includes(y + 1) ? expr : 'NULL');
    return `
SELECT ${Y} AS year, p.pkey, p.kpr_id, p.npr_id, p.mun AS municipality_code, p.sex,
  ${Y} - p.birth_year AS age,
  coalesce(c.n, 0) AS conditions, dho.n IS NOT NULL AS dho_condition,
  coalesce(s.acute, 0) AS acute_stays, coalesce(s.acute_any, 0) AS acute_contacts,
  coalesce(s.planned, 0) AS planned_stays,
  coalesce(s.bed_days, 0) AS bed_days, coalesce(op.n, 0) AS outpatient,
  coalesce(g.gp, 0) AS gp_days, coalesce(g.ooh, 0) AS ooh_contacts,
  coalesce(ms.home_care, false) AS home_care, coalesce(ms.long_stay, false) AS long_stay,
  fa.need_level,
  ${o('coalesce(s1.acute, 0)')} AS y_acute, ${o('coalesce(s1.bed_days, 0)')} AS y_bed_days,
  ${o('coalesce(ms1.long_stay_start, false)')} AS y_long_stay, ${o('coalesce(g1.gp, 0)')} AS y_gp_days,
  ${o('coalesce(s1.planned, 0)')} AS y_planned
FROM risk_pop p
LEFT JOIN risk_cond c ON c.year = p.year AND c.pkey = p.pkey
LEFT JOIN risk_dho dho ON dho.year = p.year AND dho.pkey = p.pkey
LEFT JOIN ${staysSql(Y)} s ON s.person_id = p.npr_id
LEFT JOIN ${staysSql(`${Y} + 1`)} s1 ON s1.person_id = p.npr_id
LEFT JOIN (SELECT person_id, count(*) AS n FROM specialist_episode
           WHERE year(admission_date) = ${Y} AND care_level = 'outpatient' GROUP BY 1) op ON op.person_id = p.npr_id
LEFT JOIN (SELECT person_id, count(DISTINCT contact_date) FILTER (WHERE service = 'gp') AS gp,
             count(*) FILTER (WHERE service = 'out_of_hours') AS ooh
           FROM primary_contact WHERE year = ${Y} GROUP BY 1) g ON g.person_id = p.kpr_id
LEFT JOIN (SELECT person_id, count(DISTINCT contact_date) AS gp FROM primary_contact
           WHERE year = ${Y} + 1 AND service = 'gp' GROUP BY 1) g1 ON g1.person_id = p.kpr_id
LEFT JOIN ${servicesSql(Y)} ms ON ms.person_id = p.kpr_id
LEFT JOIN ${servicesSql(`${Y} + 1`)} ms1 ON ms1.person_id = p.kpr_id
LEFT JOIN (SELECT person_id, arg_max(need_level, assessment_date) AS need_level
           FROM function_assessment WHERE year = ${Y} GROUP BY 1) fa ON fa.person_id = p.kpr_id
WHERE p.year = ${Y} AND p.birth_year <= ${Y} AND (p.death_date IS NULL OR p.death_date > make_date(${Y}, 12, 31))`;
  });
  return [
    `CREATE OR REPLACE TEMP TABLE risk_pop AS ${pop.join('\nUNION ALL\n')}`,
    `CREATE OR REPLACE TEMP TABLE risk_dx AS ${years.map(diagnosesSql).join('\nUNION ALL\n')}`,
    `CREATE OR REPLACE TEMP TABLE risk_cond AS ${cond('chronic-conditions')}`,
    `CREATE OR REPLACE TEMP TABLE risk_dho AS ${cond('dho-conditions')}`,
    `CREATE OR REPLACE TABLE ${PERSON_YEAR_TABLE} AS ${rows.join('\nUNION ALL\n')} ORDER BY year, pkey`,
    `DROP TABLE risk_pop; DROP TABLE risk_cond; DROP TABLE risk_dho; DROP TABLE risk_dx;`,
  ];
}

/** Stays admitted in a year, per NPR id: emergency and planned inpatient stays, bed days. */
function staysSql(year: string): string {
  return `(SELECT person_id,
    count(*) FILTER (WHERE acute AND care_level = 'inpatient') AS acute,
    count(*) FILTER (WHERE acute AND care_level IN ('inpatient', 'day')) AS acute_any,
    count(*) FILTER (WHERE NOT acute AND care_level IN ('inpatient', 'day')) AS planned,
    coalesce(sum(length_of_stay_days) FILTER (WHERE care_level = 'inpatient'), 0) AS bed_days
  FROM hospital_stay WHERE year(admitted_at) = ${year} GROUP BY 1)`;
}

/** Municipal services per KPR id: home care in the year, a long-term stay in it or starting in it. */
function servicesSql(year: string): string {
  return `(SELECT person_id,
    bool_or(service_group IN ('home_health_care', 'practical_help')) AS home_care,
    bool_or(service_group = 'long_stay') AS long_stay,
    bool_or(service_group = 'long_stay' AND year(from_date) = ${year}) AS long_stay_start
  FROM municipal_service
  WHERE from_date <= make_date(${year}, 12, 31) AND (to_date IS NULL OR to_date >= make_date(${year}, 1, 1))
  GROUP BY 1)`;
}

/** Code lists the person-year table matches diagnoses against. */
export const PERSON_YEAR_CODELISTS = ['chronic-conditions', 'dho-conditions'] as const;

/**
 * Refuse (`CODELISTS_MISSING`) when the code lists the person-year table needs are not in the
 * workspace: they are loaded by the cohorts run, and without them every condition would count as
 * absent.
 */
export async function requirePersonYearCodelists(db: {
  all: (sql: string) => Promise<Record<string, unknown>[]>;
}): Promise<void> {
  const have = new Set(
    (await db.all(`SELECT DISTINCT list_id FROM codelist`)).map((r) => String(r['list_id'])),
  );
  const missing = PERSON_YEAR_CODELISTS.filter((l) => !have.has(l));
  if (missing.length > 0)
    throw new UsageError(
      'CODELISTS_MISSING',
      `the code lists ${missing.join(', ')} are not loaded in the workspace; run "felles cohorts run" once (it loads the code lists), then try again`,
    );
}
