-- felles cohort severe-mental-illness-substance 1.0.0 (linked ids)
WITH
y AS (SELECT * FROM (VALUES (2024)) t(year)),
lnk AS (SELECT kpr_id, min(npr_id) AS npr_id FROM person_link WHERE NOT conflict GROUP BY kpr_id HAVING min(npr_id) = max(npr_id)),
cs AS MATERIALIZED (SELECT 'severe-mental-illness-substance/smi_icd10' AS set_key, l.system, l.code, l.match, l.condition, l.organ_system, l.weight FROM codelist l WHERE l.list_id = 'mental-substance' AND NOT l.exclude AND l.system IN ('icd10') UNION ALL SELECT 'severe-mental-illness-substance/smi_icpc2' AS set_key, l.system, l.code, l.match, l.condition, l.organ_system, l.weight FROM codelist l WHERE l.list_id = 'mental-substance' AND NOT l.exclude AND l.system IN ('icpc2')),
cx AS MATERIALIZED (SELECT 'severe-mental-illness-substance/smi_icd10' AS set_key, l.system, l.code, l.match, l.condition FROM codelist l WHERE l.list_id = 'mental-substance' AND l.exclude UNION ALL SELECT 'severe-mental-illness-substance/smi_icpc2' AS set_key, l.system, l.code, l.match, l.condition FROM codelist l WHERE l.list_id = 'mental-substance' AND l.exclude),
ev_primary_contact AS MATERIALIZED (SELECT claim_id AS event_id, person_id, contact_date AS event_date, service, contact_type, out_of_hours_fee, icpc2, icd10, main_diagnosis FROM primary_contact WHERE contact_date >= DATE '2022-01-01' AND contact_date <= DATE '2024-12-31'),
code_primary_contact AS (SELECT * FROM (SELECT event_id, person_id, event_date, service, contact_type, out_of_hours_fee, 'icpc2' AS system, code, CASE WHEN code = main_diagnosis THEN 'main' ELSE 'secondary' END AS position FROM (SELECT *, unnest(icpc2) AS code FROM ev_primary_contact) UNION ALL SELECT event_id, person_id, event_date, service, contact_type, out_of_hours_fee, 'icd10' AS system, code, CASE WHEN code = main_diagnosis THEN 'main' ELSE 'secondary' END AS position FROM (SELECT *, unnest(icd10) AS code FROM ev_primary_contact)) WHERE code IS NOT NULL AND code <> ''),
cm_primary_contact AS MATERIALIZED (SELECT c.system, c.code, s.set_key, s.code AS list_code, s.condition, s.organ_system, s.weight
  FROM (SELECT system, code, left(code, unnest(range(1, least(length(code), (SELECT coalesce(max(length(code)), 0) FROM cs)) + 1))) AS prefix FROM (SELECT DISTINCT system, code FROM code_primary_contact)) c
  JOIN cs s ON s.system = c.system AND s.code = c.prefix AND (s.match = 'prefix' OR s.code = c.code)
  WHERE NOT EXISTS (SELECT 1 FROM cx x WHERE x.set_key = s.set_key AND x.system = c.system AND (x.condition IS NULL OR x.condition = s.condition)
    AND starts_with(c.code, x.code) AND (x.match = 'prefix' OR x.code = c.code))),
hit_primary_contact AS MATERIALIZED (SELECT c.*, m.set_key, m.list_code, m.condition, m.organ_system, m.weight
  FROM code_primary_contact c JOIN cm_primary_contact m ON m.system = c.system AND m.code = c.code),
ev_specialist_episode AS MATERIALIZED (SELECT CAST(episode_id AS VARCHAR) AS event_id, person_id, admission_date AS event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, main_icd10, main_icd10_2, secondary_icd10 FROM specialist_episode WHERE admission_date >= DATE '2022-01-01' AND admission_date <= DATE '2024-12-31' AND (care_level IS NOT NULL OR entitlement IS DISTINCT FROM 'not_needed')),
code_specialist_episode AS (SELECT * FROM (SELECT event_id, person_id, event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, 'icd10' AS system, code, 'main' AS position FROM (SELECT *, main_icd10 AS code FROM ev_specialist_episode WHERE main_icd10 IS NOT NULL) UNION ALL SELECT event_id, person_id, event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, 'icd10' AS system, code, 'main' AS position FROM (SELECT *, main_icd10_2 AS code FROM ev_specialist_episode WHERE main_icd10_2 IS NOT NULL) UNION ALL SELECT event_id, person_id, event_date, care_level, urgency, contact_mode, sector, specialty, provider, drg, died, 'icd10' AS system, code, 'secondary' AS position FROM (SELECT *, unnest(secondary_icd10) AS code FROM ev_specialist_episode)) WHERE code IS NOT NULL AND code <> ''),
cm_specialist_episode AS MATERIALIZED (SELECT c.system, c.code, s.set_key, s.code AS list_code, s.condition, s.organ_system, s.weight
  FROM (SELECT system, code, left(code, unnest(range(1, least(length(code), (SELECT coalesce(max(length(code)), 0) FROM cs)) + 1))) AS prefix FROM (SELECT DISTINCT system, code FROM code_specialist_episode)) c
  JOIN cs s ON s.system = c.system AND s.code = c.prefix AND (s.match = 'prefix' OR s.code = c.code)
  WHERE NOT EXISTS (SELECT 1 FROM cx x WHERE x.set_key = s.set_key AND x.system = c.system AND (x.condition IS NULL OR x.condition = s.condition)
    AND starts_with(c.code, x.code) AND (x.match = 'prefix' OR x.code = c.code))),
hit_specialist_episode AS MATERIALIZED (SELECT c.*, m.set_key, m.list_code, m.condition, m.organ_system, m.weight
  FROM code_specialist_episode c JOIN cm_specialist_episode m ON m.system = c.system AND m.code = c.code),
pr_linked AS (SELECT y.year, r.person_id, arg_max(r.municipality_code, r.year) AS municipality_code FROM (SELECT * FROM (SELECT person_id, year, municipality_code FROM residence WHERE id_space = 'npr') UNION ALL SELECT lnk.npr_id, r.year, r.municipality_code FROM (SELECT person_id, year, municipality_code FROM residence WHERE id_space = 'kpr') r JOIN lnk ON lnk.kpr_id = r.person_id
  WHERE NOT EXISTS (SELECT 1 FROM residence n WHERE n.id_space = 'npr' AND n.person_id = lnk.npr_id AND n.year = r.year)) r JOIN y ON r.year <= y.year GROUP BY y.year, r.person_id),
panel_linked AS MATERIALIZED (SELECT y.year, p.person_id, p.sex, y.year - p.birth_year AS age, r.municipality_code, m.hff_code, p.death_date
  FROM (SELECT coalesce(n.person_id, k.npr_id) AS person_id, coalesce(n.sex, k.sex) AS sex, coalesce(n.birth_year, k.birth_year) AS birth_year, coalesce(n.death_date, k.death_date) AS death_date
  FROM (SELECT person_id, sex, birth_year, death_date FROM person WHERE id_space = 'npr') n FULL JOIN (SELECT lnk.npr_id, p.* FROM (SELECT person_id, sex, birth_year, death_date FROM person WHERE id_space = 'kpr') p JOIN lnk ON lnk.kpr_id = p.person_id) k ON k.npr_id = n.person_id) p CROSS JOIN y
  LEFT JOIN pr_linked r ON r.person_id = p.person_id AND r.year = y.year
  LEFT JOIN municipality m ON m.code = r.municipality_code
  WHERE (p.death_date IS NULL OR p.death_date >= make_date(y.year, 1, 1)) AND (p.birth_year IS NULL OR p.birth_year <= y.year)),
k0_0 AS (SELECT year, person_id, count(DISTINCT counted) >= 1 AS pass FROM (SELECT y.year, h.person_id AS person_id, h.event_id AS counted FROM hit_specialist_episode h CROSS JOIN y WHERE h.set_key = 'severe-mental-illness-substance/smi_icd10' AND h.event_date > CAST(make_date(y.year, 12, 31) - INTERVAL 12 MONTH AS DATE) AND h.event_date <= make_date(y.year, 12, 31) AND h.sector IN ('adult_mental', 'child_mental', 'substance')) GROUP BY year, person_id),
k0_1 AS (SELECT year, person_id, count(DISTINCT counted) >= 2 AS pass FROM (SELECT y.year, lnk.npr_id AS person_id, h.event_date AS counted FROM hit_primary_contact h JOIN lnk ON lnk.kpr_id = h.person_id CROSS JOIN y WHERE h.set_key = 'severe-mental-illness-substance/smi_icpc2' AND h.event_date > CAST(make_date(y.year, 12, 31) - INTERVAL 12 MONTH AS DATE) AND h.event_date <= make_date(y.year, 12, 31)) GROUP BY year, person_id),
f0 AS MATERIALIZED (SELECT 'severe-mental-illness-substance' AS cohort_id, '1.0.0' AS version, b.year, 'linked' AS id_space, b.person_id, b.sex, b.age, b.municipality_code, b.hff_code,
    CAST(NULL AS DOUBLE) AS score, CAST(NULL AS VARCHAR) AS band,
    CAST(CASE WHEN NOT coalesce((coalesce(k0_0.pass, FALSE) OR coalesce(k0_1.pass, FALSE)), FALSE) THEN 0 ELSE 1 END AS INTEGER) AS rules_passed
  FROM panel_linked b LEFT JOIN k0_0 ON k0_0.year = b.year AND k0_0.person_id = b.person_id LEFT JOIN k0_1 ON k0_1.year = b.year AND k0_1.person_id = b.person_id
  WHERE b.municipality_code IS NOT NULL AND (b.death_date IS NULL OR b.death_date > make_date(b.year, 12, 31)) AND coalesce((coalesce(k0_0.pass, FALSE) OR coalesce(k0_1.pass, FALSE)), FALSE)),
m0 AS (SELECT year, person_id FROM f0 WHERE rules_passed = 1)
SELECT *, 1 AS persons FROM f0
UNION ALL
SELECT 'severe-mental-illness-substance', '1.0.0', b.year, 'linked', NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, b.n - coalesce(f.n, 0)
FROM (SELECT b.year, count(*) AS n FROM panel_linked b WHERE b.municipality_code IS NOT NULL AND (b.death_date IS NULL OR b.death_date > make_date(b.year, 12, 31)) GROUP BY b.year) b LEFT JOIN (SELECT year, count(*) AS n FROM f0 GROUP BY year) f USING (year)
WHERE b.n - coalesce(f.n, 0) > 0;
