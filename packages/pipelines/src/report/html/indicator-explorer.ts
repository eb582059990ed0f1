/**
 * The data of the interactive indicator explorer: for every indicator view, year and level (the
 * 19 communities; the municipalities of the own community) the disclosed values, the funnel
 * points and limits, the national value and the target — compact rows the explorer's Vega spec
 * filters with the reader's choices. The figure is compiled to Vega here and left in the page as
 * JSON for the inlined runtime; print shows the static figures instead.
 */
import {
  indicatorExplorerSpec,
  toVegaSpec,
  type ExplorerLimit,
  type ExplorerReference,
  type ExplorerRow,
  type ExplorerView,
} from '@felles/charts';
import { t } from '@felles/charts';
import { unitMultiplier, type IndicatorUnit } from '@felles/core';
import type { ReportContext } from './context.js';
import { valueFormat } from './indicator-detail.js';
import { funnelData } from './indicator-funnel.js';
import { viewRows, viewYears, type IndicatorView } from './indicator-views.js';
import { esc, flagOf, num } from './html.js';
import { rt } from './text.js';

const round = (x: number | null): number | null =>
  x === null ? null : Math.round(x * 1000) / 1000;
const sig = (x: number): number => Number(x.toPrecision(5));

type Level = 'h' | 'm';

/** The explorer rows of one view, year and level. */
function rowsOf(
  ctx: ReportContext,
  view: IndicatorView,
  k: string,
  year: number,
  l: Level,
  muns: ReadonlySet<string>,
): ExplorerRow[] {
  const level = l === 'h' ? 'helsefellesskap' : 'municipality';
  const mult = unitMultiplier(view.info.unit as IndicatorUnit);
  const ownCode = l === 'h' ? ctx.hf.code : '';
  return viewRows(view, level, year)
    .filter((r) => l === 'h' || muns.has(String(r['area_code'])))
    .map((r) => {
      const shown = flagOf(r) === 'none' && num(r['value']) !== null;
      const n = num(r['numerator']);
      const d = num(r['denominator']);
      const fy = shown && n !== null && d !== null && d > 0 ? (n / d) * mult : null;
      return {
        k,
        y: year,
        l,
        a: ctx.areaName(r['area_code']),
        v: shown ? round(num(r['value'])) : null,
        lo: shown ? round(num(r['lower'])) : null,
        hi: shown ? round(num(r['upper'])) : null,
        d: d,
        fy: fy === null ? null : round(fy),
        // only what the spec reads: the own area marked, the marker of a value not shown
        ...(r['area_code'] === ownCode ? { o: 1 as const } : {}),
        ...(shown ? {} : { s: t(ctx.lang, flagOf(r) === 'none' ? 'missing' : 'suppressed') }),
      };
    });
}

/** Everything the explorer draws, for the community of `ctx`. */
export function explorerData(
  ctx: ReportContext,
  views: readonly IndicatorView[],
  code: ReadonlyMap<string, string> = new Map(),
) {
  const kOf = (v: IndicatorView) => code.get(v.key) ?? v.key;
  const muns = new Set(ctx.hf.municipalities.map((m) => m.code));
  const rows: ExplorerRow[] = [];
  const national: ExplorerReference[] = [];
  const targets: ExplorerReference[] = [];
  const limits: ExplorerLimit[] = [];
  for (const view of views) {
    for (const y of viewYears(view)) {
      for (const l of ['h', 'm'] as const) {
        rows.push(...rowsOf(ctx, view, kOf(view), y, l, muns));
        const f = funnelData(
          ctx,
          view,
          y,
          l === 'h' ? 'helsefellesskap' : 'municipality',
          l === 'm' ? muns : undefined,
          12,
        );
        for (const x of f?.limits ?? [])
          limits.push({
            k: kOf(view),
            y,
            l,
            d: Math.round(x.denominator),
            l95: sig(x.lower95),
            u95: sig(x.upper95),
            l998: sig(x.lower998),
            u998: sig(x.upper998),
            c: sig(f!.target),
          });
      }
      const nat = viewRows(view, 'national', y)[0];
      if (nat && flagOf(nat) === 'none' && num(nat['value']) !== null)
        national.push({ k: kOf(view), y, v: round(num(nat['value']))! });
      const tg = view.info.hasTargets ? num(nat?.['target']) : null;
      if (tg !== null) targets.push({ k: kOf(view), y, v: tg });
    }
  }
  return { rows, national, targets, limits };
}

/**
 * The explorer's `<figure>`: a container the runtime fills and the compiled Vega spec as JSON
 * (`screen-only`; print shows the static figures). Empty when there is nothing to explore.
 */
export function explorerFigure(ctx: ReportContext, views: readonly IndicatorView[]): string {
  const usable = views.filter((v) => viewYears(v).length);
  if (!usable.length) return '';
  const lang = ctx.lang;
  const years = [...new Set(usable.flatMap((v) => viewYears(v)))].sort((a, b) => a - b);
  const first = usable.find((v) => v.info.tags.includes('samhandling')) ?? usable[0]!;
  // views by a short code in the page (the data repeat it on every row), not the indicator id
  const code = new Map(usable.map((v, i) => [v.key, `v${i}`]));
  const evs: ExplorerView[] = usable.map((v) => ({
    key: code.get(v.key)!,
    title: `${v.title} (${ctx.indicatorUnit(v.info.unit)})`,
    format: valueFormat(v),
  }));
  const spec = indicatorExplorerSpec(explorerData(ctx, usable, code), {
    lang,
    views: evs,
    years,
    initial: { view: code.get(first.key)!, year: viewYears(first).at(-1)! },
    levelLabels: {
      h: rt(lang, 'levelCommunities'),
      m: rt(lang, 'levelMunicipalities', { hf: ctx.hf.shortName }),
    },
    controls: {
      view: rt(lang, 'explorerView'),
      year: rt(lang, 'explorerYear'),
      level: rt(lang, 'explorerLevel'),
    },
    denominatorTitle: rt(lang, 'denominatorEvents'),
    ownArea: ctx.hf.shortName,
    meta: ctx.meta({
      source: 'NPR, KPR; SSB',
      period: years.length > 1 ? `${years[0]}–${years.at(-1)}` : String(years[0]),
      method: rt(lang, 'explorerMethod'),
      definitionIds: [...new Set(usable.map((v) => v.id))],
    }),
  });
  const id = ctx.figureId('indicator-explorer');
  ctx.interactive.push({ id, spec: toVegaSpec(spec) });
  const caption = spec.usermeta.felles.caption;
  return `<figure class="felles-figure interactive screen-only" id="${id}" data-figure="${id}" data-kind="indicator-explorer"><div class="vega-view" data-spec="${id}-spec" role="img" aria-label="${esc(spec.usermeta.felles.title)}"></div><figcaption>${esc(caption)}</figcaption></figure>`;
}
