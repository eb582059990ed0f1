import jStat from 'jstat';

/**
 * Thin wrappers over jstat's distribution functions (chi-square, normal, regularised gamma and
 * beta), so that the rest of `stats/` does not depend on jstat's API directly.
 */

/** Quantile of the chi-square distribution with `dof` degrees of freedom (dof > 0). */
export function chiSquareQuantile(p: number, dof: number): number {
  return jStat.chisquare.inv(p, dof);
}

/** Quantile of the standard normal distribution. */
export function normalQuantile(p: number): number {
  return jStat.normal.inv(p, 0, 1);
}

/** z such that a two-sided interval at `level` is ±z: Φ⁻¹(1 − (1 − level)/2). */
export function zForLevel(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/** Poisson CDF P(X ≤ k) for mean λ, via the regularised upper incomplete gamma Q(k + 1, λ). */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  return 1 - jStat.lowRegGamma(Math.floor(k) + 1, lambda);
}

/** Poisson probability P(X = k), computed on the log scale. */
export function poissonPmf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(lambda) - lambda - jStat.gammaln(k + 1));
}

/** Binomial CDF P(X ≤ k) for n trials and success probability p, via I_{1−p}(n − k, k + 1). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return jStat.ibeta(1 - p, n - Math.floor(k), Math.floor(k) + 1);
}

/** Binomial probability P(X = k), computed on the log scale. */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  const lc = jStat.gammaln(n + 1) - jStat.gammaln(k + 1) - jStat.gammaln(n - k + 1);
  return Math.exp(lc + k * Math.log(p) + (n - k) * Math.log(1 - p));
}
