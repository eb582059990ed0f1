-- felles indicator waiting-time-median-tsb 1.0.0, years 2024
-- coverage
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year(care_start_date) AS year, CAST(NULL AS VARCHAR) AS municipality_code
      FROM specialist_episode WHERE referral_date IS NOT NULL AND care_start_date IS NOT NULL),
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
    rep AS (SELECT DISTINCT year(care_start_date) AS year, CAST(NULL AS VARCHAR) AS municipality_code
      FROM specialist_episode WHERE referral_date IS NOT NULL AND care_start_date IS NOT NULL)
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
    FROM (SELECT person_id, 'npr' AS id_space, municipality_code, district_code, sex, 1 AS w, sector, year(first_start) AS year, year(first_start) - birth_year AS age, waiting_days
      FROM (SELECT *, date_diff('day', referral_date, first_start) AS waiting_days FROM (
    SELECT e.person_id, e.municipality_code, e.district_code, e.sex, e.birth_year, e.sector,
      e.referral_date, e.assessed_date, e.entitlement,
      min(CASE WHEN coalesce(e.waiting_status, 'started') = 'started' THEN e.care_start_date END)
        OVER (PARTITION BY e.person_id, e.sector, e.referral_date) AS first_start
    FROM specialist_episode e WHERE e.referral_date IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY e.person_id, e.sector, e.referral_date
      ORDER BY e.assessed_date DESC NULLS LAST, e.file_id DESC, e.line DESC) = 1)) r WHERE first_start IS NOT NULL) f 
    WHERE (f.year IN (2024)) AND (f."sector" = 'substance')
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx) a
    GROUP BY GROUPING SETS ((year, "band", "sx", mun), (year, "band", "sx", hff), (year, "band", "sx", hf), (year, "band", "sx", rhf), (year, "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- denominator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year(care_start_date) AS year, CAST(NULL AS VARCHAR) AS municipality_code
      FROM specialist_episode WHERE referral_date IS NOT NULL AND care_start_date IS NOT NULL)
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
    FROM (SELECT person_id, 'npr' AS id_space, municipality_code, district_code, sex, 1 AS w, sector, year(first_start) AS year, year(first_start) - birth_year AS age, waiting_days
      FROM (SELECT *, date_diff('day', referral_date, first_start) AS waiting_days FROM (
    SELECT e.person_id, e.municipality_code, e.district_code, e.sex, e.birth_year, e.sector,
      e.referral_date, e.assessed_date, e.entitlement,
      min(CASE WHEN coalesce(e.waiting_status, 'started') = 'started' THEN e.care_start_date END)
        OVER (PARTITION BY e.person_id, e.sector, e.referral_date) AS first_start
    FROM specialist_episode e WHERE e.referral_date IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY e.person_id, e.sector, e.referral_date
      ORDER BY e.assessed_date DESC NULLS LAST, e.file_id DESC, e.line DESC) = 1)) r WHERE first_start IS NOT NULL) f 
    WHERE (f.year IN (2024)) AND (f."sector" = 'substance')
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx) a
    GROUP BY GROUPING SETS ((year, "band", "sx", mun), (year, "band", "sx", hff), (year, "band", "sx", hf), (year, "band", "sx", rhf), (year, "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- median
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT year(care_start_date) AS year, CAST(NULL AS VARCHAR) AS municipality_code
      FROM specialist_episode WHERE referral_date IS NOT NULL AND care_start_date IS NOT NULL)
    SELECT * FROM (
    SELECT year, "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      median("waiting_days") AS v
    FROM (SELECT * EXCLUDE (__n) FROM (SELECT *, unnest(range(CAST(w AS BIGINT))) AS __n FROM (SELECT year, mun, hff, hf, rhf, band, sx, "waiting_days", sum("w") AS "w" FROM (SELECT * FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age", f."waiting_days",
      CAST([] AS VARCHAR[]) AS cohorts, sum(f."w") AS "w"
    FROM (SELECT person_id, 'npr' AS id_space, municipality_code, district_code, sex, 1 AS w, sector, year(first_start) AS year, year(first_start) - birth_year AS age, waiting_days
      FROM (SELECT *, date_diff('day', referral_date, first_start) AS waiting_days FROM (
    SELECT e.person_id, e.municipality_code, e.district_code, e.sex, e.birth_year, e.sector,
      e.referral_date, e.assessed_date, e.entitlement,
      min(CASE WHEN coalesce(e.waiting_status, 'started') = 'started' THEN e.care_start_date END)
        OVER (PARTITION BY e.person_id, e.sector, e.referral_date) AS first_start
    FROM specialist_episode e WHERE e.referral_date IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY e.person_id, e.sector, e.referral_date
      ORDER BY e.assessed_date DESC NULLS LAST, e.file_id DESC, e.line DESC) = 1)) r WHERE first_start IS NOT NULL) f 
    WHERE (f.year IN (2024)) AND (f."sector" = 'substance')
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f GROUP BY year, mun, hff, hf, rhf, band, sx, "waiting_days") f)) a
    GROUP BY GROUPING SETS ((year, "band", "sx", mun), (year, "band", "sx", hff), (year, "band", "sx", hf), (year, "band", "sx", rhf), (year, "band", "sx"))
  ) WHERE area_code IS NOT NULL;
