import type { Db } from '../../kernel/db.js';
import { ident, list } from '../../kernel/sql.js';
import { MUNICIPALITY_MAP_SQL, normaliseMunicipalityCodeSql } from './harmonise.js';

/** A region name normalised for matching: lower case, `" - "` → `"-"`, single spaces. */
export function nameKeySql(e: string): string {
  return `regexp_replace(regexp_replace(lower(trim(${e})), '\\s*-\\s*', '-', 'g'), '\\s+', ' ', 'g')`;
}

/** Names that mean the whole country. */
const COUNTRY_NAMES = [
  'hele landet',
  'the whole country',
  'whole country',
  'norge',
  'norway',
  'landet',
  'i alt',
];

/**
 * Resolve the distinct region labels of a staged SSB file into the table `out`
 * (`region_raw, level, code, known, candidates`):
 * - labels with a code (`K-3001 Halden`, `3001`, `F-40 Telemark`, `0 Hele landet`): level from the
 *   code's length (4 digits municipality, 2 county, `0` country); `known` when the code is in
 *   `municipality_map` (any year) or is a county of the structure year;
 * - labels without a code (`Porsgrunn`, `Telemark`, `Hele landet`, `Herøy (Nordland)`): matched
 *   by name (case-insensitive, `" - "` = `"-"`) to the structure year's municipality names (full,
 *   short, each language part), county names and names of the country. When a name fits a
 *   municipality and a county (Oslo), the municipality wins; `candidates` lists the fits when
 *   several municipalities fit. Unmatched labels get level NULL.
 */
export async function resolveRegions(db: Db, stage: string, out: string): Promise<void> {
  const names = ident(`${out}_names`);
  const code = normaliseMunicipalityCodeSql('region_code');
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${names} AS
    SELECT DISTINCT key, level, code, prio FROM (
      SELECT unnest(${list(COUNTRY_NAMES)}) AS key, 'country' AS level, '0' AS code, 0 AS prio
      UNION ALL SELECT ${nameKeySql('name')}, 'municipality', code, 1 FROM municipality
      UNION ALL SELECT ${nameKeySql('short_name')}, 'municipality', code, 1 FROM municipality
      UNION ALL SELECT DISTINCT ${nameKeySql('county_name')}, 'county', county_code, 1 FROM municipality
      UNION ALL SELECT ${nameKeySql('s.part')}, 'municipality', code, 2 FROM (SELECT code, unnest(string_split(name, ' - ')) AS part FROM municipality) s
      UNION ALL SELECT ${nameKeySql('s.part')} || ' (' || ${nameKeySql('s.cpart')} || ')', 'municipality', code, 0
        FROM (SELECT code, part, unnest(list_append(string_split(county_name, ' - '), county_name)) AS cpart
              FROM (SELECT code, county_name, unnest(list_append(string_split(name, ' - '), name)) AS part FROM municipality)) s
    )`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(out)} AS
    WITH labels AS (SELECT DISTINCT region_raw, region_code, region_name, ${code} AS c FROM ${ident(stage)}),
    by_code AS (
      SELECT region_raw,
        CASE WHEN c IN ('0', '00', '000', '0000') THEN 'country'
             WHEN regexp_matches(c, '^[0-9]{4}$') THEN 'municipality'
             WHEN regexp_matches(c, '^[0-9]{2}$') THEN 'county' END AS level,
        CASE WHEN c IN ('0', '00', '000', '0000') THEN '0' ELSE c END AS code,
        CASE WHEN regexp_matches(c, '^[0-9]{4}$') THEN c IN (SELECT code FROM ${MUNICIPALITY_MAP_SQL})
             WHEN regexp_matches(c, '^[0-9]{2}$') THEN c IN (SELECT county_code FROM municipality)
             ELSE c IN ('0', '00', '000', '0000') END AS known
      FROM labels WHERE c <> ''),
    by_name AS (
      SELECT l.region_raw, n.level, n.code, n.prio,
        min(n.prio) OVER (PARTITION BY l.region_raw) AS best
      FROM labels l JOIN ${names} n ON n.key = ${nameKeySql('l.region_raw')} WHERE l.c = ''),
    named AS (
      SELECT region_raw,
        CASE WHEN count(DISTINCT level || code) = 1 THEN any_value(level)
             WHEN count(DISTINCT code) FILTER (level = 'municipality') = 1 THEN 'municipality' END AS level,
        CASE WHEN count(DISTINCT level || code) = 1 THEN any_value(code)
             WHEN count(DISTINCT code) FILTER (level = 'municipality') = 1 THEN any_value(code) FILTER (level = 'municipality') END AS code,
        string_agg(DISTINCT level || ' ' || code, ', ') AS candidates
      FROM by_name WHERE prio = best GROUP BY region_raw)
    SELECT l.region_raw, coalesce(b.level, n.level) AS level, coalesce(b.code, n.code) AS code,
      coalesce(b.known, n.code IS NOT NULL) AS known, n.candidates
    FROM labels l LEFT JOIN by_code b USING (region_raw) LEFT JOIN named n USING (region_raw)`);
  await db.exec(`DROP TABLE IF EXISTS ${names}`);
}
