/**
 * Nelder–Mead simplex minimisation, ported line by line from R's `nmmin` (src/appl/optim.c, the
 * method behind `optim(method = "Nelder-Mead")`), which the forecast package's `ets` calls with
 * reflection 1, contraction 0.5 and expansion 2. Porting the same steps (start simplex, the
 * `big` value for non-finite points, the convergence test) makes felles arrive where R arrives
 * from the same start.
 *
 * Reference: Nelder, J.A. & Mead, R. (1965) A simplex method for function minimization. The
 * Computer Journal 7(4), 308–313; Nash, J.C. (1990) Compact Numerical Methods for Computers,
 * 2nd ed., Algorithm 19.
 */

/** Options of {@link nelderMead}; the defaults are those of the forecast package's `ets`. */
export interface NelderMeadOptions {
  /** Stop when the best value is at or below this (default −∞). */
  abstol?: number;
  /** Relative tolerance (default √ machine epsilon, as R). */
  reltol?: number;
  /** Reflection factor (default 1). */
  alpha?: number;
  /** Contraction factor (default 0.5). */
  beta?: number;
  /** Expansion factor (default 2). */
  gamma?: number;
  /** Largest number of function evaluations (default 2000, as `ets`). */
  maxit?: number;
}

/** Result of {@link nelderMead}. */
export interface NelderMeadResult {
  /** The best point found. */
  par: number[];
  /** The function value there. */
  value: number;
  /** Function evaluations used. */
  evaluations: number;
  /** 0 converged, 1 iteration limit reached, 10 the simplex stopped shrinking. */
  fail: 0 | 1 | 10;
}

const BIG = 1.0e35;

/**
 * The start simplex of `nmmin`: the start point and, for each coordinate, a copy moved by a tenth
 * of the largest coordinate (0.1 if all are 0), ten times further until it differs.
 * P[i][j] is coordinate i of vertex j; row n holds the function values, column n + 1 the centroid.
 */
function startSimplex(bvec: readonly number[], f: number): { P: number[][]; size: number } {
  const n = bvec.length;
  const n1 = n + 1;
  const P: number[][] = Array.from({ length: n1 }, () => new Array<number>(n + 2).fill(0));
  P[n1 - 1]![0] = f;
  for (let i = 0; i < n; i++) P[i]![0] = bvec[i]!;
  let step = 0;
  for (let i = 0; i < n; i++) if (0.1 * Math.abs(bvec[i]!) > step) step = 0.1 * Math.abs(bvec[i]!);
  if (step === 0) step = 0.1;
  let size = 0;
  for (let j = 2; j <= n1; j++) {
    for (let i = 0; i < n; i++) P[i]![j - 1] = bvec[i]!;
    let trystep = step;
    while (P[j - 2]![j - 1] === bvec[j - 2]) {
      P[j - 2]![j - 1] = bvec[j - 2]! + trystep;
      trystep *= 10;
    }
    size += trystep;
  }
  return { P, size };
}

/**
 * Minimise `fn` from `start` by the Nelder–Mead simplex method (R's `nmmin`). A point where `fn`
 * is not finite counts as 1e35.
 */
export function nelderMead(
  fn: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): NelderMeadResult {
  const abstol = options.abstol ?? -Infinity;
  const intol = options.reltol ?? Math.sqrt(Number.EPSILON);
  const alpha = options.alpha ?? 1;
  const bet = options.beta ?? 0.5;
  const gamm = options.gamma ?? 2;
  const maxit = options.maxit ?? 2000;
  const n = start.length;
  const bvec = [...start];
  const f = fn(bvec);
  if (!Number.isFinite(f)) return { par: bvec, value: f, evaluations: 1, fail: 1 };
  if (n === 0) return { par: [], value: f, evaluations: 1, fail: 0 };
  const n1 = n + 1;
  let funcount = 1;
  const convtol = intol * (Math.abs(f) + intol);
  const { P, size: startSize } = startSimplex(bvec, f);
  let size = startSize;
  let L = 1;
  let oldsize = size;
  let calcvert = true;
  let fail: 0 | 1 | 10 = 0;
  const C = n + 2;
  const evalAt = (): number => {
    const v = fn(bvec);
    funcount++;
    return Number.isFinite(v) ? v : BIG;
  };
  do {
    if (calcvert) {
      for (let j = 0; j < n1; j++) {
        if (j + 1 !== L) {
          for (let i = 0; i < n; i++) bvec[i] = P[i]![j]!;
          P[n1 - 1]![j] = evalAt();
        }
      }
      calcvert = false;
    }
    let VL = P[n1 - 1]![L - 1]!;
    let VH = VL;
    let H = L;
    for (let j = 1; j <= n1; j++) {
      if (j !== L) {
        const v = P[n1 - 1]![j - 1]!;
        if (v < VL) {
          L = j;
          VL = v;
        }
        if (v > VH) {
          H = j;
          VH = v;
        }
      }
    }
    if (VH <= VL + convtol || VL <= abstol) break;
    for (let i = 0; i < n; i++) {
      let temp = -P[i]![H - 1]!;
      for (let j = 0; j < n1; j++) temp += P[i]![j]!;
      P[i]![C - 1] = temp / n;
    }
    for (let i = 0; i < n; i++) bvec[i] = (1 + alpha) * P[i]![C - 1]! - alpha * P[i]![H - 1]!;
    const VR = evalAt();
    if (VR < VL) {
      P[n1 - 1]![C - 1] = VR;
      for (let i = 0; i < n; i++) {
        const e = gamm * bvec[i]! + (1 - gamm) * P[i]![C - 1]!;
        P[i]![C - 1] = bvec[i]!;
        bvec[i] = e;
      }
      const fe = evalAt();
      if (fe < VR) {
        for (let i = 0; i < n; i++) P[i]![H - 1] = bvec[i]!;
        P[n1 - 1]![H - 1] = fe;
      } else {
        for (let i = 0; i < n; i++) P[i]![H - 1] = P[i]![C - 1]!;
        P[n1 - 1]![H - 1] = VR;
      }
    } else {
      if (VR < VH) {
        for (let i = 0; i < n; i++) P[i]![H - 1] = bvec[i]!;
        P[n1 - 1]![H - 1] = VR;
      }
      for (let i = 0; i < n; i++) bvec[i] = (1 - bet) * P[i]![H - 1]! + bet * P[i]![C - 1]!;
      const fc = evalAt();
      if (fc < P[n1 - 1]![H - 1]!) {
        for (let i = 0; i < n; i++) P[i]![H - 1] = bvec[i]!;
        P[n1 - 1]![H - 1] = fc;
      } else if (VR >= VH) {
        calcvert = true;
        size = 0;
        for (let j = 0; j < n1; j++) {
          if (j + 1 !== L) {
            for (let i = 0; i < n; i++) {
              P[i]![j] = bet * (P[i]![j]! - P[i]![L - 1]!) + P[i]![L - 1]!;
              size += Math.abs(P[i]![j]! - P[i]![L - 1]!);
            }
          }
        }
        if (size < oldsize) oldsize = size;
        else {
          fail = 10;
          break;
        }
      }
    }
  } while (funcount <= maxit);
  if (funcount > maxit) fail = 1;
  const par = Array.from({ length: n }, (_, i) => P[i]![L - 1]!);
  return { par, value: P[n1 - 1]![L - 1]!, evaluations: funcount, fail };
}
