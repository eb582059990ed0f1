/**
 * Prediction intervals from point forecasts and their standard errors under normal errors.
 */
import { normalQuantile } from '../../stats/distributions.js';
import type { ForecastPath } from './types.js';

/** `mean ± z · se` per step, z the two-sided normal quantile of each level (0.8 → 1.2816). */
export function normalIntervals(
  mean: number[],
  se: readonly number[],
  levels: readonly number[],
): ForecastPath {
  return {
    mean,
    intervals: levels.map((level) => {
      const z = normalQuantile(0.5 + level / 2);
      return {
        level,
        lower: mean.map((v, i) => v - z * se[i]!),
        upper: mean.map((v, i) => v + z * se[i]!),
      };
    }),
  };
}
