/**
 * The registry of export paths: every way a table can leave felles as a file. Table writers
 * (CSV, Parquet, XLSX, JSON, Arrow) are registered here, and later outputs (chart data, report
 * tables) register through the same door with {@link registerExportPath}. Every registered
 * writer is wrapped so that it refuses anything but {@link DisclosedTable}s before it runs.
 */
import { resolve } from 'node:path';
import { assertDisclosedTables, type DisclosedTable } from '../disclosure/disclosed-table.js';
import { FellesError, UsageError } from '../kernel/errors.js';
import { writeArrow } from './arrow.js';
import type { CsvDialect, ExportContext, ExportMetadata } from './context.js';
import { writeCsv } from './csv.js';
import { writeJson } from './json.js';
import { writeParquet } from './parquet.js';
import { writeXlsx } from './xlsx.js';

/** The built-in table formats. */
export type ExportFormat = 'csv' | 'parquet' | 'xlsx' | 'json' | 'arrow';

/** The built-in formats, in the order the CLI lists them. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ['csv', 'parquet', 'xlsx', 'json', 'arrow'];

/** One way out: a named writer of disclosed tables. */
export interface ExportPath {
  /** Format (or output kind) name, e.g. `csv`, `chart-data`. */
  format: string;
  /** One line for `--help`. */
  description: string;
  /** Write the tables into the folder `out`; return the paths written. */
  write(tables: readonly DisclosedTable[], out: string, ctx: ExportContext): Promise<string[]>;
}

const registry = new Map<string, ExportPath>();

/**
 * All registered export paths by format. Read-only view; add with {@link registerExportPath}.
 * A test walks this map and proves every entry refuses undisclosed input and writes no small or
 * recoverable count.
 */
export const EXPORT_PATHS: ReadonlyMap<string, ExportPath> = registry;

/**
 * Register an export path. Its `write` is wrapped: it runs only after every table has been
 * checked to come from `disclose()`. Registering a format twice is an error.
 */
export function registerExportPath(path: ExportPath): void {
  if (registry.has(path.format))
    throw new FellesError(
      'EXPORT_PATH_EXISTS',
      `export path "${path.format}" is already registered`,
    );
  const inner = path.write.bind(path);
  registry.set(
    path.format,
    Object.freeze({
      format: path.format,
      description: path.description,
      async write(tables: readonly DisclosedTable[], out: string, ctx: ExportContext) {
        assertDisclosedTables(tables, `export ${path.format}`);
        return inner(tables, out, ctx);
      },
    }),
  );
}

registerExportPath({
  format: 'csv',
  description: 'CSV per table (UTF-8 with BOM, ; and decimal comma) + .meta.json',
  write: writeCsv,
});
registerExportPath({
  format: 'parquet',
  description: 'Parquet per table, metadata in key-value metadata',
  write: writeParquet,
});
registerExportPath({
  format: 'xlsx',
  description: 'one workbook: a sheet per table plus a metadata sheet',
  write: writeXlsx,
});
registerExportPath({
  format: 'json',
  description: 'one JSON file: metadata and rows of every table',
  write: writeJson,
});
registerExportPath({
  format: 'arrow',
  description: 'Arrow IPC file per table, metadata in the schema',
  write: writeArrow,
});

/** Options of {@link exportTables}. */
export interface ExportOptions {
  /** A registered format (`csv`, `parquet`, `xlsx`, `json`, `arrow`, or one registered later). */
  format: string;
  /** Folder to write into (created if missing). */
  out: string;
  /** Id of the run manifest that produced the tables; recorded in every file. Required. */
  manifestId: string;
  /** Export-wide provenance recorded in every file. */
  metadata?: ExportMetadata;
  /** File name without extension for single-file formats; default: the table's name, or `tables`. */
  baseName?: string;
  /** CSV dialect; default `excel-nb`. */
  csvDialect?: CsvDialect;
  /** Language of labels (XLSX sheet names and headers); default `nb`. */
  lang?: 'nb' | 'en';
  /**
   * Replace files that already exist (the CLI's `--force`). By default a file that exists is
   * never replaced: the export stops with `OUTPUT_EXISTS`. Check the folder before computing with
   * `prepareOutputFolder`.
   */
  overwrite?: boolean;
  /**
   * The run (a `RunRecorder`) to record in: every written path as an output and, when it can
   * take notes, what disclosure control hid in each table.
   */
  run?: { addOutput(file: string): void; note?(text: string): void };
}

/**
 * Write disclosed tables in one format and return the absolute paths written. Refuses
 * (`NOT_DISCLOSED`) anything that did not come from `disclose()`, unknown formats, duplicate table
 * names and a missing manifest id.
 *
 * @example
 * ```ts
 * const files = await exportTables([table], { format: 'xlsx', out: ws.outDir, manifestId: run.id, run });
 * ```
 */
export async function exportTables(
  tables: readonly DisclosedTable[],
  options: ExportOptions,
): Promise<string[]> {
  assertDisclosedTables(tables, 'exportTables');
  const path = registry.get(options.format);
  if (!path) {
    throw new UsageError(
      'UNKNOWN_FORMAT',
      `unknown export format "${options.format}"; choose one of ${[...registry.keys()].join(', ')}`,
    );
  }
  if (typeof options.manifestId !== 'string' || !/^[A-Za-z0-9._-]+$/.test(options.manifestId)) {
    throw new UsageError(
      'BAD_MANIFEST_ID',
      'every export must name the run manifest that produced it (manifestId: letters, digits, . _ -)',
    );
  }
  const names = tables.map((t) => t.name.toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new UsageError(
      'DUPLICATE_TABLE',
      `two tables are named "${dup}"; give each table its own name`,
    );
  const baseName = options.baseName ?? (tables.length === 1 ? tables[0]!.name : 'tables');
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/.test(baseName)) {
    throw new UsageError(
      'BAD_FILE_NAME',
      `file name "${baseName}" must be letters, digits, . _ or -`,
    );
  }
  const ctx: ExportContext = {
    manifestId: options.manifestId,
    metadata: options.metadata ?? {},
    baseName,
    csvDialect: options.csvDialect ?? 'excel-nb',
    overwrite: options.overwrite ?? false,
    ...(options.lang ? { lang: options.lang } : {}),
  };
  const files = (await path.write(tables, resolve(options.out), ctx)).map((f) => resolve(f));
  for (const f of files) options.run?.addOutput(f);
  for (const t of tables) {
    const s = t.summary;
    options.run?.note?.(
      `export ${options.format} ${t.name}: threshold ${t.threshold}; ${s.primaryCells} primary, ${s.secondaryCells} secondary, ${s.derivedCells} derived cells hidden of ${s.rows} rows`,
    );
  }
  return files;
}
