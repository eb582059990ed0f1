-- felles indicator planned-somatic-admissions-cohort 1.0.0, years 2024
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
    SELECT year, "cohort", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "cohort" FROM (SELECT year, mun, hff, hf, rhf, band, sx, "__codes0", sum("w") AS "w" FROM (SELECT *, list_filter([CASE WHEN (list_contains(coalesce(f.cohorts, []), 'complex-multimorbidity')) THEN 'complex-multimorbidity' END, CASE WHEN (list_contains(coalesce(f.cohorts, []), 'frail-elderly-function')) THEN 'frail-elderly-function' END, CASE WHEN (list_contains(coalesce(f.cohorts, []), 'frail-elderly-hfrs')) THEN 'frail-elderly-hfrs' END, CASE WHEN (list_contains(coalesce(f.cohorts, []), 'severe-mental-illness-substance')) THEN 'severe-mental-illness-substance' END, CASE WHEN (list_contains(coalesce(f.cohorts, []), 'children-long-term-needs')) THEN 'children-long-term-needs' END], x -> x IS NOT NULL) AS "__codes0" FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age",
      coh.cohorts, sum(f."w") AS "w"
    FROM (SELECT s.person_id, 'npr' AS id_space, s.year, s.municipality_code, e.district_code, s.sex,
    s.year - s.birth_year AS age, 1 AS w, s.acute, s.care_level, s.sector, s.main_icd10, s.died,
    s.length_of_stay_days,
    CASE WHEN s.discharge_ready_at IS NOT NULL AND s.discharged_at IS NOT NULL
      THEN greatest(0, date_diff('day', CAST(s.discharge_ready_at AS DATE), CAST(s.discharged_at AS DATE))) END AS discharge_ready_days,
    s.admitted_at, s.discharged_at
  FROM hospital_stay s LEFT JOIN specialist_episode e ON e.episode_id = s.first_episode_id) f JOIN (SELECT year, person_id, list(DISTINCT cohort_id ORDER BY cohort_id) AS cohorts FROM (SELECT cohort_id, year, person_id FROM cohort_member WHERE cohort_id IN ('children-long-term-needs', 'complex-multimorbidity', 'frail-elderly-function', 'frail-elderly-hfrs', 'severe-mental-illness-substance') AND id_space IN ('npr', 'linked')
      UNION SELECT c.cohort_id, c.year, l.npr_id FROM cohort_member c JOIN (SELECT npr_id, kpr_id FROM person_link WHERE NOT conflict) l ON l.kpr_id = c.person_id WHERE c.cohort_id IN ('children-long-term-needs', 'complex-multimorbidity', 'frail-elderly-function', 'frail-elderly-hfrs', 'severe-mental-illness-substance') AND c.id_space = 'kpr') GROUP BY ALL) coh
        ON coh.year = f.year AND coh.person_id = f.person_id
    WHERE (f.year IN (2024)) AND (f."acute" = FALSE) AND (f."care_level" = 'inpatient') AND (f."sector" = 'somatic')
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx, "__codes0") f) a
    GROUP BY GROUPING SETS ((year, "cohort", "band", "sx", mun), (year, "cohort", "band", "sx", hff), (year, "cohort", "band", "sx", hf), (year, "cohort", "band", "sx", rhf), (year, "cohort", "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- denominator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode)
      SELECT * FROM (
    SELECT year, "cohort", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      count(DISTINCT person_id) AS v
    FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "cohort" FROM (SELECT DISTINCT year, mun, hff, hf, rhf, band, sx, "__codes0", "person_id" FROM (SELECT *, list_filter([CASE WHEN (f.cohort_id = 'complex-multimorbidity') THEN 'complex-multimorbidity' END, CASE WHEN (f.cohort_id = 'frail-elderly-function') THEN 'frail-elderly-function' END, CASE WHEN (f.cohort_id = 'frail-elderly-hfrs') THEN 'frail-elderly-hfrs' END, CASE WHEN (f.cohort_id = 'severe-mental-illness-substance') THEN 'severe-mental-illness-substance' END, CASE WHEN (f.cohort_id = 'children-long-term-needs') THEN 'children-long-term-needs' END], x -> x IS NOT NULL) AS "__codes0" FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf, g.hf_whole AS hf, 1 AS w, -1 AS band, 'T' AS sx
    FROM (SELECT DISTINCT cohort_id, year, id_space, person_id, sex, age, municipality_code FROM cohort_member
          WHERE cohort_id IN ('children-long-term-needs', 'complex-multimorbidity', 'frail-elderly-function', 'frail-elderly-hfrs', 'severe-mental-illness-substance')) f
    LEFT JOIN g ON g.mun = f.municipality_code
    WHERE (f.year IN (2024))) f) f) f) a
    GROUP BY GROUPING SETS ((year, "cohort", "band", "sx", mun), (year, "cohort", "band", "sx", hff), (year, "cohort", "band", "sx", hf), (year, "cohort", "band", "sx", rhf), (year, "cohort", "band", "sx"))
  ) WHERE area_code IS NOT NULL;
