/**
 * Reading an aggregate table into memory with every check `disclose()` makes (columns
 * classified, no person-level data, unique keys), and turning a decided suppression into a
 * {@link DisclosedTable} (derived figures hidden with their counts, flag and reason columns).
 * Shared by {@link disclose} (one table) and the run builder (every table of a run at once).
 */
import type { Db, Params } from '../kernel/db.js';
import { ident } from '../kernel/sql.js';
import { buildConstraintSets, totalsByPart } from './constraints.js';
import { sealDisclosedTable, type DisclosedTable } from './disclosed-table.js';
import type { PersonIdProbe } from './id-probe.js';
import {
  FLAG_COLUMN,
  REASON_COLUMN,
  SUPPRESSION_FLAGS,
  normaliseDimensions,
  type AggregateRow,
  type ColumnInfo,
  type ColumnRole,
  type ColumnType,
  type DisclosureSchema,
  type DerivedSource,
  type DisclosureSummary,
  type SuppressionFlag,
  type TableMetadata,
} from './schema.js';
import {
  alreadyFlagged,
  checkColumns,
  checkRows,
  classify,
  duplicates,
  isFlagColumn,
  refuseIdValues,
  toAggregateRow,
  tooMany,
} from './validate.js';

/**
 * An aggregate table to disclose: rows in memory, a DuckDB table or view, or a query (run in
 * DuckDB; only its aggregate result is read into memory, after the person-level checks).
 */
export type DisclosureInput =
  | readonly Record<string, unknown>[]
  | { db: Db; table: string }
  | { db: Db; sql: string; params?: Params };

/** Default for the largest table accepted (`maxRows`). */
export const DISCLOSE_MAX_ROWS = 5_000_000;

/** A table read and checked, not yet suppressed. */
export interface PreparedTable {
  schema: DisclosureSchema;
  rows: AggregateRow[];
  inputColumns: string[];
  roles: Map<string, ColumnRole>;
}

/** Options of {@link prepareTable}. */
export interface PrepareOptions {
  /** Database for the person-id check of in-memory rows. */
  db?: Db;
  maxRows?: number;
  personIds?: PersonIdProbe;
}

/**
 * Read and check a table: classify columns (`BAD_SCHEMA`), refuse person-level data
 * (`PERSON_LEVEL_TABLE`), duplicate keys and tables above `maxRows`, counts that are not whole
 * numbers ≥ 0 (`BAD_COUNT`).
 */
export async function prepareTable(
  input: DisclosureInput,
  schema: DisclosureSchema,
  options: PrepareOptions = {},
): Promise<PreparedTable> {
  const roles = classify(schema);
  let rows: AggregateRow[];
  let inputColumns: string[];
  let db: Db | undefined = options.db;
  const maxRows = options.maxRows ?? DISCLOSE_MAX_ROWS;
  if (Array.isArray(input)) {
    const arr = input as readonly Record<string, unknown>[];
    inputColumns = [...new Set(arr.flatMap((r) => Object.keys(r)))];
    if (arr.length === 0) inputColumns = [...roles.keys()];
    const flagCols = inputColumns.filter(isFlagColumn);
    for (const c of flagCols)
      if (arr.some((r) => r[c] !== null && r[c] !== undefined)) throw alreadyFlagged(schema, c);
    inputColumns = inputColumns.filter((c) => !isFlagColumn(c));
    checkColumns(schema, roles, inputColumns);
    if (arr.length > maxRows) throw tooMany(schema, arr.length, maxRows);
    rows = arr.map((r, i) => toAggregateRow(r, inputColumns, schema.name, i));
  } else {
    const src = input as { db: Db; table: string } | { db: Db; sql: string; params?: Params };
    db = src.db;
    let source = 'table' in src ? `SELECT * FROM ${ident(src.table)}` : src.sql;
    const params = 'sql' in src ? src.params : undefined;
    inputColumns = (
      await db.connection.runAndReadUntil(`SELECT * FROM (${source}) LIMIT 0`, 0, params)
    ).columnNames();
    const flagCols = inputColumns.filter(isFlagColumn);
    for (const c of flagCols) {
      const set = await db.value<number>(
        `SELECT count(*) FROM (${source}) WHERE ${ident(c)} IS NOT NULL`,
        params,
      );
      if (set) throw alreadyFlagged(schema, c);
    }
    if (flagCols.length) {
      source = `SELECT * EXCLUDE (${flagCols.map(ident).join(', ')}) FROM (${source})`;
      inputColumns = inputColumns.filter((c) => !isFlagColumn(c));
    }
    checkColumns(schema, roles, inputColumns);
    const dims = normaliseDimensions(schema)
      .map((d) => ident(d.column))
      .join(', ');
    const stats = await db.one<{ n: number; dup: number }>(
      `WITH src AS (${source})
       SELECT (SELECT count(*) FROM src) AS n,
              (SELECT count(*) FROM (SELECT 1 FROM src GROUP BY ${dims || 'ALL'} HAVING count(*) > 1)) AS dup`,
      params,
    );
    if ((stats?.n ?? 0) > maxRows) throw tooMany(schema, stats!.n, maxRows);
    if ((stats?.dup ?? 0) > 0) throw duplicates(schema);
    rows = (await db.all(source, params)).map((r, i) =>
      toAggregateRow(r, inputColumns, schema.name, i),
    );
  }
  await refuseIdValues(rows, schema, roles, db, options.personIds);
  checkRows(
    rows,
    schema,
    normaliseDimensions(schema).map((d) => d.column),
  );
  return { schema, rows, inputColumns, roles };
}

/** The decided suppression of a table's count cells: row → column → reason. */
export type HiddenCells = Array<Map<string, string>>;

/**
 * Make the {@link DisclosedTable}: `hidden` holds the protected count cells to hide with their
 * reasons and the row flags they set (`primary` or `secondary`); derived figures are hidden with
 * any count (or total's count) they depend on.
 */
export function finishTable(
  t: PreparedTable,
  threshold: number,
  hidden: HiddenCells,
  flags: SuppressionFlag[],
  summary: DisclosureSummary,
  metadata: TableMetadata,
): DisclosedTable {
  const { rows, schema, roles, inputColumns } = t;
  const dims = normaliseDimensions(schema);
  const raise = (i: number, f: SuppressionFlag) => {
    if (SUPPRESSION_FLAGS.indexOf(f) > SUPPRESSION_FLAGS.indexOf(flags[i]!)) flags[i] = f;
  };
  const derived = Object.entries(schema.derived ?? {});
  const needsTotals = derived.some(([, from]) => from.some((f) => typeof f !== 'string'));
  const totals = needsTotals
    ? totalsByPart(buildConstraintSets(rows, dims))
    : new Map<string, number[]>();
  rows.forEach((r, i) => {
    const h = hidden[i]!;
    const hiddenSource = (src: DerivedSource): string | undefined => {
      if (typeof src === 'string') return h.has(src) ? src : undefined;
      const parents = totals.get(`${src.totalOver}\u0001${i}`) ?? [];
      return parents.some((p) => hidden[p]!.has(src.column))
        ? `${src.column} of the total over ${src.totalOver}`
        : undefined;
    };
    for (let changed = true; changed;) {
      changed = false;
      for (const [fig, from] of derived) {
        if (h.has(fig)) continue;
        const src = from.map(hiddenSource).find((x) => x !== undefined);
        if (src !== undefined) {
          h.set(fig, `${fig} hidden with ${src}`);
          changed = true;
          if (r[fig] !== null) summary.derivedCells++;
          raise(i, 'derived');
        }
      }
    }
  });

  const outColumns = [...inputColumns.filter((c) => roles.has(c)), FLAG_COLUMN, REASON_COLUMN];
  const out: AggregateRow[] = rows.map((r, i) => {
    const h = hidden[i]!;
    const o: AggregateRow = {};
    for (const c of inputColumns) o[c] = h.has(c) ? null : (r[c] ?? null);
    o[FLAG_COLUMN] = flags[i]!;
    o[REASON_COLUMN] = summariseReasons(h, schema);
    summary.rowsByFlag[flags[i]!]++;
    return o;
  });
  const columns: ColumnInfo[] = outColumns.map((name) => {
    if (name === FLAG_COLUMN || name === REASON_COLUMN)
      return { name, role: 'flag', type: 'string' };
    const role = roles.get(name)!;
    return {
      name,
      role,
      type: role === 'count' ? 'integer' : role === 'derived' ? 'number' : inferType(out, name),
    };
  });
  for (const c of columns) {
    if (c.type === 'string')
      for (const o of out)
        if (o[c.name] !== null && typeof o[c.name] !== 'string') o[c.name] = String(o[c.name]);
  }
  return sealDisclosedTable({
    name: schema.name,
    columns,
    rows: out,
    threshold,
    schema,
    metadata,
    summary,
  });
}

function summariseReasons(h: Map<string, string>, schema: DisclosureSchema): string {
  if (h.size === 0) return '';
  // Counts first (their own reasons), then the derived figures grouped by source.
  const parts: string[] = [];
  for (const c of schema.counts) if (h.has(c)) parts.push(h.get(c)!);
  const figs = Object.keys(schema.derived ?? {}).filter((f) => h.has(f));
  if (figs.length && parts.length)
    parts.push(`${figs.join(', ')} hidden with the counts they derive from`);
  else for (const f of figs) parts.push(h.get(f)!);
  return parts.join('; ');
}

function inferType(rows: AggregateRow[], c: string): ColumnType {
  let t: ColumnType | undefined;
  for (const r of rows) {
    const v = r[c];
    if (v === null || v === undefined) continue;
    const vt: ColumnType =
      typeof v === 'boolean'
        ? 'boolean'
        : typeof v === 'number'
          ? Number.isInteger(v)
            ? 'integer'
            : 'number'
          : 'string';
    if (t === undefined) t = vt;
    else if (t !== vt) {
      if ((t === 'integer' && vt === 'number') || (t === 'number' && vt === 'integer'))
        t = 'number';
      else return 'string';
    }
  }
  return t ?? 'string';
}
