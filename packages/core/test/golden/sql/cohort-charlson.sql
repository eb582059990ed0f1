-- felles cohort charlson 1.0.0 (npr ids)
WITH
y AS (SELECT * FROM (VALUES (2024)) t(year)),
cs AS MATERIALIZED (SELECT 'charlson/charlson' AS set_key, l.system, l.code, l.match, l.condition, l.organ_system, l.weight FROM codelist l WHERE l.list_id = 'charlson-quan' AND NOT l.exclude),
cx AS MATERIALIZED (SELECT 'charlson/charlson' AS set_key, l.system, l.code, l.match, l.condition FROM codelist l WHERE l.list_id = 'charlson-quan' AND l.exclude),
ev_specialist_episode AS MATERIALIZED (SELECT CAST(episode_id AS VARCHAR) AS event_id, person_id, admission_date AS event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, main_icd10, main_icd10_2, secondary_icd10 FROM specialist_episode WHERE admission_date >= DATE '2021-01-01' AND admission_date <= DATE '2024-12-31' AND (care_level IS NOT NULL OR entitlement IS DISTINCT FROM 'not_needed')),
code_specialist_episode AS (SELECT * FROM (SELECT event_id, person_id, event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, 'icd10' AS system, code, 'main' AS position FROM (SELECT *, main_icd10 AS code FROM ev_specialist_episode WHERE main_icd10 IS NOT NULL) UNION ALL SELECT event_id, person_id, event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, 'icd10' AS system, code, 'main' AS position FROM (SELECT *, main_icd10_2 AS code FROM ev_specialist_episode WHERE main_icd10_2 IS NOT NULL) UNION ALL SELECT event_id, person_id, event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, 'icd10' AS system, code, 'secondary' AS position FROM (SELECT *, unnest(secondary_icd10) AS code FROM ev_specialist_episode)) WHERE code IS NOT NULL AND code <> ''),
cm_specialist_episode AS MATERIALIZED (SELECT c.system, c.code, s.set_key, s.code AS list_code, s.condition, s.organ_system, s.weight
  FROM (SELECT system, code, left(code, unnest(range(1, least(length(code), (SELECT coalesce(max(length(code)), 0) FROM cs)) + 1))) AS prefix FROM (SELECT DISTINCT system, code FROM code_specialist_episode)) c
  JOIN cs s ON s.system = c.system AND s.code = c.prefix AND (s.match = 'prefix' OR s.code = c.code)
  WHERE NOT EXISTS (SELECT 1 FROM cx x WHERE x.set_key = s.set_key AND x.system = c.system AND (x.condition IS NULL OR x.condition = s.condition)
    AND starts_with(c.code, x.code) AND (x.match = 'prefix' OR x.code = c.code))),
hit_specialist_episode AS MATERIALIZED (SELECT c.*, m.set_key, m.list_code, m.condition, m.organ_system, m.weight
  FROM code_specialist_episode c JOIN cm_specialist_episode m ON m.system = c.system AND m.code = c.code),
pr_npr AS (SELECT y.year, r.person_id, arg_max(r.municipality_code, r.year) AS municipality_code FROM (SELECT person_id, year, municipality_code FROM residence WHERE id_space = 'npr') r JOIN y ON r.year <= y.year GROUP BY y.year, r.person_id),
panel_npr AS MATERIALIZED (SELECT y.year, p.person_id, p.sex, y.year - p.birth_year AS age, r.municipality_code, m.hff_code, p.death_date
  FROM (SELECT person_id, sex, birth_year, death_date FROM person WHERE id_space = 'npr') p CROSS JOIN y
  LEFT JOIN pr_npr r ON r.person_id = p.person_id AND r.year = y.year
  LEFT JOIN municipality m ON m.code = r.municipality_code
  WHERE (p.death_date IS NULL OR p.death_date >= make_date(y.year, 1, 1)) AND (p.birth_year IS NULL OR p.birth_year <= y.year)),
k0_0 AS (SELECT y.year, h.person_id AS person_id, count(DISTINCT h.event_id) >= 1 AS pass FROM ev_specialist_episode h CROSS JOIN y WHERE h.event_date > CAST(make_date(y.year, 12, 31) - INTERVAL 24 MONTH AS DATE) AND h.event_date <= make_date(y.year, 12, 31) GROUP BY y.year, h.person_id),
k0_1 AS (SELECT year, person_id, round(sum(weight), 6) AS score FROM (SELECT *, list(condition) OVER (PARTITION BY year, person_id) AS conds FROM (SELECT year, person_id, unit, max(weight) AS weight, min(condition) AS condition FROM (SELECT y.year, h.person_id AS person_id, h.condition AS unit, h.condition, h.weight FROM hit_specialist_episode h CROSS JOIN y WHERE h.set_key = 'charlson/charlson' AND h.event_date > CAST(make_date(y.year, 12, 31) - INTERVAL 24 MONTH AS DATE) AND h.event_date <= make_date(y.year, 12, 31)) GROUP BY year, person_id, unit)) WHERE NOT ((condition = 'mld' AND list_contains(conds, 'msld')) OR (condition = 'diab' AND list_contains(conds, 'diabwc')) OR (condition = 'canc' AND list_contains(conds, 'metacanc'))) GROUP BY year, person_id),
f0 AS MATERIALIZED (SELECT 'charlson' AS cohort_id, '1.0.0' AS version, b.year, 'npr' AS id_space, b.person_id, b.sex, b.age, b.municipality_code, b.hff_code,
    CAST(coalesce(k0_1.score, 0) AS DOUBLE) AS score, CAST(CASE WHEN coalesce(k0_1.score, 0) <= 0 THEN '0' WHEN coalesce(k0_1.score, 0) >= 1 AND coalesce(k0_1.score, 0) <= 2 THEN '1-2' WHEN coalesce(k0_1.score, 0) >= 3 AND coalesce(k0_1.score, 0) <= 4 THEN '3-4' WHEN coalesce(k0_1.score, 0) >= 5 THEN '5+' END AS VARCHAR) AS band,
    CAST(CASE WHEN NOT coalesce(coalesce(k0_0.pass, FALSE), FALSE) THEN 0 WHEN NOT coalesce(TRUE, FALSE) THEN 1 ELSE 2 END AS INTEGER) AS rules_passed
  FROM panel_npr b LEFT JOIN k0_0 ON k0_0.year = b.year AND k0_0.person_id = b.person_id LEFT JOIN k0_1 ON k0_1.year = b.year AND k0_1.person_id = b.person_id
  WHERE b.municipality_code IS NOT NULL AND (b.death_date IS NULL OR b.death_date > make_date(b.year, 12, 31)) AND k0_0.pass),
m0 AS (SELECT year, person_id FROM f0 WHERE rules_passed = 2)
SELECT *, 1 AS persons FROM f0
UNION ALL
SELECT 'charlson', '1.0.0', b.year, 'npr', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, b.n - coalesce(f.n, 0)
FROM (SELECT b.year, count(*) AS n FROM panel_npr b WHERE b.municipality_code IS NOT NULL AND (b.death_date IS NULL OR b.death_date > make_date(b.year, 12, 31)) GROUP BY b.year) b LEFT JOIN (SELECT year, count(*) AS n FROM f0 GROUP BY year) f USING (year)
WHERE b.n - coalesce(f.n, 0) > 0;
