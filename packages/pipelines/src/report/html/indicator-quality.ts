/**
 * An indicator's data-quality flags beside its figure: municipalities reporting, coding
 * completeness of the fields it reads and NPR–KPR linkage coverage, from the disclosed
 * `indicator_quality` table, with "tolk med varsomhet" where a threshold is crossed.
 */
import { formatNumber } from '@felles/charts';
import { hasText, text, type TextKey } from '@felles/text';
import type { ReportContext } from './context.js';
import { esc, flagOf, num } from './html.js';
import { rt } from './text.js';
import type { ReportRow } from './types.js';

/** The quality row of an indicator, year and area (`level` `helsefellesskap` by default). */
export function qualityRow(
  ctx: ReportContext,
  id: string,
  year: number,
  area: string,
  level = 'helsefellesskap',
): ReportRow | undefined {
  return ctx.input.tables.indicatorQuality?.rows.find(
    (r) =>
      r['indicator_id'] === id &&
      Number(r['year']) === year &&
      r['level'] === level &&
      r['area_code'] === area,
  );
}

/** The parts of the quality sentence, and whether to interpret with caution. */
export function qualityParts(
  ctx: ReportContext,
  r: ReportRow,
): { parts: string[]; caution: string[]; hidden: boolean } {
  const lang = ctx.lang;
  const parts: string[] = [];
  const caution: string[] = [];
  const reporting = num(r['reporting']);
  const total = num(r['municipalities']);
  if (reporting !== null && total !== null) {
    const p = rt(lang, 'qualityReporting', { reporting, municipalities: total });
    parts.push(p);
    if (reporting < total) caution.push(p);
  }
  const pct = (v: number) => formatNumber(v / 100, '.1%', lang);
  const fields = String(r['fields'] ?? '')
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean)
    .map((f) => (hasText(`field.${f}`) ? text(lang, `field.${f}` as TextKey) : f));
  const c = num(r['completeness']);
  if (c !== null) {
    const p = fields.length
      ? rt(lang, 'qualityCompleteness', { pct: pct(c), fields: fields.join(', ') })
      : rt(lang, 'qualityCompletenessAll', { pct: pct(c) });
    parts.push(p);
    if (c < 95) caution.push(p);
  }
  const l = num(r['linkage_coverage']);
  if (l !== null) {
    const p = rt(lang, 'qualityLinkage', { pct: pct(l) });
    parts.push(p);
    if (l < 90) caution.push(p);
  }
  const hidden = flagOf(r) !== 'none';
  if (hidden) parts.push(rt(lang, 'qualityHidden'));
  return { parts, caution, hidden };
}

/** A short cell for a table: "tolk med varsomhet" (with the reasons as a tooltip) or "ingen merknad". */
export function qualityCell(ctx: ReportContext, r: ReportRow | undefined): string {
  if (!r) return '<td class="quality">–</td>';
  const q = qualityParts(ctx, r);
  const title = esc(q.parts.join('; '));
  if (r['caution'] === true || q.caution.length)
    return `<td class="quality caution" title="${title}">${esc(rt(ctx.lang, 'caution'))}</td>`;
  return `<td class="quality" title="${title}">${esc(rt(ctx.lang, q.hidden ? 'qualityHidden' : 'qualityOk'))}</td>`;
}

/** The full sentence under an indicator's figures. */
export function qualityLine(ctx: ReportContext, id: string, year: number): string {
  const r = qualityRow(ctx, id, year, ctx.hf.code);
  if (!r) return '';
  const q = qualityParts(ctx, r);
  const line = rt(ctx.lang, 'qualityLine', { year, parts: q.parts.join('; ') });
  const caution =
    r['caution'] === true || q.caution.length
      ? ` <strong class="caution">${esc(rt(ctx.lang, 'qualityCaution', { why: q.caution.join('; ') || rt(ctx.lang, 'qualityHidden') }))}</strong>`
      : '';
  return `<p class="quality-line" data-indicator="${esc(id)}">${esc(line)}${caution}</p>`;
}
