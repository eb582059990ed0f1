-- felles indicator coercion-decision-patients 1.1.0, years 2024
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
    SELECT year, "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      count(DISTINCT person_id) AS v
    FROM (SELECT DISTINCT year, mun, hff, hf, rhf, band, sx, "person_id" FROM (SELECT * FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age", f."person_id",
      CAST([] AS VARCHAR[]) AS cohorts
    FROM (SELECT person_id, 'npr' AS id_space, year, municipality_code, district_code, sex, year - birth_year AS age, 1 AS w,
        sector, urgency, contact_mode, care_level, main_icd10, legal_basis, coalesce(coercion_decisions, 0) > 0 AS coercion
      FROM specialist_episode WHERE (care_level IS NOT NULL OR entitlement IS DISTINCT FROM 'not_needed')) f 
    WHERE (f.year IN (2024)) AND (f.age >= 16) AND (f."sector" IN ('adult_mental', 'child_mental')) AND (f."coercion" = TRUE)
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f) a
    GROUP BY GROUPING SETS ((year, "band", "sx", mun), (year, "band", "sx", hff), (year, "band", "sx", hf), (year, "band", "sx", rhf), (year, "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- denominator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode)
      SELECT "year", "level", "area_code", "band", "sx", sum(v) AS v FROM (
        SELECT year, "band", "sx", level, area_code, v FROM (SELECT * FROM (
    SELECT year, "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT year, mun, hff, hf, rhf, band, sx, sum("w") AS "w" FROM (SELECT * FROM (SELECT p.year, p.municipality_code AS mun, g.hff, g.rhf, g.hf_whole AS hf, p.sex, p.age, p.population AS w, -1 AS band, 'T' AS sx
    FROM population p JOIN g ON g.mun = p.municipality_code
    JOIN (SELECT DISTINCT rep.year, g.mun FROM rep JOIN g ON rep.municipality_code IS NULL OR rep.municipality_code = g.mun) r
      ON r.year = p.year AND r.mun = p.municipality_code
    WHERE p.year IN (2024) AND p.age >= 16) f) f GROUP BY year, mun, hff, hf, rhf, band, sx) a
    GROUP BY GROUPING SETS ((year, "band", "sx", mun), (year, "band", "sx", hff), (year, "band", "sx", hf), (year, "band", "sx", rhf), (year, "band", "sx"))
  ) WHERE area_code IS NOT NULL) 
      ) GROUP BY ALL;
