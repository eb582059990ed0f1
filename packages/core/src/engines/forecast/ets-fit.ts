/**
 * Fitting ETS models with additive errors by maximum likelihood, and choosing among them by
 * AICc, as the forecast package's `ets(y, additive.only = TRUE)` does (Hyndman et al. 2002;
 * Hyndman & Khandakar 2008, "Automatic time series forecasting: the forecast package for R",
 * Journal of Statistical Software 27(3)).
 *
 * The free parameters are the smoothing parameters and the initial states except the last
 * seasonal one (the seasonal states sum to zero). They are found by Nelder–Mead from the
 * starting values of {@link initialStates} and {@link initialParams}, minimising n·log(Σe²);
 * outside the usual and admissible regions (bounds "both") the objective is infinite. Then, with k the number of free
 * parameters plus one for the error variance,
 *
 *   log L = −½ n·log(Σe²),  AIC = −2 log L + 2k,  AICc = AIC + 2k(k+1)/(n−k−1),
 *   σ² = Σe² / (n − (k − 1)).
 */
import { UsageError } from '../../kernel/errors.js';
import { nelderMead } from './nelder-mead.js';
import { etsFilter, stateCount, type EtsParams, type EtsSpec } from './ets-model.js';
import { inParameterRegion, initialParams, initialStates } from './ets-start.js';

/** A fitted ETS model. */
export interface EtsFit {
  spec: EtsSpec;
  params: EtsParams;
  /** Initial states [ℓ, b, s_0, …, s_{m−1}]. */
  init: number[];
  /** State after the last observation. */
  lastState: number[];
  residuals: number[];
  fitted: number[];
  /** −½ n·log(Σe²), the forecast package's log-likelihood. */
  loglik: number;
  aic: number;
  aicc: number;
  bic: number;
  /** Residual variance Σe² / (n − free parameters). */
  sigma2: number;
  /** Number of observations. */
  n: number;
}

function paramNames(spec: EtsSpec): Array<keyof EtsParams> {
  const names: Array<keyof EtsParams> = ['alpha'];
  if (spec.trend !== 'N') names.push('beta');
  if (spec.season === 'A') names.push('gamma');
  if (spec.trend === 'Ad') names.push('phi');
  return names;
}

/** Complete the seasonal states: the last one is minus the sum of the others. */
function fullInit(spec: EtsSpec, free: readonly number[]): number[] {
  if (spec.season === 'N') return [...free];
  const s0 = spec.trend === 'N' ? 1 : 2;
  const sum = free.slice(s0).reduce((a, b) => a + b, 0);
  return [...free, -sum];
}

/**
 * The fit of one model given its parameters and initial states (no optimisation): residuals,
 * likelihood, information criteria and σ².
 */
export function etsEvaluate(
  y: readonly number[],
  spec: EtsSpec,
  params: EtsParams,
  init: readonly number[],
): EtsFit {
  const r = etsFilter(spec, params, init, y);
  const n = y.length;
  const free = paramNames(spec).length + stateCount(spec) - (spec.season === 'A' ? 1 : 0);
  const k = free + 1;
  const sse = r.residuals.reduce((a, e) => a + e * e, 0);
  return {
    spec,
    params,
    init: [...init],
    lastState: r.lastState,
    residuals: r.residuals,
    fitted: r.fitted,
    loglik: -0.5 * r.lik,
    aic: r.lik + 2 * k,
    aicc: r.lik + 2 * k + (2 * k * (k + 1)) / (n - k - 1),
    bic: r.lik + Math.log(n) * k,
    sigma2: sse / (n - free),
    n,
  };
}

/** Fit one ETS model by maximum likelihood (Nelder–Mead from the forecast package's start). */
export function fitEts(y: readonly number[], spec: EtsSpec): EtsFit {
  const names = paramNames(spec);
  const p0 = initialParams(spec);
  const start = [...names.map((k) => p0[k]!), ...initialStates(y, spec)];
  const np = names.length;
  const toParams = (x: readonly number[]): EtsParams => {
    const p: EtsParams = { alpha: x[0]! };
    names.forEach((k, i) => (p[k] = x[i]!));
    return p;
  };
  const objective = (x: readonly number[]): number => {
    const p = toParams(x);
    if (!inParameterRegion(spec, p)) return Infinity;
    const lik = etsFilter(spec, p, fullInit(spec, x.slice(np)), y).lik;
    if (Number.isNaN(lik)) return Infinity;
    return Math.max(lik, -1e10);
  };
  const best = nelderMead(objective, start, { maxit: 2000 });
  return etsEvaluate(y, spec, toParams(best.par), fullInit(spec, best.par.slice(np)));
}

/** The candidate additive-error models for a series of period m (seasonal ones only if m > 1). */
export function etsCandidates(m: number): EtsSpec[] {
  const out: EtsSpec[] = [];
  for (const trend of ['N', 'A', 'Ad'] as const)
    for (const season of m > 1 ? (['N', 'A'] as const) : (['N'] as const))
      out.push({ trend, season, m: season === 'A' ? m : 1 });
  return out;
}

/**
 * Fit every candidate model that the series can carry (fewer free parameters than n − 1) and
 * return the one with the smallest AICc.
 */
export function autoEts(y: readonly number[], m: number): EtsFit {
  let best: EtsFit | undefined;
  for (const spec of etsCandidates(m)) {
    // As etsmodel: no fit when the free parameters are n − 1 or more.
    const free = paramNames(spec).length + stateCount(spec) - (spec.season === 'A' ? 1 : 0);
    if (free >= y.length - 1) continue;
    const fit = fitEts(y, spec);
    // A series fitted without error (a constant one) has AICc −∞: the first such model stays.
    if (!Number.isNaN(fit.aicc) && fit.aicc < Infinity && (!best || fit.aicc < best.aicc))
      best = fit;
  }
  if (!best)
    throw new UsageError(
      'FORECAST_TOO_SHORT',
      `too few observations (${y.length}) for an ETS model`,
    );
  return best;
}
