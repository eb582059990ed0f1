/**
 * Read a felles workbook back into rows by table code: the contents sheet names each table's
 * sheet; a table sheet has the column codes in row 1, labels in row 2 and data from row 3.
 * Words the writer put in for codes are turned back ("skjult" → NULL, level and flag words →
 * their codes), so rows compare with the disclosed tables.
 */
import ExcelJS from 'exceljs';
import { CATALOGUE, text, type Lang } from '@felles/text';
import { XLSX_METADATA_SHEET } from '@felles/core';

type Cell = string | number | boolean | null;

/** What a workbook holds: rows per table code, sheet name per table, metadata rows. */
export interface WorkbookBack {
  wb: ExcelJS.Workbook;
  sheets: Record<string, string>;
  rows: Record<string, Array<Record<string, Cell>>>;
  /** Metadata as [key, value] pairs (column C, B). */
  metadata: Array<[string, Cell]>;
}

function inverse(prefix: string, lang: Lang): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of Object.entries(CATALOGUE))
    if (k.startsWith(prefix)) m.set(v[lang], k.slice(prefix.length));
  return m;
}

/** Read a workbook written by `writeXlsx`. */
export async function readWorkbook(file: string, lang: Lang = 'nb'): Promise<WorkbookBack> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const contents = wb.getWorksheet(text(lang, 'xlsx.contents'))!;
  const sheets: Record<string, string> = {};
  contents.eachRow((r, i) => {
    if (i === 1) return;
    const link = r.getCell(1).value as { text: string } | string;
    sheets[String(r.getCell(3).value)] = typeof link === 'object' ? link.text : String(link);
  });
  const levels = inverse('level.', lang);
  const flags = inverse('flag.', lang);
  const hidden = text(lang, 'chart.suppressed');
  const rows: WorkbookBack['rows'] = {};
  for (const [table, sheet] of Object.entries(sheets)) {
    const ws = wb.getWorksheet(sheet)!;
    const codes = (ws.getRow(1).values as unknown[]).slice(1).map(String);
    rows[table] = [];
    for (let i = 3; i <= ws.rowCount; i++) {
      const r = ws.getRow(i);
      rows[table]!.push(
        Object.fromEntries(
          codes.map((c, j) => {
            let v = (r.getCell(j + 1).value ?? null) as Cell;
            if (v === hidden) v = null;
            else if (c === 'level' && typeof v === 'string') v = levels.get(v) ?? v;
            else if (c === 'suppressed' && typeof v === 'string') v = flags.get(v) ?? v;
            return [c, v];
          }),
        ),
      );
    }
  }
  const metadata: WorkbookBack['metadata'] = [];
  wb.getWorksheet(XLSX_METADATA_SHEET)!.eachRow((r, i) => {
    if (i > 1 && r.getCell(3).value !== null)
      metadata.push([String(r.getCell(3).value), (r.getCell(2).value ?? null) as Cell]);
  });
  return { wb, sheets, rows, metadata };
}
