import { rm } from 'node:fs/promises';
import type { Db } from '../../kernel/db.js';
import { InputDataError } from '../../kernel/errors.js';
import { int, path as sqlPath, str } from '../../kernel/sql.js';
import type { TextEncoding } from '../encoding.js';
import type { FileFacts } from '../inspect.js';
import { MAX_LINE_BYTES, scanCsvFile } from './scan-file.js';
import { isResourceError } from '../faults.js';

/** How to read a CSV file into a staging table. */
export interface CsvReadOptions {
  /** Name of the temporary view to create: `line BIGINT, c0 … c{n-1} VARCHAR`. */
  table: string;
  encoding: TextEncoding;
  delimiter: string;
  /** Physical lines before the first data line (title, blank line, header). */
  skip: number;
  /** Fields every data line must have (those of the header). */
  fields: number;
  /** Folder for the line-by-line reader's clean copy (the workspace's `.tmp`). */
  tempDir: string;
  /** Always read line by line (tests use it to compare both readers). */
  forceScan?: boolean;
}

/** What {@link readCsv} made. */
export interface CsvRead {
  /** The view named in the options. */
  table: string;
  /** Temporary table `line BIGINT, reason VARCHAR, raw VARCHAR` of the lines not read. */
  rejects: string;
  rowsParsed: number;
  parseRejects: number;
  /** `duckdb`: DuckDB's reader read the whole file; `lines`: the line-by-line reader did. */
  reader: 'duckdb' | 'lines';
  /** Temporary objects to drop when the load is done. */
  temps: string[];
}

/**
 * Read the data lines of a CSV file into a staging view, every value as text, each row with its
 * physical line in the file, and every line that cannot be read into a rejects table with the
 * reason (one line, one reject; the lines after it are read on).
 *
 * DuckDB's reader (strict, in parallel) reads the file first. It is trusted only when it read
 * every line without error and one row per physical data line (no blank lines, no quoted line
 * breaks): then the row order is the line order. Otherwise the file is read again line by line
 * ({@link scanCsvFile}) and DuckDB reads the clean copy. A disk or memory fault is never taken for
 * bad input: it is thrown as it is.
 */
export async function readCsv(db: Db, facts: FileFacts, o: CsvReadOptions): Promise<CsvRead> {
  const raw = `${o.table}_raw`;
  const rejects = `${o.table}_rj`;
  const temps = [`VIEW ${o.table}`, `TABLE ${raw}`, `TABLE ${rejects}`];
  const dataLines = facts.lines - o.skip;
  const clean = facts.lastBlankLine <= o.skip && facts.longestLine <= MAX_LINE_BYTES;
  if (!o.forceScan && clean) {
    const rows = await readWithDuckdb(db, facts.path, raw, o);
    if (rows === dataLines) {
      await db.exec(
        `CREATE OR REPLACE TEMP TABLE ${rejects} (line BIGINT, reason VARCHAR, raw VARCHAR);
         CREATE OR REPLACE TEMP VIEW ${o.table} AS SELECT rowid - (SELECT min(rowid) FROM ${raw}) + ${int(o.skip + 1)} AS line, * FROM ${raw}`,
      );
      return {
        table: o.table,
        rejects,
        rowsParsed: rows,
        parseRejects: 0,
        reader: 'duckdb',
        temps,
      };
    }
  }
  const scan = await scanCsvFile(facts.path, {
    encoding: o.encoding,
    delimiter: o.delimiter,
    skip: o.skip,
    fields: o.fields,
    tempDir: o.tempDir,
  });
  try {
    const cols = `{'line': 'BIGINT', ${columnList(o.fields)}}`;
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT * FROM read_csv(${sqlPath(scan.cleanFile)}, header = false, delim = ',', quote = '"', escape = '"', ` +
        `encoding = 'utf-8', columns = ${cols}, auto_detect = false, strict_mode = true, ignore_errors = false, max_line_size = ${int(4 * MAX_LINE_BYTES)});
       CREATE OR REPLACE TEMP TABLE ${rejects} AS SELECT * FROM read_csv(${sqlPath(scan.rejectFile)}, header = false, delim = ',', quote = '"', escape = '"', ` +
        `encoding = 'utf-8', columns = {'line': 'BIGINT', 'reason': 'VARCHAR', 'raw': 'VARCHAR'}, auto_detect = false, strict_mode = true, ignore_errors = false);
       CREATE OR REPLACE TEMP VIEW ${o.table} AS SELECT * FROM ${raw}`,
    );
  } catch (e) {
    if (isResourceError(e)) throw e;
    throw new InputDataError(
      'UNREADABLE_CSV',
      `the file cannot be read as CSV with delimiter "${printable(o.delimiter)}" and encoding ${o.encoding}: ${firstLine(e)}`,
      { file: facts.path },
    );
  } finally {
    await rm(scan.cleanFile, { force: true });
    await rm(scan.rejectFile, { force: true });
  }
  return {
    table: o.table,
    rejects,
    rowsParsed: scan.rows,
    parseRejects: scan.rejects,
    reader: 'lines',
    temps,
  };
}

/**
 * DuckDB's reader, strict and without reject handling (which miscounts on ISO-8859-1 files and
 * lets an open quote swallow the rest of a file): the rows read, or -1 when it stopped on a line.
 */
async function readWithDuckdb(
  db: Db,
  file: string,
  raw: string,
  o: CsvReadOptions,
): Promise<number> {
  // The rows are stored in file order, so their rowid order is the line order.
  const order = String(await db.value(`SELECT current_setting('preserve_insertion_order')`));
  await db.exec(`SET preserve_insertion_order = true`);
  try {
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT * FROM read_csv(${sqlPath(file)}, header = false, skip = ${int(o.skip)}, ` +
        `delim = ${str(o.delimiter)}, quote = '"', escape = '"', encoding = ${str(o.encoding)}, columns = {${columnList(o.fields)}}, ` +
        `auto_detect = false, strict_mode = true, null_padding = false, ignore_errors = false, max_line_size = ${int(MAX_LINE_BYTES)})`,
    );
    return Number(await db.value(`SELECT count(*) FROM ${raw}`));
  } catch (e) {
    if (isResourceError(e)) throw e;
    await db.exec(`DROP TABLE IF EXISTS ${raw}`);
    return -1;
  } finally {
    await db.exec(`SET preserve_insertion_order = ${order === 'true' ? 'true' : 'false'}`);
  }
}

function columnList(n: number): string {
  return Array.from({ length: n }, (_, i) => `${str(`c${i}`)}: 'VARCHAR'`).join(', ');
}

function printable(d: string): string {
  return d === '\t' ? 'tab' : d;
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

/** Drop the temporary objects of a read. */
export async function dropTemps(db: Db, temps: readonly string[]): Promise<void> {
  for (const t of temps) {
    const [what, name] = t.split(' ');
    await db.exec(`DROP ${what === 'VIEW' ? 'VIEW' : 'TABLE'} IF EXISTS ${name!}`);
  }
}
