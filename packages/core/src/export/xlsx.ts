/**
 * XLSX writer: one workbook `<baseName>.xlsx` a planner can work in — a contents sheet with a
 * link to every table, one sheet per table named from its title (short, unique, in the
 * workbook's language), each with codes and labels as headers, an autofilter, frozen headers,
 * number formats by column and hidden cells written as "skjult"; and a metadata sheet (run
 * manifest, tool version, disclosure rule, and per table its title, definitions, methods, data
 * vintage, unit, threshold, what was hidden and its columns) where a long value is split over
 * several rows so no cell exceeds Excel's 32,767 characters. Opens in Excel and LibreOffice
 * without a repair prompt (tested with headless LibreOffice).
 */
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type ExcelJS from 'exceljs';
import { hasText, localText, text, type Lang, type TextKey } from '@felles/text';
import { assertDisclosedTables, type DisclosedTable } from '../disclosure/disclosed-table.js';
import { UsageError } from '../kernel/errors.js';
import { exportDocument, type ExportContext } from './context.js';
import { writeAtomic } from './files.js';
import { columnLabel, fillSheet, sheetNames, XLSX_MAX_CELL } from './xlsx-sheet.js';

export { sheetNames, XLSX_MAX_CELL, XLSX_MAX_SHEET_NAME } from './xlsx-sheet.js';

/** Data rows an Excel sheet can hold (1,048,576 rows minus the two header rows). */
export const XLSX_MAX_ROWS = 1_048_574;

/** Name of the metadata sheet (the same in both languages). */
export const XLSX_METADATA_SHEET = 'Metadata';

/** Longest piece a metadata value is split into (well under Excel's cell limit). */
const PIECE = 30_000;

/** Write all tables to one workbook. Returns its path. */
export async function writeXlsx(
  tables: readonly DisclosedTable[],
  out: string,
  ctx: ExportContext,
): Promise<string[]> {
  assertDisclosedTables(tables, 'writeXlsx');
  const big = tables.find((t) => t.rows.length > XLSX_MAX_ROWS);
  if (big) {
    throw new UsageError(
      'TOO_MANY_ROWS_FOR_XLSX',
      `table ${big.name} has ${big.rows.length} rows; an Excel sheet holds at most ${XLSX_MAX_ROWS}. Use csv or parquet`,
    );
  }
  const lang: Lang = ctx.lang ?? 'nb';
  const doc = exportDocument(tables, ctx);
  // Loaded here, not at start-up: ExcelJS takes as long to load as the rest of core together,
  // and most commands never write a workbook.
  const { default: ExcelJS } = await import('exceljs');
  // The streaming writer: rows go out as they are written. The in-memory workbook needs about
  // 40 kB and 0.3 ms per row of a wide table: a report's 420,000 rows took over 5 GB and did not
  // finish in 25 minutes; streamed they take about 35 s and little memory.
  const chunks: Buffer[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      chunks.push(chunk);
      done();
    },
  });
  const finished = new Promise<void>((resolve, reject) => {
    sink.on('finish', resolve);
    sink.on('error', reject);
  });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: sink,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = `felles ${doc.felles.toolVersion}`;
  wb.description = `run manifest ${ctx.manifestId}`;
  // A fixed date keeps the file reproducible; the manifest records when the run happened.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const contentsName = text(lang, 'xlsx.contents');
  const titles = tables.map((t) => localText(t.metadata.title, lang) || t.name);
  const names = sheetNames(
    tables.map((t, i) => localText(t.metadata.shortTitle, lang) || titles[i]!),
    [contentsName, XLSX_METADATA_SHEET],
  );
  // Sheet by sheet, each committed before the next begins.
  const contents = wb.addWorksheet(contentsName, { views: [{ state: 'frozen', ySplit: 1 }] });
  fillContents(contents, tables, names, titles, lang);
  contents.commit();
  tables.forEach((t, i) => {
    const ws = wb.addWorksheet(names[i]!, { views: [{ state: 'frozen', ySplit: 2 }] });
    fillSheet(ws, t, lang);
    ws.commit();
  });
  const meta = wb.addWorksheet(XLSX_METADATA_SHEET);
  fillMetadata(meta, doc, names, ctx, lang);
  meta.commit();
  await wb.commit();
  await finished;
  const file = join(out, `${ctx.baseName}.xlsx`);
  await writeAtomic(file, new Uint8Array(fixedZipDates(Buffer.concat(chunks))), ctx.overwrite);
  return [file];
}

/** The contents sheet: a link to every table sheet with its title, table id and size. */
function fillContents(
  ws: ExcelJS.Worksheet,
  tables: readonly DisclosedTable[],
  names: readonly string[],
  titles: readonly string[],
  lang: Lang,
): void {
  ws.columns = [{ width: 34 }, { width: 70 }, { width: 30 }, { width: 10 }, { width: 14 }];
  const head = ws.addRow([
    text(lang, 'xlsx.sheet'),
    text(lang, 'xlsx.title'),
    text(lang, 'xlsx.table'),
    text(lang, 'xlsx.rows'),
    text(lang, 'xlsx.hiddenCells'),
  ]);
  head.font = { bold: true };
  head.commit();
  tables.forEach((t, i) => {
    const name = names[i]!;
    const s = t.summary;
    const row = ws.addRow([
      { text: name, hyperlink: `#'${name.replace(/'/g, "''")}'!A1` },
      titles[i]!,
      t.name,
      t.rows.length,
      s.primaryCells + s.secondaryCells + s.derivedCells,
    ]);
    row.getCell(1).font = { color: { argb: 'FF0563C1' }, underline: true };
    row.commit();
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: tables.length + 1, column: 5 } };
}

/** Metadata as rows: label, value, key. A value longer than a cell holds goes on several rows. */
function fillMetadata(
  ws: ExcelJS.Worksheet,
  doc: ReturnType<typeof exportDocument>,
  names: readonly string[],
  ctx: ExportContext,
  lang: Lang,
): void {
  ws.columns = [{ width: 28 }, { width: 110 }, { width: 18 }];
  ws.getColumn(1).font = { bold: true };
  ws.getColumn(2).alignment = { wrapText: true, vertical: 'top' };
  const head = ws.addRow([
    text(lang, 'xlsx.field'),
    text(lang, 'xlsx.value'),
    text(lang, 'xlsx.key'),
  ]);
  head.font = { bold: true };
  head.commit();
  const add = (key: string, v: unknown) => {
    if (v === undefined || v === null) return;
    const s = typeof v === 'string' ? v : typeof v === 'number' ? v : JSON.stringify(v);
    const label = metaLabel(key, lang);
    if (typeof s === 'number' || s.length <= XLSX_MAX_CELL) {
      ws.addRow([label, s, key]).commit();
      return;
    }
    for (let i = 0, part = 1; i < s.length; i += PIECE, part++)
      ws.addRow([`${label} (${part})`, s.slice(i, i + PIECE), key]).commit();
  };
  add('manifest_id', ctx.manifestId);
  add('tool', `felles ${doc.felles.toolVersion}`);
  add('disclosure', doc.disclosure.rule);
  for (const [k, v] of Object.entries(ctx.metadata)) {
    // an object is written key by key, so a catalogue of definitions is not one huge cell
    if (v && typeof v === 'object' && !Array.isArray(v))
      for (const [k2, v2] of Object.entries(v as Record<string, unknown>)) add(`${k}.${k2}`, v2);
    else add(k, v);
  }
  doc.tables.forEach((t, i) => {
    ws.addRow([]).commit();
    add('table', t.name);
    add('sheet', names[i]);
    add('title', localText(t.title, lang));
    add('description', localText(t.description, lang));
    add('definitions', t.definitions.map((d) => `${d.id} ${d.version}`).join(', '));
    add('methods', t.methods.join('; '));
    add('data_vintage', t.dataVintage);
    add('unit', t.unit);
    add('threshold', t.threshold);
    add(
      'hidden',
      `${t.summary.primaryCells} primary, ${t.summary.secondaryCells} secondary, ${t.summary.derivedCells} derived cells`,
    );
    for (const n of t.notes) add('note', n);
    add(
      'columns',
      t.columns.map((c) => `${c.name} = ${columnLabel(c.name, lang)} (${c.role})`).join('; '),
    );
  });
}

/** The label of a metadata key in the language (`definitions.readmission-30d` → `Definisjoner: readmission-30d`). */
function metaLabel(key: string, lang: Lang): string {
  const base = key.split('.')[0]!;
  const rest = key.slice(base.length + 1);
  const k = `xlsxMeta.${base}`;
  const label = hasText(k) ? text(lang, k as TextKey) : base;
  return rest ? `${label}: ${rest}` : label;
}

/**
 * The zip library stamps every entry with the time of writing; set every entry's date to
 * 1980-01-01 00:00 (the first date a zip can hold) in its local header and in the central
 * directory, so the same tables give the same file byte for byte.
 */
export function fixedZipDates(zip: Buffer): Buffer {
  const END = 0x06054b50;
  const CENTRAL = 0x02014b50;
  const LOCAL = 0x04034b50;
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 65_535); i--)
    if (zip.readUInt32LE(i) === END) {
      end = i;
      break;
    }
  if (end < 0) return zip;
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const DAY0 = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (let k = 0; k < count && zip.readUInt32LE(at) === CENTRAL; k++) {
    zip.writeUInt16LE(0, at + 12);
    zip.writeUInt16LE(DAY0, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) === LOCAL) {
      zip.writeUInt16LE(0, local + 10);
      zip.writeUInt16LE(DAY0, local + 12);
    }
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}
