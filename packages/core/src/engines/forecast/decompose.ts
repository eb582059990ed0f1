/**
 * Classical additive decomposition by moving averages, as R's `stats::decompose` computes it:
 * the trend is a centred moving average of order m (for even m the 2×m average, weights
 * ½, 1, …, 1, ½ over m), the seasonal figure is the mean of the detrended values at each position
 * of the cycle, centred to sum to zero. Positions count from the first observation.
 *
 * Reference: Kendall, M. & Stuart, A. (1983) The Advanced Theory of Statistics, vol. 3, 410–414;
 * R Core Team, `decompose` in package stats.
 */

/** Result of {@link decomposeAdditive}. */
export interface Decomposition {
  /** Centred moving average; `NaN` where the window runs past either end. */
  trend: number[];
  /** The seasonal figure, one value per position of the cycle (first observation = 0). */
  figure: number[];
}

/** The centred moving average of order m (NaN at the ends), as `filter(x, w, sides = 2)`. */
export function centredMovingAverage(x: readonly number[], m: number): number[] {
  const w =
    m % 2 === 0
      ? [0.5, ...new Array<number>(m - 1).fill(1), 0.5].map((v) => v / m)
      : new Array<number>(m).fill(1 / m);
  const o = Math.floor(w.length / 2);
  return x.map((_, i) => {
    if (i - o < 0 || i + (w.length - 1 - o) >= x.length) return NaN;
    let s = 0;
    for (let k = 0; k < w.length; k++) s += w[k]! * x[i - o + k]!;
    return s;
  });
}

/** Additive classical decomposition of `x` with period `m` (R's `decompose(x, "additive")`). */
export function decomposeAdditive(x: readonly number[], m: number): Decomposition {
  const trend = centredMovingAverage(x, m);
  const figure = new Array<number>(m).fill(0);
  for (let p = 0; p < m; p++) {
    let sum = 0;
    let count = 0;
    for (let i = p; i < x.length; i += m) {
      const d = x[i]! - trend[i]!;
      if (!Number.isNaN(d)) {
        sum += d;
        count++;
      }
    }
    figure[p] = count > 0 ? sum / count : NaN;
  }
  const mean = figure.reduce((a, b) => a + b, 0) / m;
  return { trend, figure: figure.map((v) => v - mean) };
}
