/**
 * The indicators as the report shows them: one "view" per indicator total (every partition
 * breakdown at `all`), and for an indicator broken down by a dimension without a total (the
 * priority-group cohorts) one view per value. Each view holds the disclosed rows of every level
 * and year; the page reads figures from nothing else.
 */
import { localText, type Lang } from '@felles/text';
import type { ReportIndicatorInfo } from '../data/types.js';
import type { ReportContext } from './context.js';
import { num } from './html.js';
import type { ReportRow, ReportTable } from './types.js';

/** One indicator (or one value of its cohort breakdown) with its rows. */
export interface IndicatorView {
  /** `id`, or `id:code` for a value of a breakdown without a total. */
  key: string;
  id: string;
  title: string;
  info: ReportIndicatorInfo;
  /** Rows of every level and year. */
  rows: readonly ReportRow[];
}

const viewCache = new WeakMap<ReportTable, Map<Lang, IndicatorView[]>>();

/** The views of one indicator table (cached per table and language). */
export function tableViews(
  t: ReportTable,
  info: ReportIndicatorInfo | undefined,
  lang: Lang,
): IndicatorView[] {
  const byLang = viewCache.get(t) ?? new Map<Lang, IndicatorView[]>();
  viewCache.set(t, byLang);
  const hit = byLang.get(lang);
  if (hit) return hit;
  const views: IndicatorView[] = [];
  if (info) {
    const title = localText(info.title, lang);
    const partitions = info.breakdowns.filter((b) => b.partition);
    const open = info.breakdowns.filter((b) => !b.partition);
    const atTotal = (r: ReportRow) => partitions.every((b) => r[b.id] === 'all');
    if (open.length === 0) {
      views.push({ key: info.id, id: info.id, title, info, rows: t.rows.filter(atTotal) });
    } else {
      // One dimension without a total (the cohorts): a view per value.
      const b = open[0]!;
      for (const v of b.values) {
        views.push({
          key: `${info.id}:${v.code}`,
          id: info.id,
          title: `${title} — ${localText(v.label ?? v.code, lang)}`,
          info,
          rows: t.rows.filter((r) => atTotal(r) && r[b.id] === v.code),
        });
      }
    }
  }
  byLang.set(lang, views);
  return views;
}

/** Every view of the report's indicator tables, in table order. */
export function indicatorViews(ctx: ReportContext): IndicatorView[] {
  return (ctx.input.tables.indicators ?? []).flatMap((t) => {
    const id = String(t.rows[0]?.['indicator_id'] ?? t.name);
    return tableViews(t, ctx.input.indicatorInfo[id], ctx.lang);
  });
}

/** True for the samhandling indicators (tag `samhandling`): each gets its own figures. */
export function isSamhandling(info: ReportIndicatorInfo): boolean {
  return info.tags.includes('samhandling') || info.qualityDimension === 'samhandling';
}

/** Rows of a view at a level and year. */
export function viewRows(view: IndicatorView, level: string, year?: number): ReportRow[] {
  return view.rows.filter(
    (r) => r['level'] === level && (year === undefined || Number(r['year']) === year),
  );
}

/** The years of a view, ascending. */
export function viewYears(view: IndicatorView): number[] {
  return [...new Set(view.rows.map((r) => Number(r['year'])))].sort((a, b) => a - b);
}

/** The latest year in which the view has a value for the community (else the latest year). */
export function viewYear(view: IndicatorView, hf: string): number | undefined {
  const ys = viewYears(view);
  const withValue = ys.filter((y) =>
    view.rows.some(
      (r) =>
        Number(r['year']) === y &&
        r['level'] === 'helsefellesskap' &&
        r['area_code'] === hf &&
        num(r['value']) !== null,
    ),
  );
  return withValue.at(-1) ?? ys.at(-1);
}

/** The community's row of a year (helsefellesskap level). */
export function ownRow(view: IndicatorView, hf: string, year: number): ReportRow | undefined {
  return viewRows(view, 'helsefellesskap', year).find((r) => r['area_code'] === hf);
}

/** The national row of a year. */
export function nationalRow(view: IndicatorView, year: number): ReportRow | undefined {
  return viewRows(view, 'national', year)[0];
}
