/**
 * Projection fan chart: history as a solid line, the range of SSB's population alternatives as
 * a light band (with the main alternative dashed), and the Monte Carlo P10–P90 interval as a
 * darker ribbon with its median.
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { splitHidden, type ValueRole } from '../suppression.js';
import { OKABE_ITO, ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Suppressible } from '../types.js';
import { countHidden, HIDDEN_POINT_MARK, hiddenTooltip, q, yearX } from './common.js';

/** Observed value in a past year. */
export interface FanHistoryRow extends Suppressible {
  year: number;
  value: number | null;
}

/** Projected value under one SSB alternative (e.g. `MMMM`, `LLML`, `HHMH`). */
export interface FanSsbRow {
  year: number;
  alternative: string;
  value: number;
}

/** Monte Carlo quantiles of the projection in one year. */
export interface FanQuantileRow {
  year: number;
  p10: number;
  p50: number;
  p90: number;
}

/** Options of {@link fanChartSpec}. */
export interface FanOptions extends BaseChartOptions {
  /** The SSB main alternative drawn as a dashed line (default `MMMM`). */
  mainAlternative?: string;
  valueTitle?: string;
  /** d3 format (default `,.0f`). */
  valueFormat?: string;
  /** Start the value axis at zero (default false). */
  zero?: boolean;
  /**
   * Whether the history value is a protected count (`count`, default: bed days, persons) or a
   * figure derived from counts (`derived`: a rate). Decides whether a `derived` flag hides it.
   */
  historyRole?: ValueRole;
  /**
   * The alternatives come from felles' DEMO projection, not from SSB: the legend and description
   * say so instead of naming SSB (default false).
   */
  demoProjection?: boolean;
}

/** The data of a fan chart. Any part may be empty. */
export interface FanData {
  history: readonly FanHistoryRow[];
  ssb?: readonly FanSsbRow[];
  monteCarlo?: readonly FanQuantileRow[];
}

/** What the layers of the fan chart share: the axes, the value format and the legend's colours. */
interface FanParts {
  x: ReturnType<typeof yearX>;
  yScale: { zero: boolean };
  valueTitle: string;
  fmt: string;
  color: Record<string, unknown>;
  names: Record<'history' | 'ssbRange' | 'ssbMain' | 'mc' | 'median', string>;
  lang: ReturnType<typeof langOf>;
}

/** Build the fan chart. Hidden history points break the line and show as × on the axis. */
export function fanChartSpec(data: FanData, opts: FanOptions): ChartSpec {
  const lang = langOf(opts);
  const fmt = opts.valueFormat ?? ',.0f';
  const valueTitle = opts.valueTitle ?? t(lang, 'value');
  const main = opts.mainAlternative ?? 'MMMM';
  const fanRole = opts.historyRole ?? 'count';
  const { shown, hidden } = splitHidden(data.history, ['value'], lang, [], fanRole);
  const x = yearX('year', t(lang, 'year'));
  const yScale = { zero: opts.zero === true };
  const names = {
    history: t(lang, 'history'),
    ssbRange: t(lang, opts.demoProjection ? 'demoRange' : 'ssbRange'),
    ssbMain: `${t(lang, opts.demoProjection ? 'demoMain' : 'ssbMain')} (${main})`,
    mc: t(lang, 'mcRange'),
    median: t(lang, 'mcMedian'),
  };
  const color = {
    type: 'nominal',
    title: null,
    scale: {
      domain: [names.history, names.ssbRange, names.ssbMain, names.mc, names.median],
      range: ['#1A1A1A', '#C9DDEF', ROLE_COLORS.bandStrong, OKABE_ITO.orange, '#A65E00'],
    },
    legend: { columns: 3, symbolType: 'stroke', symbolStrokeWidth: 4, labelLimit: 260 },
  };
  const width = opts.width ?? 540;
  const height = opts.height ?? 320;
  const layer: Record<string, unknown>[] = [];
  const ssb = data.ssb ?? [];
  const parts: FanParts = { x, yScale, valueTitle, fmt, color, names, lang };
  if (ssb.length > 0) layer.push(...ssbLayers(ssb, main, parts));
  const mc = data.monteCarlo ?? [];
  if (mc.length > 0) layer.push(...monteCarloLayers(mc, parts));
  const lineData = [...shown, ...hidden.map((h) => ({ year: h.year, value: null }))].sort(
    (a, b) => a.year - b.year,
  );
  layer.push(
    {
      data: { values: lineData },
      mark: { type: 'line', strokeWidth: 2.4, invalid: 'break-paths-filter-domains' },
      encoding: {
        x,
        y: {
          field: 'value',
          type: 'quantitative',
          title: valueTitle,
          scale: yScale,
          axis: { format: fmt },
        },
        color: { ...color, datum: names.history },
      },
    },
    {
      data: { values: shown },
      mark: { type: 'point', filled: true, size: 28, color: '#1A1A1A' },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', scale: yScale },
        tooltip: [q('year', t(lang, 'year'), 'd'), q('value', names.history, fmt)],
      },
    },
  );
  if (hidden.length > 0) {
    layer.push({
      data: { values: hidden },
      mark: HIDDEN_POINT_MARK,
      encoding: {
        x,
        y: { value: height },
        tooltip: hiddenTooltip([q('year', t(lang, 'year'), 'd')], t(lang, 'status')),
      },
    });
  }
  const counts = countHidden(hidden);
  return finishFigure({
    kind: 'fan',
    opts,
    body: { width, height, layer },
    defaultTitle: valueTitle,
    figureWidth: width + 70,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: t(lang, opts.demoProjection ? 'fanDescriptionDemo' : 'fanDescriptionSsb', {
      value: valueTitle,
    }),
  });
}

/** SSB's alternatives: the range between them as a band, the main alternative as a dashed line. */
function ssbLayers(
  ssb: readonly FanSsbRow[],
  main: string,
  p: FanParts,
): Record<string, unknown>[] {
  const { x, yScale, valueTitle, fmt, color, names, lang } = p;
  return [
    {
      data: { values: ssb },
      mark: { type: 'area', opacity: 0.7 },
      encoding: {
        x,
        y: {
          aggregate: 'min',
          field: 'value',
          type: 'quantitative',
          title: valueTitle,
          scale: yScale,
          axis: { format: fmt },
        },
        y2: { aggregate: 'max', field: 'value' },
        color: { ...color, datum: names.ssbRange },
        tooltip: [q('year', t(lang, 'year'), 'd')],
      },
    },
    {
      data: { values: ssb.filter((s) => s.alternative === main) },
      mark: { type: 'line', strokeDash: [6, 3], strokeWidth: 1.8 },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', scale: yScale },
        color: { ...color, datum: names.ssbMain },
        tooltip: [q('year', t(lang, 'year'), 'd'), q('value', names.ssbMain, fmt)],
      },
    },
  ];
}

/** The Monte Carlo P10–P90 band and its median. */
function monteCarloLayers(mc: readonly FanQuantileRow[], p: FanParts): Record<string, unknown>[] {
  const { x, yScale, valueTitle, fmt, color, names, lang } = p;
  return [
    {
      data: { values: mc },
      mark: { type: 'area', opacity: 0.35 },
      encoding: {
        x,
        y: {
          field: 'p10',
          type: 'quantitative',
          title: valueTitle,
          scale: yScale,
          axis: { format: fmt },
        },
        y2: { field: 'p90' },
        color: { ...color, datum: names.mc },
        tooltip: [
          q('year', t(lang, 'year'), 'd'),
          q('p10', 'P10', fmt),
          q('p50', 'P50', fmt),
          q('p90', 'P90', fmt),
        ],
      },
    },
    {
      data: { values: mc },
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x,
        y: { field: 'p50', type: 'quantitative', scale: yScale },
        color: { ...color, datum: names.median },
      },
    },
  ];
}
