import { chiSquareQuantile, zForLevel } from './distributions.js';
import { checkCount, checkLevel } from './types.js';

/** Confidence limits for a Poisson count. */
export interface CountLimits {
  lower: number;
  upper: number;
  /** Which method produced the limits. */
  method: 'exact' | 'byar';
}

/** Counts below this use exact (Garwood) limits; from this count on, Byar's approximation. */
export const BYAR_THRESHOLD = 10;

/**
 * Exact Poisson confidence limits for an observed count O (Garwood 1936), through the link
 * between the Poisson and chi-square distributions:
 *
 *   O_lower = χ²(α/2; 2O) / 2        (0 when O = 0)
 *   O_upper = χ²(1 − α/2; 2O + 2) / 2
 *
 * where χ²(p; ν) is the p-quantile of chi-square with ν degrees of freedom and α = 1 − level.
 *
 * Reference: Garwood F. Fiducial limits for the Poisson distribution. Biometrika 1936;28:437–442.
 * PHE/OHID Public Health Technical Guidance, "Rates" (χ² exact method for counts < 10).
 * Edge case: O = 0 gives lower 0 and upper −ln(α/2) (3.688879… at 95 %).
 */
export function exactPoissonLimits(observed: number, confidenceLevel?: number): CountLimits {
  checkCount('observed', observed);
  const level = checkLevel(confidenceLevel);
  const a = 1 - level;
  const lower = observed === 0 ? 0 : chiSquareQuantile(a / 2, 2 * observed) / 2;
  const upper = chiSquareQuantile(1 - a / 2, 2 * observed + 2) / 2;
  return { lower, upper, method: 'exact' };
}

/**
 * Byar's approximation to the exact Poisson limits for an observed count O:
 *
 *   O_lower = O · (1 − 1/(9O) − z/(3√O))³
 *   O_upper = (O + 1) · (1 − 1/(9(O + 1)) + z/(3√(O + 1)))³
 *
 * with z = Φ⁻¹(1 − α/2). Reference: Breslow NE, Day NE. Statistical Methods in Cancer Research,
 * vol. II (IARC 1987), p. 69; PHE/OHID Public Health Technical Guidance, "Rates".
 * Edge case: O = 0 gives lower 0 (the formula is undefined there).
 */
export function byarLimits(observed: number, confidenceLevel?: number): CountLimits {
  checkCount('observed', observed);
  const level = checkLevel(confidenceLevel);
  const z = zForLevel(level);
  const o = observed;
  const lower = o === 0 ? 0 : Math.max(0, o * (1 - 1 / (9 * o) - z / (3 * Math.sqrt(o))) ** 3);
  const o1 = o + 1;
  const upper = o1 * (1 - 1 / (9 * o1) + z / (3 * Math.sqrt(o1))) ** 3;
  return { lower, upper, method: 'byar' };
}

/**
 * Poisson limits for a count by the felles rule (docs/statistics.md, as PHE/OHID): exact (Garwood,
 * {@link exactPoissonLimits}) below 10 events, Byar's approximation ({@link byarLimits}) from 10.
 */
export function poissonCountLimits(observed: number, confidenceLevel?: number): CountLimits {
  return observed < BYAR_THRESHOLD
    ? exactPoissonLimits(observed, confidenceLevel)
    : byarLimits(observed, confidenceLevel);
}

/** Human-readable name of a count-limit method. */
export function countMethodName(m: CountLimits['method']): string {
  return m === 'exact' ? 'exact Poisson (Garwood)' : 'Byar';
}
