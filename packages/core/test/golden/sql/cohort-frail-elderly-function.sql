-- felles cohort frail-elderly-function 1.0.0 (kpr ids)
WITH
y AS (SELECT * FROM (VALUES (2024)) t(year)),
ev_function_assessment AS MATERIALIZED (SELECT CAST(file_id AS VARCHAR) || ':' || CAST(line AS VARCHAR) AS event_id, person_id, assessment_date AS event_date, need_level FROM function_assessment WHERE assessment_date >= DATE '2022-01-01' AND assessment_date <= DATE '2024-12-31'),
pr_kpr AS (SELECT y.year, r.person_id, arg_max(r.municipality_code, r.year) AS municipality_code FROM (SELECT person_id, year, municipality_code FROM residence WHERE id_space = 'kpr') r JOIN y ON r.year <= y.year GROUP BY y.year, r.person_id),
panel_kpr AS MATERIALIZED (SELECT y.year, p.person_id, p.sex, y.year - p.birth_year AS age, r.municipality_code, m.hff_code, p.death_date
  FROM (SELECT person_id, sex, birth_year, death_date FROM person WHERE id_space = 'kpr') p CROSS JOIN y
  LEFT JOIN pr_kpr r ON r.person_id = p.person_id AND r.year = y.year
  LEFT JOIN municipality m ON m.code = r.municipality_code
  WHERE (p.death_date IS NULL OR p.death_date >= make_date(y.year, 1, 1)) AND (p.birth_year IS NULL OR p.birth_year <= y.year)),
k0_0 AS (SELECT y.year, h.person_id AS person_id, arg_max(h.need_level, strftime(h.event_date, '%Y-%m-%d') || ' ' || h.event_id) IN ('extensive', 'moderate_to_large') AS pass FROM ev_function_assessment h CROSS JOIN y WHERE h.event_date > CAST(make_date(y.year, 12, 31) - INTERVAL 12 MONTH AS DATE) AND h.event_date <= make_date(y.year, 12, 31) GROUP BY y.year, h.person_id),
f0 AS MATERIALIZED (SELECT 'frail-elderly-function' AS cohort_id, '1.0.0' AS version, b.year, 'kpr' AS id_space, b.person_id, b.sex, b.age, b.municipality_code, b.hff_code,
    CAST(NULL AS DOUBLE) AS score, CAST(NULL AS VARCHAR) AS band,
    CAST(CASE WHEN NOT coalesce(b.age >= 75, FALSE) THEN 0 WHEN NOT coalesce(coalesce(k0_0.pass, FALSE), FALSE) THEN 1 ELSE 2 END AS INTEGER) AS rules_passed
  FROM panel_kpr b LEFT JOIN k0_0 ON k0_0.year = b.year AND k0_0.person_id = b.person_id
  WHERE b.municipality_code IS NOT NULL AND (b.death_date IS NULL OR b.death_date > make_date(b.year, 12, 31)) AND coalesce(b.age >= 75, FALSE)),
m0 AS (SELECT year, person_id FROM f0 WHERE rules_passed = 2)
SELECT *, 1 AS persons FROM f0
UNION ALL
SELECT 'frail-elderly-function', '1.0.0', b.year, 'kpr', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, b.n - coalesce(f.n, 0)
FROM (SELECT b.year, count(*) AS n FROM panel_kpr b WHERE b.municipality_code IS NOT NULL AND (b.death_date IS NULL OR b.death_date > make_date(b.year, 12, 31)) GROUP BY b.year) b LEFT JOIN (SELECT year, count(*) AS n FROM f0 GROUP BY year) f USING (year)
WHERE b.n - coalesce(f.n, 0) > 0;
