import { tmpdir } from 'node:os';
import type { Db } from '../../kernel/db.js';
import { InputDataError } from '../../kernel/errors.js';
import { ident, str } from '../../kernel/sql.js';
import { dropTemps, readCsv, type CsvRead } from '../csv/read-csv.js';
import { decideEncoding, decode, parseEncoding, type TextEncoding } from '../encoding.js';
import { inspectFile, type FileFacts } from '../inspect.js';
import { checkCells } from './checks.js';
import { classifyColumns, single, type SsbColumn, type SsbRoles } from './columns.js';
import { showDelim, sniffCsv, type CsvLayout, type SsbEncoding, type SsbFormat } from './detect.js';
import { jsonStatToCsv } from './jsonstat.js';
import {
  ageFromSql,
  ageToSql,
  ageValidSql,
  alternativeSql,
  regionCodeSql,
  regionNameSql,
  sexSql,
} from './labels.js';

/** Overrides for reading an SSB file; everything is detected when left out. */
export interface ReadSsbOptions {
  /** `utf-8` or `latin-1` (ISO-8859-1); detected by default. */
  encoding?: string;
  /** Field delimiter of a CSV file; detected by default (`;`, `,` or tab). */
  delimiter?: string;
  /** Force a format instead of detecting it. */
  format?: SsbFormat;
  /** Folder for temporary files (default: the system's). */
  tempDir?: string;
  /** Read CSV line by line even when DuckDB's reader could (tests compare both). */
  forceScan?: boolean;
}

/** What was found out about an SSB file while staging it. */
export interface SsbFileInfo {
  file: string;
  format: SsbFormat;
  encoding: SsbEncoding;
  delimiter?: string;
  /** StatBank title line or JSON-stat label. */
  title?: string;
  /** Table id from the title (`07459: …`), the `Tabell` column or the JSON-stat extension. */
  tableId?: string;
  /** Vintage from a `Framskriving` column, when it has one value. */
  vintage?: number;
  columns: SsbColumn[];
  /** 1-based physical line of the header (of the temporary CSV for JSON-stat). */
  headerLine: number;
  hasSex: boolean;
  /** Number of value cells read (data lines × value columns). */
  cells: number;
  /** Sum of all values read. */
  valueSum: number;
  /** For JSON-stat, "line" is the 1-based position in the value array. */
  lineIsCell: boolean;
}

/**
 * An SSB file read into a temporary table (every field as text, each row with its physical line)
 * but not yet parsed into cells: what {@link readSsbFile} makes and {@link stageSsbFile} takes.
 */
export interface SsbRead {
  file: string;
  format: SsbFormat;
  encoding: SsbEncoding;
  layout: CsvLayout;
  columns: SsbColumn[];
  roles: SsbRoles;
  read: CsvRead;
  /** JSON-stat2: the dataset's label and table id (the values were converted to CSV first). */
  title?: string;
  tableId?: string;
  lineIsCell: boolean;
}

/**
 * Read one SSB file (StatBank CSV, API CSV or JSON-stat2) into temporary tables named after
 * `table`: detect format, encoding, delimiter and header, find the columns' roles and read every
 * data line (DuckDB's reader when it reads the file cleanly, else line by line). Call it outside a
 * transaction: DuckDB's reader is tried first, and a statement that fails inside a transaction
 * aborts it. {@link dropSsbRead} drops what it made.
 */
export async function readSsbFile(
  db: Db,
  file: string | FileFacts,
  table: string,
  options: ReadSsbOptions = {},
): Promise<SsbRead> {
  const facts = typeof file === 'string' ? await inspectFile(file) : file;
  const wanted = parseEncoding(options.encoding);
  const isJson = options.format ? options.format === 'json-stat2' : facts.format === 'json';
  if (isJson) {
    decideEncoding(facts, 'utf-8');
    const { csvFile, title, tableId, cleanup } = await jsonStatToCsv(facts.path);
    try {
      const csvFacts = await inspectFile(csvFile);
      const opts = { ...options, delimiter: ',' };
      const r = await readCsvLayout(db, csvFacts, facts.path, table, 'utf-8', opts, 'json-stat2');
      return { ...r, title, tableId, lineIsCell: true };
    } finally {
      await cleanup();
    }
  }
  const encoding = decideEncoding(facts, wanted ?? 'auto');
  return readCsvLayout(db, facts, facts.path, table, encoding, options, undefined);
}

/** Drop the temporary tables of a {@link readSsbFile}. */
export async function dropSsbRead(db: Db, read: SsbRead): Promise<void> {
  await dropTemps(db, read.read.temps);
}

/**
 * Read one SSB file into the temporary table `table`, one row per value cell, with the labels
 * parsed:
 * `line, value_column, region_raw, region_code, region_name, sex_raw, sex, age_raw, age_from,
 * age_to, age_ok, alt_raw, alternative, year_raw, year, value_raw, value, table_raw, vintage_raw`.
 *
 * `file` is a path, the facts of the intake's inspection, or a file already read by
 * {@link readSsbFile} (whose temporary tables are then dropped). Checks every cell (set-based) and
 * throws one {@link InputDataError} for the first problem: a line that cannot be read, a value
 * that is not a number, negative or implausibly large, an age, sex or year label not understood.
 * Region codes, years of the target table and duplicates are checked by the loaders.
 */
export async function stageSsbFile(
  db: Db,
  file: string | FileFacts | SsbRead,
  table: string,
  options: ReadSsbOptions = {},
): Promise<SsbFileInfo> {
  const r =
    typeof file !== 'string' && 'read' in file
      ? file
      : await readSsbFile(db, file, `${table}_rd`, options);
  let info: SsbFileInfo;
  try {
    info = await cellsOf(db, r, table);
  } finally {
    await dropSsbRead(db, r);
  }
  // JSON-stat2: the title and table id are the dataset's, not those of the CSV it became.
  return r.lineIsCell ? { ...info, title: r.title, tableId: r.tableId ?? info.tableId } : info;
}

async function readCsvLayout(
  db: Db,
  facts: FileFacts,
  file: string,
  table: string,
  encoding: TextEncoding,
  options: ReadSsbOptions,
  forcedFormat: SsbFormat | undefined,
): Promise<SsbRead> {
  const head = decode(facts.head, encoding);
  if (!head.trim())
    throw new InputDataError(
      'EMPTY_FILE',
      'the file is empty (expected a header row with column names and data)',
      { file, line: 1 },
    );
  const layout = sniffCsv(file, head, options.delimiter);
  const format = forcedFormat ?? options.format ?? layout.format;
  const columns = classifyColumns(layout.header);
  const roles = columnRoles(columns, layout, file);
  const read = await readCsv(db, facts, {
    table,
    encoding,
    delimiter: layout.delimiter,
    skip: layout.headerLine,
    fields: layout.header.length,
    tempDir: options.tempDir ?? tmpdir(),
    ...(options.forceScan ? { forceScan: true } : {}),
  });
  return {
    file,
    format,
    encoding,
    layout,
    columns,
    roles,
    read,
    lineIsCell: format === 'json-stat2',
  };
}

/** The cells of a file read, checked, into `table`, and what was found out about the file. */
async function cellsOf(db: Db, r: SsbRead, table: string): Promise<SsbFileInfo> {
  const { file, layout, roles, read } = r;
  if (read.parseRejects) await refuseUnreadLine(db, read.rejects, file, layout);
  await buildCells(db, table, read.table, roles);
  await checkCells(db, table, file, r.lineIsCell, roles);
  const stats = await db.one<{
    cells: number;
    total: number | null;
    tables: string | null;
    ntables: number;
    vintages: number | null;
    nvint: number;
  }>(
    `SELECT count(*)::BIGINT AS cells, sum(value) AS total, min(trim(table_raw)) AS tables, count(DISTINCT trim(table_raw))::BIGINT AS ntables,
       min(TRY_CAST(trim(vintage_raw) AS INTEGER)) AS vintages, count(DISTINCT trim(vintage_raw))::BIGINT AS nvint FROM ${ident(table)}`,
  );
  if (!Number(stats?.cells ?? 0))
    throw new InputDataError(
      'NO_DATA',
      'the file has a header but no figures; download the table again with data',
      { file, line: layout.headerLine },
    );
  const titleTable = layout.title ? /^(\d{5})\b/.exec(layout.title)?.[1] : undefined;
  return {
    file,
    format: r.format,
    encoding: r.encoding,
    delimiter: layout.delimiter,
    title: layout.title,
    tableId: titleTable ?? (stats?.ntables === 1 ? (stats.tables ?? undefined) : undefined),
    vintage: stats?.nvint === 1 && stats.vintages !== null ? stats.vintages : undefined,
    columns: r.columns,
    headerLine: layout.headerLine,
    hasSex: roles.sex !== undefined,
    cells: Number(stats?.cells ?? 0),
    valueSum: Number(stats?.total ?? 0),
    lineIsCell: r.lineIsCell,
  };
}

function columnRoles(cols: SsbColumn[], layout: CsvLayout, file: string): SsbRoles {
  const hl = layout.headerLine;
  const pick = (role: SsbColumn['role']) => single(cols, role, file, hl);
  const headerText = layout.header.join(layout.delimiter);
  const missing = (column: string, what: string) =>
    new InputDataError(
      'MISSING_COLUMN',
      `no ${what} column; the header is ${layout.header.map((h) => `"${h}"`).join(showDelim(layout.delimiter))}`,
      { file, line: hl, column, value: headerText },
    );
  const region = pick('region');
  const age = pick('age');
  const value = pick('value');
  const year = pick('year');
  const wide = cols.filter((c) => c.role === 'wide-value');
  if (!region) throw missing('region', 'region');
  if (!age) throw missing('age', 'age (alder)');
  if (!value && wide.length === 0)
    throw missing('value', 'value (a "value" column, or value columns named like "Persons 2022")');
  if (value && !year) throw missing('year', 'year (år)');
  const opt = <K extends string>(k: K, c: SsbColumn | undefined) => (c ? { [k]: c } : {});
  return {
    region,
    age,
    wide,
    ...opt('sex', pick('sex')),
    ...opt('alt', pick('alternative')),
    ...opt('year', year),
    ...opt('value', value),
    ...opt('vintage', pick('vintage')),
    ...opt('tab', pick('table')),
  } as SsbRoles;
}

/**
 * SSB files load whole or not at all: the first line that could not be read stops the load with
 * its physical line and text.
 */
async function refuseUnreadLine(
  db: Db,
  rejects: string,
  file: string,
  layout: CsvLayout,
): Promise<never> {
  const r = (await db.one<{ line: number; reason: string; raw: string }>(
    `SELECT line, reason, raw FROM ${rejects} ORDER BY line LIMIT 1`,
  ))!;
  const where = { file, line: Number(r.line), value: r.raw };
  if (/^line longer/.test(r.reason))
    throw new InputDataError('LINE_TOO_LONG', `${r.reason}; this is not an SSB table`, where);
  throw new InputDataError(
    'WRONG_DELIMITER',
    `expected ${layout.header.length} fields separated by ${showDelim(layout.delimiter)} as in the header (line ${layout.headerLine}); this line does not split that way (wrong delimiter or a broken quote: ${r.reason})`,
    where,
  );
}

/**
 * One row per value cell (a wide file has one cell per value column and line), with the labels
 * parsed once per distinct label (a few hundred), not once per cell (millions). The cells are
 * made from the read lines in one pass (each carries its line's labels), not joined back to them.
 */
async function buildCells(db: Db, table: string, raw: string, r: SsbRoles): Promise<void> {
  const c = (col: SsbColumn | undefined) => (col ? `c${col.index}` : 'NULL::VARCHAR');
  const labels = `${c(r.region)} AS region_raw, ${c(r.sex)} AS sex_raw, ${c(r.age)} AS age_raw, ${c(r.tab)} AS table_raw, ${c(r.vintage)} AS vintage_raw`;
  const parts = r.value
    ? [
        `SELECT line, ${str(r.value.name)} AS value_column, ${c(r.alt)} AS alt_raw, ${c(r.year)} AS year_raw, ${c(r.value)} AS value_raw, ${labels} FROM ${raw}`,
      ]
    : r.wide.map(
        (w) =>
          `SELECT line, ${str(w.name)} AS value_column, ${r.alt ? c(r.alt) : str(w.contents ?? '')} AS alt_raw, ${str(String(w.year))} AS year_raw, c${w.index} AS value_raw, ${labels} FROM ${raw}`,
      );
  const cells = parts.join(' UNION ALL ');
  const t = (suffix: string) => ident(`${table}_${suffix}`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${t('reg')} AS SELECT k, ${regionCodeSql('k')} AS region_code, ${regionNameSql('k')} AS region_name
      FROM (SELECT DISTINCT ${c(r.region)} AS k FROM ${raw});
    CREATE OR REPLACE TEMP TABLE ${t('age')} AS SELECT k, ${ageFromSql('k')} AS age_from, ${ageToSql('k')} AS age_to, coalesce(${ageValidSql('k')}, false) AS age_ok
      FROM (SELECT DISTINCT ${c(r.age)} AS k FROM ${raw});
    CREATE OR REPLACE TEMP TABLE ${t('sex')} AS SELECT k, ${r.sex ? sexSql('k') : `'T'`} AS sex
      FROM (SELECT DISTINCT ${c(r.sex)} AS k FROM ${raw});
    CREATE OR REPLACE TEMP TABLE ${t('alt')} AS SELECT k, ${alternativeSql('k')} AS alternative, TRY_CAST(trim(y) AS INTEGER) AS year, y
      FROM (SELECT DISTINCT alt_raw AS k, year_raw AS y FROM (${cells}));`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(table)} AS
    SELECT cells.line, cells.value_column,
      cells.region_raw, reg.region_code, reg.region_name,
      cells.sex_raw, sx.sex,
      cells.age_raw, ag.age_from, ag.age_to, ag.age_ok,
      cells.alt_raw, al.alternative, cells.year_raw, al.year,
      cells.value_raw, TRY_CAST(trim(cells.value_raw) AS DOUBLE) AS value,
      cells.table_raw, cells.vintage_raw
    FROM (${cells}) cells
      LEFT JOIN ${t('reg')} reg ON coalesce(reg.k, '') = coalesce(cells.region_raw, '')
      LEFT JOIN ${t('age')} ag ON coalesce(ag.k, '') = coalesce(cells.age_raw, '')
      LEFT JOIN ${t('sex')} sx ON coalesce(sx.k, '') = coalesce(cells.sex_raw, '')
      LEFT JOIN ${t('alt')} al ON coalesce(al.k, '') = coalesce(cells.alt_raw, '') AND coalesce(al.y, '') = coalesce(cells.year_raw, '')`);
  for (const x of ['reg', 'age', 'sex', 'alt']) await db.exec(`DROP TABLE IF EXISTS ${t(x)}`);
}

export { location } from './checks.js';
