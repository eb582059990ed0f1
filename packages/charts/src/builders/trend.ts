/**
 * Trend lines by year with optional confidence bands and targets (a target may change by year,
 * drawn as a step line: e.g. the 15 % video/telephone target).
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { splitHidden } from '../suppression.js';
import { CATEGORY_PALETTE, ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Suppressible } from '../types.js';
import { countHidden, HIDDEN_POINT_MARK, hiddenTooltip, n, q, unique, yearX } from './common.js';

const MUTED = '#C4C4C4';

/** One point of a series. */
export interface TrendRow extends Suppressible {
  /** Series name (area, group). */
  series: string;
  year: number;
  /** NULL when suppressed/missing: the line breaks there. */
  value: number | null;
  lower?: number | null;
  upper?: number | null;
}

/** A target valid from `year` until the next target row (step line). */
export interface TargetRow {
  year: number;
  target: number;
  /** Label, default `Mål`/`Target`. */
  label?: string;
}

/** Options of {@link trendSpec}. */
export interface TrendOptions extends BaseChartOptions {
  /** Targets by year (step line); the last one is drawn to the last year of the data. */
  targets?: TargetRow[];
  /** Axis title of the value. */
  valueTitle?: string;
  /** d3 format (default `,.1f`; use `.0%` for shares). */
  valueFormat?: string;
  /** Series order/colour order; default order of first appearance. */
  seriesOrder?: string[];
  /** Series drawn thicker (the reader's own area). */
  highlightSeries?: string;
  /** Series always drawn in near-black (e.g. `Norge`) in `highlight` colour mode. */
  referenceSeries?: string[];
  /**
   * `palette`: one Okabe–Ito colour per series (fine up to 8 series). `highlight`: the highlighted
   * series in vermillion, reference series near-black, all others light grey and unlabelled
   * (for "own community against the other 18"). Default: `highlight` when there are more than 8
   * series and `highlightSeries` is set, else `palette`.
   */
  colorMode?: 'palette' | 'highlight';
  /** Start the value axis at zero (default true). */
  zero?: boolean;
}

/**
 * Build trend lines. A hidden point breaks its line and is drawn as a grey cross on the x axis.
 */
export function trendSpec(rows: readonly TrendRow[], opts: TrendOptions): ChartSpec {
  const lang = langOf(opts);
  const fmt = opts.valueFormat ?? ',.1f';
  const valueTitle = opts.valueTitle ?? t(lang, 'value');
  const { shown, hidden } = splitHidden(rows, ['value'], lang, ['lower', 'upper']);
  const series = opts.seriesOrder ?? unique(rows.map((r) => r.series));
  const years = rows.map((r) => r.year);
  const maxYear = Math.max(...years, ...(opts.targets ?? []).map((x) => x.year));
  const x = yearX('year', t(lang, 'year'));
  const y = {
    field: 'value',
    type: 'quantitative',
    title: valueTitle,
    scale: { zero: opts.zero !== false },
    axis: { format: fmt },
  };
  const refs = opts.referenceSeries ?? [];
  const mode =
    opts.colorMode ??
    (opts.highlightSeries && series.length > CATEGORY_PALETTE.length ? 'highlight' : 'palette');
  const featured = (name: string) =>
    mode === 'palette' || name === opts.highlightSeries || refs.includes(name);
  const color = trendColor(series, mode, opts.highlightSeries, refs, featured);
  const tooltip = [
    n('series', t(lang, 'series')),
    q('year', t(lang, 'year'), 'd'),
    q('value', valueTitle, fmt),
    q('lower', t(lang, 'lower'), fmt),
    q('upper', t(lang, 'upper'), fmt),
  ];
  const strokeWidth = opts.highlightSeries
    ? {
        condition: { test: `datum.series === ${JSON.stringify(opts.highlightSeries)}`, value: 3.2 },
        value: 1.8,
      }
    : { value: 2.2 };
  const width = opts.width ?? 520;
  const height = opts.height ?? 300;
  // Lines get hidden points as NULL values so that the path breaks there.
  const lineData = [
    ...shown,
    ...hidden.map((h) => ({ series: h.series, year: h.year, value: null })),
  ].sort((a, b) => a.year - b.year);
  const layer: Record<string, unknown>[] = [];
  const muted = lineData.filter((r) => !featured(r.series));
  if (muted.length > 0) {
    // Muted series first, so the featured ones are drawn on top.
    layer.push(
      {
        data: { values: muted },
        mark: { type: 'line', invalid: 'break-paths-filter-domains', strokeWidth: 1.2 },
        encoding: { x, y, color },
      },
      {
        data: { values: shown.filter((r) => !featured(r.series)) },
        mark: { type: 'point', filled: true, size: 14 },
        encoding: { x, y, color, tooltip },
      },
    );
  }
  layer.push(
    {
      data: { values: lineData.filter((r) => featured(r.series)) },
      mark: { type: 'line', invalid: 'break-paths-filter-domains' },
      encoding: { x, y, color, strokeWidth },
    },
    {
      data: { values: shown.filter((r) => featured(r.series)) },
      mark: { type: 'point', filled: true, size: 36 },
      encoding: { x, y, color, tooltip },
    },
  );
  // The band is drawn after the lines so that the legend symbols come from the lines.
  const banded = shown.filter((r) => featured(r.series) && r.lower != null && r.upper != null);
  if (banded.length > 0) {
    layer.push({
      data: { values: banded },
      mark: { type: 'area', opacity: 0.15 },
      encoding: {
        x,
        y: { field: 'lower', type: 'quantitative' },
        y2: { field: 'upper' },
        color,
      },
    });
  }
  if (opts.targets && opts.targets.length > 0)
    layer.push(...targetLayers(opts.targets, maxYear, x, fmt, lang));
  if (hidden.length > 0) layer.push(hiddenLayer(hidden, x, height, lang));
  const counts = countHidden(hidden);
  const mutedNote =
    muted.length === 0
      ? undefined
      : t(lang, 'trendGrey', { others: t(lang, 'others').toLowerCase() });
  const note = hidden.length === 0 ? undefined : t(lang, 'trendHiddenNote');
  return finishFigure({
    kind: 'trend',
    opts: {
      ...opts,
      subtitle: [opts.subtitle, mutedNote, note].filter(Boolean).join(' ') || undefined,
    },
    body: { width, height, layer },
    defaultTitle: valueTitle,
    figureWidth: width + 70,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: t(lang, 'trendDescription', { value: valueTitle }),
  });
}

/** The colour of the series: one palette colour each, or the highlighted, reference and muted series. */
function trendColor(
  series: string[],
  mode: 'palette' | 'highlight',
  highlightSeries: string | undefined,
  refs: string[],
  featured: (name: string) => boolean,
): Record<string, unknown> {
  return mode === 'palette'
    ? {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: { domain: series },
        legend: { symbolType: 'stroke', symbolStrokeWidth: 3 },
      }
    : {
        field: 'series',
        type: 'nominal',
        title: null,
        scale: {
          domain: series,
          range: series.map((name) =>
            name === highlightSeries
              ? ROLE_COLORS.own
              : refs.includes(name)
                ? ROLE_COLORS.reference
                : MUTED,
          ),
        },
        legend: {
          symbolType: 'stroke',
          symbolStrokeWidth: 3,
          values: series.filter((name) => featured(name)),
        },
      };
}

/** The target as a dashed step line, labelled at its last step. */
function targetLayers(
  targets: TargetRow[],
  maxYear: number,
  x: ReturnType<typeof yearX>,
  fmt: string,
  lang: ReturnType<typeof langOf>,
): Record<string, unknown>[] {
  const sorted = [...targets].sort((a, b) => a.year - b.year);
  const last = sorted[sorted.length - 1]!;
  const steps = [...sorted, ...(last.year < maxYear ? [{ ...last, year: maxYear }] : [])].map(
    (s) => ({
      ...s,
      _label: s.label ?? t(lang, 'target'),
    }),
  );
  return [
    {
      data: { values: steps },
      mark: {
        type: 'line',
        interpolate: 'step-after',
        color: ROLE_COLORS.target,
        strokeDash: [6, 4],
        strokeWidth: 2,
      },
      encoding: {
        x,
        y: { field: 'target', type: 'quantitative' },
        tooltip: [q('year', t(lang, 'year'), 'd'), q('target', t(lang, 'target'), fmt)],
      },
    },
    {
      data: { values: [steps[steps.length - 1]] },
      mark: {
        type: 'text',
        align: 'right',
        baseline: 'bottom',
        dy: -4,
        color: ROLE_COLORS.target,
        fontWeight: 700,
      },
      encoding: {
        x,
        y: { field: 'target', type: 'quantitative' },
        text: { value: { expr: `datum._label + ' ' + format(datum.target, '${fmt}')` } },
      },
    },
  ];
}

/** Hidden points as grey crosses on the x axis. */
function hiddenLayer(
  hidden: readonly { series: string; year: number }[],
  x: ReturnType<typeof yearX>,
  height: number,
  lang: ReturnType<typeof langOf>,
): Record<string, unknown> {
  return {
    data: { values: hidden },
    mark: HIDDEN_POINT_MARK,
    encoding: {
      x,
      y: { value: height },
      tooltip: hiddenTooltip(
        [n('series', t(lang, 'series')), q('year', t(lang, 'year'), 'd')],
        t(lang, 'status'),
      ),
    },
  };
}
