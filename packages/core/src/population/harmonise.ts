/**
 * SQL pieces for harmonising municipality codes to the workspace's structure year through
 * `municipality_map` (one row per old code and target; a split has several rows with weights).
 */

/** A 3-digit code (`301`, leading zero lost in a spreadsheet) becomes 4 digits; others unchanged. */
export function normaliseMunicipalityCodeSql(e: string): string {
  return `CASE WHEN regexp_matches(${e}, '^[0-9]{3}$') THEN lpad(${e}, 4, '0') ELSE ${e} END`;
}

/**
 * The map as a SQL subquery with columns `code, target_code, weight, is_primary`: every code of
 * `municipality_map`, plus the structure year's own codes in case the map leaves them out.
 * `is_primary` marks the target with the largest weight (ties: lowest code); when a count is
 * split, the other targets get `floor(count × weight)` and the primary gets the rest, so the
 * total is kept exactly.
 */
export const MUNICIPALITY_MAP_SQL = `(
  SELECT code, target_code, weight,
    row_number() OVER (PARTITION BY code ORDER BY weight DESC, target_code) = 1 AS is_primary
  FROM (
    SELECT code, target_code, weight FROM municipality_map
    UNION ALL
    SELECT code, code, 1.0 FROM municipality WHERE code NOT IN (SELECT code FROM municipality_map)
  )
)`;
