/**
 * SQL pieces for harmonising municipality codes to the workspace's structure year through
 * `municipality_map` (one row per old code and target; a split has several rows with weights).
 */

/** A 3-digit code (`301`, leading zero lost in a spreadsheet) becomes 4 digits; others unchanged. */
export function normaliseMunicipalityCodeSql(e: string): string {
  return `CASE WHEN regexp_matches(${e}, '^[0-9]{3}$') THEN lpad(${e}, 4, '0') ELSE ${e} END`;
}

/**
 * The map as a SQL subquery with columns `code, target_code, weight, is_primary`: every code ever
 * valid since 2008 (the structure year's own codes map to themselves). A split has several rows;
 * `is_primary` marks the one successor the geography names for it (docs/geography.md). When a
 * count is split, the other targets get `floor(count × weight)` and the primary gets the rest,
 * so the total is kept exactly.
 */
export const MUNICIPALITY_MAP_SQL = `(SELECT code, target_code, weight, is_primary FROM municipality_map)`;
