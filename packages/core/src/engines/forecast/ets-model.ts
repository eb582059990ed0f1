/**
 * The innovations state-space form of exponential smoothing with additive errors (Hyndman,
 * Koehler, Snyder & Grose 2002; Hyndman, Koehler, Ord & Snyder 2008, ch. 2): level ℓ, optional
 * (damped) additive trend b and additive seasonal states s, updated by the one-step error
 * e_t = y_t − ŷ_t:
 *
 *   ŷ_t = ℓ_{t−1} + φ b_{t−1} + s_{t−m}
 *   ℓ_t = ℓ_{t−1} + φ b_{t−1} + α e_t
 *   b_t = φ b_{t−1} + β e_t
 *   s_t = s_{t−m} + γ e_t
 *
 * The recursions follow the forecast package's `etscalc` (R) step for step, so that given the
 * same parameters and initial states felles computes the same residuals, states and likelihood.
 * The states are ordered as there: [ℓ, b, s_t, s_{t−1}, …, s_{t−m+1}].
 */

/** Trend component: none, additive, or additive damped. */
export type EtsTrend = 'N' | 'A' | 'Ad';
/** Seasonal component: none or additive. */
export type EtsSeason = 'N' | 'A';

/** One ETS model form: additive error, the given trend and season, period m. */
export interface EtsSpec {
  trend: EtsTrend;
  season: EtsSeason;
  /** Period of the season (12 for months); 1 when there is no season. */
  m: number;
}

/** Smoothing parameters (β only with a trend, γ only with a season, φ only when damped). */
export interface EtsParams {
  alpha: number;
  beta?: number;
  gamma?: number;
  phi?: number;
}

/** The recursion's result over a series. */
export interface EtsFilterResult {
  /** One-step residuals e_t = y_t − ŷ_t. */
  residuals: number[];
  /** One-step fitted values ŷ_t. */
  fitted: number[];
  /** The state after the last observation. */
  lastState: number[];
  /** n·log(Σe²): −2 × log-likelihood up to a constant, as `etscalc` returns it. */
  lik: number;
}

/** The model's name in the usual taxonomy, e.g. `ETS(A,Ad,A)`. */
export function etsName(spec: EtsSpec): string {
  return `ETS(A,${spec.trend},${spec.season})`;
}

/** Number of states: level, trend when there is one, m seasonal states when seasonal. */
export function stateCount(spec: EtsSpec): number {
  return 1 + (spec.trend === 'N' ? 0 : 1) + (spec.season === 'N' ? 0 : spec.m);
}

function phiOf(spec: EtsSpec, p: EtsParams): number {
  return spec.trend === 'Ad' ? (p.phi ?? 1) : 1;
}

/**
 * Point forecasts h steps from a state: ℓ + (φ + φ² + … + φ^h) b + s_{n+h−m(k+1)}.
 */
export function etsPointForecast(
  spec: EtsSpec,
  params: EtsParams,
  state: readonly number[],
  h: number,
): number[] {
  const hasTrend = spec.trend !== 'N';
  const phi = phiOf(spec, params);
  const l = state[0]!;
  const b = hasTrend ? state[1]! : 0;
  const s0 = hasTrend ? 2 : 1;
  const m = spec.m;
  const out: number[] = [];
  let phistar = phi;
  for (let i = 0; i < h; i++) {
    let f = hasTrend ? l + phistar * b : l;
    if (spec.season === 'A') {
      let j = m - 1 - i;
      while (j < 0) j += m;
      f += state[s0 + j]!;
    }
    out.push(f);
    if (i < h - 1) phistar = Math.abs(phi - 1) < 1e-10 ? phistar + 1 : phistar + phi ** (i + 2);
  }
  return out;
}

/**
 * Run the model over `y` from the initial state `init` (`etscalc`): residuals, fitted values, the
 * final state and n·log(Σe²). One loop without allocation per step (the optimiser calls it
 * thousands of times per fit): the one-step forecast and the update of `etscalc`, with the
 * seasonal states kept in a ring so that "s_{t−m}" is read and replaced in place.
 */
export function etsFilter(
  spec: EtsSpec,
  params: EtsParams,
  init: readonly number[],
  y: readonly number[],
): EtsFilterResult {
  const hasTrend = spec.trend !== 'N';
  const seasonal = spec.season === 'A';
  const phi = phiOf(spec, params);
  const alpha = params.alpha;
  const betaRatio = (params.beta ?? 0) / alpha;
  const gamma = params.gamma ?? 0;
  const m = seasonal ? spec.m : 1;
  const s0 = hasTrend ? 2 : 1;
  let l = init[0]!;
  let b = hasTrend ? init[1]! : 0;
  // ring[k] holds s_{t−m+k}; position `head` is the oldest, s_{t−m}, the one the next step uses.
  const ring = new Float64Array(m);
  if (seasonal) for (let k = 0; k < m; k++) ring[k] = init[s0 + m - 1 - k]!;
  let head = 0;
  const n = y.length;
  const residuals = new Array<number>(n);
  const fitted = new Array<number>(n);
  let sse = 0;
  for (let t = 0; t < n; t++) {
    const phib = hasTrend ? phi * b : 0;
    const q = l + phib;
    const old = seasonal ? ring[head]! : 0;
    const f = q + old;
    const v = y[t]!;
    const e = v - f;
    fitted[t] = f;
    residuals[t] = e;
    sse += e * e;
    const newL = q + alpha * (v - old - q);
    if (hasTrend) b = phib + betaRatio * (newL - l - phib);
    if (seasonal) {
      ring[head] = old + gamma * (v - q - old);
      head = head + 1 === m ? 0 : head + 1;
    }
    l = newL;
  }
  const lastState = [l];
  if (hasTrend) lastState.push(b);
  // Most recent first: s_t, s_{t−1}, …, s_{t−m+1}.
  if (seasonal) for (let k = 1; k <= m; k++) lastState.push(ring[(head - k + m) % m]!);
  return { residuals, fitted, lastState, lik: n * Math.log(sse) };
}
