/**
 * The indicator explorer of the report: one interactive figure in which the reader picks an
 * indicator, a year and a level of geography (the 19 communities, or the municipalities of the
 * own community) and sees the Helseatlas bar (own area highlighted, national line, target line,
 * hidden areas marked "skjult") beside the funnel plot of the same selection. The choices are
 * Vega signals bound to form controls, so the figure works offline with the Vega runtime alone;
 * every number in it is a row passed in (hidden rows carry no value).
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { OKABE_ITO, ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Lang } from '../types.js';
import { HIDDEN_POINT_MARK, HIDDEN_TEXT_MARK } from './common.js';

/** One area of one view, year and level. `s` is empty when shown, else the hidden marker text. */
export interface ExplorerRow {
  /** View key (indicator id, or `id:code`). */
  k: string;
  y: number;
  /** Level: `h` the communities, `m` the municipalities of the own community. */
  l: 'h' | 'm';
  /** Area name. */
  a: string;
  v: number | null;
  lo: number | null;
  hi: number | null;
  /** Denominator (funnel x), when shown. */
  d: number | null;
  /** Funnel value (the crude rate of a standardised indicator), when shown. */
  fy: number | null;
  /** 1 for the own area (absent or 0 for the others). */
  o?: 0 | 1;
  /** The marker of a value not shown (`skjult`/`mangler`); absent when shown. */
  s?: string;
}

/** A reference value (national value or target) of a view and year. */
export interface ExplorerReference {
  k: string;
  y: number;
  v: number;
}

/** Funnel limits of a view, year and level at one denominator. */
export interface ExplorerLimit {
  k: string;
  y: number;
  l: 'h' | 'm';
  d: number;
  /** lower 95 %, upper 95 %, lower 99.8 %, upper 99.8 %, centre. */
  l95: number;
  u95: number;
  l998: number;
  u998: number;
  c: number;
}

/** A view the reader can choose. */
export interface ExplorerView {
  key: string;
  title: string;
  /** d3 format of the values. */
  format: string;
}

/** Options of {@link indicatorExplorerSpec}. */
export interface ExplorerOptions extends BaseChartOptions {
  views: readonly ExplorerView[];
  years: readonly number[];
  /** Selection shown first. */
  initial: { view: string; year: number };
  /** Labels of the two levels, e.g. `De 19 helsefellesskapene`, `Kommunene i Telemark`. */
  levelLabels: { h: string; m: string };
  /** Labels of the controls. */
  controls: { view: string; year: string; level: string };
  /** Axis title of the funnel's x axis (the denominator). */
  denominatorTitle: string;
  /** Name of the own community (bold among the 19). */
  ownArea: string;
}

const SEL = 'datum.k === view && datum.y === year';

/** The data of the explorer: the areas' rows, the national values, the targets and the funnel limits. */
export interface ExplorerData {
  rows: readonly ExplorerRow[];
  national: readonly ExplorerReference[];
  targets: readonly ExplorerReference[];
  limits: readonly ExplorerLimit[];
}

/** Encodings, filters and tooltips the bar and the funnel share. */
function explorerParts(data: ExplorerData, lang: Lang) {
  const rows = { name: 'rows', values: data.rows };
  const sel = { filter: `${SEL} && datum.l === level` };
  const fmt = "FMT[view] || ',.1f'";
  const y = {
    field: 'a',
    type: 'nominal',
    title: null,
    sort: { field: 'sv', op: 'max', order: 'descending' },
    axis: {
      labelLimit: 170,
      labelFontWeight: { condition: { test: 'datum.value === OWN', value: 700 }, value: 400 },
    },
  };
  const x = { field: 'v', type: 'quantitative', title: null, scale: { zero: true } };
  const tooltip = [
    { field: 'a', type: 'nominal', title: t(lang, 'community') },
    { field: 'vt', type: 'nominal', title: t(lang, 'value') },
    { field: 'ci', type: 'nominal', title: t(lang, 'ci') },
  ];
  const texts = [
    { calculate: 'datum.v === null ? -1e300 : datum.v', as: 'sv' },
    { calculate: `datum.v === null ? datum.s : format(datum.v, ${fmt})`, as: 'vt' },
    {
      calculate: `datum.lo === null ? '–' : format(datum.lo, ${fmt}) + ' – ' + format(datum.hi, ${fmt})`,
      as: 'ci',
    },
  ];
  return { rows, sel, y, x, tooltip, texts };
}

/** The bar of the areas (value, interval, hidden cells, national and target lines). */
function explorerBar(data: ExplorerData, lang: Lang) {
  const { rows, sel, y, x, tooltip, texts } = explorerParts(data, lang);
  const bar = {
    width: 330,
    height: { step: 15 },
    data: rows,
    transform: [sel, ...texts],
    layer: [
      {
        transform: [{ filter: 'datum.v !== null' }],
        mark: { type: 'bar' },
        encoding: {
          y,
          x,
          color: {
            condition: { test: 'datum.o === 1', value: ROLE_COLORS.own },
            value: ROLE_COLORS.other,
          },
          tooltip,
        },
      },
      {
        transform: [{ filter: 'datum.lo !== null && datum.hi !== null' }],
        mark: { type: 'rule', color: '#333333' },
        encoding: { y, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' }, tooltip },
      },
      {
        transform: [{ filter: 'datum.v === null' }],
        mark: { ...HIDDEN_TEXT_MARK, align: 'left', dx: 4 },
        encoding: { y, x: { datum: 0 }, text: { field: 's' }, tooltip },
      },
      {
        data: { name: 'national', values: data.national },
        transform: [{ filter: SEL }],
        mark: { type: 'rule', color: ROLE_COLORS.reference, strokeDash: [5, 3], strokeWidth: 1.5 },
        encoding: {
          x: { field: 'v', type: 'quantitative' },
          tooltip: [{ field: 'v', type: 'quantitative', title: t(lang, 'nationalRate') }],
        },
      },
      {
        data: { name: 'targets', values: data.targets },
        transform: [{ filter: SEL }],
        mark: { type: 'rule', color: ROLE_COLORS.target, strokeWidth: 2 },
        encoding: {
          x: { field: 'v', type: 'quantitative' },
          tooltip: [{ field: 'v', type: 'quantitative', title: t(lang, 'target') }],
        },
      },
    ],
  };
  return bar;
}

/** The funnel plot of the areas with its 95 % and 99.8 % limits and the centre line. */
function explorerFunnel(data: ExplorerData, lang: Lang, denominatorTitle: string) {
  const { rows, sel, tooltip, texts } = explorerParts(data, lang);
  const fx = {
    field: 'd',
    type: 'quantitative',
    title: denominatorTitle,
    scale: { zero: true },
    axis: { format: '~s' },
  };
  const funnel = {
    width: 300,
    height: 300,
    layer: [
      {
        data: { name: 'limits', values: data.limits },
        transform: [
          sel,
          { fold: ['l95', 'u95', 'l998', 'u998'], as: ['line', 'lim'] },
          {
            calculate: `datum.line === 'l95' || datum.line === 'u95' ? '${t(lang, 'limit95')}' : '${t(lang, 'limit998')}'`,
            as: 'level',
          },
        ],
        mark: { type: 'line', color: '#555555', strokeWidth: 1.2, interpolate: 'monotone' },
        encoding: {
          x: fx,
          y: { field: 'lim', type: 'quantitative', title: null, scale: { zero: false } },
          detail: { field: 'line' },
          strokeDash: {
            field: 'level',
            type: 'nominal',
            title: null,
            scale: {
              domain: [t(lang, 'limit95'), t(lang, 'limit998')],
              range: [
                [6, 3],
                [2, 2],
              ],
            },
          },
        },
      },
      {
        data: { name: 'limits' },
        transform: [sel, { aggregate: [{ op: 'max', field: 'c', as: 'c' }] }],
        mark: { type: 'rule', color: ROLE_COLORS.reference, strokeWidth: 1.3 },
        encoding: { y: { field: 'c', type: 'quantitative' } },
      },
      {
        data: rows,
        transform: [sel, { filter: 'datum.fy !== null' }, ...texts],
        mark: { type: 'point', filled: true, size: 55, stroke: '#ffffff', strokeWidth: 0.7 },
        encoding: {
          x: fx,
          y: { field: 'fy', type: 'quantitative' },
          color: {
            condition: { test: 'datum.o === 1', value: ROLE_COLORS.own },
            value: OKABE_ITO.blue,
          },
          tooltip: [
            ...tooltip.slice(0, 2),
            { field: 'd', type: 'quantitative', format: ',', title: denominatorTitle },
          ],
        },
      },
      {
        data: rows,
        transform: [sel, { filter: 'datum.fy === null && datum.d !== null' }, ...texts],
        mark: HIDDEN_POINT_MARK,
        encoding: { x: fx, y: { value: 300 }, tooltip: tooltip.slice(0, 2) },
      },
    ],
  };
  return funnel;
}

/** The three bound parameters (indicator, year, level) and the lookup tables of the titles. */
function explorerParams(
  opts: ExplorerOptions,
  titles: Record<string, string>,
  formats: Record<string, string>,
): unknown[] {
  return [
    {
      name: 'view',
      value: opts.initial.view,
      bind: {
        input: 'select',
        options: opts.views.map((v) => v.key),
        labels: opts.views.map((v) => v.title),
        name: `${opts.controls.view} `,
      },
    },
    {
      name: 'year',
      value: opts.initial.year,
      bind: { input: 'select', options: [...opts.years], name: `${opts.controls.year} ` },
    },
    {
      name: 'level',
      value: 'h',
      bind: {
        input: 'radio',
        options: ['h', 'm'],
        labels: [opts.levelLabels.h, opts.levelLabels.m],
        name: `${opts.controls.level} `,
      },
    },
    { name: 'T', value: titles },
    { name: 'FMT', value: formats },
    { name: 'OWN', value: opts.ownArea },
  ];
}

/** Build the explorer (a Vega-Lite spec with three bound parameters). */
export function indicatorExplorerSpec(data: ExplorerData, opts: ExplorerOptions): ChartSpec {
  const lang = langOf(opts);
  const titles = Object.fromEntries(opts.views.map((v) => [v.key, v.title]));
  const formats = Object.fromEntries(opts.views.map((v) => [v.key, v.format]));
  const bar = explorerBar(data, lang);
  const funnel = explorerFunnel(data, lang, opts.denominatorTitle);
  const first = opts.views.find((v) => v.key === opts.initial.view) ?? opts.views[0];
  return finishFigure({
    kind: 'indicator-explorer',
    opts: { ...opts, title: first?.title ?? '', captionInFigure: false },
    body: {
      params: explorerParams(opts, titles, formats),
      hconcat: [bar, funnel],
      resolve: { scale: { x: 'independent', y: 'independent' } },
    },
    defaultTitle: first?.title ?? '',
    figureWidth: 760,
    suppressedCells: data.rows.filter((r) => r.s === t(lang, 'suppressed')).length,
    missingCells: data.rows.filter((r) => r.s === t(lang, 'missing')).length,
    description: t(lang, 'explorerDescription'),
    titleExpr: 'T[view]',
  });
}
