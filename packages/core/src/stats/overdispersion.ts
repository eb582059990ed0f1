import { UsageError } from '../kernel/errors.js';
import { FUNNEL_Z, funnelInterval, type FunnelKind } from './funnel.js';
import { checkCount } from './types.js';

/** One unit (area, hospital) on a funnel plot. */
export interface FunnelUnit {
  id: string;
  /** Events (rates, ratios) or successes (proportions). */
  numerator: number;
  /** Population (rates), expected count (ratios, target 1) or trials (proportions). */
  denominator: number;
}

/** Where a unit falls on the funnel. */
export type FunnelPosition = 'within' | 'above-95' | 'above-99.8' | 'below-95' | 'below-99.8';

/** A unit assessed against the funnel. */
export interface FunnelUnitResult {
  id: string;
  numerator: number;
  denominator: number;
  /** The unit's indicator y = numerator / denominator (unscaled). */
  value: number;
  /** z-score (y − θ₀)/SE, SE = √(V(θ₀)/n); with additive overdispersion SE = √(V(θ₀)/n + τ²), multiplicative √φ·SE. */
  z: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
  position: FunnelPosition;
}

/** How overdispersion is handled. */
export type OverdispersionMethod = 'none' | 'additive' | 'multiplicative';

/** Options for {@link assessFunnel}. */
export interface FunnelOptions {
  kind: FunnelKind;
  /** Target θ₀: events per person (rates), 1 (ratios) or a fraction (proportions). */
  target: number;
  /** Overdispersion adjustment (Spiegelhalter 2005); default 'none'. */
  overdispersion?: OverdispersionMethod;
}

/** Result of {@link assessFunnel}. */
export interface FunnelAssessment {
  kind: FunnelKind;
  target: number;
  overdispersion: OverdispersionMethod;
  /** Winsorised overdispersion estimate φ̂ = (1/I)·Σ z_w² (always computed). */
  phi: number;
  /** Additive random-effects variance τ̂² (0 when Iφ̂ ≤ I − 1 or not additive). */
  tau2: number;
  /** Whether the limits were widened (adjustment requested and the test Iφ̂ > I − 1 holds). */
  adjusted: boolean;
  /** Stable method name. */
  method: string;
  units: FunnelUnitResult[];
}

/** Null variance V(θ₀) per unit of denominator: θ₀ (Poisson) or θ₀(1 − θ₀) (proportions). */
function nullVariance(kind: FunnelKind, target: number): number {
  return kind === 'poisson' ? target : target * (1 - target);
}

/** Percentile with linear interpolation between order statistics (R type 7, numpy default). */
export function quantileType7(sorted: number[], p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo] as number;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)] as number;
  return a + (h - lo) * (b - a);
}

/**
 * Winsorise values at the 10th and 90th percentiles (type-7 percentiles): values below the 10th
 * are set to it, values above the 90th to it. Spiegelhalter (2005, QSHC) uses a 10 % winsorised
 * estimate of φ.
 */
export function winsorise(values: number[], lowerP = 0.1, upperP = 0.9): number[] {
  const s = [...values].sort((x, y) => x - y);
  const lo = quantileType7(s, lowerP);
  const hi = quantileType7(s, upperP);
  return values.map((v) => Math.min(hi, Math.max(lo, v)));
}

function position(y: number, l95: number, u95: number, l998: number, u998: number): FunnelPosition {
  if (y > u998) return 'above-99.8';
  if (y > u95) return 'above-95';
  if (y < l998) return 'below-99.8';
  if (y < l95) return 'below-95';
  return 'within';
}

/**
 * Assess units against a funnel plot: per unit y = numerator/denominator, z-score, 95 % and
 * 99.8 % limits and a position label, optionally adjusted for overdispersion.
 *
 * Without adjustment the limits are those of {@link funnelLimit} (exact Poisson / binomial with
 * interpolation, or Wilson). With overdispersion (Spiegelhalter 2005, Stat Med 24:1185 §6 and
 * Qual Saf Health Care 14:347):
 *
 *   zᵢ = (yᵢ − θ₀)/sᵢ,  sᵢ = √(V(θ₀)/nᵢ)
 *   φ̂ = (1/I)·Σ z_w,ᵢ²    (z winsorised at the 10th/90th percentiles)
 *   additive:       τ̂² = (I·φ̂ − (I − 1)) / (Σwᵢ − Σwᵢ²/Σwᵢ),  wᵢ = 1/sᵢ²,  τ̂² = 0 if I·φ̂ ≤ I − 1;
 *                   limits θ₀ ± z_p·√(sᵢ² + τ̂²),  zᵢᴰ = (yᵢ − θ₀)/√(sᵢ² + τ̂²)
 *   multiplicative: limits θ₀ ± z_p·√φ̂·sᵢ when φ̂ > 1 (Iφ̂ > I − 1 is used as the test for both)
 *
 * When the adjustment is requested but the test finds no overdispersion, the unadjusted
 * (exact/Wilson) limits are kept. Adjusted normal limits are not clamped (they may go below 0).
 */
export function assessFunnel(units: FunnelUnit[], options: FunnelOptions): FunnelAssessment {
  const { kind, target } = options;
  const od = options.overdispersion ?? 'none';
  if (units.length === 0)
    throw new UsageError('STATS_NO_UNITS', 'A funnel needs at least one unit.', {});
  for (const u of units) {
    checkCount('numerator', u.numerator);
    if (!(u.denominator > 0))
      throw new UsageError(
        'STATS_ZERO_DENOMINATOR',
        `Unit ${u.id} has denominator ${u.denominator}: needs > 0.`,
        { id: u.id },
      );
    if (kind !== 'poisson' && u.numerator > u.denominator) {
      throw new UsageError(
        'STATS_NUMERATOR_EXCEEDS_DENOMINATOR',
        `Unit ${u.id}: numerator ${u.numerator} exceeds denominator ${u.denominator}.`,
        { id: u.id },
      );
    }
  }
  const v0 = nullVariance(kind, target);
  if (!(v0 > 0))
    throw new UsageError('STATS_BAD_TARGET', `Funnel target ${target} gives zero null variance.`, {
      target,
    });
  const I = units.length;
  const s = units.map((u) => Math.sqrt(v0 / u.denominator));
  const y = units.map((u) => u.numerator / u.denominator);
  const z = y.map((yi, i) => (yi - target) / (s[i] as number));
  const zw = winsorise(z);
  const phi = zw.reduce((a, b) => a + b * b, 0) / I;
  const over = I * phi > I - 1;
  let tau2 = 0;
  if (od === 'additive' && over) {
    const w = s.map((si) => 1 / (si * si));
    const sw = w.reduce((a, b) => a + b, 0);
    const sw2 = w.reduce((a, b) => a + b * b, 0);
    tau2 = Math.max(0, (I * phi - (I - 1)) / (sw - sw2 / sw));
  }
  const adjusted = od !== 'none' && over && (od === 'multiplicative' ? phi > 1 : tau2 > 0);
  const results = units.map((u, i): FunnelUnitResult => {
    const si = s[i] as number;
    const yi = y[i] as number;
    let l95: number, u95: number, l998: number, u998: number, zi: number;
    if (adjusted) {
      const se = od === 'additive' ? Math.sqrt(si * si + tau2) : Math.sqrt(phi) * si;
      l95 = target - FUNNEL_Z.z95 * se;
      u95 = target + FUNNEL_Z.z95 * se;
      l998 = target - FUNNEL_Z.z998 * se;
      u998 = target + FUNNEL_Z.z998 * se;
      zi = (yi - target) / se;
    } else {
      const a = funnelInterval(kind, target, u.denominator, 0.95);
      const b = funnelInterval(kind, target, u.denominator, 0.998);
      l95 = a.lower;
      u95 = a.upper;
      l998 = b.lower;
      u998 = b.upper;
      zi = z[i] as number;
    }
    return {
      id: u.id,
      numerator: u.numerator,
      denominator: u.denominator,
      value: yi,
      z: zi,
      lower95: l95,
      upper95: u95,
      lower998: l998,
      upper998: u998,
      position: position(yi, l95, u95, l998, u998),
    };
  });
  const base =
    kind === 'poisson'
      ? 'exact Poisson'
      : kind === 'proportion-wilson'
        ? 'Wilson score'
        : 'exact binomial';
  const method = adjusted
    ? `Funnel plot 95 % / 99.8 %, ${od === 'additive' ? 'additive random-effects (τ²)' : 'multiplicative (φ)'} overdispersion, 10 % winsorised z (Spiegelhalter 2005)`
    : `Funnel plot 95 % / 99.8 %, ${base} limits (Spiegelhalter 2005)`;
  return { kind, target, overdispersion: od, phi, tau2, adjusted, method, units: results };
}
