import { UsageError } from '../kernel/errors.js';
import { normalQuantile } from './distributions.js';

/**
 * Minimum detectable effect of an estimate with standard error `se`: the true effect a two-sided
 * test at level α detects with the given power, MDE = (z₁₋α/₂ + z_power) · SE — 2.80 · SE for
 * α = 0.05 and 80 % power (Bloom, Evaluation Review 1995;19:547–556). On a log scale (a log rate
 * ratio), the smallest detectable reduction is 1 − e^(−MDE).
 */
export function minimumDetectableEffect(se: number, alpha = 0.05, power = 0.8): number {
  if (!(se >= 0)) throw new UsageError('BAD_SE', `standard error must be ≥ 0, got ${se}`);
  if (!(alpha > 0 && alpha < 1 && power > 0 && power < 1))
    throw new UsageError('BAD_LEVEL', 'alpha and power must lie in (0, 1)');
  return (normalQuantile(1 - alpha / 2) + normalQuantile(power)) * se;
}
