-- felles indicator home-health-care-users 1.0.0, years 2024
-- coverage
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT y.year, ms.municipality_code FROM municipal_service ms
      JOIN (SELECT unnest(range(min(year(from_date)), max(greatest(year(from_date), coalesce(year(to_date), 0))) + 1)) AS year FROM municipal_service) y
        ON service_active_in_year(ms.from_date, ms.to_date, y.year) WHERE ms.municipality_code IS NOT NULL),
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
    rep AS (SELECT DISTINCT y.year, ms.municipality_code FROM municipal_service ms
      JOIN (SELECT unnest(range(min(year(from_date)), max(greatest(year(from_date), coalesce(year(to_date), 0))) + 1)) AS year FROM municipal_service) y
        ON service_active_in_year(ms.from_date, ms.to_date, y.year) WHERE ms.municipality_code IS NOT NULL)
    SELECT * FROM (
    SELECT year, "age_group", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      count(DISTINCT person_id) AS v
    FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "age_group" FROM (SELECT DISTINCT year, mun, hff, hf, rhf, band, sx, "__codes0", "person_id" FROM (SELECT *, list_filter(['all', CASE WHEN (f.age >= 67 AND f.age <= 79) THEN '67-79' END, CASE WHEN (f.age >= 80) THEN '80+' END], x -> x IS NOT NULL) AS "__codes0" FROM (SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, NULL) AS hf, -1 AS band, 'T' AS sx
    FROM (SELECT f."year", f."municipality_code", f."district_code", f."sex", f."age", f."person_id",
      CAST([] AS VARCHAR[]) AS cohorts
    FROM (SELECT ms.person_id, 'kpr' AS id_space, y.year, ms.municipality_code, CAST(NULL AS VARCHAR) AS district_code,
        p.sex, y.year - p.birth_year AS age, 1 AS w, ms.service_group, ms.service_code, ms.hours_per_week
      FROM municipal_service ms
      JOIN (SELECT unnest(range(min(year(from_date)), max(greatest(year(from_date), coalesce(year(to_date), 0))) + 1)) AS year FROM municipal_service) y
        ON service_active_in_year(ms.from_date, ms.to_date, y.year)
      LEFT JOIN person p ON p.id_space = 'kpr' AND p.person_id = ms.person_id) f 
    WHERE (f.year IN (2024)) AND (f.age >= 67) AND (f."service_group" = 'home_health_care')
    GROUP BY ALL) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code) f) f) f) a
    GROUP BY GROUPING SETS ((year, "age_group", "band", "sx", mun), (year, "age_group", "band", "sx", hff), (year, "age_group", "band", "sx", hf), (year, "age_group", "band", "sx", rhf), (year, "age_group", "band", "sx"))
  ) WHERE area_code IS NOT NULL;

-- denominator
WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = 2024
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = 2024 AND area_level = 'district'),
    rep AS (SELECT DISTINCT y.year, ms.municipality_code FROM municipal_service ms
      JOIN (SELECT unnest(range(min(year(from_date)), max(greatest(year(from_date), coalesce(year(to_date), 0))) + 1)) AS year FROM municipal_service) y
        ON service_active_in_year(ms.from_date, ms.to_date, y.year) WHERE ms.municipality_code IS NOT NULL)
      SELECT "year", "level", "area_code", "age_group", "band", "sx", sum(v) AS v FROM (
        SELECT year, "age_group", "band", "sx", level, area_code, v FROM (SELECT * FROM (
    SELECT year, "age_group", "band", "sx", 
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      sum(w) AS v
    FROM (SELECT * EXCLUDE ("__codes0"), unnest("__codes0") AS "age_group" FROM (SELECT year, mun, hff, hf, rhf, band, sx, "__codes0", sum("w") AS "w" FROM (SELECT *, list_filter(['all', CASE WHEN (f.age >= 67 AND f.age <= 79) THEN '67-79' END, CASE WHEN (f.age >= 80) THEN '80+' END], x -> x IS NOT NULL) AS "__codes0" FROM (SELECT p.year, p.municipality_code AS mun, g.hff, g.rhf, g.hf_whole AS hf, p.sex, p.age, p.population AS w, -1 AS band, 'T' AS sx
    FROM population p JOIN g ON g.mun = p.municipality_code
    JOIN (SELECT DISTINCT rep.year, g.mun FROM rep JOIN g ON rep.municipality_code IS NULL OR rep.municipality_code = g.mun) r
      ON r.year = p.year AND r.mun = p.municipality_code
    WHERE p.year IN (2024) AND p.age >= 67) f) f GROUP BY year, mun, hff, hf, rhf, band, sx, "__codes0") f) a
    GROUP BY GROUPING SETS ((year, "age_group", "band", "sx", mun), (year, "age_group", "band", "sx", hff), (year, "age_group", "band", "sx", hf), (year, "age_group", "band", "sx", rhf), (year, "age_group", "band", "sx"))
  ) WHERE area_code IS NOT NULL) 
      ) GROUP BY ALL;
