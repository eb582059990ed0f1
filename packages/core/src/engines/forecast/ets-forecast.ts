/**
 * Forecasts and prediction intervals of a fitted additive ETS model. All models here are "class 1"
 * (Hyndman et al. 2008, §6.1): linear with additive errors, so the h-step forecast is normal with
 * mean H F^{h−1} x_n and variance
 *
 *   v_h = σ² (1 + Σ_{j=1}^{h−1} c_j²),   c_j = H F^{j−1} G,
 *
 * where x_n is the last state, F the transition, G the persistence vector (α, β, γ) and H the
 * measurement vector. The interval at level L is mean ± Φ⁻¹(½ + L/2)·√v_h, as `forecast.ets`
 * computes it.
 */
import { normalIntervals } from './normal-intervals.js';
import { etsPointForecast } from './ets-model.js';
import type { EtsFit } from './ets-fit.js';
import type { ForecastPath } from './types.js';

/** The state-space matrices (F, G, H) of a class-1 model, as `class1` in the forecast package. */
function matrices(fit: EtsFit): { F: number[][]; G: number[]; H: number[] } {
  const { spec, params } = fit;
  const p = fit.lastState.length;
  const m = spec.m;
  const phi = spec.trend === 'Ad' ? (params.phi ?? 1) : 1;
  const H = new Array<number>(p).fill(0);
  H[0] = 1;
  const F = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  F[0]![0] = 1;
  const G = new Array<number>(p).fill(0);
  G[0] = params.alpha;
  if (spec.trend !== 'N') {
    H[1] = phi;
    F[0]![1] = phi;
    F[1]![1] = phi;
    G[1] = params.beta ?? 0;
  }
  if (spec.season === 'A') {
    H[p - 1] = 1;
    F[p - m]![p - 1] = 1;
    for (let i = 1; i < m; i++) F[p - m + i]![p - m + i - 1] = 1;
    G[spec.trend === 'N' ? 1 : 2] = params.gamma ?? 0;
  }
  return { F, G, H };
}

function matVec(A: readonly number[][], v: readonly number[]): number[] {
  return A.map((row) => row.reduce((s, a, j) => s + a * v[j]!, 0));
}

/** Variances of the 1…h-step forecast errors: σ²(1 + Σ c_j²). */
export function etsForecastVariance(fit: EtsFit, h: number): number[] {
  const { F, G, H } = matrices(fit);
  const out: number[] = [];
  let acc = 0;
  let FjG = [...G];
  for (let i = 1; i <= h; i++) {
    out.push(fit.sigma2 * (1 + acc));
    const c = H.reduce((s, hv, k) => s + hv * FjG[k]!, 0);
    acc += c * c;
    FjG = matVec(F, FjG);
  }
  return out;
}

/** Point forecasts and 80 % / 95 % (or the given) prediction intervals, 1…h steps ahead. */
export function forecastEts(
  fit: EtsFit,
  h: number,
  levels: readonly number[] = [0.8, 0.95],
): ForecastPath {
  const mean = etsPointForecast(fit.spec, fit.params, fit.lastState, h);
  const sd = etsForecastVariance(fit, h).map(Math.sqrt);
  return normalIntervals(mean, sd, levels);
}
