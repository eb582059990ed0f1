import { basename } from 'node:path';
import { existsSync } from 'node:fs';
import type { Db } from '../../kernel/db.js';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { ident, int, path as sqlPath, str } from '../../kernel/sql.js';
import { classifyColumns, single, type SsbColumn } from './columns.js';
import {
  scanEncoding,
  parseEncoding,
  readHead,
  showDelim,
  sniffCsv,
  type SsbEncoding,
  type SsbFormat,
} from './detect.js';
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
 * Read one SSB file (StatBank CSV, API CSV or JSON-stat2) into the temporary table `table`, one
 * row per value cell, with the labels parsed:
 * `line, value_column, region_raw, region_code, region_name, sex_raw, sex, age_raw, age_from,
 * age_to, alt_raw, alternative, year, value_raw, value, table_raw, vintage_raw`.
 *
 * Checks every cell (set-based) and throws one {@link InputDataError} for the first problem:
 * a value that is not a number, a negative value, an age, sex or year label not understood.
 * Region codes and duplicates are checked by the loaders, which know the target table.
 */
export async function stageSsbFile(
  db: Db,
  file: string,
  table: string,
  options: ReadSsbOptions = {},
): Promise<SsbFileInfo> {
  if (!existsSync(file)) throw new UsageError('FILE_NOT_FOUND', `no such file: ${file}`, { file });
  const scan = await scanEncoding(file);
  const encoding = parseEncoding(options.encoding) ?? scan.encoding;
  if (encoding === 'utf-8' && scan.encoding !== 'utf-8') {
    throw new InputDataError(
      'UNKNOWN_ENCODING',
      'the file is not valid UTF-8 (it looks like ISO-8859-1); pass --encoding latin-1, or leave --encoding out to detect it',
      { file, ...(scan.firstNonUtf8Line !== undefined ? { line: scan.firstNonUtf8Line } : {}) },
    );
  }
  const head = await readHead(file, encoding);
  const isJson = options.format ? options.format === 'json-stat2' : /^\s*[{[]/.test(head);
  if (isJson) {
    const { csvFile, title, tableId, cleanup } = await jsonStatToCsv(file);
    try {
      const info = await stageCsv(
        db,
        csvFile,
        file,
        table,
        'utf-8',
        { ...options, delimiter: ',' },
        'json-stat2',
      );
      return { ...info, title, tableId: tableId ?? info.tableId, lineIsCell: true };
    } finally {
      await cleanup();
    }
  }
  return stageCsv(db, file, file, table, encoding, options, undefined);
}

async function stageCsv(
  db: Db,
  readFile: string,
  file: string,
  table: string,
  encoding: SsbEncoding,
  options: ReadSsbOptions,
  forcedFormat: SsbFormat | undefined,
): Promise<SsbFileInfo> {
  const head = await readHead(readFile, encoding);
  const layout = sniffCsv(file, head, options.delimiter);
  const format = forcedFormat ?? options.format ?? layout.format;
  const cols = classifyColumns(layout.header);
  const hl = layout.headerLine;
  const region = single(cols, 'region', file, hl);
  const sex = single(cols, 'sex', file, hl);
  const age = single(cols, 'age', file, hl);
  const alt = single(cols, 'alternative', file, hl);
  const year = single(cols, 'year', file, hl);
  const value = single(cols, 'value', file, hl);
  const vintage = single(cols, 'vintage', file, hl);
  const tab = single(cols, 'table', file, hl);
  const wide = cols.filter((c) => c.role === 'wide-value');
  const headerText = layout.header.join(layout.delimiter);
  const missing = (column: string, what: string) =>
    new InputDataError(
      'MISSING_COLUMN',
      `no ${what} column; the header is ${layout.header.map((h) => `"${h}"`).join(showDelim(layout.delimiter))}`,
      {
        file,
        line: hl,
        column,
        value: headerText,
      },
    );
  if (!region) throw missing('region', 'region');
  if (!age) throw missing('age', 'age (alder)');
  if (!value && wide.length === 0)
    throw missing('value', 'value (a "value" column, or value columns named like "Persons 2022")');
  if (value && !year) throw missing('year', 'year (år)');

  // Read every field as text with DuckDB's CSV reader; line numbers follow the reader's order.
  const n = layout.header.length;
  const colSpec = `{${layout.header.map((_, i) => `${str(`c${i}`)}: 'VARCHAR'`).join(', ')}}`;
  const raw = `${table}_raw`;
  // The scan is stored in file order (preserve_insertion_order), so the rank of rowid plus the
  // header line is the physical line number of each data line (blank lines are not counted).
  const readSql = `CREATE OR REPLACE TEMP TABLE ${ident(`${raw}0`)} AS
    SELECT *
    FROM read_csv(${sqlPath(readFile)}, skip = ${int(hl)}, header = false, delim = ${str(layout.delimiter)}, quote = '"', escape = '"',
      columns = ${colSpec}, encoding = ${str(encoding)}, auto_detect = false, strict_mode = true, null_padding = false, ignore_errors = false)`;
  try {
    await db.exec(`SET preserve_insertion_order = true`);
    await db.exec(readSql);
  } catch (e) {
    throw csvError(e, file, hl, n, layout.delimiter);
  }
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(raw)} AS SELECT (row_number() OVER (ORDER BY rowid) + ${int(hl)})::BIGINT AS line, * FROM ${ident(`${raw}0`)};
    DROP TABLE ${ident(`${raw}0`)}`);
  const c = (col: SsbColumn | undefined) => (col ? `c${col.index}` : 'NULL');
  const parts = value
    ? [
        `SELECT line, ${str(value.name)} AS value_column, ${alt ? c(alt) : 'NULL::VARCHAR'} AS alt_raw, ${year ? c(year) : 'NULL::VARCHAR'} AS year_raw, ${c(value)} AS value_raw FROM ${ident(raw)}`,
      ]
    : wide.map(
        (w) =>
          `SELECT line, ${str(w.name)} AS value_column, ${alt ? c(alt) : str(w.contents ?? '')} AS alt_raw, ${str(String(w.year))} AS year_raw, c${w.index} AS value_raw FROM ${ident(raw)}`,
      );
  const cellsSql = parts.join(' UNION ALL ');
  // Labels are parsed once per distinct label (a few hundred), not once per cell (millions).
  const t = (suffix: string) => ident(`${table}_${suffix}`);
  const rr = (col: SsbColumn | undefined) => (col ? `r.${c(col)}` : 'NULL::VARCHAR');
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${t('cells')} AS ${cellsSql};
    CREATE OR REPLACE TEMP TABLE ${t('reg')} AS SELECT k, ${regionCodeSql('k')} AS region_code, ${regionNameSql('k')} AS region_name
      FROM (SELECT DISTINCT ${rr(region)} AS k FROM ${ident(raw)} r);
    CREATE OR REPLACE TEMP TABLE ${t('age')} AS SELECT k, ${ageFromSql('k')} AS age_from, ${ageToSql('k')} AS age_to, coalesce(${ageValidSql('k')}, false) AS age_ok
      FROM (SELECT DISTINCT ${rr(age)} AS k FROM ${ident(raw)} r);
    CREATE OR REPLACE TEMP TABLE ${t('sex')} AS SELECT k, ${sex ? sexSql('k') : `'T'`} AS sex
      FROM (SELECT DISTINCT ${rr(sex)} AS k FROM ${ident(raw)} r);
    CREATE OR REPLACE TEMP TABLE ${t('alt')} AS SELECT k, ${alternativeSql('k')} AS alternative, TRY_CAST(trim(y) AS INTEGER) AS year, y
      FROM (SELECT DISTINCT alt_raw AS k, year_raw AS y FROM ${t('cells')});`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(table)} AS
    SELECT cells.line, cells.value_column,
      ${rr(region)} AS region_raw, reg.region_code, reg.region_name,
      ${rr(sex)} AS sex_raw, sx.sex,
      ${rr(age)} AS age_raw, ag.age_from, ag.age_to, ag.age_ok,
      cells.alt_raw, al.alternative, cells.year_raw, al.year,
      cells.value_raw, TRY_CAST(trim(cells.value_raw) AS DOUBLE) AS value,
      ${rr(tab)} AS table_raw, ${rr(vintage)} AS vintage_raw
    FROM ${t('cells')} cells JOIN ${ident(raw)} r USING (line)
      LEFT JOIN ${t('reg')} reg ON coalesce(reg.k, '') = coalesce(${rr(region)}, '')
      LEFT JOIN ${t('age')} ag ON coalesce(ag.k, '') = coalesce(${rr(age)}, '')
      LEFT JOIN ${t('sex')} sx ON coalesce(sx.k, '') = coalesce(${rr(sex)}, '')
      LEFT JOIN ${t('alt')} al ON coalesce(al.k, '') = coalesce(cells.alt_raw, '') AND coalesce(al.y, '') = coalesce(cells.year_raw, '')`);
  for (const x of ['cells', 'reg', 'age', 'sex', 'alt'])
    await db.exec(`DROP TABLE IF EXISTS ${t(x)}`);
  await db.exec(`DROP TABLE IF EXISTS ${ident(raw)}`);

  const lineIsCell = format === 'json-stat2';
  const fail = async (
    code: string,
    where: string,
    column: (r: Record<string, unknown>) => string,
    valueCol: string,
    reason: string,
  ) => {
    const bad = await db.one<Record<string, string | number>>(
      `SELECT line, value_column, ${valueCol} AS v, * EXCLUDE (line, value_column) FROM ${ident(table)} WHERE ${where} ORDER BY line LIMIT 1`,
    );
    if (bad)
      throw new InputDataError(
        code,
        reason,
        location(
          file,
          lineIsCell,
          Number(bad['line']),
          column(bad),
          bad['v'] === null ? '' : String(bad['v']),
        ),
      );
  };
  await fail(
    'NOT_A_NUMBER',
    `value IS NULL OR NOT isfinite(value)`,
    (r) => String(r['value_column']),
    'value_raw',
    'the value is not a number (SSB symbols such as ".." or ":" mean the figure is missing; download the table without them)',
  );
  await fail(
    'NEGATIVE_COUNT',
    `value < 0`,
    (r) => String(r['value_column']),
    'value_raw',
    'a population count cannot be negative',
  );
  await fail(
    'BAD_AGE',
    `NOT age_ok`,
    () => age.name,
    'age_raw',
    'age label not understood (expected e.g. "0 years", "1-5 år", "105 years or older", "90+")',
  );
  if (sex)
    await fail(
      'BAD_SEX',
      `sex IS NULL`,
      () => sex.name,
      'sex_raw',
      'sex label not understood (expected Males/Females, Menn/Kvinner or Both sexes)',
    );
  await fail(
    'BAD_YEAR',
    `year IS NULL`,
    (r) => (value ? (year?.name ?? 'year') : String(r['value_column'])),
    'year_raw',
    'year not understood (expected four digits)',
  );

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
  const titleTable = layout.title ? /^(\d{5})\b/.exec(layout.title)?.[1] : undefined;
  return {
    file,
    format,
    encoding,
    delimiter: layout.delimiter,
    title: layout.title,
    tableId: titleTable ?? (stats?.ntables === 1 ? (stats.tables ?? undefined) : undefined),
    vintage: stats?.nvint === 1 && stats.vintages !== null ? stats.vintages : undefined,
    columns: cols,
    headerLine: hl,
    hasSex: sex !== undefined,
    cells: Number(stats?.cells ?? 0),
    valueSum: Number(stats?.total ?? 0),
    lineIsCell,
  };
}

/** An input location; for JSON-stat the "line" is a cell position, named in the column instead. */
export function location(
  file: string,
  lineIsCell: boolean,
  line: number,
  column: string,
  value: string,
) {
  return lineIsCell
    ? { file, column: `${column} (cell ${line - 1})`, value }
    : { file, line, column, value };
}

function csvError(
  e: unknown,
  file: string,
  headerLine: number,
  fields: number,
  delim: string,
): Error {
  const msg = e instanceof Error ? e.message : String(e);
  const m = /CSV Error on Line: (\d+)/.exec(msg);
  const original = /Original Line:\s*\n?(.*)/.exec(msg)?.[1];
  const line = m ? Number(m[1]) : undefined; // DuckDB reports the physical line
  if (/not utf-8 encoded|Invalid unicode/i.test(msg)) {
    return new InputDataError(
      'UNKNOWN_ENCODING',
      'the file is not valid UTF-8; pass --encoding latin-1 (or leave --encoding out to detect it)',
      {
        file,
        ...(line !== undefined ? { line } : {}),
        ...(original !== undefined ? { value: original } : {}),
      },
    );
  }
  if (
    /Expected Number of Columns|too many columns|Expected \d+ columns|unterminated quote|column count/i.test(
      msg,
    )
  ) {
    return new InputDataError(
      'WRONG_DELIMITER',
      `expected ${fields} fields separated by ${showDelim(delim)} as in the header (line ${headerLine}); this line does not split that way (wrong delimiter or a broken quote)`,
      {
        file,
        ...(line !== undefined ? { line } : {}),
        ...(original !== undefined ? { value: original } : {}),
      },
    );
  }
  return new InputDataError(
    'CSV_ERROR',
    `could not read ${basename(file)} as CSV: ${msg.split('\n')[0] ?? msg}`,
    {
      file,
      ...(line !== undefined ? { line } : {}),
      ...(original !== undefined ? { value: original } : {}),
    },
  );
}
