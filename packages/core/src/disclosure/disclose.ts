/**
 * `disclose()`: the one door out of felles. Checks an aggregate table against its schema,
 * refuses person-level data, applies primary, complementary and derived suppression, and returns
 * a {@link DisclosedTable} — the only thing an export writer accepts.
 */
import type { Db, Params } from '../kernel/db.js';
import { UsageError } from '../kernel/errors.js';
import { ident } from '../kernel/sql.js';
import { DEFAULT_CONFIG } from '../workspace/config.js';
import { buildCellSets, buildConstraintSets, describeSet, totalsByPart } from './constraints.js';
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
import { PRIMARY, SECONDARY, suppressColumn } from './suppress.js';
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

/** Options of {@link disclose}. */
export interface DiscloseOptions {
  /**
   * Counts from 1 up to and including this number are hidden; 0 disables suppression (person-id
   * and person-level checks still apply). Default: the workspace's `disclosure.threshold`, else 4.
   */
  threshold?: number;
  /**
   * A workspace (or anything with its config) whose `disclosure.threshold` is the default. When it
   * has a `db`, in-memory rows are also checked against the workspace's person ids.
   */
  workspace?: { config: { disclosure: { threshold: number } }; db?: Db };
  /** Provenance carried into every export. */
  metadata?: TableMetadata;
  /** Refuse inputs with more rows than this (default 5,000,000): aggregate first. */
  maxRows?: number;
  /**
   * The person-id lookup to use, shared over the tables of one run over an unchanged workspace so
   * that the person table is read once rather than once per table (default: a lookup of its own).
   */
  personIds?: PersonIdProbe;
}

/** Default for {@link DiscloseOptions.maxRows}. */
export const DISCLOSE_MAX_ROWS = 5_000_000;

/**
 * Apply disclosure control to an aggregate table.
 *
 * Refuses (CheckFailedError `PERSON_LEVEL_TABLE`) a table with a person-id-like column, with
 * dimension values that do not identify rows uniquely, or whose every protected count is 0 or 1
 * over 10 rows or more (each row describes one person). Refuses (UsageError `BAD_SCHEMA` /
 * `BAD_COUNT`) a schema that does not classify every column, has no protected count, or counts
 * that are not whole numbers ≥ 0.
 *
 * Then: counts 1..threshold are hidden (primary); further counts are hidden until no hidden cell
 * can be worked out from a total (secondary; see {@link suppressColumn}); derived figures are
 * hidden with any count they depend on. Hidden values become NULL, never 0. Two columns are
 * appended: `suppressed` (`none` | `primary` | `secondary` | `derived`) and `suppression_reason`.
 *
 * @example
 * ```ts
 * const t = await disclose({ db: ws.db, table: 'ind_acute_admissions' }, schema, { workspace: ws });
 * await exportTables([t], { format: 'xlsx', out: ws.outDir, manifestId: run.id });
 * ```
 */
export async function disclose(
  input: DisclosureInput,
  schema: DisclosureSchema,
  options: DiscloseOptions = {},
): Promise<DisclosedTable> {
  const threshold =
    options.threshold ??
    options.workspace?.config.disclosure.threshold ??
    DEFAULT_CONFIG.disclosure.threshold;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new UsageError(
      'BAD_THRESHOLD',
      `the suppression threshold must be a whole number ≥ 0, got ${String(threshold)}`,
    );
  }
  const maxRows = options.maxRows ?? DISCLOSE_MAX_ROWS;
  const roles = classify(schema);
  let rows: AggregateRow[];
  let inputColumns: string[];
  let db: Db | undefined = options.workspace?.db;
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
  return discloseRows(rows, inputColumns, schema, roles, threshold, options.metadata ?? {});
}

function discloseRows(
  rows: AggregateRow[],
  inputColumns: string[],
  schema: DisclosureSchema,
  roles: Map<string, ColumnRole>,
  threshold: number,
  metadata: TableMetadata,
): DisclosedTable {
  const dims = normaliseDimensions(schema);
  checkRows(
    rows,
    schema,
    dims.map((d) => d.column),
  );
  const hidden = rows.map(() => new Map<string, string>()); // column → reason
  const flags: SuppressionFlag[] = rows.map(() => 'none');
  const raise = (i: number, f: SuppressionFlag) => {
    if (SUPPRESSION_FLAGS.indexOf(f) > SUPPRESSION_FLAGS.indexOf(flags[i]!)) flags[i] = f;
  };
  const summary: DisclosureSummary = {
    rows: rows.length,
    primaryCells: 0,
    secondaryCells: 0,
    derivedCells: 0,
    unauditedCells: 0,
    rowsByFlag: { none: 0, primary: 0, secondary: 0, derived: 0 },
  };
  // One problem over the cells of all count columns (index = column × rows + row), so that
  // totals across columns (countTotals) are protected together with totals across rows.
  const n = rows.length;
  const cellSets = buildCellSets(rows, schema);
  const values = schema.counts.flatMap((col) => rows.map((r) => r[col] as number | null));
  const { state, because, auditSkipped } = suppressColumn(values, cellSets, threshold);
  summary.unauditedCells += auditSkipped;
  state.forEach((s, cell) => {
    const col = schema.counts[Math.floor(cell / Math.max(n, 1))]!;
    const i = cell % n;
    if (s === PRIMARY) {
      hidden[i]!.set(col, `${col} is between 1 and ${threshold} (primary)`);
      raise(i, 'primary');
      summary.primaryCells++;
    } else if (s === SECONDARY) {
      const set = cellSets[because[cell]!];
      hidden[i]!.set(
        col,
        `${col} hidden so that a small count cannot be worked out from the total ${set ? describeSet(set) : ''} (secondary)`,
      );
      raise(i, 'secondary');
      summary.secondaryCells++;
    }
  });
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
