import { zForLevel } from './distributions.js';
import { DEFAULT_CONFIDENCE_LEVEL } from './types.js';

/** A difference of two growth ratios with its interval (see {@link growthDifference}). */
export interface GrowthDifference {
  /** (A1/A0 − B1/B0) × multiplier; null when a previous year is 0. */
  value: number | null;
  lower: number | null;
  upper: number | null;
  confidenceLevel: number;
  method: string;
  /** Why there is no value or no interval. */
  note?: string;
}

/**
 * Difference between the year-on-year growth of activity A and of activity B (den gylne regel):
 * D = A1/A0 − B1/B0, times `multiplier` (100: percentage points). Interval: each count Poisson;
 * the standard error of a growth ratio g = x1/x0 is g·√(1/x1 + 1/x0) (the delta method on
 * log g, Katz et al. 1978), and the standard error of the difference of the two independent
 * estimates √(SE_A² + SE_B²) (Altman and Bland, BMJ 2003;326:219); limits D ± z·SE. A
 * previous-year count of 0 leaves the difference undefined; a current-year count of 0 leaves the
 * interval out (its standard error is undefined).
 */
export function growthDifference(
  a1: number,
  a0: number,
  b1: number,
  b0: number,
  options: { confidenceLevel?: number; multiplier?: number } = {},
): GrowthDifference {
  const level = options.confidenceLevel ?? DEFAULT_CONFIDENCE_LEVEL;
  const mult = options.multiplier ?? 100;
  const pct = Math.round(level * 1000) / 10;
  const method = `Difference in year-on-year growth (percentage points), Poisson counts, interval by Altman and Bland ${pct} %`;
  if (!(a0 > 0 && b0 > 0))
    return {
      value: null,
      lower: null,
      upper: null,
      confidenceLevel: level,
      method,
      note: 'no activity the year before to grow from',
    };
  const gA = a1 / a0;
  const gB = b1 / b0;
  const value = (gA - gB) * mult;
  if (!(a1 > 0 && b1 > 0))
    return {
      value,
      lower: null,
      upper: null,
      confidenceLevel: level,
      method,
      note: 'no activity in the year: no interval',
    };
  const se = Math.sqrt(gA * gA * (1 / a1 + 1 / a0) + gB * gB * (1 / b1 + 1 / b0)) * mult;
  const z = zForLevel(level);
  return { value, lower: value - z * se, upper: value + z * se, confidenceLevel: level, method };
}
