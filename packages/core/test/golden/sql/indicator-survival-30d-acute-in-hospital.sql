-- felles indicator survival-30d-acute-in-hospital 1.0.0, years 2024
-- coverage
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode),
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
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode)
    SELECT * FROM (
    SELECT year, "age_70", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "age_70" FROM (SELECT year, mun, hff, hf, rhf, band, sx, "__codes0", sum("w") AS "w" FROM (SELECT *, list_filter(['all', CASE WHEN (f.age >= 0 AND f.age <= 69) THEN '0-69' END, CASE WHEN (f.age >= 70) THEN '70+' END], x -> x IS NOT NULL) AS "__codes0" FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age",
      CAST([] AS VARCHAR[]) AS cohorts, sum(f."w") AS "w"
    FROM (SELECT s.*, coalesce(p.death_date BETWEEN CAST(s.admitted_at AS DATE) AND CAST(s.admitted_at AS DATE) + 30, FALSE) AS died_30d
      FROM (SELECT * FROM (SELECT s.person_id, 'npr' AS id_space, s.year, s.municipality_code, e.district_code, s.sex,
    s.year - s.birth_year AS age, 1 AS w, s.acute, s.care_level, s.sector, s.main_icd10, s.died,
    s.length_of_stay_days,
    CASE WHEN s.discharge_ready_at IS NOT NULL AND s.discharged_at IS NOT NULL
      THEN greatest(0, date_diff('day', CAST(s.discharge_ready_at AS DATE), CAST(s.discharged_at AS DATE))) END AS discharge_ready_days,
    s.admitted_at, s.discharged_at
  FROM hospital_stay s LEFT JOIN specialist_episode e ON e.episode_id = s.first_episode_id) x WHERE x.acute AND x.care_level = 'inpatient' AND x.sector = 'somatic'
            QUALIFY row_number() OVER (PARTITION BY x.person_id, x.year ORDER BY x.admitted_at) = 1) s
      LEFT JOIN person p ON p.id_space = 'npr' AND p.person_id = s.person_id) f 
    WHERE (f.year IN (2024)) AND (f."died_30d" = FALSE)
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx, "__codes0") f) a
    GROUP BY GROUPING SETS ((year, "age_70", "band", "sx", mun), (year, "age_70", "band", "sx", hff), (year, "age_70", "band", "sx", hf), (year, "age_70", "band", "sx", rhf), (year, "age_70", "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- denominator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode)
      SELECT * FROM (
    SELECT year, "age_70", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "age_70" FROM (SELECT year, mun, hff, hf, rhf, band, sx, "__codes0", sum("w") AS "w" FROM (SELECT *, list_filter(['all', CASE WHEN (f.age >= 0 AND f.age <= 69) THEN '0-69' END, CASE WHEN (f.age >= 70) THEN '70+' END], x -> x IS NOT NULL) AS "__codes0" FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age",
      CAST([] AS VARCHAR[]) AS cohorts, sum(f."w") AS "w"
    FROM (SELECT s.*, coalesce(p.death_date BETWEEN CAST(s.admitted_at AS DATE) AND CAST(s.admitted_at AS DATE) + 30, FALSE) AS died_30d
      FROM (SELECT * FROM (SELECT s.person_id, 'npr' AS id_space, s.year, s.municipality_code, e.district_code, s.sex,
    s.year - s.birth_year AS age, 1 AS w, s.acute, s.care_level, s.sector, s.main_icd10, s.died,
    s.length_of_stay_days,
    CASE WHEN s.discharge_ready_at IS NOT NULL AND s.discharged_at IS NOT NULL
      THEN greatest(0, date_diff('day', CAST(s.discharge_ready_at AS DATE), CAST(s.discharged_at AS DATE))) END AS discharge_ready_days,
    s.admitted_at, s.discharged_at
  FROM hospital_stay s LEFT JOIN specialist_episode e ON e.episode_id = s.first_episode_id) x WHERE x.acute AND x.care_level = 'inpatient' AND x.sector = 'somatic'
            QUALIFY row_number() OVER (PARTITION BY x.person_id, x.year ORDER BY x.admitted_at) = 1) s
      LEFT JOIN person p ON p.id_space = 'npr' AND p.person_id = s.person_id) f 
    WHERE (f.year IN (2024))
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx, "__codes0") f) a
    GROUP BY GROUPING SETS ((year, "age_70", "band", "sx", mun), (year, "age_70", "band", "sx", hff), (year, "age_70", "band", "sx", hf), (year, "age_70", "band", "sx", rhf), (year, "age_70", "band", "sx"))
  ) WHERE area_code IS NOT NULL;
