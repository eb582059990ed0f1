/**
 * Small HTML helpers of the report: escaping, number cells that show disclosure control's
 * "skjult" marker instead of a hidden value, and plain tables.
 */
import { suppressionReasonText } from '@felles/core';
import { formatNumber, t, type Lang } from '@felles/charts';
import type { ReportCell, ReportRow } from './types.js';

/** Escape text for HTML element content and attribute values. */
export function esc(s: unknown): string {
  return String(s ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** The flag of a row (`none` when absent). */
export function flagOf(row: ReportRow | undefined): string {
  const f = row?.['suppressed'];
  return typeof f === 'string' ? f : 'none';
}

/** A numeric cell value, or null when hidden/missing/not a number. */
export function num(v: ReportCell | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * A table cell for a number. A NULL value on a row that disclosure control flagged is shown as the
 * marker `skjult`/`suppressed` (class `hidden-cell`, `data-suppressed` = the flag, the reason in
 * the language as tooltip) — never a
 * number, never 0; a NULL on an unflagged row is `mangler`/`missing`.
 */
export function numCell(
  row: ReportRow | undefined,
  column: string,
  lang: Lang,
  format = ',',
): string {
  const v = num(row?.[column]);
  if (v !== null) return `<td class="num">${esc(formatNumber(v, format, lang))}</td>`;
  const flag = flagOf(row);
  if (row && flag !== 'none') {
    return `<td class="num hidden-cell" data-suppressed="${esc(flag)}" title="${esc(suppressionReasonText(flag, lang))}">${esc(t(lang, 'suppressed'))}</td>`;
  }
  return `<td class="num missing-cell">${esc(t(lang, 'missing'))}</td>`;
}

/** A text cell. */
export function textCell(v: unknown, cls = ''): string {
  return `<td${cls ? ` class="${cls}"` : ''}>${esc(v)}</td>`;
}

/** A table with a header row; `rows` are already `<tr>` contents; headers after the first `textColumns` are right-aligned. */
export function table(
  headers: readonly string[],
  rows: readonly string[],
  caption?: string,
  cls = 'data',
  textColumns = 1,
): string {
  const head = headers
    .map((h, i) => `<th${i >= textColumns ? ' class="num"' : ''}>${esc(h)}</th>`)
    .join('');
  return `<table class="${cls}">${caption ? `<caption>${esc(caption)}</caption>` : ''}<thead><tr>${head}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r}</tr>`)
    .join('')}</tbody></table>`;
}

/** A "not available" note for a section or part of one. */
export function unavailableNote(text: string): string {
  return `<div class="not-available" role="note">${esc(text)}</div>`;
}

/** Slug for ids: lower-case ASCII letters, digits and dashes. */
export function slug(s: string): string {
  return (
    s
      .normalize('NFKD')
      .replace(/[^\w\s-]/g, '')
      .toLowerCase()
      .replace(/[\s_]+/g, '-')
      .replace(/-+/g, '-')
      .replace(/^-|-$/g, '') || 'x'
  );
}
