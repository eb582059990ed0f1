/**
 * Helseatlas-style comparison of a (standardised) rate across areas, typically the 19
 * helsefellesskap: one horizontal bar per area (the pooled period), its confidence interval,
 * a point per single year, a national reference line, and the reader's own area highlighted.
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { splitHidden } from '../suppression.js';
import { ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Suppressible } from '../types.js';
import { countHidden, HIDDEN_TEXT_MARK, hiddenTooltip, n, q } from './common.js';

/** One area × period of a rate (as produced by core's indicator statistics). */
export interface AreaRateRow extends Suppressible {
  /** Area name as printed (e.g. `Helsefellesskapet Innlandet`). */
  area: string;
  /** Period: a year (`2023`) or the pooled period label (`'2021–2023'`). */
  period: number | string;
  /** The rate (already scaled, e.g. per 1 000), NULL when suppressed/missing. */
  value: number | null;
  /** Lower confidence limit (e.g. Dobson 95 %). */
  lower?: number | null;
  /** Upper confidence limit. */
  upper?: number | null;
}

/** Options of {@link areaRatesSpec}. */
export interface AreaRatesOptions extends BaseChartOptions {
  /** The period drawn as bars with CI (e.g. `'2021–2023'`). Rows of other periods are yearly points. */
  barPeriod: number | string;
  /** The reader's area (highlighted). */
  ownArea?: string;
  /** National rate for the bar period (reference line). */
  national?: number | null;
  /** Axis title of the rate, e.g. `Per 1 000 innbyggere`. */
  valueTitle?: string;
  /** d3 format of rates (default `,.1f`). */
  valueFormat?: string;
  /** Show yearly points (default true). */
  yearlyPoints?: boolean;
  /** Target for the bar period (a green line labelled "Mål"), when the indicator has one. */
  target?: number | null;
}

const YEAR_SHAPES = [
  'circle',
  'square',
  'triangle-up',
  'diamond',
  'triangle-down',
  'cross',
  'triangle-left',
  'triangle-right',
];

/**
 * Build the Helseatlas bar chart. Areas are sorted by the bar-period rate, highest first; areas
 * whose bar is suppressed or missing come last with the label "skjult"/"mangler" instead of a bar.
 */
export function areaRatesSpec(rows: readonly AreaRateRow[], opts: AreaRatesOptions): ChartSpec {
  const lang = langOf(opts);
  const fmt = opts.valueFormat ?? ',.1f';
  const valueTitle = opts.valueTitle ?? t(lang, 'rate');
  const marked = rows.map((r) => ({
    ...r,
    _own: r.area === opts.ownArea,
    _period: String(r.period),
  }));
  const barRows = marked.filter((r) => String(r.period) === String(opts.barPeriod));
  const pointRows = marked.filter((r) => String(r.period) !== String(opts.barPeriod));
  const bars = splitHidden(barRows, ['value'], lang, ['lower', 'upper']);
  const points = splitHidden(pointRows, ['value'], lang, ['lower', 'upper']);
  const order = [
    ...[...bars.shown]
      .sort((a, b) => (b.value as number) - (a.value as number) || a.area.localeCompare(b.area))
      .map((r) => r.area),
    ...bars.hidden.map((r) => r.area).sort((a, b) => a.localeCompare(b, lang)),
  ];
  for (const r of pointRows) if (!order.includes(r.area)) order.push(r.area);
  const y = { field: 'area', type: 'nominal', title: null, sort: order, axis: { labelLimit: 220 } };
  const yOwnLabel = {
    ...y,
    axis: {
      labelLimit: 220,
      labelFontWeight: opts.ownArea
        ? {
            condition: { test: `datum.value === ${JSON.stringify(opts.ownArea)}`, value: 700 },
            value: 400,
          }
        : 400,
    },
  };
  const x = { field: 'value', type: 'quantitative', title: valueTitle, scale: { zero: true } };
  const tooltip = [
    n('area', t(lang, 'community')),
    n('_period', t(lang, 'period')),
    q('value', valueTitle, fmt),
    q('lower', t(lang, 'lower'), fmt),
    q('upper', t(lang, 'upper'), fmt),
  ];
  const width = opts.width ?? 460;
  const height = opts.height ?? Math.max(160, order.length * 22);
  const layer: Record<string, unknown>[] = [
    {
      data: { values: bars.shown },
      mark: { type: 'bar' },
      encoding: {
        y: yOwnLabel,
        x,
        color: {
          condition: { test: 'datum._own', value: ROLE_COLORS.own },
          value: ROLE_COLORS.other,
        },
        tooltip,
      },
    },
    {
      data: { values: bars.shown.filter((r) => r.lower != null && r.upper != null) },
      mark: { type: 'rule', color: '#333333', strokeWidth: 1.2 },
      encoding: {
        y,
        x: { field: 'lower', type: 'quantitative' },
        x2: { field: 'upper' },
        tooltip,
      },
    },
  ];
  if (opts.yearlyPoints !== false && points.shown.length > 0) {
    const periods = [...new Set(pointRows.map((r) => r._period))].sort();
    layer.push({
      data: { values: points.shown },
      mark: { type: 'point', filled: true, color: '#1A1A1A', size: 30, opacity: 0.85 },
      encoding: {
        y,
        x,
        shape: {
          field: '_period',
          type: 'nominal',
          title: t(lang, 'year'),
          scale: { domain: periods, range: YEAR_SHAPES.slice(0, periods.length) },
        },
        tooltip,
      },
    });
  }
  if (opts.national != null) layer.push(...nationalLayers(opts.national, x, fmt, lang));
  if (opts.target != null) layer.push(...targetLayers(opts.target, x, fmt, lang));
  if (bars.hidden.length > 0) {
    layer.push({
      data: { values: bars.hidden },
      mark: { ...HIDDEN_TEXT_MARK, align: 'left', baseline: 'middle', dx: 4 },
      encoding: {
        y,
        x: { value: 0 },
        text: { field: '_label' },
        tooltip: hiddenTooltip(
          [n('area', t(lang, 'community')), n('_period', t(lang, 'period'))],
          t(lang, 'status'),
        ),
      },
    });
  }
  const counts = countHidden([...bars.hidden, ...points.hidden]);
  return finishFigure({
    kind: 'area-rates',
    opts,
    body: { width, height, layer },
    defaultTitle: valueTitle,
    figureWidth: width + 200,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: t(lang, 'areaRatesDescription', {
      value: valueTitle,
      period: String(opts.barPeriod),
    }),
  });
}

/** The national rate as a dashed rule, labelled at the top. */
function nationalLayers(
  national: number,
  x: Record<string, unknown>,
  fmt: string,
  lang: ReturnType<typeof langOf>,
): Record<string, unknown>[] {
  return [
    {
      data: { values: [{ value: national }] },
      mark: { type: 'rule', color: ROLE_COLORS.reference, strokeDash: [5, 3], strokeWidth: 1.5 },
      encoding: { x, tooltip: [q('value', t(lang, 'nationalRate'), fmt)] },
    },
    {
      data: { values: [{ value: national }] },
      mark: {
        type: 'text',
        align: 'left',
        baseline: 'bottom',
        dx: 3,
        dy: -2,
        y: 0,
        fontWeight: 600,
        color: ROLE_COLORS.reference,
      },
      encoding: {
        x,
        text: {
          value: {
            expr: `${JSON.stringify(t(lang, 'nationalRate') + ' ')} + format(datum.value, '${fmt}')`,
          },
        },
      },
    },
  ];
}

/** The target as a green rule, labelled at the bottom. */
function targetLayers(
  target: number,
  x: Record<string, unknown>,
  fmt: string,
  lang: ReturnType<typeof langOf>,
): Record<string, unknown>[] {
  return [
    {
      data: { values: [{ value: target }] },
      mark: { type: 'rule', color: ROLE_COLORS.target, strokeWidth: 2 },
      encoding: { x, tooltip: [q('value', t(lang, 'target'), fmt)] },
    },
    {
      data: { values: [{ value: target }] },
      mark: {
        type: 'text',
        align: 'left',
        baseline: 'top',
        dx: 3,
        y: { expr: 'height' },
        dy: 2,
        fontWeight: 600,
        color: ROLE_COLORS.target,
      },
      encoding: {
        x,
        text: {
          value: {
            expr: `${JSON.stringify(t(lang, 'targetLabel') + ' ')} + format(datum.value, '${fmt}')`,
          },
        },
      },
    },
  ];
}
