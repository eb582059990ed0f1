import type {
  DuckDBConnection,
  DuckDBInstance,
  DuckDBType,
  DuckDBTypeId,
  DuckDBValue,
} from '@duckdb/node-api';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import type { Data, DataType, RecordBatch, Table } from 'apache-arrow';
import { FellesError, WorkspaceError } from './errors.js';

/**
 * The DuckDB bindings and Apache Arrow are loaded on first use, not when felles is imported: a
 * command that opens no database (`felles --version`, `--help`) never pays for the native module.
 * The bindings are CommonJS and are required, not imported: importing them from an ES module
 * makes Node scan every file of the package for its exports, which doubled their load time.
 */
type DuckModule = typeof import('@duckdb/node-api');
type ArrowModule = typeof import('apache-arrow');
let duckModule: DuckModule | undefined;
let arrowModule: Promise<ArrowModule> | undefined;

/** The DuckDB bindings (`@duckdb/node-api`), loaded once on first use. */
export function loadDuckDb(): DuckModule {
  duckModule ??= createRequire(import.meta.url)('@duckdb/node-api') as DuckModule;
  return duckModule;
}

function loadArrow(): Promise<ArrowModule> {
  arrowModule ??= import('apache-arrow');
  return arrowModule;
}

/** A plain JavaScript value as returned by {@link Db.all}. */
export type Cell = string | number | boolean | null | Cell[] | { [k: string]: Cell };
/** A result row as {@link Db.all} returns it: column name → plain value. */
export type Row = Record<string, Cell>;
/** Bound parameters: positional (`$1`, `?`) or named (`$name`). */
export type Params = DuckDBValue[] | Record<string, DuckDBValue>;

/** How {@link Db.open} opens a database. */
export interface DbOptions {
  readOnly?: boolean;
  /** DuckDB `memory_limit`, e.g. `"8GB"`. */
  memoryLimit?: string;
  threads?: number;
  /** Where DuckDB may spill when the memory limit is reached. */
  tempDirectory?: string;
  /**
   * Sealed, for queries typed by a user (`felles sql`): read-only, no file access of any kind
   * beyond the database file already open (no `COPY … TO`, `EXPORT DATABASE`, `ATTACH`, file
   * readers, extension install or load, and no spilling to a temporary folder), with the
   * configuration locked so that a `SET` cannot turn any of it back on. See {@link SEALED_SETTINGS}.
   */
  sealed?: boolean;
}

/**
 * The DuckDB settings of a sealed database ({@link DbOptions.sealed}), in the order they are
 * applied after the file is open. `enable_external_access = false` refuses file readers and
 * writers, `ATTACH` and extension loading, but DuckDB still allows the open database's own file
 * (and its WAL) to be written by `COPY … TO`; `disabled_filesystems = 'LocalFileSystem'` closes
 * that: no file can be opened any more, while the already open database file is still read
 * through its handle. `lock_configuration` comes last, so none of these can be changed again.
 */
export const SEALED_SETTINGS: readonly (readonly [string, string])[] = [
  ['enable_external_access', 'false'],
  ['disabled_filesystems', 'LocalFileSystem'],
  ['lock_configuration', 'true'],
];

/** One timed statement, recorded while profiling is on (see {@link Db.profile}). */
export interface QueryTiming {
  /** The statement, whitespace collapsed, cut to 400 characters. */
  sql: string;
  ms: number;
}

/**
 * A DuckDB database with one connection. Results come back as plain objects (BIGINT → number
 * when it is a safe integer, DATE → `YYYY-MM-DD`, TIMESTAMP → ISO string) or as Arrow tables.
 */
export class Db {
  private constructor(
    private readonly duck: DuckModule,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    readonly file: string,
  ) {}

  /** Open (or create) a database file; `:memory:` for an in-memory database. */
  static async open(file: string, options: DbOptions = {}): Promise<Db> {
    const sealed = options.sealed ?? false;
    const config: Record<string, string> = {};
    if (options.readOnly || sealed) config['access_mode'] = 'READ_ONLY';
    if (options.memoryLimit) config['memory_limit'] = options.memoryLimit;
    if (options.threads) config['threads'] = String(options.threads);
    // A sealed database never spills: a temporary folder is a place it could write to.
    if (sealed) config['temp_directory'] = '';
    else if (options.tempDirectory) config['temp_directory'] = options.tempDirectory;
    // Never reach out to the network for extensions: everything needed is built in.
    config['autoinstall_known_extensions'] = 'false';
    config['autoload_known_extensions'] = 'false';
    const duck = loadDuckDb();
    let instance: DuckDBInstance;
    try {
      instance = await duck.DuckDBInstance.create(file, config);
    } catch (e) {
      throw translateOpenError(e, file);
    }
    const connection = await instance.connect();
    if (sealed) {
      try {
        for (const [name, value] of SEALED_SETTINGS)
          await connection.run(`SET ${name} = '${value}'`);
      } catch (e) {
        connection.closeSync();
        instance.closeSync();
        throw new WorkspaceError(
          'DB_OPEN_FAILED',
          `could not seal the database ${file}: ${e instanceof Error ? e.message : String(e)}`,
          { file },
          { cause: e },
        );
      }
    }
    return new Db(duck, instance, connection, file);
  }

  /**
   * Statement timings while profiling is on: `startProfile()` begins a fresh list, every
   * statement run through this wrapper adds its wall time, `stopProfile()` returns the list.
   * Used by `--profile` to write per-query timings into the run manifest.
   */
  private timings: QueryTiming[] | undefined;

  startProfile(): void {
    this.timings = [];
  }

  stopProfile(): QueryTiming[] {
    const t = this.timings ?? [];
    this.timings = undefined;
    return t;
  }

  get profiling(): boolean {
    return this.timings !== undefined;
  }

  private async timed<T>(sql: string, fn: () => Promise<T>): Promise<T> {
    if (!this.timings) return fn();
    const t0 = performance.now();
    const text = sql.replace(/\s+/g, ' ').trim().slice(0, 400);
    // FELLES_PROFILE=live also prints each statement as it starts and ends (on stderr), to see
    // which one a long run is in.
    const live = process.env['FELLES_PROFILE'] === 'live';
    if (live) process.stderr.write(`[sql] ${text.slice(0, 160)}\n`);
    try {
      return await fn();
    } finally {
      const ms = Math.round((performance.now() - t0) * 10) / 10;
      if (live) process.stderr.write(`[sql] ${(ms / 1000).toFixed(1)} s\n`);
      this.timings?.push({ sql: text, ms });
    }
  }

  /** Run a statement and return all rows as plain objects. */
  async all<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.timed(sql, () => this.connection.runAndReadAll(sql, params));
    return reader.getRowObjectsJS().map((r) => toPlainRow(r) as T);
  }

  /** The first row, or undefined. */
  async one<T extends Row = Row>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** The first column of the first row. */
  async value<T extends Cell = Cell>(sql: string, params?: Params): Promise<T | undefined> {
    const row = await this.one(sql, params);
    if (!row) return undefined;
    const k = Object.keys(row)[0];
    return k === undefined ? undefined : (row[k] as T);
  }

  /** Run a statement for its effect; returns the number of changed rows when DuckDB reports one. */
  async run(sql: string, params?: Params): Promise<number> {
    const res = await this.timed(sql, () => this.connection.run(sql, params));
    return Number(res.rowsChanged ?? 0);
  }

  /** Run several statements separated by semicolons (no parameters). */
  async exec(sql: string): Promise<void> {
    await this.timed(sql, () => this.connection.run(sql));
  }

  /** Column names of a query's result without running it in full. */
  async columns(sql: string): Promise<string[]> {
    const reader = await this.connection.runAndReadUntil(`SELECT * FROM (${sql}) LIMIT 0`, 0);
    return reader.columnNames();
  }

  /**
   * Run a query and read its result chunk by chunk (DuckDB's data chunks, 2,048 rows each), as
   * plain rows like {@link all} gives them. Only one chunk is in JavaScript at a time, so a large
   * result never sits in memory whole.
   */
  async *stream<T extends Row = Row>(sql: string, params?: Params): AsyncGenerator<T[]> {
    const result = await this.timed(sql, () => this.connection.stream(sql, params));
    const names = result.columnNames();
    for await (const chunk of result) {
      const columns = chunk.convertColumns(this.duck.JSDuckDBValueConverter);
      const rows: T[] = [];
      for (let i = 0; i < chunk.rowCount; i++) {
        const row: Row = {};
        names.forEach((n, j) => (row[n] = toPlain(columns[j]![i])));
        rows.push(row as T);
      }
      yield rows;
    }
  }

  /**
   * Run a query and read its result as Apache Arrow record batches, one per DuckDB data chunk,
   * built column by column (no row objects in between). Numbers of every numeric type become
   * `Float64`, booleans `Bool`, everything else `Utf8` (dates as ISO text, as {@link all} gives
   * them), so every batch of a result has the same schema.
   */
  async *arrowBatches(sql: string, params?: Params): AsyncGenerator<RecordBatch> {
    const arrow = await loadArrow();
    const result = await this.timed(sql, () => this.connection.stream(sql, params));
    const names = result.columnNames();
    const types = result.columnTypes().map((t) => this.arrowTypeOf(arrow, t));
    for await (const chunk of result) {
      const columns = chunk.convertColumns(this.duck.JSDuckDBValueConverter);
      const data: Record<string, Data> = {};
      names.forEach((n, j) => {
        const type = types[j]!;
        const values = columns[j]!.map((v) => arrowCell(arrow, toPlain(v), type));
        data[n] = arrow.vectorFromArray(values, type).data[0]!;
      });
      yield new arrow.RecordBatch(data);
    }
  }

  /**
   * A query's whole result as an Apache Arrow table, for hand-off to other tools; assembled from
   * {@link arrowBatches}. The table holds the whole result: use `arrowBatches` for large ones.
   */
  async arrow(sql: string, params?: Params): Promise<Table> {
    const arrow = await loadArrow();
    const batches: RecordBatch[] = [];
    for await (const b of this.arrowBatches(sql, params)) batches.push(b);
    if (batches.length > 0) return new arrow.Table(batches);
    const reader = await this.connection.runAndReadUntil(
      `SELECT * FROM (${sql}) LIMIT 0`,
      0,
      params,
    );
    const types = reader.columnTypes().map((t) => this.arrowTypeOf(arrow, t));
    return new arrow.Table(
      Object.fromEntries(
        reader.columnNames().map((n, j) => [n, arrow.vectorFromArray([], types[j]!)]),
      ),
    );
  }

  /** The Arrow type a DuckDB column becomes in {@link Db.arrowBatches}. */
  private arrowTypeOf(arrow: ArrowModule, type: DuckDBType): DataType {
    const id = this.duck.DuckDBTypeId;
    const numeric: readonly DuckDBTypeId[] = [
      id.TINYINT,
      id.SMALLINT,
      id.INTEGER,
      id.BIGINT,
      id.HUGEINT,
      id.UTINYINT,
      id.USMALLINT,
      id.UINTEGER,
      id.UBIGINT,
      id.UHUGEINT,
      id.FLOAT,
      id.DOUBLE,
      id.DECIMAL,
    ];
    if (numeric.includes(type.typeId)) return new arrow.Float64();
    if (type.typeId === id.BOOLEAN) return new arrow.Bool();
    return new arrow.Utf8();
  }

  /**
   * Run `fn` inside one transaction: committed if it resolves, rolled back if it throws.
   * Nested calls join the outer transaction.
   */
  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) return fn();
    await this.connection.run('BEGIN TRANSACTION');
    this.inTransaction = true;
    try {
      const out = await fn();
      await this.connection.run('COMMIT');
      return out;
    } catch (e) {
      try {
        await this.connection.run('ROLLBACK');
      } catch {
        // the transaction may already be aborted; the original error matters
      }
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }
  private inTransaction = false;

  close(): void {
    try {
      this.connection.closeSync();
    } finally {
      this.instance.closeSync();
    }
  }
}

function translateOpenError(e: unknown, file: string): FellesError {
  const msg = e instanceof Error ? e.message : String(e);
  if (/Could not set lock|Conflicting lock/i.test(msg)) {
    const pid = /PID (\d+)/.exec(msg)?.[1];
    return new WorkspaceError(
      'WORKSPACE_IN_USE',
      `the workspace is in use by another felles process${pid ? ` (PID ${pid})` : ''}; wait for it to finish and try again (${file})`,
      { file, pid: pid ? Number(pid) : undefined },
      { cause: e },
    );
  }
  if (/not a valid DuckDB database|Corrupt|database file|Invalid Input Error.*file/i.test(msg)) {
    return new WorkspaceError(
      'WORKSPACE_CORRUPT',
      `the database file is damaged or not a felles workspace database: ${file}`,
      { file },
      { cause: e },
    );
  }
  return new WorkspaceError(
    'DB_OPEN_FAILED',
    `could not open the database ${file}: ${msg}`,
    { file },
    { cause: e },
  );
}

function arrowCell(arrow: ArrowModule, p: Cell, type: DataType): string | number | boolean | null {
  if (p === null) return null;
  if (type instanceof arrow.Utf8) return typeof p === 'string' ? p : JSON.stringify(p);
  if (type instanceof arrow.Float64) return Number(p);
  return p as boolean;
}

/** Convert DuckDB's JS values to plain JSON-friendly values. */
export function toPlainRow(row: Record<string, unknown>): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) out[k] = toPlain(v);
  return out;
}

function toPlain(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') {
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)
      ? Number(v)
      : v.toString();
  }
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(v)) return v.map(toPlain);
  if (typeof v === 'object') {
    const o: Record<string, Cell> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) o[k] = toPlain(x);
    return o;
  }
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  return String(v);
}
