import { CheckFailedError, UsageError } from '../kernel/errors.js';
import { cholesky, choleskyInverse, choleskySolve, type Matrix } from './cholesky.js';

/**
 * The sufficient statistics of a logistic model at coefficients β: the information matrix
 * XᵀWX (W = diag(nᵢ·pᵢ·(1 − pᵢ))), the score Xᵀ(y − n·p) and −2·log-likelihood. Whoever holds
 * the data computes them (in memory by {@link logisticSums}, or in SQL by an engine); the fit only
 * ever sees these sums.
 */
export interface LogisticSums {
  /** XᵀWX, p × p. */
  information: Matrix;
  /** Xᵀ(y − n·p), length p. */
  score: number[];
  /** −2 · log-likelihood of 0/1 outcomes (for grouped rows: without the binomial coefficients). */
  minus2LogLik: number;
}

/** Options of {@link fitLogistic} and {@link fitLogisticWith}. */
export interface LogisticOptions {
  /** Convergence: |Δdeviance| / (|deviance| + 0.1) below this (glm's rule; default 1e-12). */
  tolerance?: number;
  /** Most Newton steps (default 50). */
  maxIterations?: number;
  /** Ridge penalty λ: maximises log L − λ/2 · Σ βⱼ² over every term but the first (intercept). */
  ridge?: number;
}

/** A fitted logistic regression. */
export interface LogisticFit {
  /** The method, for every number reported from the fit. */
  method: 'logistic regression, maximum likelihood by IRLS (Newton–Raphson)';
  coefficients: number[];
  /** √diag((XᵀWX + λI)⁻¹) at the estimate (model-based; with a ridge penalty, approximate). */
  standardErrors: number[];
  covariance: Matrix;
  /** −2 · log-likelihood at the estimate (equals glm's residual deviance for 0/1 outcomes). */
  minus2LogLik: number;
  iterations: number;
  ridge: number;
}

/** One row of a logistic regression's data: covariates, events out of trials, optional offset. */
export interface LogisticRow {
  x: readonly number[];
  /** Events (y = 1) among the row's trials. */
  events: number;
  /** Trials (persons); 1 for individual 0/1 data. */
  trials: number;
  offset?: number;
}

/** log(1 + e^t) without overflow. */
function log1pExp(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

/**
 * The sums of {@link LogisticSums} over rows held in memory (aggregated covariate patterns or a
 * small fixture). −2 log L = 2 Σ [nᵢ·log(1 + e^ηᵢ) − yᵢ·ηᵢ], ηᵢ = xᵢβ + offsetᵢ.
 */
export function logisticSums(rows: readonly LogisticRow[], beta: readonly number[]): LogisticSums {
  const p = beta.length;
  const information: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const score = new Array<number>(p).fill(0);
  let m2ll = 0;
  for (const r of rows) {
    let eta = r.offset ?? 0;
    for (let j = 0; j < p; j++) eta += r.x[j]! * beta[j]!;
    const mu = 1 / (1 + Math.exp(-eta));
    const w = r.trials * mu * (1 - mu);
    const resid = r.events - r.trials * mu;
    for (let j = 0; j < p; j++) {
      score[j]! += r.x[j]! * resid;
      for (let k = 0; k <= j; k++) information[j]![k]! += w * r.x[j]! * r.x[k]!;
    }
    m2ll += 2 * (r.trials * log1pExp(eta) - r.events * eta);
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) information[k]![j] = information[j]![k]!;
  return { information, score, minus2LogLik: m2ll };
}

/**
 * Fit a logistic regression by iteratively reweighted least squares — Newton–Raphson on the
 * log-likelihood, which is IRLS for the canonical logit link (McCullagh & Nelder, _Generalized
 * Linear Models_, 2nd ed., 1989, §2.5 and §4.4): β ← β + (XᵀWX + λI₀)⁻¹ (Xᵀ(y − μ) − λI₀β), started
 * at β = 0, with step halving when the penalised deviance rises (as R's `glm.fit`), until the
 * relative change in deviance is below the tolerance. `sums` computes {@link LogisticSums} at a β
 * wherever the data live (DuckDB for person-level data), so the data never pass through here.
 * Throws `MATRIX_NOT_POSITIVE_DEFINITE` for collinear or constant terms and
 * `LOGISTIC_NOT_CONVERGED` when the likelihood has no finite maximum (complete separation).
 */
export async function fitLogisticWith(
  p: number,
  sums: (beta: readonly number[]) => Promise<LogisticSums> | LogisticSums,
  options: LogisticOptions = {},
): Promise<LogisticFit> {
  const tol = options.tolerance ?? 1e-12;
  const maxIt = options.maxIterations ?? 50;
  const ridge = options.ridge ?? 0;
  if (!(ridge >= 0)) throw new UsageError('BAD_RIDGE', `ridge must be ≥ 0, got ${ridge}`);
  if (!Number.isInteger(p) || p < 1) throw new UsageError('BAD_TERMS', 'a model needs a term');
  const penalty = (b: readonly number[]) =>
    ridge * b.reduce((s, v, j) => (j === 0 ? s : s + v * v), 0);
  let beta = new Array<number>(p).fill(0);
  let s = await sums(beta);
  let dev = s.minus2LogLik + penalty(beta);
  for (let it = 1; it <= maxIt; it++) {
    const info = s.information.map((row, j) =>
      row.map((v, k) => (j === k && j > 0 ? v + ridge : v)),
    );
    const grad = s.score.map((v, j) => (j > 0 ? v - ridge * beta[j]! : v));
    const step = choleskySolve(factor(info, it), grad);
    let next = beta.map((b, j) => b + step[j]!);
    let ns = await sums(next);
    let ndev = ns.minus2LogLik + penalty(next);
    for (let half = 0; half < 30 && !(ndev <= dev + 1e-9 * Math.abs(dev)); half++) {
      next = next.map((b, j) => (b + beta[j]!) / 2);
      ns = await sums(next);
      ndev = ns.minus2LogLik + penalty(next);
    }
    const change = Math.abs(ndev - dev) / (Math.abs(ndev) + 0.1);
    beta = next;
    s = ns;
    dev = ndev;
    if (change < tol) return finish(beta, s, ridge, it);
  }
  throw new CheckFailedError(
    'LOGISTIC_NOT_CONVERGED',
    `the logistic regression did not converge in ${maxIt} iterations: a predictor may separate the outcome completely`,
    { iterations: maxIt },
  );
}

/** Cholesky factor of the information; singular after the first step means separation. */
function factor(info: Matrix, iteration: number): Matrix {
  try {
    return cholesky(info);
  } catch (e) {
    // At β = 0 every weight is n/4, so a singular matrix there is collinearity; later it means
    // fitted probabilities have run to 0 or 1.
    if (iteration === 1) throw e;
    throw new CheckFailedError(
      'LOGISTIC_NOT_CONVERGED',
      'the logistic regression has no finite estimate: a predictor separates the outcome completely',
      { iterations: iteration },
    );
  }
}

function finish(beta: number[], s: LogisticSums, ridge: number, iterations: number): LogisticFit {
  const info = s.information.map((row, j) => row.map((v, k) => (j === k && j > 0 ? v + ridge : v)));
  const covariance = choleskyInverse(cholesky(info));
  return {
    method: 'logistic regression, maximum likelihood by IRLS (Newton–Raphson)',
    coefficients: beta,
    standardErrors: covariance.map((row, j) => Math.sqrt(row[j]!)),
    covariance,
    minus2LogLik: s.minus2LogLik,
    iterations,
    ridge,
  };
}

/** {@link fitLogisticWith} over rows in memory (fixtures, aggregated covariate patterns). */
export async function fitLogistic(
  rows: readonly LogisticRow[],
  options: LogisticOptions = {},
): Promise<LogisticFit> {
  const p = rows[0]?.x.length ?? 0;
  for (const r of rows) {
    if (r.x.length !== p) throw new UsageError('BAD_TERMS', 'every row needs the same terms');
    if (!(r.trials >= 0 && r.events >= 0 && r.events <= r.trials))
      throw new UsageError('BAD_COUNT', `events ${r.events} out of ${r.trials} trials`);
  }
  return fitLogisticWith(p, (b) => logisticSums(rows, b), options);
}
