/**
 * Funnel plots of an indicator (Spiegelhalter 2005): each area's value against its denominator,
 * the national value as the centre line, and 95 % and 99.8 % control limits — exact Poisson for
 * rates, Wilson score for proportions — widened by an additive random-effects term τ² when the
 * areas' data show overdispersion (I·φ̂ > I − 1, φ̂ from 10 % winsorised z-scores), which the
 * method name then says.
 *
 * Everything is read from disclosed rows: an area contributes a point and enters the estimate of
 * φ only when nothing of its row is hidden (flag `none`); a hidden area is drawn as a cross on the
 * axis at its denominator when that is shown, and its value is never worked out again from counts
 * left visible beside it. Directly standardised indicators are plotted on their crude rate (the
 * counts the limits are made for), and the axis says so.
 */
import {
  assessFunnel,
  funnelGrid,
  funnelLimits,
  FUNNEL_Z,
  unitMultiplier,
  type FunnelKind,
  type IndicatorUnit,
} from '@felles/core';
import { formatNumber, type FunnelLimitRow, type FunnelPointRow } from '@felles/charts';
import { text } from '@felles/text';
import type { ReportContext } from './context.js';
import { flagOf, num } from './html.js';
import { nationalRow, viewRows, type IndicatorView } from './indicator-views.js';

/** A funnel ready to draw, in the indicator's display unit. */
export interface FunnelData {
  points: FunnelPointRow[];
  limits: FunnelLimitRow[];
  target: number;
  /** Method name in the report's language. */
  method: string;
  /** True when the limits were widened for overdispersion. */
  adjusted: boolean;
  /** True when the indicator is standardised and the funnel shows its crude rate. */
  crude: boolean;
}

/** The funnel kind of an indicator, or null when it has no count model (ratios, growth). */
export function funnelKind(view: IndicatorView): FunnelKind | null {
  const i = view.info;
  if (
    i.kind === 'growth-comparison' ||
    i.kind === 'median' ||
    i.unit === 'ratio' ||
    i.unit === 'percentage_points'
  )
    return null;
  return i.unit === 'per_cent' ? 'proportion-wilson' : 'poisson';
}

/**
 * The funnel of a view for one year at one level (optionally only the areas in `areas`), or null
 * when there is no national value, no count model or fewer than two areas with a value.
 */
export function funnelData(
  ctx: ReportContext,
  view: IndicatorView,
  year: number,
  level: 'helsefellesskap' | 'municipality',
  areas?: ReadonlySet<string>,
  gridPoints = 40,
): FunnelData | null {
  const kind = funnelKind(view);
  const nat = nationalRow(view, year);
  if (!kind || !nat || flagOf(nat) !== 'none') return null;
  const nNum = num(nat['numerator']);
  const nDen = num(nat['denominator']);
  if (nNum === null || nDen === null || !(nDen > 0)) return null;
  const theta = nNum / nDen;
  if (!(theta > 0) || (kind !== 'poisson' && theta >= 1)) return null;
  const mult = unitMultiplier(view.info.unit as IndicatorUnit);
  const rows = viewRows(view, level, year).filter(
    (r) => !areas || areas.has(String(r['area_code'])),
  );
  const units = rows.filter((r) => {
    const a = num(r['numerator']);
    const b = num(r['denominator']);
    return (
      flagOf(r) === 'none' && a !== null && b !== null && b > 0 && (kind === 'poisson' || a <= b)
    );
  });
  if (units.length < 2) return null;
  const assess = assessFunnel(
    units.map((r) => ({
      id: String(r['area_code']),
      numerator: num(r['numerator'])!,
      denominator: num(r['denominator'])!,
    })),
    { kind, target: theta, overdispersion: 'additive' },
  );
  const position = new Map(assess.units.map((u) => [u.id, u.position]));
  const points: FunnelPointRow[] = rows.map((r) => {
    const shown = units.includes(r);
    const den = num(r['denominator']);
    return {
      unit: ctx.areaName(r['area_code']),
      denominator: den,
      value: shown ? (num(r['numerator'])! / den!) * mult : null,
      position: shown ? (position.get(String(r['area_code'])) ?? null) : null,
      suppressed: shown ? 'none' : (flagOf(r) as FunnelPointRow['suppressed']),
    };
  });
  const dens = rows
    .map((r) => num(r['denominator']))
    .filter((d): d is number => d !== null && d > 0);
  const grid = funnelGrid(
    Math.max(1, Math.min(...dens) * 0.8),
    Math.max(...dens) * 1.15,
    gridPoints,
  );
  const v0 = kind === 'poisson' ? theta : theta * (1 - theta);
  const limits: FunnelLimitRow[] = assess.adjusted
    ? grid.map((n) => {
        const se = Math.sqrt(v0 / n + assess.tau2);
        return {
          denominator: n,
          lower95: (theta - FUNNEL_Z.z95 * se) * mult,
          upper95: (theta + FUNNEL_Z.z95 * se) * mult,
          lower998: (theta - FUNNEL_Z.z998 * se) * mult,
          upper998: (theta + FUNNEL_Z.z998 * se) * mult,
        };
      })
    : funnelLimits(kind, theta, grid).map((l) => ({
        denominator: l.denominator,
        lower95: l.lower95 * mult,
        upper95: l.upper95 * mult,
        lower998: l.lower998 * mult,
        upper998: l.upper998 * mult,
      }));
  const lang = ctx.lang;
  const base = text(lang, kind === 'poisson' ? 'method.funnelPoisson' : 'method.funnelWilson');
  const limitsText = assess.adjusted
    ? text(lang, 'method.funnelAdditive', { phi: formatNumber(assess.phi, '.2f', lang) })
    : base;
  return {
    points,
    limits,
    target: theta * mult,
    method: text(lang, 'method.funnel', { limits: limitsText }),
    adjusted: assess.adjusted,
    crude: view.info.standardisation === 'direct',
  };
}
