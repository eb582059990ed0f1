/**
 * Entitled population per year × county × priority group, under the rule in force on each
 * year's reference date (`dtl_ref`, default 31 December). Reads the temporary tables of
 * `prepare.ts`; writes `dtl_ind` (individually identified entitled persons) and `dtl_ent`.
 *
 * - **Age groups** ("the year one turns N"): SSB population on 1 January of the next year at
 *   ages min…max (the same birth cohorts, including the year's newborns); when that year is not
 *   loaded, 1 January of the year itself at ages min−1…max−1 (newborns of the year missing).
 *   Persons counted in an individual group of higher precedence (e.g. group b or c) are
 *   subtracted, so the groups partition the entitled population.
 * - **Municipal-service groups** (c): distinct KPR persons with a long-stay or home-health-care
 *   period active in the year (Helsedirektoratet's rule: from ≤ 31.12 and to ≥ 1.1 or open), not
 *   in a group of higher precedence (a child with home health care is in group a). County: the
 *   person's KPR residence in the year, else the municipality of the service, else the DOT county.
 * - **Registered groups** (b, e, f): persons the DOT recorded with the letter in the year; county
 *   of their latest record.
 */
import type { Db } from '../../kernel/db.js';

/** One row of the entitled population. */
export interface EntitledRow {
  year: number;
  county_code: string;
  group_id: string;
  entitled: number | null;
  /** `population` | `municipal_service` | `registered`. */
  basis: string;
  /** Year of the SSB population used (age groups). */
  population_year: number | null;
}

/** SQL building `dtl_ind` and `dtl_ent` for the given years. */
export function entitledSql(): string {
  return `
CREATE OR REPLACE TEMP TABLE dtl_ind AS
WITH rules AS (SELECT y.year, g.* FROM dtl_ref y JOIN dtl_rules g USING (period_id)),
svc AS (
  SELECT r.year, m.person_id, r.group_id, r.precedence, arg_max(m.municipality_code, m.from_date) AS svc_mun
  FROM municipal_service m JOIN rules r ON r.basis = 'municipal_service'
    AND list_contains(r.service_groups, m.service_group) AND service_active_in_year(m.from_date, m.to_date, r.year)
  GROUP BY ALL
),
reg AS (
  SELECT DISTINCT r.year, d.person_id, r.group_id, r.precedence
  FROM dtl_rec d JOIN rules r ON r.year = d.year AND r.basis IN ('registered', 'municipal_service') AND d.recorded_group = r.code
),
people AS (SELECT year, person_id FROM svc UNION SELECT year, person_id FROM reg),
agec AS (
  SELECT p.year, p.person_id, r.group_id, r.precedence
  FROM people p JOIN person k ON k.id_space = 'kpr' AND k.person_id = p.person_id
  JOIN rules r ON r.year = p.year AND r.basis = 'age' AND p.year - k.birth_year BETWEEN r.min_age AND r.max_age
),
cand AS (
  SELECT year, person_id, group_id, precedence FROM svc
  UNION ALL SELECT year, person_id, group_id, precedence FROM reg
  UNION ALL SELECT year, person_id, group_id, precedence FROM agec
),
best AS (SELECT year, person_id, arg_min(group_id, precedence) AS group_id FROM cand GROUP BY ALL),
svcm AS (SELECT year, person_id, arg_max(svc_mun, precedence) AS svc_mun FROM svc GROUP BY ALL)
SELECT b.year, b.person_id, b.group_id, r.basis, r.precedence, b.year - k.birth_year AS turns_age,
  COALESCE(mr.county_code, ms.county_code, py.county_code, 'unknown') AS county_code,
  COALESCE(mr.code, ms.code) AS municipality_code, k.sex
FROM best b JOIN rules r ON r.year = b.year AND r.group_id = b.group_id
LEFT JOIN person k ON k.id_space = 'kpr' AND k.person_id = b.person_id
LEFT JOIN residence rs ON rs.id_space = 'kpr' AND rs.person_id = b.person_id AND rs.year = b.year
LEFT JOIN municipality mr ON mr.code = rs.municipality_code
LEFT JOIN svcm s ON s.year = b.year AND s.person_id = b.person_id
LEFT JOIN municipality ms ON ms.code = s.svc_mun
LEFT JOIN dtl_py py ON py.year = b.year AND py.person_id = b.person_id
WHERE r.basis <> 'age';

CREATE OR REPLACE TEMP TABLE dtl_ent AS
WITH rules AS (SELECT y.year, g.* FROM dtl_ref y JOIN dtl_rules g USING (period_id)),
pyr AS (
  SELECT y.year,
    CASE WHEN y.year + 1 IN (SELECT DISTINCT year FROM population) THEN y.year + 1
         WHEN y.year IN (SELECT DISTINCT year FROM population) THEN y.year END AS pop_year
  FROM (SELECT DISTINCT year FROM dtl_ref) y
),
agepop AS (
  SELECT r.year, m.county_code, r.group_id, sum(p.population) AS pop, any_value(pyr.pop_year) AS pop_year
  FROM pyr JOIN rules r ON r.year = pyr.year AND r.basis = 'age'
  JOIN population p ON p.year = pyr.pop_year
    AND p.age BETWEEN r.min_age - CASE WHEN pyr.pop_year = pyr.year THEN 1 ELSE 0 END
                  AND r.max_age - CASE WHEN pyr.pop_year = pyr.year THEN 1 ELSE 0 END
  JOIN municipality m ON m.code = p.municipality_code
  GROUP BY ALL
),
overlap AS (
  SELECT r.year, i.county_code, r.group_id, count(*) AS n
  FROM dtl_ind i JOIN rules r ON r.year = i.year AND r.basis = 'age' AND i.turns_age BETWEEN r.min_age AND r.max_age
    AND i.precedence < r.precedence
  GROUP BY ALL
),
agegrid AS (
  SELECT r.year, c.county_code, r.group_id, pyr.pop_year
  FROM rules r JOIN pyr ON pyr.year = r.year
  CROSS JOIN (SELECT DISTINCT county_code FROM municipality) c
  WHERE r.basis = 'age'
)
SELECT g.year, g.county_code, g.group_id,
  CASE WHEN g.pop_year IS NULL THEN NULL ELSE COALESCE(a.pop, 0) - COALESCE(o.n, 0) END::BIGINT AS entitled,
  'population' AS basis, g.pop_year AS population_year
FROM agegrid g LEFT JOIN agepop a USING (year, county_code, group_id) LEFT JOIN overlap o USING (year, county_code, group_id)
UNION ALL
SELECT r.year, i.county_code, r.group_id, count(i.person_id)::BIGINT,
  CASE r.basis WHEN 'municipal_service' THEN 'municipal_service' ELSE 'registered' END, NULL
FROM rules r JOIN dtl_ind i ON i.year = r.year AND i.group_id = r.group_id
WHERE r.basis <> 'age'
GROUP BY ALL;`;
}

/** Build the entitled population (`dtl_ent`) and return it, ordered. */
export async function entitledPopulation(db: Db): Promise<EntitledRow[]> {
  await db.exec(entitledSql());
  return db.all<EntitledRow & Record<string, never>>(
    `SELECT year, county_code, group_id, entitled, basis, population_year FROM dtl_ent ORDER BY year, county_code, group_id`,
  ) as unknown as EntitledRow[];
}
