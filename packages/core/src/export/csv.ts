/**
 * CSV writer: one `<name>.csv` per table plus a `<name>.meta.json` sidecar.
 *
 * Default dialect `excel-nb` (what a Norwegian Excel opens correctly by double-click): UTF-8 with
 * byte-order mark (so æ, ø, å survive), `;` between fields, decimal comma, CRLF line ends — the
 * "CSV2" convention of SSB and R's `read.csv2`. Dialect `rfc4180`: UTF-8 without BOM, `,`,
 * decimal point, CRLF. Fields are quoted when they contain the separator, a quote or a line
 * break. Hidden cells are empty fields; with a language (`ExportContext.lang`), the reason column
 * says why a row is hidden in that language. A last column `manifest_id` records the run manifest id
 * in the file itself; the sidecar carries the full metadata.
 */
import { join } from 'node:path';
import { assertDisclosedTables, type DisclosedTable } from '../disclosure/disclosed-table.js';
import type { Lang } from '@felles/text';
import { suppressionReasonText } from '../disclosure/reason-text.js';
import { FLAG_COLUMN, REASON_COLUMN, type Scalar } from '../disclosure/schema.js';
import { exportDocument, type CsvDialect, type ExportContext } from './context.js';
import { writeAtomic } from './files.js';

/** Name of the column that carries the run manifest id in CSV files. */
export const CSV_MANIFEST_COLUMN = 'manifest_id';

/** Write each table as CSV (+ sidecar metadata). Returns the written paths. */
export async function writeCsv(
  tables: readonly DisclosedTable[],
  out: string,
  ctx: ExportContext,
): Promise<string[]> {
  assertDisclosedTables(tables, 'writeCsv');
  const written: string[] = [];
  for (const t of tables) {
    const file = join(out, `${t.name}.csv`);
    await writeAtomic(file, csvText(t, ctx.manifestId, ctx.csvDialect, ctx.lang), ctx.overwrite);
    const meta = join(out, `${t.name}.meta.json`);
    const doc = exportDocument([t], ctx);
    await writeAtomic(
      meta,
      `${JSON.stringify({ ...doc, csv: { file: `${t.name}.csv`, dialect: ctx.csvDialect, manifestColumn: CSV_MANIFEST_COLUMN } }, null, 2)}\n`,
      ctx.overwrite,
    );
    written.push(file, meta);
  }
  return written;
}

/**
 * The table as CSV text. With a language (a report's files), the reason column says why in that
 * language, one sentence per flag ({@link suppressionReasonText}).
 */
function csvText(t: DisclosedTable, manifestId: string, dialect: CsvDialect, lang?: Lang): string {
  const sep = dialect === 'excel-nb' ? ';' : ',';
  const decimalComma = dialect === 'excel-nb';
  const field = (v: Scalar): string => {
    if (v === null) return '';
    let s = typeof v === 'number' ? numberText(v, decimalComma) : String(v);
    if (s.includes(sep) || s.includes('"') || s.includes('\n') || s.includes('\r'))
      s = `"${s.replace(/"/g, '""')}"`;
    return s;
  };
  const names = [...t.columnNames, CSV_MANIFEST_COLUMN];
  const lines = [names.map((n) => field(n)).join(sep)];
  const cell = (r: (typeof t.rows)[number], c: string): Scalar =>
    lang && c === REASON_COLUMN
      ? suppressionReasonText(String(r[FLAG_COLUMN] ?? 'none'), lang, t.threshold)
      : (r[c] ?? null);
  for (const r of t.rows)
    lines.push([...t.columnNames.map((c) => field(cell(r, c))), field(manifestId)].join(sep));
  return `${dialect === 'excel-nb' ? '\uFEFF' : ''}${lines.join('\r\n')}\r\n`;
}

function numberText(v: number, decimalComma: boolean): string {
  // Plain notation (no exponent) for small figures, so spreadsheets read them as numbers.
  let s = String(v);
  if (/e-/i.test(s)) s = v.toFixed(20).replace(/0+$/, '');
  return decimalComma ? s.replace('.', ',') : s;
}
