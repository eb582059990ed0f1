/**
 * The seasonal naive method, the benchmark every other method must beat: the forecast for a
 * month is the value of the same month a cycle earlier, ŷ_{n+h} = y_{n+h−m(k+1)} with
 * k = ⌊(h−1)/m⌋. Prediction intervals as the forecast package's `snaive` (Hyndman &
 * Athanasopoulos, Forecasting: Principles and Practice, 3rd ed., §5.5): with σ̂² the mean of the
 * squared seasonal differences y_t − y_{t−m}, the h-step standard error is σ̂ √(k + 1).
 */
import { UsageError } from '../../kernel/errors.js';
import { normalIntervals } from './normal-intervals.js';
import type { ForecastPath } from './types.js';

/** Seasonal naive forecasts 1…h steps ahead with 80 % / 95 % (or the given) intervals. */
export function seasonalNaive(
  y: readonly number[],
  m: number,
  h: number,
  levels: readonly number[] = [0.8, 0.95],
): ForecastPath {
  const n = y.length;
  if (n <= m)
    throw new UsageError(
      'FORECAST_TOO_SHORT',
      `the seasonal naive method needs more than one cycle (${m}) of observations; got ${n}`,
    );
  let ss = 0;
  for (let t = m; t < n; t++) ss += (y[t]! - y[t - m]!) ** 2;
  const sigma = Math.sqrt(ss / (n - m));
  const mean: number[] = [];
  const se: number[] = [];
  for (let i = 1; i <= h; i++) {
    const k = Math.floor((i - 1) / m);
    mean.push(y[n - m + ((i - 1) % m)]!);
    se.push(sigma * Math.sqrt(k + 1));
  }
  return normalIntervals(mean, se, levels);
}
