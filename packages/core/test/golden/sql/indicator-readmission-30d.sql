-- felles indicator readmission-30d 1.0.0, years 2024
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
    SELECT year, "age_70", "diagnosis_group", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT * EXCLUDE ("__codes1"), unnest("__codes1") AS "diagnosis_group" FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "age_70" FROM (SELECT year, mun, hff, hf, rhf, band, sx, "__codes0", "__codes1", sum("w") AS "w" FROM (SELECT *, list_filter(['all', CASE WHEN (f.age >= 0 AND f.age <= 69) THEN '0-69' END, CASE WHEN (f.age >= 70) THEN '70+' END], x -> x IS NOT NULL) AS "__codes0", list_filter(['all', CASE WHEN ((starts_with(f."main_icd10", 'I50'))) THEN 'heart-failure' END, CASE WHEN ((starts_with(f."main_icd10", 'I'))) AND ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'I50')))) THEN 'other-circulatory' END, CASE WHEN ((starts_with(f."main_icd10", 'J12') OR starts_with(f."main_icd10", 'J13') OR starts_with(f."main_icd10", 'J14') OR starts_with(f."main_icd10", 'J15') OR starts_with(f."main_icd10", 'J16') OR starts_with(f."main_icd10", 'J17') OR starts_with(f."main_icd10", 'J18'))) THEN 'pneumonia' END, CASE WHEN ((starts_with(f."main_icd10", 'J41') OR starts_with(f."main_icd10", 'J42') OR starts_with(f."main_icd10", 'J43') OR starts_with(f."main_icd10", 'J44'))) THEN 'copd' END, CASE WHEN ((starts_with(f."main_icd10", 'J'))) AND ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'J12') OR starts_with(f."main_icd10", 'J13') OR starts_with(f."main_icd10", 'J14') OR starts_with(f."main_icd10", 'J15') OR starts_with(f."main_icd10", 'J16') OR starts_with(f."main_icd10", 'J17') OR starts_with(f."main_icd10", 'J18') OR starts_with(f."main_icd10", 'J41') OR starts_with(f."main_icd10", 'J42') OR starts_with(f."main_icd10", 'J43') OR starts_with(f."main_icd10", 'J44')))) THEN 'other-respiratory' END, CASE WHEN ((starts_with(f."main_icd10", 'A') OR starts_with(f."main_icd10", 'B'))) THEN 'infections' END, CASE WHEN ((starts_with(f."main_icd10", 'E'))) THEN 'endocrine' END, CASE WHEN ((starts_with(f."main_icd10", 'F') OR starts_with(f."main_icd10", 'G'))) THEN 'mental-nervous' END, CASE WHEN ((starts_with(f."main_icd10", 'K'))) THEN 'digestive' END, CASE WHEN ((starts_with(f."main_icd10", 'N'))) THEN 'genitourinary' END, CASE WHEN ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'I') OR starts_with(f."main_icd10", 'J') OR starts_with(f."main_icd10", 'A') OR starts_with(f."main_icd10", 'B') OR starts_with(f."main_icd10", 'E') OR starts_with(f."main_icd10", 'F') OR starts_with(f."main_icd10", 'G') OR starts_with(f."main_icd10", 'K') OR starts_with(f."main_icd10", 'N')))) THEN 'other' END], x -> x IS NOT NULL) AS "__codes1" FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age", f."main_icd10",
      CAST([] AS VARCHAR[]) AS cohorts, sum(f."w") AS "w"
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
  WHERE s.care_level = 'inpatient' AND s.sector = 'somatic' AND NOT s.died AND s.discharged_at IS NOT NULL) f 
    WHERE (f.year IN (2024)) AND ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'C') OR starts_with(f."main_icd10", 'D0') OR starts_with(f."main_icd10", 'D37') OR starts_with(f."main_icd10", 'D38') OR starts_with(f."main_icd10", 'D39') OR starts_with(f."main_icd10", 'D40') OR starts_with(f."main_icd10", 'D41') OR starts_with(f."main_icd10", 'D42') OR starts_with(f."main_icd10", 'D43') OR starts_with(f."main_icd10", 'D44') OR starts_with(f."main_icd10", 'D45') OR starts_with(f."main_icd10", 'D46') OR starts_with(f."main_icd10", 'D47') OR starts_with(f."main_icd10", 'D48') OR starts_with(f."main_icd10", 'S') OR starts_with(f."main_icd10", 'T') OR starts_with(f."main_icd10", 'V') OR starts_with(f."main_icd10", 'W') OR starts_with(f."main_icd10", 'X') OR starts_with(f."main_icd10", 'Y') OR starts_with(f."main_icd10", 'Z08') OR starts_with(f."main_icd10", 'Z09') OR starts_with(f."main_icd10", 'Z48') OR starts_with(f."main_icd10", 'Z49') OR starts_with(f."main_icd10", 'Z50') OR starts_with(f."main_icd10", 'Z51') OR starts_with(f."main_icd10", 'Z54')))) AND (f."readmitted" = TRUE)
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx, "__codes0", "__codes1") f) f) a
    GROUP BY GROUPING SETS ((year, "age_70", "diagnosis_group", "band", "sx", mun), (year, "age_70", "diagnosis_group", "band", "sx", hff), (year, "age_70", "diagnosis_group", "band", "sx", hf), (year, "age_70", "diagnosis_group", "band", "sx", rhf), (year, "age_70", "diagnosis_group", "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- denominator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode)
      SELECT * FROM (
    SELECT year, "age_70", "diagnosis_group", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT * EXCLUDE ("__codes1"), unnest("__codes1") AS "diagnosis_group" FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "age_70" FROM (SELECT year, mun, hff, hf, rhf, band, sx, "__codes0", "__codes1", sum("w") AS "w" FROM (SELECT *, list_filter(['all', CASE WHEN (f.age >= 0 AND f.age <= 69) THEN '0-69' END, CASE WHEN (f.age >= 70) THEN '70+' END], x -> x IS NOT NULL) AS "__codes0", list_filter(['all', CASE WHEN ((starts_with(f."main_icd10", 'I50'))) THEN 'heart-failure' END, CASE WHEN ((starts_with(f."main_icd10", 'I'))) AND ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'I50')))) THEN 'other-circulatory' END, CASE WHEN ((starts_with(f."main_icd10", 'J12') OR starts_with(f."main_icd10", 'J13') OR starts_with(f."main_icd10", 'J14') OR starts_with(f."main_icd10", 'J15') OR starts_with(f."main_icd10", 'J16') OR starts_with(f."main_icd10", 'J17') OR starts_with(f."main_icd10", 'J18'))) THEN 'pneumonia' END, CASE WHEN ((starts_with(f."main_icd10", 'J41') OR starts_with(f."main_icd10", 'J42') OR starts_with(f."main_icd10", 'J43') OR starts_with(f."main_icd10", 'J44'))) THEN 'copd' END, CASE WHEN ((starts_with(f."main_icd10", 'J'))) AND ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'J12') OR starts_with(f."main_icd10", 'J13') OR starts_with(f."main_icd10", 'J14') OR starts_with(f."main_icd10", 'J15') OR starts_with(f."main_icd10", 'J16') OR starts_with(f."main_icd10", 'J17') OR starts_with(f."main_icd10", 'J18') OR starts_with(f."main_icd10", 'J41') OR starts_with(f."main_icd10", 'J42') OR starts_with(f."main_icd10", 'J43') OR starts_with(f."main_icd10", 'J44')))) THEN 'other-respiratory' END, CASE WHEN ((starts_with(f."main_icd10", 'A') OR starts_with(f."main_icd10", 'B'))) THEN 'infections' END, CASE WHEN ((starts_with(f."main_icd10", 'E'))) THEN 'endocrine' END, CASE WHEN ((starts_with(f."main_icd10", 'F') OR starts_with(f."main_icd10", 'G'))) THEN 'mental-nervous' END, CASE WHEN ((starts_with(f."main_icd10", 'K'))) THEN 'digestive' END, CASE WHEN ((starts_with(f."main_icd10", 'N'))) THEN 'genitourinary' END, CASE WHEN ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'I') OR starts_with(f."main_icd10", 'J') OR starts_with(f."main_icd10", 'A') OR starts_with(f."main_icd10", 'B') OR starts_with(f."main_icd10", 'E') OR starts_with(f."main_icd10", 'F') OR starts_with(f."main_icd10", 'G') OR starts_with(f."main_icd10", 'K') OR starts_with(f."main_icd10", 'N')))) THEN 'other' END], x -> x IS NOT NULL) AS "__codes1" FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age", f."main_icd10",
      CAST([] AS VARCHAR[]) AS cohorts, sum(f."w") AS "w"
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
  WHERE s.care_level = 'inpatient' AND s.sector = 'somatic' AND NOT s.died AND s.discharged_at IS NOT NULL) f 
    WHERE (f.year IN (2024)) AND ((f."main_icd10" IS NULL OR NOT (starts_with(f."main_icd10", 'C') OR starts_with(f."main_icd10", 'D0') OR starts_with(f."main_icd10", 'D37') OR starts_with(f."main_icd10", 'D38') OR starts_with(f."main_icd10", 'D39') OR starts_with(f."main_icd10", 'D40') OR starts_with(f."main_icd10", 'D41') OR starts_with(f."main_icd10", 'D42') OR starts_with(f."main_icd10", 'D43') OR starts_with(f."main_icd10", 'D44') OR starts_with(f."main_icd10", 'D45') OR starts_with(f."main_icd10", 'D46') OR starts_with(f."main_icd10", 'D47') OR starts_with(f."main_icd10", 'D48') OR starts_with(f."main_icd10", 'S') OR starts_with(f."main_icd10", 'T') OR starts_with(f."main_icd10", 'V') OR starts_with(f."main_icd10", 'W') OR starts_with(f."main_icd10", 'X') OR starts_with(f."main_icd10", 'Y') OR starts_with(f."main_icd10", 'Z08') OR starts_with(f."main_icd10", 'Z09') OR starts_with(f."main_icd10", 'Z48') OR starts_with(f."main_icd10", 'Z49') OR starts_with(f."main_icd10", 'Z50') OR starts_with(f."main_icd10", 'Z51') OR starts_with(f."main_icd10", 'Z54'))))
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx, "__codes0", "__codes1") f) f) a
    GROUP BY GROUPING SETS ((year, "age_70", "diagnosis_group", "band", "sx", mun), (year, "age_70", "diagnosis_group", "band", "sx", hff), (year, "age_70", "diagnosis_group", "band", "sx", hf), (year, "age_70", "diagnosis_group", "band", "sx", rhf), (year, "age_70", "diagnosis_group", "band", "sx"))
  ) WHERE area_code IS NOT NULL;
