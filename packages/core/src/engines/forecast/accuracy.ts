/**
 * Forecast accuracy measures: the mean absolute scaled error and interval coverage.
 *
 * MASE (Hyndman, R.J. & Koehler, A.B. (2006) Another look at measures of forecast accuracy.
 * International Journal of Forecasting 22(4), 679–688) divides each absolute forecast error by
 * the in-sample mean absolute error of the seasonal naive method on the training series:
 *
 *   q = |y_{T+h} − ŷ_{T+h}| / ( (1/(n−m)) Σ_{t=m+1}^{n} |y_t − y_{t−m}| ),   MASE = mean(q).
 */

/** In-sample mean absolute seasonal difference (the MASE scale); NaN when n ≤ m. */
export function maseScale(train: readonly number[], m: number): number {
  if (train.length <= m) return NaN;
  let s = 0;
  for (let t = m; t < train.length; t++) s += Math.abs(train[t]! - train[t - m]!);
  return s / (train.length - m);
}

/** Whether each held-out value lies inside its interval [lower, upper] (bounds included). */
export function insideInterval(
  actual: readonly number[],
  lower: readonly number[],
  upper: readonly number[],
): boolean[] {
  return actual.map((v, i) => v >= lower[i]! && v <= upper[i]!);
}
