/**
 * Public dental service (DOT) charts: share examined by priority group and county, and caries
 * indicators (mean DMFT/dmft or share caries-free) by age group and county. Both are small
 * multiples (one panel per group) of horizontal bars with confidence limits, an optional
 * reference value per group, and "skjult" for suppressed cells.
 */
import { finishFigure, langOf } from '../figure.js';
import { t } from '../labels.js';
import { splitHidden } from '../suppression.js';
import { ROLE_COLORS } from '../theme.js';
import type { BaseChartOptions, ChartSpec, Lang, Suppressible } from '../types.js';
import { countHidden, exprString, HIDDEN_TEXT_MARK, n, q, unique } from './common.js';

/** Share examined in one priority group and county. */
export interface DentalUtilisationRow extends Suppressible {
  /** Priority group label (e.g. `a) Barn og ungdom 0–18`). */
  group: string;
  /** County (or clinic) name. */
  county: string;
  /** Share examined (0–1, as core's Wilson `StatRow.value`); NULL when suppressed. */
  value: number | null;
  /** Wilson limits. */
  lower?: number | null;
  upper?: number | null;
}

/** A caries indicator in one age group and county. */
export interface DentalCariesRow extends Suppressible {
  /** Age group (e.g. `5 år`, `12 år`, `18 år`). */
  group: string;
  county: string;
  /** Mean DMFT/dmft or share caries-free; NULL when suppressed. */
  value: number | null;
  lower?: number | null;
  upper?: number | null;
}

/** A reference value (national level, target) for one group. */
export interface GroupReference {
  group: string;
  value: number;
  label?: string;
}

/** Options shared by the dental builders. */
export interface DentalOptions extends BaseChartOptions {
  /** County to highlight. */
  ownCounty?: string;
  /** Reference line per group (e.g. national share examined). */
  references?: GroupReference[];
  /** Order of groups (panels). */
  groupOrder?: string[];
  /** Order of counties (rows). */
  countyOrder?: string[];
  /** Panels per row before wrapping (default 3). */
  columns?: number;
  /** d3 format (default `.0%` for utilisation, `,.2f` for mean DMFT). */
  valueFormat?: string;
}

/** Options of {@link dentalCariesSpec}. */
export interface DentalCariesOptions extends DentalOptions {
  /** Which indicator the rows carry: `meanDmft` (default) or `cariesFree` (share). */
  measure?: 'meanDmft' | 'cariesFree';
}

interface PanelRow extends Suppressible {
  group: string;
  county: string;
  value: number | null;
  lower?: number | null;
  upper?: number | null;
}

function panelBars(
  kind: string,
  rows: readonly PanelRow[],
  opts: DentalOptions,
  valueTitle: string,
  fmt: string,
  groupTitle: string,
  lang: Lang,
  defaultTitle: string,
  domain?: [number, number],
): ChartSpec {
  const { shown, hidden } = splitHidden(rows, ['value'], lang, ['lower', 'upper']);
  const groups = opts.groupOrder ?? unique(rows.map((r) => r.group));
  const counties = opts.countyOrder ?? unique(rows.map((r) => r.county));
  const all = [
    ...shown.map((r) => ({ ...r, _status: 'ok', _own: r.county === opts.ownCounty })),
    ...hidden.map((r) => ({ ...r, _own: r.county === opts.ownCounty })),
  ];
  const refs = (opts.references ?? []).map((r) => ({ ...r, _ref: r.value }));
  const width = opts.width ?? 210;
  const columns = opts.columns ?? 3;
  const height = opts.height ?? Math.max(80, counties.length * 24);
  const x = {
    field: 'value',
    type: 'quantitative',
    title: valueTitle,
    axis: { format: fmt, tickCount: 4 },
    scale: domain ? { domain, zero: true } : { zero: true },
  };
  const y = { field: 'county', type: 'nominal', title: null, sort: counties };
  const tooltip = [
    n('group', groupTitle),
    n('county', t(lang, 'county')),
    q('value', valueTitle, fmt),
    q('lower', t(lang, 'lower'), fmt),
    q('upper', t(lang, 'upper'), fmt),
  ];
  const ok = { filter: "datum._status === 'ok'" };
  const layer: Record<string, unknown>[] = [
    {
      transform: [ok],
      mark: { type: 'bar' },
      encoding: {
        y,
        x,
        color: {
          condition: { test: 'datum._own', value: ROLE_COLORS.own },
          value: ROLE_COLORS.other,
        },
        tooltip,
      },
    },
    {
      transform: [ok, { filter: 'isValid(datum.lower) && isValid(datum.upper)' }],
      mark: { type: 'rule', color: '#333333', strokeWidth: 1.2 },
      encoding: { y, x: { field: 'lower', type: 'quantitative' }, x2: { field: 'upper' } },
    },
    {
      transform: [{ filter: "datum._status !== 'ok'" }],
      mark: { ...HIDDEN_TEXT_MARK, align: 'left', baseline: 'middle', dx: 4 },
      encoding: {
        y,
        x: { value: 0 },
        text: { field: '_label' },
        tooltip: [
          n('group', groupTitle),
          n('county', t(lang, 'county')),
          n('_reason', t(lang, 'status')),
        ],
      },
    },
  ];
  if (refs.length > 0) {
    // Lookup of each panel's reference via a calculate (facet data is shared by all layers).
    const cases = refs
      .map((r) => `datum.group === ${exprString(r.group)} ? ${r.value}`)
      .join(' : ');
    layer.push({
      transform: [
        { aggregate: [{ op: 'count', as: '_n' }], groupby: ['group'] },
        { calculate: `${cases} : null`, as: '_ref' },
        { filter: 'isValid(datum._ref)' },
      ],
      mark: { type: 'rule', color: ROLE_COLORS.reference, strokeDash: [5, 3], strokeWidth: 1.5 },
      encoding: {
        x: { field: '_ref', type: 'quantitative' },
        tooltip: [n('group', groupTitle), q('_ref', t(lang, 'nationalRate'), fmt)],
      },
    });
  }
  const counts = countHidden(hidden);
  return finishFigure({
    kind,
    opts,
    body: {
      data: { values: all },
      facet: {
        field: 'group',
        type: 'nominal',
        title: null,
        sort: groups,
        header: { labelFontWeight: 600, labelLimit: width + 16 },
      },
      columns,
      spec: { width, height, layer },
      resolve: { scale: { x: 'shared' } },
    },
    defaultTitle,
    figureWidth: Math.max(1, Math.min(groups.length, columns)) * (width + 20) + 80,
    suppressedCells: counts.suppressed,
    missingCells: counts.missing,
    description: `${defaultTitle}: ${groups.join(', ')}.`,
  });
}

/** Share examined by priority group (panels) and county (rows), with Wilson limits. */
export function dentalUtilisationSpec(
  rows: readonly DentalUtilisationRow[],
  opts: DentalOptions,
): ChartSpec {
  const lang = langOf(opts);
  const title = t(lang, 'examined');
  return panelBars(
    'dental-utilisation',
    rows,
    opts,
    title,
    opts.valueFormat ?? '.0%',
    t(lang, 'priorityGroup'),
    lang,
    t(lang, 'dentalUtilisationTitle'),
    [0, 1],
  );
}

/** Caries indicator (mean DMFT or share caries-free) by age group (panels) and county (rows). */
export function dentalCariesSpec(
  rows: readonly DentalCariesRow[],
  opts: DentalCariesOptions,
): ChartSpec {
  const lang = langOf(opts);
  const share = opts.measure === 'cariesFree';
  const title = t(lang, share ? 'cariesFree' : 'cariesMean');
  return panelBars(
    'dental-caries',
    rows,
    opts,
    title,
    opts.valueFormat ?? (share ? '.0%' : ',.2f'),
    t(lang, 'ageGroup'),
    lang,
    t(lang, 'byAgeAndCounty', { title }),
    share ? [0, 1] : undefined,
  );
}
