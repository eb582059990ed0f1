import { createRequire } from 'node:module';
import type JStatModule from 'jstat';

/**
 * Thin wrappers over jstat's distribution functions (chi-square, normal, regularised gamma and
 * beta, Student's t), so that the rest of felles does not depend on jstat's API directly.
 */

let loaded: typeof JStatModule | undefined;

/** jstat, loaded on its first use rather than whenever felles is imported. */
function jStat(): typeof JStatModule {
  loaded ??= createRequire(import.meta.url)('jstat') as typeof JStatModule;
  return loaded;
}

/** Quantile of the chi-square distribution with `dof` degrees of freedom (dof > 0). */
export function chiSquareQuantile(p: number, dof: number): number {
  return jStat().chisquare.inv(p, dof);
}

/** Quantile of the standard normal distribution. */
export function normalQuantile(p: number): number {
  return jStat().normal.inv(p, 0, 1);
}

/** Quantile of Student's t distribution with `dof` degrees of freedom (dof > 0). */
export function studentTQuantile(p: number, dof: number): number {
  return jStat().studentt.inv(p, dof);
}

/** z such that a two-sided interval at `level` is ±z: Φ⁻¹(1 − (1 − level)/2). */
export function zForLevel(level: number): number {
  return normalQuantile(1 - (1 - level) / 2);
}

/** Poisson CDF P(X ≤ k) for mean λ, via the regularised upper incomplete gamma Q(k + 1, λ). */
export function poissonCdf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return 1;
  return 1 - lowRegGamma(Math.floor(k) + 1, lambda);
}

/**
 * The regularised lower incomplete gamma P(a, x), exactly as `jStat.lowRegGamma` computes it, with
 * one saving: for x < a + 1 jStat sums the series Σ xⁿ/(a(a+1)…(a+n)) for a fixed ~0.4·a terms
 * (400 000 at a = 10⁶, the size of a national count); the terms only shrink (x/(a + n) < 1), so
 * once adding one leaves the sum unchanged no later one can change it (rounding is monotonic),
 * and the loop stops there — the same value to the last bit, far sooner. The continued fraction
 * (x ≥ a + 1) is jStat's own.
 */
export function lowRegGamma(a: number, x: number): number {
  if (!(x >= 0 && a > 0 && x < a + 1)) return jStat().lowRegGamma(a, x);
  const aln = jStat().gammaln(a);
  const itmax = -~(Math.log(a >= 1 ? a : 1 / a) * 8.5 + a * 0.4 + 17); // jStat's cap
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let i = 1; i <= itmax; i++) {
    const before = sum;
    sum += del *= x / ++ap;
    if (sum === before) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - aln);
}

/** Poisson probability P(X = k), computed on the log scale. */
export function poissonPmf(k: number, lambda: number): number {
  if (k < 0) return 0;
  if (lambda <= 0) return k === 0 ? 1 : 0;
  return Math.exp(k * Math.log(lambda) - lambda - jStat().gammaln(k + 1));
}

/** Binomial CDF P(X ≤ k) for n trials and success probability p, via I_{1−p}(n − k, k + 1). */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  return jStat().ibeta(1 - p, n - Math.floor(k), Math.floor(k) + 1);
}

/** Binomial probability P(X = k), computed on the log scale. */
export function binomialPmf(k: number, n: number, p: number): number {
  if (k < 0 || k > n) return 0;
  if (p <= 0) return k === 0 ? 1 : 0;
  if (p >= 1) return k === n ? 1 : 0;
  const lc = jStat().gammaln(n + 1) - jStat().gammaln(k + 1) - jStat().gammaln(n - k + 1);
  return Math.exp(lc + k * Math.log(p) + (n - k) * Math.log(1 - p));
}
