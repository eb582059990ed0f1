/**
 * One indicator in full: what it measures, the 19 communities as a Helseatlas bar (own community
 * highlighted, national line, target line, hidden cells marked, each earlier year as a dot), its
 * funnel plot, the community's years against Norway and the target with ranks that say which
 * way is better, and its data-quality flags.
 */
import { areaRatesSpec, formatNumber, funnelPlotSpec, type AreaRateRow } from '@felles/charts';
import { localText, text } from '@felles/text';
import type { ReportContext } from './context.js';
import { Footnotes } from './footnotes.js';
import { funnelData } from './indicator-funnel.js';
import { qualityLine } from './indicator-quality.js';
import {
  nationalRow,
  ownRow,
  viewRows,
  viewYear,
  viewYears,
  type IndicatorView,
} from './indicator-views.js';
import { esc, flagOf, num, numCell, table, textCell } from './html.js';
import { rt, standardName } from './text.js';

/** d3 format of an indicator's values. */
export function valueFormat(view: IndicatorView): string {
  return view.info.unit === 'per_person' || view.info.unit === 'ratio' ? ',.2f' : ',.1f';
}

/** The method of an indicator's values, in the report's language. */
export function methodText(ctx: ReportContext, view: IndicatorView, level = 0.95): string {
  const i = view.info;
  const lv = formatNumber(level, '.0%', ctx.lang);
  if (i.kind === 'growth-comparison') return text(ctx.lang, 'method.growth');
  if (i.kind === 'median') return text(ctx.lang, 'method.median');
  if (i.standardisation === 'direct')
    return text(ctx.lang, 'method.dsr', { level: lv, standard: indicatorStandard(ctx) });
  if (i.confidence === 'wilson') return text(ctx.lang, 'method.wilson', { level: lv });
  if (i.confidence === 'poisson') return text(ctx.lang, 'method.poisson', { level: lv });
  return text(ctx.lang, i.unit === 'ratio' ? 'method.ratio' : 'method.rate');
}

/** The standard population of the standardised indicators (from the tables' metadata). */
function indicatorStandard(ctx: ReportContext): string {
  for (const t of ctx.input.tables.indicators ?? [])
    for (const n of t.metadata.notes ?? []) {
      const m = /^standard population: (.+)$/.exec(n);
      if (m) return standardName(ctx.lang, m[1]!);
    }
  const s = ctx.input.methods.standardPopulation;
  return s ? standardName(ctx.lang, s) : rt(ctx.lang, 'national');
}

/** The Helseatlas bar of the 19 communities for the view's latest year. */
async function barFigure(ctx: ReportContext, view: IndicatorView, year: number): Promise<string> {
  const rows: AreaRateRow[] = view.rows
    .filter((r) => r['level'] === 'helsefellesskap' && Number(r['year']) <= year)
    .map((r) => ({
      area: ctx.areaName(r['area_code']),
      period: Number(r['year']),
      value: num(r['value']),
      lower: num(r['lower']),
      upper: num(r['upper']),
      suppressed: flagOf(r) as AreaRateRow['suppressed'],
    }));
  const nat = nationalRow(view, year);
  const own = ownRow(view, ctx.hf.code, year);
  const target = view.info.hasTargets ? num(own?.['target'] ?? nat?.['target']) : null;
  const years = viewYears(view).filter((y) => y <= year);
  return ctx.figure(
    `indicator-bar-${view.key}`,
    areaRatesSpec(rows, {
      lang: ctx.lang,
      barPeriod: year,
      ownArea: ctx.hf.shortName,
      national: flagOf(nat) === 'none' ? num(nat?.['value']) : null,
      ...(target !== null ? { target } : {}),
      valueTitle: ctx.unitAxis(view.info.unit),
      valueFormat: valueFormat(view),
      title: rt(ctx.lang, 'barTitle', { title: view.title, year }),
      meta: ctx.meta({
        source: sourceOf(view),
        period: years.length > 1 ? `${years[0]}–${year}` : String(year),
        method: methodText(ctx, view),
        definitionIds: [view.id],
      }),
    }),
  );
}

/** Data sources of an indicator for captions. */
function sourceOf(view: IndicatorView): string {
  const t = view.info.tags;
  const parts = [
    ...(t.includes('specialist') ? ['NPR'] : []),
    ...(t.includes('primary') || t.includes('municipal') || t.includes('linked') ? ['KPR'] : []),
  ];
  if (!parts.length) parts.push('NPR', 'KPR');
  return `${parts.join(', ')}; SSB`;
}

/** The funnel plot of the 19 communities for the year (or a note why there is none). */
async function funnelFigure(
  ctx: ReportContext,
  view: IndicatorView,
  year: number,
): Promise<string> {
  const f = funnelData(ctx, view, year, 'helsefellesskap');
  if (!f) return `<p class="muted">${esc(rt(ctx.lang, 'noFunnel'))}</p>`;
  const den =
    view.info.denominator === 'population'
      ? rt(ctx.lang, 'denominatorPopulation')
      : view.info.denominator === 'cohort'
        ? rt(ctx.lang, 'denominatorCohort')
        : rt(ctx.lang, 'denominatorEvents');
  return ctx.figure(
    `indicator-funnel-${view.key}`,
    funnelPlotSpec(f.points, f.limits, {
      lang: ctx.lang,
      target: f.target,
      ownUnit: ctx.hf.shortName,
      valueTitle: ctx.unitAxis(view.info.unit),
      denominatorTitle: den,
      valueFormat: valueFormat(view),
      title: rt(ctx.lang, 'funnelTitle', { title: view.title, year }),
      ...(f.crude ? { subtitle: rt(ctx.lang, 'funnelCrude') } : {}),
      meta: ctx.meta({
        source: sourceOf(view),
        period: String(year),
        method: f.method,
        definitionIds: [view.id],
      }),
    }),
  );
}

/** The community's years: value with interval, Norway, target and rank, "–" with a note by design. */
function yearsTable(ctx: ReportContext, view: IndicatorView): string {
  const lang = ctx.lang;
  const notes = new Footnotes();
  const fmt = valueFormat(view);
  const i = view.info;
  const rows = viewYears(view).map((y) => {
    const r = ownRow(view, ctx.hf.code, y);
    const nat = nationalRow(view, y);
    const ci =
      i.confidence === 'none' || i.kind === 'growth-comparison'
        ? notes.dash(rt(lang, 'noIntervalByDesign'))
        : num(r?.['lower']) !== null && num(r?.['upper']) !== null
          ? textCell(
              rt(lang, 'ciRange', {
                lower: formatNumber(num(r!['lower']), fmt, lang),
                upper: formatNumber(num(r!['upper']), fmt, lang),
              }),
              'num',
            )
          : numCell(r, 'lower', lang, fmt);
    const target = i.hasTargets
      ? numCell(r, 'target', lang, fmt)
      : notes.dash(rt(lang, 'noTargetByDesign'));
    const rank =
      i.direction === 'neutral'
        ? notes.dash(rt(lang, 'noRankByDesign'))
        : num(r?.['rank']) !== null
          ? textCell(
              rt(lang, 'rankOf', {
                rank: num(r!['rank'])!,
                of: viewRows(view, 'helsefellesskap', y).filter((x) => num(x['value']) !== null)
                  .length,
              }),
              'num',
            )
          : numCell(r, 'rank', lang);
    return `${textCell(y)}${numCell(r, 'value', lang, fmt)}${ci}${numCell(nat, 'value', lang, fmt)}${target}${rank}`;
  });
  const head = [
    rt(lang, 'period'),
    ctx.hf.shortName,
    rt(lang, 'ci95'),
    rt(lang, 'national'),
    rt(lang, 'target'),
    `${rt(lang, 'rank')} (${text(lang, `rankNote.${i.direction}`)})`,
  ];
  return table(head, rows, undefined, 'data indicator-years') + notes.html();
}

/** The rank sentence: position, direction and the ranks the intervals allow. */
function rankLine(ctx: ReportContext, view: IndicatorView, year: number): string {
  const i = view.info;
  const dir = rt(ctx.lang, 'direction', {
    direction: text(ctx.lang, `direction.${i.direction}`),
  });
  const r = ownRow(view, ctx.hf.code, year);
  const rank = num(r?.['rank']);
  const best = num(r?.['rank_best']);
  const worst = num(r?.['rank_worst']);
  const of = viewRows(view, 'helsefellesskap', year).filter((x) => num(x['value']) !== null).length;
  const rankText =
    i.direction !== 'neutral' && rank !== null && best !== null && worst !== null
      ? ` ${rt(ctx.lang, 'rankExplained', { rank, of, best, worst, note: text(ctx.lang, `rankNote.${i.direction}`) })}`
      : '';
  return `<p class="rank-line">${esc(dir + rankText)}</p>`;
}

/** The whole block of one indicator. */
export async function indicatorDetail(ctx: ReportContext, view: IndicatorView): Promise<string> {
  const year = viewYear(view, ctx.hf.code);
  if (year === undefined) return '';
  const parts = [
    `<h4 id="ind-${esc(view.key)}">${esc(view.title)}</h4>`,
    `<p class="definition">${esc(localText(view.info.description, ctx.lang))}</p>`,
    await barFigure(ctx, view, year),
    await funnelFigure(ctx, view, year),
    rankLine(ctx, view, year),
    yearsTable(ctx, view),
    qualityLine(ctx, view.id, year),
  ];
  return `<div class="indicator" data-indicator="${esc(view.key)}">${parts.join('\n')}</div>`;
}
