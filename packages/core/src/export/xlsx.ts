/**
 * XLSX writer: one workbook `<baseName>.xlsx` with one sheet per table (header row frozen, hidden
 * cells empty) and a `metadata` sheet: the run manifest id, tool version, disclosure rule, and per
 * table its title, definitions and versions, methods, data vintage, unit, threshold, what was
 * hidden, and its columns with their roles. For analysts who continue in Excel or Power BI.
 */
import { join } from 'node:path';
import { assertDisclosedTables, type DisclosedTable } from '../disclosure/disclosed-table.js';
import { UsageError } from '../kernel/errors.js';
import { exportDocument, type ExportContext } from './context.js';
import { writeAtomic } from './files.js';

/** Data rows an Excel sheet can hold (1,048,576 rows minus the header). */
export const XLSX_MAX_ROWS = 1_048_575;

/** Name of the metadata sheet. */
export const XLSX_METADATA_SHEET = 'metadata';

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
  const doc = exportDocument(tables, ctx);
  // Loaded here, not at start-up: ExcelJS takes as long to load as the rest of core together,
  // and most commands never write a workbook.
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  wb.creator = `felles ${doc.felles.toolVersion}`;
  wb.description = `run manifest ${ctx.manifestId}`;
  // A fixed date keeps the file reproducible; the manifest records when the run happened.
  wb.created = new Date(0);
  wb.modified = new Date(0);
  const names = sheetNames(tables.map((t) => t.name));
  tables.forEach((t, i) => {
    const ws = wb.addWorksheet(names[i]!, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({
      header: c.name,
      key: c.name,
      width: Math.min(60, Math.max(10, c.name.length + 2)),
    }));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(t.columns.map((c) => r[c.name] ?? null));
  });
  const meta = wb.addWorksheet(XLSX_METADATA_SHEET);
  meta.columns = [{ width: 24 }, { width: 100 }];
  const add = (k: string, v: unknown) =>
    meta.addRow([k, v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : v]);
  add('manifest_id', ctx.manifestId);
  add('tool', `felles ${doc.felles.toolVersion}`);
  add('disclosure', doc.disclosure.rule);
  for (const [k, v] of Object.entries(ctx.metadata)) add(k, v);
  doc.tables.forEach((t, i) => {
    meta.addRow([]);
    add('table', t.name);
    add('sheet', names[i]);
    add('title', t.title);
    add('description', t.description);
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
    add('columns', t.columns.map((c) => `${c.name} (${c.role})`).join(', '));
  });
  meta.getColumn(1).font = { bold: true };
  const file = join(out, `${ctx.baseName}.xlsx`);
  await writeAtomic(file, new Uint8Array(await wb.xlsx.writeBuffer()), ctx.overwrite);
  return [file];
}

/** Excel sheet names: ≤ 31 characters, none of `[]:*?/\`, unique (case-insensitive), not `metadata`. */
export function sheetNames(names: readonly string[]): string[] {
  const used = new Set([XLSX_METADATA_SHEET]);
  return names.map((n) => {
    const base = n.replace(/[[\]:*?/\\]/g, '_').slice(0, 31);
    let s = base;
    for (let k = 2; used.has(s.toLowerCase()); k++)
      s = `${base.slice(0, 31 - String(k).length - 1)}~${k}`;
    used.add(s.toLowerCase());
    return s;
  });
}
