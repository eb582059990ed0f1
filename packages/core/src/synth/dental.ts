import type { Db } from '../kernel/db.js';
import { inList } from '../kernel/sql.js';
import type { ResolvedSynthOptions } from './options.js';

/**
 * Public dental service records (`s_dental`): priority group a (children 3–18; the share examined
 * or treated varies by county, 0.58–0.84), d (19–20 year olds, 0.55) and c (elderly and chronically
 * ill with home health care or long-term care, 0.45). Status examinations at ages 3 and 5 carry
 * dmft, at 12, 15 and 18 DMFT (zero-inflated geometric; basis in datasets/README.md).
 */
export async function buildDental(db: Db, o: ResolvedSynthOptions): Promise<void> {
  await db.exec(`
CREATE OR REPLACE TABLE s_county AS
SELECT county, 0.58 + 0.26 * u(county, 'dentalcover', 0) AS p_exam FROM (SELECT DISTINCT county FROM s_mun);

CREATE OR REPLACE TABLE s_dental AS
WITH py AS (
  SELECT p.*, c.p_exam,
    greatest(p.birth_date, make_date(p.year, 1, 1)) AS d0, coalesce(p.death_date, make_date(p.year, 12, 31)) AS d1,
    EXISTS (SELECT 1 FROM s_svc s WHERE s.pid = p.pid AND s.year = p.year AND s.code IN (15, 21)) AS care
  FROM s_py p JOIN s_county c USING (county) WHERE p.year IN ${inList(o.years)}
), g AS (
  SELECT *,
    CASE WHEN age BETWEEN 3 AND 18 THEN 'a' WHEN age BETWEEN 19 AND 20 THEN 'd' WHEN care THEN 'c' END AS grp
  FROM py
), e AS (
  SELECT *, u(pid, 'dental', year) < CASE grp WHEN 'a' THEN p_exam WHEN 'd' THEN 0.55 ELSE 0.45 END AS seen
  FROM g WHERE grp IS NOT NULL
)
SELECT pid, year, county, mun, grp, age, birth_date, 1 AS k,
  d0 + floor(u(pid, 'ddate', year) * (date_diff('day', d0, d1) + 1))::INTEGER AS dato,
  CASE WHEN grp = 'a' THEN u(pid, 'tilsyn', year) < 0.95 ELSE u(pid, 'tilsyn', year) < 0.8 END AS tilsyn,
  seen AS undersokt,
  seen AND u(pid, 'treated', year) < 0.35 AS behandlet,
  CASE WHEN seen AND age IN (3, 5) THEN
    CASE WHEN u(pid, 'dcaries', year) < CASE age WHEN 3 THEN 0.92 ELSE 0.80 END THEN 0 ELSE 1 + rgeom(CASE age WHEN 3 THEN 1.5 ELSE 2.0 END, pid, 'dmft', year) END END AS dmft_primary,
  CASE WHEN seen AND age IN (12, 15, 18) THEN
    CASE WHEN u(pid, 'dcaries', year) < CASE age WHEN 12 THEN 0.65 WHEN 15 THEN 0.45 ELSE 0.30 END THEN 0
         ELSE 1 + rgeom(CASE age WHEN 12 THEN 1.0 WHEN 15 THEN 1.8 ELSE 2.6 END, pid, 'DMFT', year) END END AS dmft_permanent
FROM e
-- a second contact (treatment) for some of those seen
UNION ALL
SELECT pid, year, county, mun, grp, age, birth_date, 2 AS k,
  least(d1, d0 + floor(u(pid, 'ddate', year) * (date_diff('day', d0, d1) + 1))::INTEGER + 14 + floor(u(pid, 'ddate2', year) * 60)::INTEGER),
  TRUE, FALSE, TRUE, NULL, NULL
FROM e WHERE seen AND u(pid, 'second', year) < 0.2;
`);
}

/**
 * SQL of the dental file, ordered. DuckDB names are case-insensitive, so the permanent-teeth
 * `DMFT` column is `dmft_1` here; the CSV writer puts `DMFT` in the header (Parquet keeps
 * `dmft_1`, the name ingest gives the capitalised twin).
 */
export function dentalSelectSql(): string {
  return `
SELECT i.kpr_id AS kpr_lnr, strftime(d.dato, '%Y-%m-%d') AS dato, d.county AS fylkeNr, 'TK' || d.mun AS klinikk,
  d.grp AS prioritetsgruppe, d.tilsyn::INTEGER AS underTilsyn, d.undersokt::INTEGER AS undersokt,
  d.behandlet::INTEGER AS behandlet, d.dmft_primary AS dmft, d.dmft_permanent AS dmft_1,
  date_diff('year', d.birth_date, d.dato) - CASE WHEN strftime(d.dato, '%m%d') < strftime(d.birth_date, '%m%d') THEN 1 ELSE 0 END AS alder
FROM s_dental d JOIN s_person_ids i USING (pid)
ORDER BY d.year, kpr_lnr, dato, d.k`;
}
