import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { ident, qualified } from '../../kernel/sql.js';

/**
 * A SQL expression that normalises raw municipality text to a 4-digit code, or NULL when the
 * text is not a municipality code.
 *
 * Accepted (after `trim`, case-insensitive): `0301`, `301` (left-padded to `0301`), `K-3001`
 * (SSB StatBank's prefix), `K-3001 Halden` / `3001 Halden` (a trailing name is ignored),
 * `3001.0` (a number that went through a spreadsheet), and numeric columns (cast to text first).
 * Not accepted (→ NULL): empty text, 1–2 digit values, 6-digit city-district codes (`030101`),
 * SSB's `K-Rest …` rows, anything else. The result is only *shaped* like a code: join it to
 * `municipality_map` (see {@link harmonisedMunicipalitySelect}) to know whether it exists and
 * what it is in the structure year.
 *
 * @param rawSqlExpr a SQL expression (usually a quoted column name from `sql.ident()`); it is
 *   spliced as is, so it must never be user input.
 * @example
 * db.all(`SELECT ${municipalityCodeExpr(sql.ident('Region'))} AS code FROM raw`)
 */
export function municipalityCodeExpr(rawSqlExpr: string): string {
  return (
    `lpad(nullif(regexp_extract(trim(CAST(${rawSqlExpr} AS VARCHAR)), ` +
    `'^(?:[Kk]-)?([0-9]{3,4})(?:\\.0+)?(?:\\s.*)?$', 1), ''), 4, '0')`
  );
}

/**
 * A SQL expression that normalises raw city-district text to a 6-digit code (`030101`), or NULL.
 * Accepts `030101`, `30101` (left-padded), `B-030101` and a trailing name (`030101 Gamle Oslo`).
 */
export function districtCodeExpr(rawSqlExpr: string): string {
  return (
    `lpad(nullif(regexp_extract(trim(CAST(${rawSqlExpr} AS VARCHAR)), ` +
    `'^(?:[Bb]-)?([0-9]{5,6})(?:\\s.*)?$', 1), ''), 6, '0')`
  );
}

/**
 * How rows with a code of a municipality that was later split are harmonised:
 * - `person`: each row goes to the one **primary** successor (`municipality_map.is_primary`), so
 *   a person stays one person. Use for person-level rows (residence, episodes, claims).
 * - `weighted`: each row is repeated once per successor with `municipality_weight` (the
 *   documented share, summing to 1 per old code); multiply counts by it. Use for aggregate
 *   counts (population tables, published statistics).
 */
export type HarmoniseMode = 'person' | 'weighted';

/** Options of {@link harmonisedMunicipalitySelect}. */
export interface HarmoniseOptions {
  /** Source relation: a table name (quoted for you) or, with `fromSql`, a parenthesised query. */
  from: string;
  /** Set when `from` is SQL (e.g. `(SELECT … )`) rather than a table name. */
  fromSql?: boolean;
  /** The column with raw municipality text. */
  column: string;
  /** Default `person`. */
  mode?: HarmoniseMode;
  /** Name of the output column with the structure-year code. Default `municipality_code`. */
  as?: string;
}

/**
 * SQL of a SELECT that adds the harmonised structure-year code to every row of a relation:
 * `SELECT src.*, <normalised> AS municipality_code_norm, map.target_code AS <as>,
 * map.weight AS municipality_weight, map.is_split AS municipality_is_split FROM src LEFT JOIN
 * municipality_map …`. Rows whose code is unknown keep NULL in `<as>` (and in
 * `municipality_code_norm` when the text is not code-shaped), so the caller can reject them with
 * a reason instead of losing them silently. In `weighted` mode a split code yields one row per
 * successor; in `person` mode exactly one row comes out per input row.
 *
 * Identifiers are quoted here; the function does not run anything.
 * @example
 * await db.run(`CREATE TABLE pop AS ${harmonisedMunicipalitySelect({ from: 'raw_pop', column: 'region', mode: 'weighted' })}`);
 */
export function harmonisedMunicipalitySelect(opts: HarmoniseOptions): string {
  const mode = opts.mode ?? 'person';
  const src = opts.fromSql ? opts.from : qualified(...opts.from.split('.'));
  const norm = municipalityCodeExpr(`src.${ident(opts.column)}`);
  const as = ident(opts.as ?? 'municipality_code');
  return (
    `SELECT src.*, ${norm} AS municipality_code_norm, map.target_code AS ${as}, ` +
    `coalesce(map.weight, 1) AS municipality_weight, coalesce(map.is_split, FALSE) AS municipality_is_split ` +
    `FROM ${src} AS src LEFT JOIN municipality_map AS map ON map.code = ${norm}` +
    (mode === 'person' ? ' AND map.is_primary' : '')
  );
}

/** Result of {@link harmoniseMunicipalityColumn}. */
export interface HarmoniseReport {
  /** Rows whose value was rewritten (including `301` → `0301`). */
  changed: number;
  /** Rows already holding a structure-year code. */
  unchanged: number;
  /** Distinct raw values that are not a known municipality code (NULLs not counted). */
  unknownValues: string[];
}

/**
 * Rewrite a text column of a workspace table in place to structure-year municipality codes,
 * person mode (a split code goes to its primary successor). Values that are not known codes are
 * left as they are and returned in `unknownValues` — the caller decides to reject or keep them.
 * Set-based: one `UPDATE … FROM municipality_map`. Run it inside a transaction.
 *
 * @throws UsageError `UNKNOWN_COLUMN` when the table has no such column.
 */
export async function harmoniseMunicipalityColumn(
  db: Db,
  table: string,
  column: string,
): Promise<HarmoniseReport> {
  const t = qualified(...table.split('.'));
  const c = ident(column);
  const cols = await db.columns(`SELECT * FROM ${t}`);
  if (!cols.includes(column))
    throw new UsageError('UNKNOWN_COLUMN', `table ${table} has no column ${column}`);
  const norm = municipalityCodeExpr(`${t}.${c}`);
  const unknown = await db.all<{ v: string }>(
    `SELECT DISTINCT CAST(${c} AS VARCHAR) AS v FROM ${t}
     WHERE ${c} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM municipality_map m WHERE m.code = ${municipalityCodeExpr(c)})
     ORDER BY v`,
  );
  const unchanged = Number(
    await db.value(`SELECT count(*) FROM ${t} WHERE ${c} IN (SELECT code FROM municipality)`),
  );
  const changed = await db.run(
    `UPDATE ${t} SET ${c} = m.target_code FROM municipality_map m
     WHERE m.code = ${norm} AND m.is_primary AND ${t}.${c} IS DISTINCT FROM m.target_code`,
  );
  return { changed, unchanged, unknownValues: unknown.map((r) => r.v) };
}
