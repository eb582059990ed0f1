/**
 * The equal-weight combination of forecasts. Point forecasts are the mean of the methods' point
 * forecasts; each interval bound is the mean of the methods' bounds at the same level (quantile
 * averaging: Lichtendahl, K.C., Grushka-Cockayne, Y. & Winkler, R.L. (2013) Is it better to
 * average probabilities or quantiles? Management Science 59(7), 1594–1611). Equal weights follow
 * the M4 competition's finding that simple combinations are hard to beat (Makridakis, Spiliotis
 * & Assimakopoulos 2020, International Journal of Forecasting 36(1), 54–74).
 */
import type { ForecastPath } from './types.js';

function meanOf(rows: ReadonlyArray<readonly number[]>): number[] {
  return rows[0]!.map((_, i) => rows.reduce((s, r) => s + r[i]!, 0) / rows.length);
}

/** Combine forecast paths of equal length with the same interval levels by equal weights. */
export function combineForecasts(paths: readonly ForecastPath[]): ForecastPath {
  if (paths.length === 0) return { mean: [], intervals: [] };
  return {
    mean: meanOf(paths.map((p) => p.mean)),
    intervals: paths[0]!.intervals.map((iv, k) => ({
      level: iv.level,
      lower: meanOf(paths.map((p) => p.intervals[k]!.lower)),
      upper: meanOf(paths.map((p) => p.intervals[k]!.upper)),
    })),
  };
}
