/**
 * Aggregate queries over the temporary tables of `prepare.ts` and `entitled.ts`. Each returns
 * one row per table cell (counts only); statistics are added in `analysis.ts`. Totals: county
 * `NO` (all counties), group / clinic `all`.
 */
import type { Db, Row } from '../../kernel/db.js';
import { inList, int } from '../../kernel/sql.js';

/** Caries ages and the index used at each (primary teeth dmft at 3 and 5, DMFT from 12). */
export const DEFAULT_CARIES_AGES: Readonly<Record<number, 'dmft' | 'DMFT'>> = {
  3: 'dmft',
  5: 'dmft',
  12: 'DMFT',
  15: 'DMFT',
  18: 'DMFT',
};

/** Utilisation by year × county × group, with the entitled population and totals. */
export async function utilisationByCounty(db: Db, years: readonly number[]): Promise<Row[]> {
  const ys = inList(years);
  return db.all(`
WITH u AS (
  SELECT year, county_code, rule_group AS group_id, count(*) AS registered,
    count(*) FILTER (WHERE under_supervision) AS under_supervision,
    count(*) FILTER (WHERE examined) AS examined,
    count(*) FILTER (WHERE treated) AS treated
  FROM dtl_py WHERE year IN ${ys} GROUP BY ALL
),
s2 AS (
  SELECT y.year, r.county_code, r.rule_group AS group_id
  FROM (SELECT unnest([${years.map((y) => int(y)).join(', ')}]) AS year) y
  JOIN dtl_rec r ON r.year IN (y.year - 1, y.year) AND (COALESCE(r.examined, FALSE) OR COALESCE(r.treated, FALSE))
  QUALIFY row_number() OVER (PARTITION BY y.year, r.person_id ORDER BY r.record_date DESC, r.file_id DESC, r.line DESC) = 1
),
s2c AS (SELECT year, county_code, group_id, count(*) AS seen_2y FROM s2 GROUP BY ALL),
lookback AS (
  SELECT y.year, (y.year - 1) IN (SELECT DISTINCT year FROM dtl_rec) AS has_prev
  FROM (SELECT unnest([${years.map((y) => int(y)).join(', ')}]) AS year) y
),
base AS (
  SELECT year, county_code, group_id, e.entitled, COALESCE(u.registered, 0) AS registered,
    COALESCE(u.under_supervision, 0) AS under_supervision, COALESCE(u.examined, 0) AS examined,
    COALESCE(u.treated, 0) AS treated,
    CASE WHEN l.has_prev THEN COALESCE(s2c.seen_2y, 0) END AS seen_2y
  FROM (SELECT year, county_code, group_id, entitled FROM dtl_ent WHERE year IN ${ys}) e
  FULL JOIN u USING (year, county_code, group_id)
  FULL JOIN s2c USING (year, county_code, group_id)
  LEFT JOIN lookback l USING (year)
)
SELECT year,
  CASE WHEN grouping(county_code) = 1 THEN 'NO' ELSE county_code END AS county_code,
  CASE WHEN grouping(group_id) = 1 THEN 'all' ELSE group_id END AS group_id,
  CASE WHEN count(*) FILTER (WHERE entitled IS NULL AND group_id <> 'none') > 0 THEN NULL
       ELSE sum(entitled) FILTER (WHERE group_id <> 'none') END::BIGINT AS entitled,
  sum(registered)::BIGINT AS registered, sum(under_supervision)::BIGINT AS under_supervision,
  sum(examined)::BIGINT AS examined, sum(treated)::BIGINT AS treated,
  CASE WHEN count(*) FILTER (WHERE seen_2y IS NULL) > 0 THEN NULL
       ELSE sum(seen_2y) FILTER (WHERE group_id <> 'none') END::BIGINT AS seen_2y
FROM base
GROUP BY GROUPING SETS ((year, county_code, group_id), (year, county_code), (year, group_id), (year))
ORDER BY year, county_code, group_id`);
}

/** Registered persons by year × county × clinic × group (clinic total `all`, group total `all`). */
export async function utilisationByClinic(db: Db, years: readonly number[]): Promise<Row[]> {
  return db.all(`
SELECT year, county_code,
  CASE WHEN grouping(clinic) = 1 THEN 'all' ELSE clinic END AS clinic,
  CASE WHEN grouping(rule_group) = 1 THEN 'all' ELSE rule_group END AS group_id,
  count(*)::BIGINT AS registered,
  (count(*) FILTER (WHERE under_supervision))::BIGINT AS under_supervision,
  (count(*) FILTER (WHERE examined))::BIGINT AS examined,
  (count(*) FILTER (WHERE treated))::BIGINT AS treated
FROM dtl_py WHERE year IN ${inList(years)}
GROUP BY GROUPING SETS ((year, county_code, clinic, rule_group), (year, county_code, clinic), (year, county_code, rule_group), (year, county_code))
ORDER BY year, county_code, clinic, group_id`);
}

/**
 * Caries at the status-examination ages, by year × county (and `NO`) × age: the birth cohort
 * (SSB population), persons examined, persons with a score, caries-free, Σ score, Σ score², at
 * 18 DMFT < 4 and > 9, and the SIC index (Bratthall 2000: mean of the third with the highest
 * scores, k = round(n/3) persons, n ≥ 2).
 *
 * Age is "the year one turns N" (record year − KPR birth year); with the birth year unknown the
 * age recorded on the DOT row. A person's first examination of the year at that age counts;
 * its score is the first recorded score at an examination in the year.
 */
export async function cariesByCounty(
  db: Db,
  years: readonly number[],
  ages: Readonly<Record<number, 'dmft' | 'DMFT'>> = DEFAULT_CARIES_AGES,
): Promise<Row[]> {
  const ageRows = Object.entries(ages)
    .map(([a, idx]) => `(${int(Number(a))}, '${idx === 'dmft' ? 'dmft' : 'DMFT'}')`)
    .join(', ');
  return db.all(`
WITH ages(age, idx) AS (VALUES ${ageRows}),
ex AS (
  SELECT r.person_id, r.year, r.county_code, a.age, a.idx, r.record_date, r.file_id, r.line,
    CASE a.idx WHEN 'dmft' THEN r.dmft ELSE r.dmft_permanent END AS score
  FROM dtl_rec r JOIN ages a ON a.age = COALESCE(r.turns_age, r.age)
  WHERE r.year IN ${inList(years)} AND COALESCE(r.examined, FALSE)
),
person_exam AS (
  SELECT person_id, year, age, idx,
    arg_min(county_code, (record_date, file_id, line)) AS county_code,
    arg_min(score, (record_date, file_id, line)) FILTER (WHERE score IS NOT NULL) AS score
  FROM ex GROUP BY ALL
),
both_levels AS (
  SELECT year, county_code, age, idx, score FROM person_exam
  UNION ALL SELECT year, 'NO', age, idx, score FROM person_exam
),
agg AS (
  SELECT year, county_code, age, any_value(idx) AS idx, count(*) AS examined, count(score) AS scored,
    count(*) FILTER (WHERE score = 0) AS caries_free,
    count(*) FILTER (WHERE score < 4) AS below_4, count(*) FILTER (WHERE score > 9) AS above_9,
    sum(score)::DOUBLE AS score_sum, sum(score * score)::DOUBLE AS score_sumsq
  FROM both_levels GROUP BY ALL
),
ranked AS (
  SELECT year, county_code, age, score,
    row_number() OVER (PARTITION BY year, county_code, age ORDER BY score DESC) AS rk,
    count(*) OVER (PARTITION BY year, county_code, age) AS n
  FROM both_levels WHERE score IS NOT NULL
),
sic AS (
  SELECT year, county_code, age, avg(score) AS sic, any_value(round(n / 3.0)) AS sic_k
  FROM ranked WHERE n >= 2 AND rk <= round(n / 3.0) GROUP BY ALL
),
pyr AS (
  SELECT y.year,
    CASE WHEN y.year + 1 IN (SELECT DISTINCT year FROM population) THEN y.year + 1
         WHEN y.year IN (SELECT DISTINCT year FROM population) THEN y.year END AS pop_year
  FROM (SELECT DISTINCT year FROM agg) y
),
pop AS (
  SELECT pyr.year, m.county_code, a.age, sum(p.population) AS cohort
  FROM pyr JOIN ages a ON TRUE
  JOIN population p ON p.year = pyr.pop_year AND p.age = a.age - CASE WHEN pyr.pop_year = pyr.year THEN 1 ELSE 0 END
  JOIN municipality m ON m.code = p.municipality_code
  GROUP BY ALL
),
pop2 AS (SELECT * FROM pop UNION ALL SELECT year, 'NO', age, sum(cohort) FROM pop GROUP BY ALL)
SELECT g.year, g.county_code, g.age, g.idx AS caries_index, p.cohort::BIGINT AS cohort,
  g.examined::BIGINT AS examined, g.scored::BIGINT AS scored, g.caries_free::BIGINT AS caries_free,
  CASE WHEN g.age = 18 THEN g.below_4 END::BIGINT AS below_4,
  CASE WHEN g.age = 18 THEN g.above_9 END::BIGINT AS above_9,
  g.score_sum, g.score_sumsq,
  CASE WHEN g.age = 12 THEN s.sic END AS sic, CASE WHEN g.age = 12 THEN s.sic_k END::BIGINT AS sic_k
FROM agg g LEFT JOIN sic s USING (year, county_code, age) LEFT JOIN pop2 p USING (year, county_code, age)
ORDER BY g.year, g.county_code = 'NO', g.county_code, g.age`);
}

/**
 * Recall intervals: time between a person's consecutive examinations (distinct dates with
 * `examined`), attributed to the year, county and group of the later one. Intervals in months
 * (days / 30.4375): count, median, quartiles, and counts < 12, 12–17, 18–23, ≥ 24 months.
 */
export async function recallIntervals(db: Db, years: readonly number[]): Promise<Row[]> {
  return db.all(`
WITH ex AS (
  SELECT DISTINCT person_id, record_date, county_code, rule_group FROM dtl_rec WHERE COALESCE(examined, FALSE)
),
iv AS (
  SELECT person_id, record_date, year(record_date) AS year, county_code, rule_group AS group_id,
    date_diff('day', lag(record_date) OVER (PARTITION BY person_id ORDER BY record_date), record_date) / 30.4375 AS months
  FROM (SELECT person_id, record_date, max(county_code) AS county_code, max(rule_group) AS rule_group FROM ex GROUP BY person_id, record_date)
)
SELECT year,
  CASE WHEN grouping(county_code) = 1 THEN 'NO' ELSE county_code END AS county_code,
  CASE WHEN grouping(group_id) = 1 THEN 'all' ELSE group_id END AS group_id,
  count(*)::BIGINT AS intervals,
  (count(*) FILTER (WHERE months < 12))::BIGINT AS under_12m,
  (count(*) FILTER (WHERE months >= 12 AND months < 18))::BIGINT AS m12_17,
  (count(*) FILTER (WHERE months >= 18 AND months < 24))::BIGINT AS m18_23,
  (count(*) FILTER (WHERE months >= 24))::BIGINT AS m24_plus,
  quantile_cont(months, 0.5) AS median_months,
  quantile_cont(months, 0.25) AS p25_months,
  quantile_cont(months, 0.75) AS p75_months
FROM iv WHERE months IS NOT NULL AND year IN ${inList(years)}
GROUP BY GROUPING SETS ((year, county_code, group_id), (year, county_code), (year, group_id), (year))
ORDER BY year, county_code, group_id`);
}
