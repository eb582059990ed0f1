/**
 * Minimal typings for the parts of `jstat` (https://github.com/jstat/jstat, MIT) that felles uses.
 * jstat ships no types of its own.
 */
declare module 'jstat' {
  interface JStat {
    chisquare: { inv(p: number, dof: number): number; cdf(x: number, dof: number): number };
    normal: {
      inv(p: number, mean: number, sd: number): number;
      cdf(x: number, mean: number, sd: number): number;
    };
    /** Regularised lower incomplete gamma function P(a, x). */
    lowRegGamma(a: number, x: number): number;
    /** Regularised incomplete beta function I_x(a, b). */
    ibeta(x: number, a: number, b: number): number;
    /** ln Γ(x). */
    gammaln(x: number): number;
    /** Student's t distribution. */
    studentt: { inv(p: number, dof: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
