import { UsageError } from '../kernel/errors.js';
import {
  binomialCdf,
  binomialPmf,
  normalQuantile,
  poissonCdf,
  poissonPmf,
  zForLevel,
} from './distributions.js';
import { checkLevel } from './types.js';

/**
 * How funnel limits are computed:
 * - `poisson`: rates (target events per unit of denominator) and ratios (target 1, denominator =
 *   expected count): exact Poisson limits with Spiegelhalter's (2005) interpolation;
 * - `proportion-wilson`: proportions, Wilson score limits (the felles default for proportions,
 *   docs/statistics.md): a unit is outside the funnel exactly when its own Wilson interval excludes the
 *   target;
 * - `proportion-binomial`: proportions, exact binomial limits with Spiegelhalter's interpolation.
 */
export type FunnelKind = 'poisson' | 'proportion-wilson' | 'proportion-binomial';

/** The two conventional funnel levels: 95 % (≈ 2 SD) and 99.8 % (≈ 3 SD). */
export const FUNNEL_LEVELS = [0.95, 0.998] as const;

/** Funnel limits at one denominator. */
export interface FunnelLimits {
  denominator: number;
  target: number;
  lower95: number;
  upper95: number;
  lower998: number;
  upper998: number;
}

function checkTarget(kind: FunnelKind, target: number): void {
  const bad = !Number.isFinite(target) || target < 0 || (kind !== 'poisson' && target > 1);
  if (bad)
    throw new UsageError(
      'STATS_BAD_TARGET',
      `Funnel target ${String(target)} is not valid for ${kind}${kind === 'poisson' ? ' (≥ 0)' : ' (a fraction 0–1)'}.`,
      { target, kind },
    );
}

/**
 * A discrete CDF that remembers its values: the quantile search and the interpolation evaluate
 * F at the same points (at large means each evaluation of the incomplete gamma is costly).
 */
function memo(cdf: (r: number) => number): (r: number) => number {
  const seen = new Map<number, number>();
  return (r) => {
    let v = seen.get(r);
    if (v === undefined) seen.set(r, (v = cdf(r)));
    return v;
  };
}

/**
 * The smallest r with F(r) ≥ p for a discrete CDF F, found by stepping down and then up from a
 * start near it: the Cornish–Fisher quantile mean + sd·(z + γ(z² − 1)/6) for a distribution of
 * skewness γ (fewer steps than the normal start; every evaluation of F at a national count is
 * costly). The search ends at the same r from any start.
 */
function discreteQuantile(
  p: number,
  cdf: (r: number) => number,
  mean: number,
  sd: number,
  max: number,
  skew = 0,
): number {
  const z = normalQuantile(p);
  const start = mean + sd * (z + (skew * (z * z - 1)) / 6);
  let r = Math.max(0, Math.min(max, Math.floor(Number.isFinite(start) ? start : mean + z * sd)));
  while (r > 0 && cdf(r - 1) >= p) r--;
  while (r < max && cdf(r) < p) r++;
  return r;
}

/**
 * One funnel limit at probability p (e.g. 0.025 or 0.975) for a target θ and denominator n, by
 * Spiegelhalter (2005, appendix A.1.1) for a discrete distribution: with r_p the p-quantile of
 * the count (Poisson(θn), or Binomial(n, θ)), F its CDF,
 *
 *   α = (F(r_p) − p) / (F(r_p) − F(r_p − 1)),    limit = (r_p − α) / n
 *
 * clamped to [0, ∞) (Poisson) or [0, 1] (binomial).
 *
 * For `proportion-wilson` the limit is the observed proportion p̂ whose Wilson score interval has
 * the target θ at its edge. The Wilson bounds solve (p̂ − θ)² = z²·θ(1 − θ)/n, so
 *
 *   limit = θ + z·√(θ(1 − θ)/n),   z = Φ⁻¹(p),   clamped to [0, 1]
 *
 * (the score-test acceptance region; the same figures as PHE Fingertips' funnel-plot tool for
 * proportions and `sigma_adjustment` in PHEindicatormethods).
 *
 * Reference: Spiegelhalter DJ. Funnel plots for comparing institutional performance. Stat Med
 * 2005;24:1185–1202. Wilson EB (1927), JASA 22:209–212.
 */
export function funnelLimit(
  kind: FunnelKind,
  target: number,
  denominator: number,
  p: number,
): number {
  checkTarget(kind, target);
  if (!(denominator > 0))
    throw new UsageError(
      'STATS_ZERO_DENOMINATOR',
      `Funnel limits need a denominator > 0, got ${String(denominator)}.`,
      { denominator },
    );
  if (!(p > 0 && p < 1))
    throw new UsageError(
      'STATS_BAD_PROBABILITY',
      `Funnel probability must be in (0, 1), got ${String(p)}.`,
      { p },
    );
  const n = denominator;
  if (kind === 'proportion-wilson') {
    const limit = target + normalQuantile(p) * Math.sqrt((target * (1 - target)) / n);
    return Math.min(1, Math.max(0, limit));
  }
  if (kind === 'poisson') {
    const lambda = target * n;
    if (lambda === 0) return 0;
    const cdf = memo((r) => poissonCdf(r, lambda));
    const sd = Math.sqrt(lambda);
    const rp = discreteQuantile(p, cdf, lambda, sd, Number.MAX_SAFE_INTEGER, 1 / sd);
    const alpha = (cdf(rp) - p) / poissonPmf(rp, lambda);
    return Math.max(0, (rp - alpha) / n);
  }
  if (!Number.isInteger(n))
    throw new UsageError(
      'STATS_BAD_COUNT',
      `Binomial funnel limits need an integer denominator, got ${n}.`,
      { denominator: n },
    );
  if (target === 0 || target === 1) return target;
  const cdf = memo((r) => binomialCdf(r, n, target));
  const sd = Math.sqrt(n * target * (1 - target));
  const rp = discreteQuantile(p, cdf, n * target, sd, n, (1 - 2 * target) / sd);
  const alpha = (cdf(rp) - p) / binomialPmf(rp, n, target);
  return Math.min(1, Math.max(0, (rp - alpha) / n));
}

/** Lower and upper funnel limits at a two-sided level (e.g. 0.95 → p = 0.025 and 0.975). */
export function funnelInterval(
  kind: FunnelKind,
  target: number,
  denominator: number,
  level: number,
): { lower: number; upper: number } {
  const l = checkLevel(level);
  const a = (1 - l) / 2;
  return {
    lower: funnelLimit(kind, target, denominator, a),
    upper: funnelLimit(kind, target, denominator, 1 - a),
  };
}

/**
 * Funnel-plot control limits at 95 % and 99.8 % for a target and a range of denominators (the
 * curves of the plot). For `poisson` the denominator is the population (rates; target = events
 * per person) or the expected count (ratios; target = 1). Reference: Spiegelhalter (2005).
 */
export function funnelLimits(
  kind: FunnelKind,
  target: number,
  denominators: number[],
): FunnelLimits[] {
  return denominators.map((n) => {
    const a = funnelInterval(kind, target, n, FUNNEL_LEVELS[0]);
    const b = funnelInterval(kind, target, n, FUNNEL_LEVELS[1]);
    return {
      denominator: n,
      target,
      lower95: a.lower,
      upper95: a.upper,
      lower998: b.lower,
      upper998: b.upper,
    };
  });
}

/**
 * `count` denominators spread evenly on the square-root scale from `from` to `to` (inclusive),
 * a convenient grid for drawing funnel curves.
 */
export function funnelGrid(from: number, to: number, count = 100): number[] {
  if (!(from > 0 && to > from && count >= 2))
    throw new UsageError('STATS_BAD_GRID', 'Funnel grid needs 0 < from < to and count ≥ 2.', {
      from,
      to,
      count,
    });
  const a = Math.sqrt(from);
  const b = Math.sqrt(to);
  return Array.from({ length: count }, (_, i) => (a + ((b - a) * i) / (count - 1)) ** 2);
}

/**
 * z for the funnel levels, exported for overdispersed limits (θ₀ ± z·SE); computed on first
 * read, so that importing the statistics loads no distribution library.
 */
export const FUNNEL_Z: { readonly z95: number; readonly z998: number } = {
  get z95(): number {
    return zForLevel(0.95);
  },
  get z998(): number {
    return zForLevel(0.998);
  },
};
