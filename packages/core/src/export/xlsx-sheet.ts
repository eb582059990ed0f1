/**
 * One table as a sheet a planner can work in: a row of column codes, a row of labels in the
 * workbook's language with an autofilter on it, frozen headers, number formats that match the
 * column (whole numbers, rates with one or two decimals, no 15-digit floats), level and flag
 * values in words, and hidden cells written as "skjult"/"suppressed" — never 0, never a number.
 */
import type ExcelJS from 'exceljs';
import { hasText, text, type Lang, type TextKey } from '@felles/text';
import type { ColumnInfo } from '../disclosure/schema.js';
import type { DisclosedTable } from '../disclosure/disclosed-table.js';
import { FLAG_COLUMN, REASON_COLUMN } from '../disclosure/schema.js';
import { suppressionReasonText } from '../disclosure/reason-text.js';

/** The longest text a cell can hold in Excel. */
export const XLSX_MAX_CELL = 32_767;

/** Excel's limit on a sheet name. */
export const XLSX_MAX_SHEET_NAME = 31;

/** The label of a column in the language (its code when the catalogue has none). */
export function columnLabel(name: string, lang: Lang): string {
  const key = `column.${name}`;
  return hasText(key) ? text(lang, key as TextKey) : name;
}

/** Decimals a derived figure is shown with, by the table's unit. */
function decimals(unit: string | undefined): number {
  return /person|ratio|forhold/i.test(unit ?? '') ? 2 : 1;
}

/** The Excel number format of a column. */
export function numberFormat(c: ColumnInfo, unit: string | undefined): string | undefined {
  if (c.name === 'year' || /_year$/.test(c.name)) return '0';
  if (c.type === 'integer' || c.role === 'count' || c.role === 'public_count') return '#,##0';
  if (c.type === 'number') return `#,##0.${'0'.repeat(decimals(unit))}`;
  return undefined;
}

/**
 * A value as it goes into a cell: rounded numbers, words for codes, the reason a row is hidden in
 * the workbook's language, texts cut to Excel's limit.
 */
function cellValue(
  c: ColumnInfo,
  v: unknown,
  flag: string,
  lang: Lang,
  threshold: number,
): string | number | boolean | null {
  if (v === null || v === undefined) {
    // a NULL figure on a row disclosure control flagged is hidden, not missing
    const hidden =
      flag !== 'none' && (c.role === 'count' || c.role === 'derived' || c.role === 'public_count');
    return hidden ? text(lang, 'chart.suppressed') : null;
  }
  if (typeof v === 'number') return Number.isInteger(v) ? v : Math.round(v * 1e4) / 1e4;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'string') {
    if (c.name === 'level' && hasText(`level.${v}`)) return text(lang, `level.${v}` as TextKey);
    if (c.name === FLAG_COLUMN && hasText(`flag.${v}`)) return text(lang, `flag.${v}` as TextKey);
    if (c.name === REASON_COLUMN) return suppressionReasonText(flag, lang, threshold) || null;
    return v.length > XLSX_MAX_CELL ? `${v.slice(0, XLSX_MAX_CELL - 1)}…` : v;
  }
  if (typeof v === 'boolean') return v;
  return String(v).slice(0, XLSX_MAX_CELL);
}

/**
 * Fill a sheet of a streaming workbook with a table, committing each row (the sheet's views are
 * given when it is added: frozen above the two header rows).
 */
export function fillSheet(ws: ExcelJS.Worksheet, t: DisclosedTable, lang: Lang): void {
  const cols = t.columns;
  const unit = t.metadata.unit;
  ws.columns = cols.map((c) => {
    const f = numberFormat(c, unit);
    return {
      key: c.name,
      width: Math.min(40, Math.max(9, columnLabel(c.name, lang).length + 2)),
      ...(f ? { style: { numFmt: f } } : {}),
    };
  });
  if (cols.length)
    ws.autoFilter = {
      from: { row: 2, column: 1 },
      to: { row: Math.max(2, t.rows.length + 2), column: cols.length },
    };
  const codes = ws.addRow(cols.map((c) => c.name));
  // header cells carry no number format
  codes.eachCell((cell) => (cell.numFmt = 'General'));
  codes.font = { color: { argb: 'FF707070' }, size: 9 };
  codes.commit();
  const labels = ws.addRow(cols.map((c) => columnLabel(c.name, lang)));
  labels.eachCell((cell) => (cell.numFmt = 'General'));
  labels.font = { bold: true };
  labels.alignment = { wrapText: true, vertical: 'bottom' };
  labels.commit();
  for (const r of t.rows) {
    const flag = String(r[FLAG_COLUMN] ?? 'none');
    ws.addRow(cols.map((c) => cellValue(c, r[c.name], flag, lang, t.threshold))).commit();
  }
}

/**
 * Sheet names: at most 31 characters, none of `[]:*?/\`, not starting or ending with `'`, unique
 * regardless of case and different from the `reserved` names. A long name is cut at a word.
 */
export function sheetNames(names: readonly string[], reserved: readonly string[] = []): string[] {
  const used = new Set(reserved.map((r) => r.toLowerCase()));
  return names.map((n) => {
    const clean = n
      .replace(/[[\]:*?/\\]/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
      .replace(/^'+|'+$/g, '');
    const cut = (s: string, max: number) => {
      if (s.length <= max) return s;
      const w = s.slice(0, max + 1).lastIndexOf(' ');
      return (w > max / 2 ? s.slice(0, w) : s.slice(0, max)).trim();
    };
    const base = cut(clean || 'ark', XLSX_MAX_SHEET_NAME);
    let s = base;
    for (let k = 2; used.has(s.toLowerCase()); k++)
      s = `${cut(base, XLSX_MAX_SHEET_NAME - String(k).length - 3)} (${k})`;
    used.add(s.toLowerCase());
    return s;
  });
}
