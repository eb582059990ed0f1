/**
 * Funnel plot (Spiegelhalter 2005): each unit's indicator against its denominator, with the
 * target as a centre line and 95 % and 99.8 % control limits. The limits are computed by core's
 * statistics (Poisson / Wilson, optionally with overdispersion) and passed in as rows; this
 * builder only draws them.
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { splitHidden } from '../suppression.js';
import { OKABE_ITO, ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Suppressible } from '../types.js';
import { countHidden, HIDDEN_POINT_MARK, hiddenTooltip, n, q } from './common.js';

/** One unit (community, municipality, clinic) in the funnel. */
export interface FunnelPointRow extends Suppressible {
  /** Unit name. */
  unit: string;
  /** Denominator (population, episodes); may be shown even when the value is suppressed. */
  denominator: number | null;
  /** Rate or proportion; NULL when suppressed/missing. */
  value: number | null;
  /**
   * Where the unit lies relative to the limits, as classified by core's `assessFunnel`
   * (`FunnelUnitResult.position`). When given, points are coloured by limit level (within /
   * beyond 95 % / beyond 99.8 %; above or below is visible from the position), with a legend.
   */
  position?: FunnelPosition | null;
}

/** Position of a unit against the funnel limits (the values of core's `FunnelPosition`). */
export type FunnelPosition = 'within' | 'above-95' | 'above-99.8' | 'below-95' | 'below-99.8';

/** Control limits at one denominator (a grid of denominators gives smooth lines). */
export interface FunnelLimitRow {
  denominator: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

/** Options of {@link funnelPlotSpec}. */
export interface FunnelOptions extends BaseChartOptions {
  /** Centre line (the target or national value). */
  target: number;
  /** Unit to highlight and label. */
  ownUnit?: string;
  /** Axis title of the value. */
  valueTitle?: string;
  /** Axis title of the denominator. */
  denominatorTitle?: string;
  /** d3 format of values (default `.1%` — proportions). */
  valueFormat?: string;
  /** d3 format of denominators (default `,.0f`). */
  denominatorFormat?: string;
  /** Log scale for the denominator axis (default false). */
  logDenominator?: boolean;
}

/**
 * Build a funnel plot. Units whose value is hidden are drawn as grey crosses on the bottom edge
 * at their denominator (if it is known) and counted in the subtitle; never at zero.
 */
export function funnelPlotSpec(
  points: readonly FunnelPointRow[],
  limits: readonly FunnelLimitRow[],
  opts: FunnelOptions,
): ChartSpec {
  const lang = langOf(opts);
  const vfmt = opts.valueFormat ?? '.1%';
  const dfmt = opts.denominatorFormat ?? ',.0f';
  const valueTitle = opts.valueTitle ?? t(lang, 'value');
  const denomTitle = opts.denominatorTitle ?? t(lang, 'denominator');
  const marked = points.map((p) => ({ ...p, _own: p.unit === opts.ownUnit }));
  const { shown, hidden } = splitHidden(marked, ['value'], lang);
  const banded = shown.some((p) => p.position != null);
  const bandLabel = funnelBandLabel(lang);
  const x = {
    field: 'denominator',
    type: 'quantitative',
    title: denomTitle,
    scale: opts.logDenominator ? { type: 'log' } : { zero: true },
    axis: { format: dfmt },
  };
  const yScale = { zero: false };
  const tooltip = [
    n('unit', t(lang, 'community')),
    q('value', valueTitle, vfmt),
    q('denominator', denomTitle, dfmt),
  ];
  const width = opts.width ?? 520;
  const height = opts.height ?? 340;
  const layer: Record<string, unknown>[] = [
    limitLayer(limits, { x, yScale, valueTitle, vfmt, lang }),
    {
      data: { values: [{ target: opts.target }] },
      mark: { type: 'rule', color: ROLE_COLORS.target, strokeWidth: 1.5 },
      encoding: {
        y: { field: 'target', type: 'quantitative' },
        tooltip: [q('target', t(lang, 'target'), vfmt)],
      },
    },
    {
      data: { values: shown.map((p) => (banded ? { ...p, _band: bandLabel(p.position) } : p)) },
      mark: {
        type: 'point',
        filled: true,
        opacity: 1,
        size: 55,
        stroke: '#ffffff',
        strokeWidth: 0.7,
      },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', scale: yScale },
        color: banded
          ? {
              field: '_band',
              type: 'nominal',
              title: null,
              scale: {
                domain: [bandLabel('within'), bandLabel('above-95'), bandLabel('above-99.8')],
                range: [ROLE_COLORS.bandStrong, OKABE_ITO.orange, OKABE_ITO.vermillion],
              },
            }
          : {
              condition: { test: 'datum._own', value: ROLE_COLORS.own },
              value: ROLE_COLORS.bandStrong,
            },
        tooltip: banded ? [...tooltip, n('_band', t(lang, 'position'))] : tooltip,
      },
    },
  ];
  if (opts.ownUnit)
    layer.push(
      ...ownUnitLayers(
        shown.filter((p) => p._own),
        banded,
        x,
        yScale,
      ),
    );
  const placeable = hidden.filter((h) => h.denominator != null);
  if (placeable.length > 0) {
    layer.push({
      data: { values: placeable },
      mark: HIDDEN_POINT_MARK,
      encoding: {
        x,
        y: { value: height },
        tooltip: hiddenTooltip(
          [n('unit', t(lang, 'community')), q('denominator', denomTitle, dfmt)],
          t(lang, 'status'),
        ),
      },
    });
  }
  const counts = countHidden(hidden);
  const hiddenNote =
    hidden.length === 0
      ? undefined
      : t(lang, 'funnelHidden', {
          n: hidden.length,
          units: hidden.map((h) => h.unit).join(', '),
        });
  return finishFigure({
    kind: 'funnel',
    opts: { ...opts, subtitle: [opts.subtitle, hiddenNote].filter(Boolean).join(' ') || undefined },
    body: { width, height, layer },
    defaultTitle: valueTitle,
    figureWidth: width + 70,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: t(lang, 'funnelDescription', { value: valueTitle, denominator: denomTitle }),
  });
}

/** The legend label of a funnel position: inside the limits, beyond 95 % or beyond 99.8 %. */
function funnelBandLabel(
  lang: ReturnType<typeof langOf>,
): (pos: FunnelPosition | null | undefined) => string {
  return (pos: FunnelPosition | null | undefined): string => {
    const b =
      pos === 'above-99.8' || pos === 'below-99.8'
        ? 'outside998'
        : pos === 'above-95' || pos === 'below-95'
          ? 'outside95'
          : 'inside';
    return t(
      lang,
      b === 'outside998' ? 'beyond998' : b === 'outside95' ? 'beyond95' : 'insideLimits',
    );
  };
}

/** The 95 % and 99.8 % control limits as lines, dashed by level. */
function limitLayer(
  limits: readonly FunnelLimitRow[],
  p: {
    x: Record<string, unknown>;
    yScale: { zero: boolean };
    valueTitle: string;
    vfmt: string;
    lang: ReturnType<typeof langOf>;
  },
): Record<string, unknown> {
  const { x, yScale, valueTitle, vfmt, lang } = p;
  const l95 = t(lang, 'limit95');
  const l998 = t(lang, 'limit998');
  const lines = [...limits]
    .sort((a, b) => a.denominator - b.denominator)
    .flatMap((l) => [
      { denominator: l.denominator, limit: l.lower95, _line: 'lower95', _level: l95 },
      { denominator: l.denominator, limit: l.upper95, _line: 'upper95', _level: l95 },
      { denominator: l.denominator, limit: l.lower998, _line: 'lower998', _level: l998 },
      { denominator: l.denominator, limit: l.upper998, _line: 'upper998', _level: l998 },
    ]);
  return {
    data: { values: lines },
    mark: { type: 'line', color: '#555555', strokeWidth: 1.3, interpolate: 'monotone' },
    encoding: {
      x,
      y: {
        field: 'limit',
        type: 'quantitative',
        title: valueTitle,
        scale: yScale,
        axis: { format: vfmt },
      },
      detail: { field: '_line' },
      strokeDash: {
        field: '_level',
        type: 'nominal',
        title: null,
        scale: {
          domain: [l95, l998],
          range: [
            [6, 3],
            [2, 2],
          ],
        },
      },
    },
  };
}

/** The reader's own unit: a ring around its point when the points are coloured by band, and its name. */
function ownUnitLayers(
  own: readonly unknown[],
  banded: boolean,
  x: Record<string, unknown>,
  yScale: { zero: boolean },
): Record<string, unknown>[] {
  const layers: Record<string, unknown>[] = [];
  if (banded) {
    // Own unit: a ring around its point (its colour tells the band).
    layers.push({
      data: { values: own },
      mark: { type: 'point', filled: false, size: 190, strokeWidth: 2, color: '#111111' },
      encoding: { x, y: { field: 'value', type: 'quantitative', scale: yScale } },
    });
  }
  layers.push({
    data: { values: own },
    mark: {
      type: 'text',
      align: 'left',
      dx: banded ? 10 : 7,
      fontWeight: 700,
      color: banded ? '#111111' : ROLE_COLORS.own,
    },
    encoding: { x, y: { field: 'value', type: 'quantitative' }, text: { field: 'unit' } },
  });
  return layers;
}
