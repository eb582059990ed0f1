import { tmpdir } from 'node:os';
import type { Db } from '../../kernel/db.js';
import { InputDataError } from '../../kernel/errors.js';
import { ident, str } from '../../kernel/sql.js';
import { dropTemps, readCsv } from '../csv/read-csv.js';
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
 * Read one SSB file (StatBank CSV, API CSV or JSON-stat2) into the temporary table `table`, one
 * row per value cell, with the labels parsed:
 * `line, value_column, region_raw, region_code, region_name, sex_raw, sex, age_raw, age_from,
 * age_to, age_ok, alt_raw, alternative, year_raw, year, value_raw, value, table_raw, vintage_raw`.
 *
 * `file` is a path or the facts of the intake's inspection. Checks every cell (set-based) and
 * throws one {@link InputDataError} for the first problem: a line that cannot be read, a value
 * that is not a number, negative or implausibly large, an age, sex or year label not understood.
 * Region codes, years of the target table and duplicates are checked by the loaders.
 */
export async function stageSsbFile(
  db: Db,
  file: string | FileFacts,
  table: string,
  options: ReadSsbOptions = {},
): Promise<SsbFileInfo> {
  const facts = typeof file === 'string' ? await inspectFile(file) : file;
  const wanted = parseEncoding(options.encoding);
  const isJson = options.format ? options.format === 'json-stat2' : facts.format === 'json';
  if (isJson) {
    decideEncoding(facts, 'utf-8');
    const { csvFile, title, tableId, cleanup } = await jsonStatToCsv(facts.path);
    try {
      const csvFacts = await inspectFile(csvFile);
      const opts = { ...options, delimiter: ',' };
      const info = await stageCsv(db, csvFacts, facts.path, table, 'utf-8', opts, 'json-stat2');
      return { ...info, title, tableId: tableId ?? info.tableId, lineIsCell: true };
    } finally {
      await cleanup();
    }
  }
  const encoding = decideEncoding(facts, wanted ?? 'auto');
  return stageCsv(db, facts, facts.path, table, encoding, options, undefined);
}

async function stageCsv(
  db: Db,
  facts: FileFacts,
  file: string,
  table: string,
  encoding: TextEncoding,
  options: ReadSsbOptions,
  forcedFormat: SsbFormat | undefined,
): Promise<SsbFileInfo> {
  const head = decode(facts.head, encoding);
  if (!head.trim())
    throw new InputDataError(
      'EMPTY_FILE',
      'the file is empty (expected a header row with column names and data)',
      { file, line: 1 },
    );
  const layout = sniffCsv(file, head, options.delimiter);
  const format = forcedFormat ?? options.format ?? layout.format;
  const cols = classifyColumns(layout.header);
  const roles = columnRoles(cols, layout, file);
  const raw = `${table}_rd`;
  const read = await readCsv(db, facts, {
    table: raw,
    encoding,
    delimiter: layout.delimiter,
    skip: layout.headerLine,
    fields: layout.header.length,
    tempDir: options.tempDir ?? tmpdir(),
    ...(options.forceScan ? { forceScan: true } : {}),
  });
  try {
    if (read.parseRejects) await refuseUnreadLine(db, read.rejects, file, layout);
    await buildCells(db, table, raw, roles);
  } finally {
    await dropTemps(db, read.temps);
  }
  const lineIsCell = format === 'json-stat2';
  await checkCells(db, table, file, lineIsCell, roles);
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
    format,
    encoding,
    delimiter: layout.delimiter,
    title: layout.title,
    tableId: titleTable ?? (stats?.ntables === 1 ? (stats.tables ?? undefined) : undefined),
    vintage: stats?.nvint === 1 && stats.vintages !== null ? stats.vintages : undefined,
    columns: cols,
    headerLine: layout.headerLine,
    hasSex: roles.sex !== undefined,
    cells: Number(stats?.cells ?? 0),
    valueSum: Number(stats?.total ?? 0),
    lineIsCell,
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
 * parsed once per distinct label (a few hundred), not once per cell (millions).
 */
async function buildCells(db: Db, table: string, raw: string, r: SsbRoles): Promise<void> {
  const c = (col: SsbColumn | undefined) => (col ? `c${col.index}` : 'NULL');
  const parts = r.value
    ? [
        `SELECT line, ${str(r.value.name)} AS value_column, ${r.alt ? c(r.alt) : 'NULL::VARCHAR'} AS alt_raw, ${r.year ? c(r.year) : 'NULL::VARCHAR'} AS year_raw, ${c(r.value)} AS value_raw FROM ${raw}`,
      ]
    : r.wide.map(
        (w) =>
          `SELECT line, ${str(w.name)} AS value_column, ${r.alt ? c(r.alt) : str(w.contents ?? '')} AS alt_raw, ${str(String(w.year))} AS year_raw, c${w.index} AS value_raw FROM ${raw}`,
      );
  const t = (suffix: string) => ident(`${table}_${suffix}`);
  const rr = (col: SsbColumn | undefined) => (col ? `r.${c(col)}` : 'NULL::VARCHAR');
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${t('cells')} AS ${parts.join(' UNION ALL ')};
    CREATE OR REPLACE TEMP TABLE ${t('reg')} AS SELECT k, ${regionCodeSql('k')} AS region_code, ${regionNameSql('k')} AS region_name
      FROM (SELECT DISTINCT ${rr(r.region)} AS k FROM ${raw} r);
    CREATE OR REPLACE TEMP TABLE ${t('age')} AS SELECT k, ${ageFromSql('k')} AS age_from, ${ageToSql('k')} AS age_to, coalesce(${ageValidSql('k')}, false) AS age_ok
      FROM (SELECT DISTINCT ${rr(r.age)} AS k FROM ${raw} r);
    CREATE OR REPLACE TEMP TABLE ${t('sex')} AS SELECT k, ${r.sex ? sexSql('k') : `'T'`} AS sex
      FROM (SELECT DISTINCT ${rr(r.sex)} AS k FROM ${raw} r);
    CREATE OR REPLACE TEMP TABLE ${t('alt')} AS SELECT k, ${alternativeSql('k')} AS alternative, TRY_CAST(trim(y) AS INTEGER) AS year, y
      FROM (SELECT DISTINCT alt_raw AS k, year_raw AS y FROM ${t('cells')});`);
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${ident(table)} AS
    SELECT cells.line, cells.value_column,
      ${rr(r.region)} AS region_raw, reg.region_code, reg.region_name,
      ${rr(r.sex)} AS sex_raw, sx.sex,
      ${rr(r.age)} AS age_raw, ag.age_from, ag.age_to, ag.age_ok,
      cells.alt_raw, al.alternative, cells.year_raw, al.year,
      cells.value_raw, TRY_CAST(trim(cells.value_raw) AS DOUBLE) AS value,
      ${rr(r.tab)} AS table_raw, ${rr(r.vintage)} AS vintage_raw
    FROM ${t('cells')} cells JOIN ${raw} r USING (line)
      LEFT JOIN ${t('reg')} reg ON coalesce(reg.k, '') = coalesce(${rr(r.region)}, '')
      LEFT JOIN ${t('age')} ag ON coalesce(ag.k, '') = coalesce(${rr(r.age)}, '')
      LEFT JOIN ${t('sex')} sx ON coalesce(sx.k, '') = coalesce(${rr(r.sex)}, '')
      LEFT JOIN ${t('alt')} al ON coalesce(al.k, '') = coalesce(cells.alt_raw, '') AND coalesce(al.y, '') = coalesce(cells.year_raw, '')`);
  for (const x of ['cells', 'reg', 'age', 'sex', 'alt'])
    await db.exec(`DROP TABLE IF EXISTS ${t(x)}`);
}

export { location } from './checks.js';
