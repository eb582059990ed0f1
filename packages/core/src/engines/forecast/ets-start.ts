/**
 * Starting values for fitting an ETS model, as the forecast package's `ets` chooses them
 * (`initstate` and `initparam`): initial states from a classical decomposition and a regression
 * on the first seasonally adjusted values, smoothing parameters a fixed step inside their bounds.
 * Used only as the optimiser's starting point; the fitted values come from maximising the
 * likelihood.
 */
import { admissible } from './admissible.js';
import { decomposeAdditive } from './decompose.js';
import type { EtsParams, EtsSpec } from './ets-model.js';

/** Bounds of the "usual" region (Hyndman et al. 2008, §5.2): 1e-4 ≤ α, β, γ ≤ 0.9999, 0.8 ≤ φ ≤ 0.98. */
export const ETS_BOUNDS = {
  lower: { alpha: 1e-4, beta: 1e-4, gamma: 1e-4, phi: 0.8 },
  upper: { alpha: 0.9999, beta: 0.9999, gamma: 0.9999, phi: 0.98 },
} as const;

function leastSquares(x: readonly number[], y: readonly number[]): [number, number] {
  const n = x.length;
  const mx = x.reduce((a, b) => a + b, 0) / n;
  const my = y.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return [my - slope * mx, slope];
}

/** Seasonal figure by a linear trend plus one Fourier pair, for fewer than three full cycles. */
function fourierSeasonal(y: readonly number[], m: number): number[] {
  // y = a + b t + c sin(2πt/m) + d cos(2πt/m), solved by the normal equations.
  const rows = y.map((_, i) => {
    const t = i + 1;
    return [1, t, Math.sin((2 * Math.PI * t) / m), Math.cos((2 * Math.PI * t) / m)];
  });
  const k = 4;
  const A = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  rows.forEach((r, i) => {
    for (let a = 0; a < k; a++) {
      for (let b = 0; b < k; b++) A[a]![b]! += r[a]! * r[b]!;
      A[a]![k]! += r[a]! * y[i]!;
    }
  });
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let q = c; q <= k; q++) A[r]![q]! -= f * A[c]![q]!;
    }
  }
  const coef = A.map((row, i) => row[k]! / row[i]!);
  return y.map((v, i) => v - coef[0]! - coef[1]! * (i + 1));
}

/**
 * Initial states [ℓ, b, s_0, …, s_{m−2}] (the last seasonal state follows from the others summing
 * to zero), as `initstate` in the forecast package.
 */
export function initialStates(y: readonly number[], spec: EtsSpec): number[] {
  let seasonal: number[] | undefined;
  let adjusted: readonly number[] = y;
  let init: number[] = [];
  const m = spec.season === 'A' ? spec.m : 1;
  if (spec.season === 'A') {
    if (y.length < 3 * m) seasonal = fourierSeasonal(y, m);
    else {
      const fig = decomposeAdditive(y, m).figure;
      seasonal = y.map((_, i) => fig[i % m]!);
    }
    init = seasonal.slice(1, m).reverse();
    adjusted = y.map((v, i) => v - seasonal![i]!);
  }
  const maxn = Math.min(Math.max(10, 2 * m), adjusted.length);
  const head = adjusted.slice(0, maxn);
  if (spec.trend === 'N') return [head.reduce((a, b) => a + b, 0) / maxn, ...init];
  let [l0, b0] = leastSquares(
    head.map((_, i) => i + 1),
    head,
  );
  if (Math.abs(l0 + b0) < 1e-8) {
    l0 *= 1 + 1e-3;
    b0 *= 1 - 1e-3;
  }
  return [l0, b0, ...init];
}

/** Starting smoothing parameters (`initparam` with bounds "both"). */
export function initialParams(spec: EtsSpec): EtsParams {
  const { lower, upper } = ETS_BOUNDS;
  const m = spec.season === 'A' ? spec.m : 1;
  let alpha = lower.alpha + (0.2 * (upper.alpha - lower.alpha)) / m;
  if (alpha > 1 || alpha < 0) alpha = lower.alpha + 2e-3;
  const p: EtsParams = { alpha };
  if (spec.trend !== 'N') {
    const ub = Math.min(upper.beta, alpha);
    let beta = lower.beta + 0.1 * (ub - lower.beta);
    if (beta < 0 || beta > alpha) beta = alpha - 1e-3;
    p.beta = beta;
  }
  if (spec.season === 'A') {
    const ug = Math.min(upper.gamma, 1 - alpha);
    let gamma = lower.gamma + 0.05 * (ug - lower.gamma);
    if (gamma < 0 || gamma > 1 - alpha) gamma = 1 - alpha - 1e-3;
    p.gamma = gamma;
  }
  if (spec.trend === 'Ad') {
    let phi = lower.phi + 0.99 * (upper.phi - lower.phi);
    if (phi < 0 || phi > 1) phi = upper.phi - 1e-3;
    p.phi = phi;
  }
  return p;
}

/** True when the parameters lie in the usual region (`check.param` with bounds "usual"). */
export function inUsualRegion(spec: EtsSpec, p: EtsParams): boolean {
  const { lower, upper } = ETS_BOUNDS;
  if (p.alpha < lower.alpha || p.alpha > upper.alpha) return false;
  if (spec.trend !== 'N') {
    const b = p.beta ?? 0;
    if (b < lower.beta || b > p.alpha || b > upper.beta) return false;
  }
  if (spec.season === 'A') {
    const g = p.gamma ?? 0;
    if (g < lower.gamma || g > 1 - p.alpha || g > upper.gamma) return false;
  }
  if (spec.trend === 'Ad') {
    const phi = p.phi ?? 1;
    if (phi < lower.phi || phi > upper.phi) return false;
  }
  return true;
}

/**
 * The forecast package's default region, bounds "both": the usual region and the admissible one
 * ({@link admissible}).
 */
export function inParameterRegion(spec: EtsSpec, p: EtsParams): boolean {
  if (!inUsualRegion(spec, p)) return false;
  return admissible(
    p.alpha,
    spec.trend === 'N' ? undefined : p.beta,
    spec.season === 'A' ? p.gamma : undefined,
    spec.trend === 'Ad' ? p.phi : undefined,
    spec.season === 'A' ? spec.m : 1,
  );
}
