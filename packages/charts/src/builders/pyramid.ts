/**
 * Population pyramid: men to the left, women to the right, the current year as filled bars and
 * the horizon year (projection) as outlined bars on the same axis.
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { splitHidden } from '../suppression.js';
import { ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Suppressible } from '../types.js';
import { countHidden, HIDDEN_TEXT_MARK, hiddenTooltip, n, q, unique } from './common.js';

/** One bar of the pyramid: population of one sex in one age (group) in one year. */
export interface PyramidRow extends Suppressible {
  /** Single age (0, 1, …) or an age-group label (`'0–4'`, `'90+'`). */
  age: number | string;
  /** `'M'` men, `'F'` women (canonical coding). */
  sex: 'M' | 'F';
  /** Calendar year (population 1 January, or projected). */
  year: number;
  /** Persons; NULL when suppressed or missing. */
  population: number | null;
}

/** Options of {@link populationPyramidSpec}. */
export interface PyramidOptions extends BaseChartOptions {
  /** The year drawn as filled bars (e.g. 2025). */
  nowYear: number;
  /** The horizon year drawn as outlines (e.g. 2040). Omit for a single-year pyramid. */
  horizonYear?: number;
  /**
   * Order of age labels from youngest to oldest. Default: numeric ages sorted ascending, labels
   * in order of first appearance.
   */
  ageOrder?: Array<number | string>;
  /** d3 format of population values (default `,.0f`). */
  valueFormat?: string;
}

interface PyramidDatum extends PyramidRow {
  _signed: number | null;
  _sexLabel: string;
  _side: 'left' | 'right';
}

/**
 * Build a population pyramid (now vs horizon). Rows of other years are ignored.
 * Suppressed/missing cells are written as "skjult"/"mangler" at the centre line, not as bars.
 */
export function populationPyramidSpec(
  rows: readonly PyramidRow[],
  opts: PyramidOptions,
): ChartSpec {
  const lang = langOf(opts);
  const fmt = opts.valueFormat ?? ',.0f';
  const years = new Set([opts.nowYear, ...(opts.horizonYear != null ? [opts.horizonYear] : [])]);
  const sexLabel = (s: 'M' | 'F') => t(lang, s === 'M' ? 'men' : 'women');
  const data: PyramidDatum[] = rows
    .filter((r) => years.has(r.year))
    .map((r) => ({
      ...r,
      _signed: r.population == null ? null : r.sex === 'M' ? -r.population : r.population,
      _sexLabel: sexLabel(r.sex),
      _side: r.sex === 'M' ? 'left' : 'right',
    }));
  const { shown, hidden } = splitHidden(data, ['population', '_signed'], lang, [], 'count');
  const ages =
    opts.ageOrder ??
    (data.every((r) => typeof r.age === 'number')
      ? unique(data.map((r) => r.age as number)).sort((a, b) => a - b)
      : unique(data.map((r) => r.age)));
  const yAge = {
    field: 'age',
    type: 'ordinal',
    title: t(lang, 'age'),
    sort: [...ages].reverse(),
    axis:
      ages.length > 30 ? { values: ages.filter((a) => typeof a !== 'number' || a % 10 === 0) } : {},
  };
  const nowRows = shown.filter((r) => r.year === opts.nowYear);
  const horizonRows = shown.filter((r) => r.year === opts.horizonYear);
  const width = opts.width ?? 520;
  const height = opts.height ?? Math.max(240, Math.min(520, ages.length * 14));
  const tooltip = [
    n('_sexLabel', ''),
    n('age', t(lang, 'age')),
    q('year', t(lang, 'year'), 'd'),
    q('population', t(lang, 'persons'), fmt),
  ];
  const color = {
    field: '_sexLabel',
    type: 'nominal',
    title: null,
    scale: { domain: [sexLabel('M'), sexLabel('F')], range: [ROLE_COLORS.men, ROLE_COLORS.women] },
  };
  const xEnc = {
    field: '_signed',
    type: 'quantitative',
    title: t(lang, 'persons'),
    axis: { labelExpr: `format(abs(datum.value), '${fmt}')` },
  };
  const layer: Record<string, unknown>[] = [
    {
      data: { values: nowRows },
      mark: { type: 'bar', opacity: 0.85 },
      encoding: { y: yAge, x: xEnc, color, tooltip },
    },
  ];
  if (opts.horizonYear != null && ages.length <= 30) {
    layer.push({
      data: { values: horizonRows },
      mark: { type: 'bar', fillOpacity: 0, stroke: ROLE_COLORS.reference, strokeWidth: 1.2 },
      encoding: { y: yAge, x: xEnc, tooltip },
    });
  } else if (opts.horizonYear != null) {
    // Single ages: an outline per sex reads better than 100 thin outlined bars. Hidden cells
    // enter as NULL so that the outline breaks there.
    const index = new Map(ages.map((a, i) => [a, i]));
    const outline = [...horizonRows, ...hidden.filter((h) => h.year === opts.horizonYear)].map(
      (r) => ({ ...r, _ageIndex: index.get(r.age) ?? -1 }),
    );
    layer.push({
      data: { values: outline },
      mark: {
        type: 'line',
        color: ROLE_COLORS.reference,
        strokeWidth: 1.5,
        interpolate: 'step',
        invalid: 'break-paths-filter-domains',
      },
      encoding: {
        y: yAge,
        x: xEnc,
        detail: { field: 'sex' },
        order: { field: '_ageIndex', type: 'quantitative' },
        tooltip,
      },
    });
  }
  layer.push({
    data: { values: [{ _zero: 0 }] },
    mark: { type: 'rule', color: '#444444' },
    encoding: { x: { field: '_zero', type: 'quantitative' } },
  });
  layer.push(...hiddenLabelLayers(hidden, opts.horizonYear != null, yAge, lang));
  const counts = countHidden(hidden);
  const defaultSubtitle =
    opts.horizonYear != null
      ? t(lang, 'pyramidSubtitle', { now: opts.nowYear, horizon: opts.horizonYear })
      : undefined;
  return finishFigure({
    kind: 'population-pyramid',
    opts: { ...opts, subtitle: opts.subtitle ?? defaultSubtitle },
    body: { width, height, layer, resolve: { scale: { x: 'shared', y: 'shared' } } },
    defaultTitle: t(lang, 'pyramidTitle', {
      years: `${opts.nowYear}${opts.horizonYear != null ? ` ${t(lang, 'and')} ${opts.horizonYear}` : ''}`,
    }),
    figureWidth: width + 60,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: t(lang, 'pyramidDescription'),
  });
}

/**
 * The labels of hidden cells at the centre line, one per age × sex cell on its side; with two
 * years the label names the hidden year(s).
 */
function hiddenLabelLayers(
  hidden: ReadonlyArray<PyramidDatum & { _label: string }>,
  twoYears: boolean,
  yAge: Record<string, unknown>,
  lang: ReturnType<typeof langOf>,
): Record<string, unknown>[] {
  // One label per hidden age × sex cell; with two years the label names the hidden year(s).
  const cells = new Map<string, (typeof hidden)[number] & { _years: number[] }>();
  for (const h of hidden) {
    const key = `${String(h.age)}|${h.sex}`;
    const c = cells.get(key);
    if (c) c._years.push(h.year);
    else cells.set(key, { ...h, _years: [h.year] });
  }
  const hiddenCells = [...cells.values()].map((c) => ({
    ...c,
    _label: twoYears ? `${c._label} (${c._years.sort((a, b) => a - b).join(', ')})` : c._label,
  }));
  const layers: Record<string, unknown>[] = [];
  for (const side of ['left', 'right'] as const) {
    const values = hiddenCells.filter((h) => h._side === side);
    if (values.length === 0) continue;
    layers.push({
      data: { values },
      mark: {
        ...HIDDEN_TEXT_MARK,
        baseline: 'middle',
        align: side === 'left' ? 'right' : 'left',
        dx: side === 'left' ? -4 : 4,
      },
      encoding: {
        y: yAge,
        x: { datum: 0, type: 'quantitative' },
        text: { field: '_label' },
        tooltip: hiddenTooltip(
          [n('_sexLabel', ''), n('age', t(lang, 'age')), q('year', t(lang, 'year'), 'd')],
          t(lang, 'status'),
        ),
      },
    });
  }
  return layers;
}
