import { join } from 'node:path';
import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { int, path } from '../../kernel/sql.js';
import { DATASETS_DIR } from '../../kernel/util/paths.js';

/** Folder of the bundled geography files (see `datasets/reference/README.md`). */
export const GEOGRAPHY_DIR = join(DATASETS_DIR, 'reference', 'geography');

/** The bundled geography files {@link installGeography} reads (recorded in the init manifest). */
export const GEOGRAPHY_FILES: readonly string[] = [
  'municipalities.csv',
  'counties.csv',
  'municipality-changes.csv',
  'districts.csv',
  'helsefellesskap.csv',
  'rhf.csv',
  'catchment-2024.csv',
  'hospital-areas.csv',
  'split-refinements.csv',
];

/** Structure years the bundled geography describes. */
export const GEOGRAPHY_STRUCTURE_YEARS: readonly number[] = [2024];

/** `read_csv(...)` of one bundled file, every column as text (codes keep their leading zeros). */
function csv(file: string): string {
  return `read_csv(${path(join(GEOGRAPHY_DIR, file))}, header = true, all_varchar = true, delim = ',', quote = '"')`;
}

/**
 * Load the bundled geography (municipalities, code changes and their resolved map, city
 * districts, catchment chain, helsefellesskap) into a new workspace. Returns row counts per table.
 *
 * Runs inside the caller's transaction ({@link Workspace.init}). All loading is set-based SQL
 * over DuckDB's `read_csv`. `municipality_map` is built here by following the change chain up
 * to `structureYear` (see docs/geography.md for the split rule).
 *
 * @throws UsageError `UNSUPPORTED_STRUCTURE_YEAR` when the bundled files do not describe that year.
 */
export async function installGeography(
  db: Db,
  structureYear: number,
): Promise<Record<string, number>> {
  if (!GEOGRAPHY_STRUCTURE_YEARS.includes(structureYear)) {
    throw new UsageError(
      'UNSUPPORTED_STRUCTURE_YEAR',
      `the bundled geography describes ${GEOGRAPHY_STRUCTURE_YEARS.join(', ')}, not ${structureYear}`,
    );
  }
  const y = int(structureYear);
  const counts: Record<string, number> = {};

  counts['municipality'] = await db.run(`
    INSERT INTO municipality
    SELECT m.code, m.name, m.short_name, m.county_code, c.name, m.helsefellesskap
    FROM ${csv('municipalities.csv')} m JOIN ${csv('counties.csv')} c USING (county_code)
    ORDER BY m.code`);

  // new_name: the name the new code had in that year = its old_name when it later changed,
  // otherwise its structure-year name.
  counts['municipality_change'] = await db.run(`
    INSERT INTO municipality_change
    WITH ch AS (SELECT * FROM ${csv('municipality-changes.csv')} WHERE CAST(year AS INTEGER) <= ${y})
    SELECT CAST(c.year AS INTEGER), c.old_code, c.old_name, c.new_code,
      coalesce(
        (SELECT arg_min(l.old_name, CAST(l.year AS INTEGER)) FROM ch l
          WHERE l.old_code = c.new_code AND CAST(l.year AS INTEGER) > CAST(c.year AS INTEGER)),
        (SELECT m.name FROM municipality m WHERE m.code = c.new_code)),
      c.kind, CAST(c.weight AS DOUBLE), c."primary" = 'true'
    FROM ch c ORDER BY 1, 2, 4`);

  counts['municipality_map'] = await buildMunicipalityMap(db);

  counts['district'] = await db.run(`
    INSERT INTO district
    SELECT code, name, municipality_code, CAST(valid_to AS INTEGER), current_code
    FROM ${csv('districts.csv')} ORDER BY code`);

  counts['helsefellesskap'] = await db.run(`
    INSERT INTO helsefellesskap
    SELECT h.code, h.name, h.short_name, h.rhf, r.name, h.health_trusts, CAST(h.sort_order AS INTEGER)
    FROM ${csv('helsefellesskap.csv')} h JOIN ${csv('rhf.csv')} r ON r.code = h.rhf
    ORDER BY h.sort_order`);

  counts['catchment'] = await db.run(`
    INSERT INTO catchment
    SELECT ${y}, c.area,
      coalesce(d.name, m.name),
      c.level,
      coalesce(d.municipality_code, m.code),
      a.skde_name, a.code, a.health_trust, a.rhf, r.name,
      mm.hff_code
    FROM ${csv('catchment-2024.csv')} c
    JOIN ${csv('hospital-areas.csv')} a ON a.code = c.hospital_area
    JOIN ${csv('rhf.csv')} r ON r.code = a.rhf
    LEFT JOIN district d ON c.level = 'district' AND d.code = c.area
    LEFT JOIN municipality m ON c.level = 'municipality' AND m.code = c.area
    JOIN municipality mm ON mm.code = coalesce(d.municipality_code, m.code)
    ORDER BY c.area`);
  return counts;
}

/**
 * Resolve every code in `municipality_change` (and every structure-year code) to its
 * structure-year code(s). A chain multiplies weights and keeps a row primary only when every
 * step was primary. `split-refinements.csv` then replaces the fixed weights by the exact
 * successor where borders are known (Haram 1534 → 1580, the rest of 2020-Ålesund → 1508).
 */
async function buildMunicipalityMap(db: Db): Promise<number> {
  const rank = `CASE WHEN k = 'split' THEN 3 WHEN k = 'merge' THEN 2 ELSE 1 END`;
  await db.exec(`
    CREATE TEMP TABLE _geo_walk AS
    WITH RECURSIVE walk(code, cur, last_year, weight, is_primary, kinds, path) AS (
      SELECT c.old_code, c.new_code, c.year, c.split_weight, c.is_primary, [c.change_type],
        c.old_code || ' → ' || c.new_code || ' (' || c.year || ' ' || c.change_type || ')'
      FROM municipality_change c
      WHERE NOT EXISTS (SELECT 1 FROM municipality_change e WHERE e.old_code = c.old_code AND e.year < c.year)
      UNION ALL
      SELECT w.code, c.new_code, c.year, w.weight * c.split_weight, w.is_primary AND c.is_primary,
        list_append(w.kinds, c.change_type),
        w.path || ' → ' || c.new_code || ' (' || c.year || ' ' || c.change_type || ')'
      FROM walk w JOIN municipality_change c ON c.old_code = w.cur AND c.year > w.last_year
    )
    SELECT w.code, w.cur AS target_code, w.weight, w.is_primary, w.kinds, w.path
    FROM walk w WHERE w.cur IN (SELECT code FROM municipality);

    UPDATE _geo_walk SET weight = 1, is_primary = TRUE, kinds = list_transform(kinds, k -> CASE WHEN k = 'split' THEN 'merge' ELSE k END),
      path = path || ' [border-exact]'
    FROM ${csv('split-refinements.csv')} r
    WHERE _geo_walk.code = r.code AND _geo_walk.target_code = r.target_code;
    DELETE FROM _geo_walk USING ${csv('split-refinements.csv')} r
    WHERE _geo_walk.code = r.code AND _geo_walk.target_code <> r.target_code;
  `);
  const n = await db.run(`
    INSERT INTO municipality_map
    SELECT w.code, w.target_code, w.weight,
      list_contains(w.kinds, 'split'),
      CASE list_max(list_transform(w.kinds, k -> ${rank}))
        WHEN 3 THEN 'split' WHEN 2 THEN 'merge' ELSE 'recode' END,
      w.is_primary,
      (SELECT arg_min(c.old_name, c.year) FROM municipality_change c WHERE c.old_code = w.code),
      (SELECT min(c.year) - 1 FROM municipality_change c WHERE c.old_code = w.code),
      w.path
    FROM _geo_walk w
    UNION ALL
    SELECT code, code, 1, FALSE, 'current', TRUE, name, NULL, code FROM municipality
    ORDER BY 1, 2`);
  await db.exec(`DROP TABLE _geo_walk`);
  return n;
}
