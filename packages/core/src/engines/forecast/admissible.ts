/**
 * The admissible region of additive ETS parameters (Hyndman, Akram & Archibald (2008) The
 * admissible parameter space for exponential smoothing models. Annals of the Institute of
 * Statistical Mathematics 60(2), 407–426): the parameters for which the model is forecastable,
 * i.e. the discount matrix has every eigenvalue inside the unit circle. For seasonal models the
 * test is on the roots of the characteristic polynomial, as the forecast package's `admissible`:
 *
 *   P(z) = φ(1−α−γ) + (α+β−αφ+γ−1) z + Σ_{k=2}^{m−1} (α+β−αφ) z^k + (α+β−φ) z^m + z^{m+1},
 *
 * admissible when no root has modulus above 1 + 1e-10. Decided by the Schur–Cohn test
 * ({@link rootsInsideUnitCircle}) on P((1 + 1e-10) z), without finding the roots.
 */

/**
 * Whether every root of Σ c_k z^k (c ascending, leading coefficient non-zero) lies strictly inside
 * the unit circle, by the Schur–Cohn recursion (Lehmer 1961): with a_0 the constant and a_n the
 * leading coefficient, all roots are inside iff |a_0| < |a_n| and the same holds for
 * (a_n p(z) − a_0 p*(z)) / z (degree n − 1), where p* is p with its coefficients reversed;
 * O(n²), no root finding.
 */
export function rootsInsideUnitCircle(c: readonly number[]): boolean {
  let a = [...c];
  while (a.length > 1) {
    const n = a.length - 1;
    const a0 = a[0]!;
    const an = a[n]!;
    if (!(Math.abs(a0) < Math.abs(an))) return false;
    // (a_n p − a_0 p*) / z, scaled to its largest coefficient (the raw recursion underflows).
    const next = new Array<number>(n);
    for (let k = 1; k <= n; k++) next[k - 1] = an * a[k]! - a0 * a[n - k]!;
    const big = Math.max(...next.map(Math.abs));
    a = next.map((v) => v / big);
  }
  return true;
}

/** Largest modulus among the roots of the monic polynomial Σ c_k z^k (c ascending, last = 1). */
export function largestRootModulus(c: readonly number[]): number {
  const n = c.length - 1;
  // Start points on a circle of radius 1 + max |c_k| (Cauchy's bound), not on the real line.
  const radius = 1 + Math.max(...c.slice(0, n).map(Math.abs));
  const re = Array.from({ length: n }, (_, k) => radius * Math.cos((2 * Math.PI * k) / n + 0.4));
  const im = Array.from({ length: n }, (_, k) => radius * Math.sin((2 * Math.PI * k) / n + 0.4));
  for (let iter = 0; iter < 500; iter++) {
    let moved = 0;
    for (let i = 0; i < n; i++) {
      // p(z_i) by Horner.
      let pr = 1;
      let pi = 0;
      for (let k = n - 1; k >= 0; k--) {
        const r = pr * re[i]! - pi * im[i]! + c[k]!;
        pi = pr * im[i]! + pi * re[i]!;
        pr = r;
      }
      // Π_{j≠i} (z_i − z_j).
      let dr = 1;
      let di = 0;
      for (let j = 0; j < n; j++) {
        if (j === i) continue;
        const ar = re[i]! - re[j]!;
        const ai = im[i]! - im[j]!;
        const r = dr * ar - di * ai;
        di = dr * ai + di * ar;
        dr = r;
      }
      const den = dr * dr + di * di;
      if (den === 0) continue;
      const qr = (pr * dr + pi * di) / den;
      const qi = (pi * dr - pr * di) / den;
      re[i] = re[i]! - qr;
      im[i] = im[i]! - qi;
      moved = Math.max(moved, Math.hypot(qr, qi));
    }
    if (moved < 1e-14) break;
  }
  return Math.max(...re.map((r, i) => Math.hypot(r, im[i]!)));
}

/**
 * Whether (α, β, γ, φ) lies in the admissible region (`admissible` in the forecast package); β,
 * γ and φ undefined when the model has no trend, season or damping.
 */
export function admissible(
  alpha: number,
  beta: number | undefined,
  gamma: number | undefined,
  phiIn: number | undefined,
  m: number,
): boolean {
  const phi = phiIn ?? 1;
  if (phi < 0 || phi > 1 + 1e-8) return false;
  if (gamma === undefined) {
    if (alpha < 1 - 1 / phi || alpha > 1 + 1 / phi) return false;
    if (beta !== undefined && (beta < alpha * (phi - 1) || beta > (1 + phi) * (2 - alpha)))
      return false;
    return true;
  }
  if (m <= 1) return true;
  const b = beta ?? 0;
  if (gamma < Math.max(1 - 1 / phi - alpha, 0) || gamma > 1 + 1 / phi - alpha) return false;
  if (alpha < 1 - 1 / phi - (gamma * (1 - m + phi + phi * m)) / (2 * phi * m)) return false;
  if (b < -(1 - phi) * (gamma / m + alpha)) return false;
  const P = [
    phi * (1 - alpha - gamma),
    alpha + b - alpha * phi + gamma - 1,
    ...new Array<number>(m - 2).fill(alpha + b - alpha * phi),
    alpha + b - phi,
    1,
  ];
  // Roots of P((1 + ε) z) are those of P divided by 1 + ε.
  const scale = 1 + 1e-10;
  return rootsInsideUnitCircle(P.map((v, k) => v * scale ** k));
}
