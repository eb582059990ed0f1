/**
 * Additive Holt–Winters filtering and prediction, as R's `stats::HoltWinters` and
 * `predict.HoltWinters` compute them (Holt 1957; Winters 1960). With level a, trend b and
 * seasonal s of period m:
 *
 *   ŷ_t = a_{t−1} + b_{t−1} + s_{t−m}
 *   a_t = α (y_t − s_{t−m}) + (1 − α)(a_{t−1} + b_{t−1})
 *   b_t = β (a_t − a_{t−1}) + (1 − β) b_{t−1}
 *   s_t = γ (y_t − a_t) + (1 − γ) s_{t−m}
 *
 * Start values as R: for the seasonal model a classical decomposition of the first two cycles,
 * the level and trend from a regression on its trend, the seasonal figure as the seasonal start,
 * filtering from observation m + 1; without season, a = y_2 and b = y_2 − y_1 from observation 3.
 * The parameters minimise the sum of squared one-step errors in [0, 1] (Nelder–Mead from α = 0.3,
 * β = 0.1, γ = 0.1; R uses L-BFGS-B from the same start). Prediction variance (Yar & Chatfield
 * 1990): v_h = var(e) (1 + Σ_{j=1}^{h−1} ψ_j²), ψ_j = α(1 + jβ) + [j mod m = 0] γ(1 − α), with
 * var(e) the sample variance of the one-step errors.
 */
import { normalQuantile } from '../../stats/distributions.js';
import { decomposeAdditive } from './decompose.js';
import { nelderMead } from './nelder-mead.js';
import type { ForecastPath } from './types.js';

/** Smoothing parameters; `false` leaves the trend or the season out. */
export interface HoltWintersParams {
  alpha: number;
  beta: number | false;
  gamma: number | false;
}

/** A Holt–Winters fit: parameters, the final coefficients and the one-step errors. */
export interface HoltWintersFit {
  params: HoltWintersParams;
  m: number;
  /** Final level a, trend b (0 without trend) and the m seasonal coefficients s_1…s_m. */
  level: number;
  trend: number;
  season: number[];
  /** One-step errors from the first filtered observation on. */
  residuals: number[];
  sse: number;
}

function clamp01(v: number): number {
  return Math.max(Math.min(v, 1), 0);
}

/** Run the filter with the given parameters (R's C routine `HoltWinters`). */
export function holtWintersFilter(
  x: readonly number[],
  m: number,
  params: HoltWintersParams,
): HoltWintersFit {
  const doTrend = params.beta !== false;
  const doSeason = params.gamma !== false;
  let startTime: number;
  let a: number;
  let b = 0;
  let s: number[] = [];
  if (doSeason) {
    startTime = m + 1;
    const st = decomposeAdditive(x.slice(0, 2 * m), m);
    const dat = st.trend.filter((v) => !Number.isNaN(v));
    const n = dat.length;
    const mt = (n + 1) / 2;
    const my = dat.reduce((p, q) => p + q, 0) / n;
    let sxy = 0;
    let sxx = 0;
    dat.forEach((v, i) => {
      sxy += (i + 1 - mt) * (v - my);
      sxx += (i + 1 - mt) ** 2;
    });
    b = sxy / sxx;
    a = my - b * mt;
    s = [...st.figure];
  } else if (doTrend) {
    startTime = 3;
    a = x[1]!;
    b = x[1]! - x[0]!;
  } else {
    startTime = 2;
    a = x[0]!;
  }
  const alpha = clamp01(params.alpha);
  const beta = doTrend ? clamp01(params.beta as number) : 0;
  const gamma = doSeason ? clamp01(params.gamma as number) : 0;
  const level = [a];
  const trend = [doTrend ? b : 0];
  const season = [...s];
  const residuals: number[] = [];
  let sse = 0;
  for (let i = startTime - 1; i < x.length; i++) {
    const i0 = i - startTime + 2;
    const s0 = i0 + m - 1;
    const stmp = doSeason ? season[s0 - m]! : 0;
    const xhat = level[i0 - 1]! + (doTrend ? trend[i0 - 1]! : 0) + stmp;
    const res = x[i]! - xhat;
    residuals.push(res);
    sse += res * res;
    level[i0] = alpha * (x[i]! - stmp) + (1 - alpha) * (level[i0 - 1]! + trend[i0 - 1]!);
    trend[i0] = doTrend ? beta * (level[i0]! - level[i0 - 1]!) + (1 - beta) * trend[i0 - 1]! : 0;
    if (doSeason) season[s0] = gamma * (x[i]! - level[i0]!) + (1 - gamma) * stmp;
  }
  const len = x.length - startTime + 1;
  return {
    params,
    m,
    level: level[len]!,
    trend: doTrend ? trend[len]! : 0,
    season: doSeason ? season.slice(len, len + m) : [],
    residuals,
    sse,
  };
}

/**
 * Fit additive Holt–Winters (with trend and season unless `withTrend`/`withSeason` say otherwise)
 * by least squares on the one-step errors.
 */
export function fitHoltWinters(
  x: readonly number[],
  m: number,
  withTrend = true,
  withSeason = m > 1,
): HoltWintersFit {
  const start = [0.3, ...(withTrend ? [0.1] : []), ...(withSeason ? [0.1] : [])];
  const toParams = (p: readonly number[]): HoltWintersParams => ({
    alpha: p[0]!,
    beta: withTrend ? p[1]! : false,
    gamma: withSeason ? p[withTrend ? 2 : 1]! : false,
  });
  const sse = (p: readonly number[]) =>
    p.some((v) => v < 0 || v > 1) ? Infinity : holtWintersFilter(x, m, toParams(p)).sse;
  const best = nelderMead(sse, start, { maxit: 5000, reltol: 1e-12 });
  return holtWintersFilter(x, m, toParams(best.par));
}

function sampleVariance(v: readonly number[]): number {
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1);
}

/** Predictions 1…h steps ahead with intervals (R's `predict.HoltWinters`, additive). */
export function forecastHoltWinters(
  fit: HoltWintersFit,
  h: number,
  levels: readonly number[] = [0.8, 0.95],
): ForecastPath {
  const { alpha } = fit.params;
  const beta = fit.params.beta === false ? 0 : fit.params.beta;
  const gamma = fit.params.gamma === false ? 0 : fit.params.gamma;
  const mean = Array.from(
    { length: h },
    (_, i) => fit.level + (i + 1) * fit.trend + (fit.season.length ? fit.season[i % fit.m]! : 0),
  );
  const v = sampleVariance(fit.residuals);
  const variances: number[] = [];
  let acc = 1;
  for (let k = 1; k <= h; k++) {
    variances.push(v * acc);
    const psi = alpha * (1 + k * beta) + (k % fit.m === 0 ? gamma * (1 - alpha) : 0);
    acc += psi * psi;
  }
  return {
    mean,
    intervals: levels.map((level) => {
      const z = normalQuantile((1 + level) / 2);
      return {
        level,
        lower: mean.map((p, i) => p - z * Math.sqrt(variances[i]!)),
        upper: mean.map((p, i) => p + z * Math.sqrt(variances[i]!)),
      };
    }),
  };
}
