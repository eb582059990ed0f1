/**
 * Small statistics for the dental tables, on aggregated numbers only: Wilson shares (stats
 * `proportion`) that tolerate a numerator above its denominator, and the t-interval of a mean
 * from n, Σx and Σx².
 */
import { studentTQuantile } from '../../stats/distributions.js';
import { proportion } from '../../stats/proportion.js';

/** A share in per cent with Wilson limits (or nulls) and its method. */
export interface Share {
  value: number | null;
  lower: number | null;
  upper: number | null;
  note?: string;
}

/**
 * r/n × 100 with Wilson 95 % limits (`proportion`). n = 0 or missing → nulls. When r > n (persons
 * recorded by the DOT county against a population by residence county) the share is given
 * without limits and with a note: Wilson is undefined there.
 */
export function share(r: number | null, n: number | null, confidenceLevel = 0.95): Share {
  if (r === null || n === null || n <= 0) return { value: null, lower: null, upper: null };
  if (r > n)
    return {
      value: (r / n) * 100,
      lower: null,
      upper: null,
      note: 'numerator exceeds denominator (records by DOT county, population by residence): no limits',
    };
  const p = proportion(r, n, { confidenceLevel });
  return { value: p.value, lower: p.lower, upper: p.upper };
}

/** Name of the share method, printed beside the figures. */
export const SHARE_METHOD = 'Proportion, Wilson score 95 %';
/** Name of the mean method. */
export const MEAN_METHOD = 'Mean with t-interval 95 % (x̄ ± t(n−1)·s/√n)';

/**
 * Mean of a count score (dmft/DMFT) with a two-sided t confidence interval:
 * x̄ ± t_{1−α/2, n−1} · s/√n, s² = (Σx² − n·x̄²)/(n − 1). Lower limit clamped at 0 (scores are
 * non-negative). n = 0 → nulls; n = 1 → mean without limits. The t-interval is the usual method
 * for mean DMFT in oral-health surveys (WHO Oral Health Surveys, 5th ed.); for skewed scores and
 * small n it is approximate.
 */
export function meanWithCi(
  n: number,
  sum: number,
  sumSq: number,
  confidenceLevel = 0.95,
): { value: number | null; lower: number | null; upper: number | null } {
  if (n <= 0) return { value: null, lower: null, upper: null };
  const mean = sum / n;
  if (n === 1) return { value: mean, lower: null, upper: null };
  const variance = Math.max(0, (sumSq - n * mean * mean) / (n - 1));
  const t = studentTQuantile(1 - (1 - confidenceLevel) / 2, n - 1);
  const half = (t * Math.sqrt(variance)) / Math.sqrt(n);
  return { value: mean, lower: Math.max(0, mean - half), upper: mean + half };
}
