-- felles indicator pathway-67-home-care-gp-7d 1.0.0, years 2024
-- coverage
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode
      WHERE year IN (SELECT DISTINCT year FROM primary_contact)
        AND EXISTS (SELECT 1 FROM municipal_service)),
    cov AS (SELECT y.year, g.mun, g.hff, g.hf_whole AS hf, g.rhf,
        EXISTS (SELECT 1 FROM rep WHERE rep.year = y.year AND (rep.municipality_code IS NULL OR rep.municipality_code = g.mun)) AS reported
      FROM (SELECT unnest([2024]) AS year) y CROSS JOIN g)
    SELECT year, level, area_code, sum(v) AS reporting, sum(t) AS municipalities FROM (
      SELECT * FROM (SELECT year,
        CASE WHEN grouping(mun) = 0 THEN 'municipality' WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
             WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
        CASE WHEN grouping(mun) = 0 THEN mun WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
        count(*) FILTER (WHERE reported) AS v, count(*) AS t
      FROM cov GROUP BY GROUPING SETS ((year, mun), (year, hff), (year, hf), (year, rhf), (year))) WHERE area_code IS NOT NULL
      
    ) GROUP BY ALL ORDER BY year, level, area_code;

-- numerator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode
      WHERE year IN (SELECT DISTINCT year FROM primary_contact)
        AND EXISTS (SELECT 1 FROM municipal_service))
    SELECT * FROM (
    SELECT year, "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT year, mun, hff, hf, rhf, band, sx, sum("w") AS "w" FROM (SELECT * FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age",
      CAST([] AS VARCHAR[]) AS cohorts, sum(f."w") AS "w"
    FROM (SELECT s.*,
    (SELECT min(date_diff('day', CAST(s.discharged_at AS DATE), greatest(m.from_date, CAST(s.discharged_at AS DATE))))
       FROM municipal_service m
      WHERE m.person_id = l.kpr_id AND m.service_group = 'home_health_care'
        AND (m.to_date IS NULL OR m.to_date >= CAST(s.discharged_at AS DATE))) AS home_care_days,
    (SELECT min(date_diff('day', CAST(s.discharged_at AS DATE), c.contact_date))
       FROM primary_contact c
      WHERE c.person_id = l.kpr_id AND c.service = 'gp'
        AND c.contact_date >= CAST(s.discharged_at AS DATE)) AS gp_contact_days
  FROM (SELECT s.*, EXISTS (
      SELECT 1 FROM hospital_stay r
      WHERE r.person_id = s.person_id AND r.acute AND r.care_level = 'inpatient' AND r.sector = 'somatic'
        AND r.admitted_at > s.discharged_at + INTERVAL 8 HOUR
        AND r.admitted_at <= s.discharged_at + INTERVAL 30 DAY) AS readmitted
  FROM (SELECT s.person_id, 'npr' AS id_space, s.year, s.municipality_code, e.district_code, s.sex,
    s.year - s.birth_year AS age, 1 AS w, s.acute, s.care_level, s.sector, s.main_icd10, s.died,
    s.length_of_stay_days,
    CASE WHEN s.discharge_ready_at IS NOT NULL AND s.discharged_at IS NOT NULL
      THEN greatest(0, date_diff('day', CAST(s.discharge_ready_at AS DATE), CAST(s.discharged_at AS DATE))) END AS discharge_ready_days,
    s.admitted_at, s.discharged_at
  FROM hospital_stay s LEFT JOIN specialist_episode e ON e.episode_id = s.first_episode_id) s
  WHERE s.care_level = 'inpatient' AND s.sector = 'somatic' AND NOT s.died AND s.discharged_at IS NOT NULL) s JOIN (SELECT npr_id, min(kpr_id) AS kpr_id FROM person_link
      WHERE NOT conflict AND npr_id IN (SELECT person_id FROM hospital_stay)
      GROUP BY npr_id HAVING min(kpr_id) = max(kpr_id)) l ON l.npr_id = s.person_id) f 
    WHERE (f.year IN (2024)) AND (f.age >= 67) AND ((f."home_care_days" >= 0 AND f."home_care_days" <= 7)) AND ((f."gp_contact_days" >= 0 AND f."gp_contact_days" <= 7))
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx) a
    GROUP BY GROUPING SETS ((year, "band", "sx", mun), (year, "band", "sx", hff), (year, "band", "sx", hf), (year, "band", "sx", rhf), (year, "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- denominator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode
      WHERE year IN (SELECT DISTINCT year FROM primary_contact)
        AND EXISTS (SELECT 1 FROM municipal_service))
      SELECT * FROM (
    SELECT year, "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT year, mun, hff, hf, rhf, band, sx, sum("w") AS "w" FROM (SELECT * FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age",
      CAST([] AS VARCHAR[]) AS cohorts, sum(f."w") AS "w"
    FROM (SELECT s.*,
    (SELECT min(date_diff('day', CAST(s.discharged_at AS DATE), greatest(m.from_date, CAST(s.discharged_at AS DATE))))
       FROM municipal_service m
      WHERE m.person_id = l.kpr_id AND m.service_group = 'home_health_care'
        AND (m.to_date IS NULL OR m.to_date >= CAST(s.discharged_at AS DATE))) AS home_care_days,
    (SELECT min(date_diff('day', CAST(s.discharged_at AS DATE), c.contact_date))
       FROM primary_contact c
      WHERE c.person_id = l.kpr_id AND c.service = 'gp'
        AND c.contact_date >= CAST(s.discharged_at AS DATE)) AS gp_contact_days
  FROM (SELECT s.*, EXISTS (
      SELECT 1 FROM hospital_stay r
      WHERE r.person_id = s.person_id AND r.acute AND r.care_level = 'inpatient' AND r.sector = 'somatic'
        AND r.admitted_at > s.discharged_at + INTERVAL 8 HOUR
        AND r.admitted_at <= s.discharged_at + INTERVAL 30 DAY) AS readmitted
  FROM (SELECT s.person_id, 'npr' AS id_space, s.year, s.municipality_code, e.district_code, s.sex,
    s.year - s.birth_year AS age, 1 AS w, s.acute, s.care_level, s.sector, s.main_icd10, s.died,
    s.length_of_stay_days,
    CASE WHEN s.discharge_ready_at IS NOT NULL AND s.discharged_at IS NOT NULL
      THEN greatest(0, date_diff('day', CAST(s.discharge_ready_at AS DATE), CAST(s.discharged_at AS DATE))) END AS discharge_ready_days,
    s.admitted_at, s.discharged_at
  FROM hospital_stay s LEFT JOIN specialist_episode e ON e.episode_id = s.first_episode_id) s
  WHERE s.care_level = 'inpatient' AND s.sector = 'somatic' AND NOT s.died AND s.discharged_at IS NOT NULL) s JOIN (SELECT npr_id, min(kpr_id) AS kpr_id FROM person_link
      WHERE NOT conflict AND npr_id IN (SELECT person_id FROM hospital_stay)
      GROUP BY npr_id HAVING min(kpr_id) = max(kpr_id)) l ON l.npr_id = s.person_id) f 
    WHERE (f.year IN (2024)) AND (f.age >= 67)
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx) a
    GROUP BY GROUPING SETS ((year, "band", "sx", mun), (year, "band", "sx", hff), (year, "band", "sx", hf), (year, "band", "sx", rhf), (year, "band", "sx"))
  ) WHERE area_code IS NOT NULL;
