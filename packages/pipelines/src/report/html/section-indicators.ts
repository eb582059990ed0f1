/**
 * Section "Samhandlingsindikatorer", comparison first: an overview of every indicator (own value,
 * Norway, rank with its direction, against Norway, trend, data quality), the interactive
 * explorer (indicator, year, level of geography), and for each samhandling indicator and each
 * indicator of the national health and collaboration plan (tag `national-plan`) its bar of the 19
 * communities, funnel plot, years and quality flags.
 */
import { formatNumber } from '@felles/charts';
import { text } from '@felles/text';
import type { ReportContext } from './context.js';
import { Footnotes } from './footnotes.js';
import { indicatorDetail, valueFormat } from './indicator-detail.js';
import { explorerFigure } from './indicator-explorer.js';
import { qualityCell, qualityRow } from './indicator-quality.js';
import {
  indicatorViews,
  isSamhandling,
  nationalRow,
  ownRow,
  viewRows,
  viewYear,
  viewYears,
  type IndicatorView,
} from './indicator-views.js';
import { esc, flagOf, num, numCell, table, textCell, unavailableNote } from './html.js';
import { rt } from './text.js';

/** How the community's value moved over the period (Fingertips style), or null. */
function trendOf(
  ctx: ReportContext,
  view: IndicatorView,
  year: number,
): 'better' | 'worse' | 'up' | 'down' | 'flat' | null {
  const ys = viewYears(view).filter((y) => y <= year);
  const vals = ys
    .map((y) => ownRow(view, ctx.hf.code, y))
    .filter((r) => r && flagOf(r) === 'none' && num(r['value']) !== null);
  if (vals.length < 3) return null;
  const first = num(vals[0]!['value'])!;
  const last = vals.at(-1)!;
  const lo = num(last['lower']);
  const hi = num(last['upper']);
  if (lo === null || hi === null) return null;
  const moved = lo > first ? 'up' : hi < first ? 'down' : 'flat';
  if (moved === 'flat' || view.info.direction === 'neutral') return moved;
  return (moved === 'up') === (view.info.direction === 'higher_is_better') ? 'better' : 'worse';
}

/** One row of the overview. */
function overviewRow(ctx: ReportContext, view: IndicatorView, notes: Footnotes): string | null {
  const lang = ctx.lang;
  const year = viewYear(view, ctx.hf.code);
  if (year === undefined) return null;
  const r = ownRow(view, ctx.hf.code, year);
  const nat = nationalRow(view, year);
  const fmt = valueFormat(view);
  const i = view.info;
  const of = viewRows(view, 'helsefellesskap', year).filter((x) => num(x['value']) !== null).length;
  const rank =
    i.direction === 'neutral'
      ? notes.dash(rt(lang, 'noRankByDesign'))
      : num(r?.['rank']) !== null
        ? textCell(rt(lang, 'rankOf', { rank: num(r!['rank'])!, of }), 'num')
        : numCell(r, 'rank', lang);
  const noInterval = i.confidence === 'none' || i.kind === 'growth-comparison';
  const assessment = noInterval
    ? notes.dash(rt(lang, 'noAssessmentByDesign'))
    : typeof r?.['assessment'] === 'string' && r['assessment']
      ? textCell(text(lang, `assessment.${r['assessment']}` as 'assessment.better'))
      : typeof r?.['significance'] === 'string' && r['significance'] !== 'not significant'
        ? textCell(text(lang, `assessment.${r['significance']}` as 'assessment.higher'))
        : r?.['significance'] === 'not significant'
          ? textCell(text(lang, 'assessment.similar'))
          : numCell(r, 'assessment', lang);
  const trend = trendOf(ctx, view, year);
  const trendCell =
    trend === null
      ? noInterval
        ? notes.dash(rt(lang, 'noIntervalByDesign'))
        : notes.dash(rt(lang, 'noTrendByDesign'))
      : textCell(text(lang, `trend.${trend}`));
  const link = isSamhandling(i)
    ? `<a href="#ind-${esc(view.key)}">${esc(view.title)}</a>`
    : esc(view.title);
  return `<td>${link} <span class="muted">(${esc(ctx.indicatorUnit(i.unit))}, ${year})</span></td>${numCell(r, 'value', lang, fmt)}${numCell(nat, 'value', lang, fmt)}${rank}${assessment}${trendCell}${qualityCell(ctx, qualityRow(ctx, view.id, year, ctx.hf.code))}`;
}

/** The overview table of the given views. */
function overview(ctx: ReportContext, views: readonly IndicatorView[], caption: string): string {
  const notes = new Footnotes();
  const rows = views.flatMap((v) => {
    const r = overviewRow(ctx, v, notes);
    return r ? [r] : [];
  });
  if (!rows.length) return '';
  const lang = ctx.lang;
  return (
    table(
      [
        rt(lang, 'overviewIndicator'),
        ctx.hf.shortName,
        rt(lang, 'national'),
        rt(lang, 'rankHeader'),
        rt(lang, 'assessment'),
        rt(lang, 'trendHeader'),
        rt(lang, 'quality'),
      ],
      rows,
      caption,
      'data overview',
    ) + notes.html()
  );
}

/** The section. */
export async function indicatorSection(ctx: ReportContext): Promise<string> {
  const lang = ctx.lang;
  const views = indicatorViews(ctx).filter((v) => !v.key.includes(':'));
  if (!views.length)
    return unavailableNote(
      ctx.input.unavailable?.indicators ?? `${rt(lang, 'notAvailable')}: ${rt(lang, 'indicators')}`,
    );
  const sam = views.filter((v) => isSamhandling(v.info));
  const other = views.filter((v) => !isSamhandling(v.info));
  const year = Math.max(...views.map((v) => viewYear(v, ctx.hf.code) ?? 0));
  const parts = [
    `<p class="lead">${esc(rt(lang, 'indicatorsIntro'))}</p>`,
    `<h3>${esc(rt(lang, 'overview', { year }))}</h3>`,
    overview(ctx, sam, rt(lang, 'samhandlingIndicators')),
    overview(ctx, other, rt(lang, 'otherIndicators')),
    `<p class="muted">${esc(rt(lang, 'trendMethod'))} ${esc(rt(lang, 'qualityNote', { completeness: formatNumber(95, ',', lang), linkage: formatNumber(90, ',', lang) }))}</p>`,
  ];
  if (!ctx.options.staticOnly) {
    parts.push(`<h3 class="screen-only">${esc(rt(lang, 'explorerTitle'))}</h3>`);
    parts.push(`<p class="screen-only">${esc(rt(lang, 'explorerIntro'))}</p>`);
    parts.push(explorerFigure(ctx, indicatorViews(ctx)));
  }
  parts.push(`<h3>${esc(rt(lang, 'samhandlingIndicators'))}</h3>`);
  for (const v of sam) parts.push(await indicatorDetail(ctx, v));
  const plan = other.filter((v) => v.info.tags.includes('national-plan'));
  if (plan.length) parts.push(`<h3>${esc(rt(lang, 'nationalPlanIndicators'))}</h3>`);
  for (const v of plan) parts.push(await indicatorDetail(ctx, v));
  return parts.join('\n');
}
