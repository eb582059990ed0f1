/**
 * The attacker's exact intervals for small linked groups, without a solver (written apart from
 * the engine, which uses interval propagation on trees and HiGHS): the equations are brought to
 * reduced row echelon form, which writes every unknown as an affine function of the free ones.
 * With no free unknown the values are fixed; with one, the feasible set is a segment (or a
 * half-line); with two, a convex polygon, whose corners (where two bounds meet) and unbounded
 * directions give every unknown's smallest and largest value. Groups with more free unknowns
 * return `null` and go to the LP.
 */

/** `lower[j] ≤ x[j] ≤ upper[j]` and `Σ coef·x = rhs` for every row. */
export interface Group {
  lower: number[];
  upper: number[]; // Infinity: no upper bound
  rows: Array<{ coef: Map<number, number>; rhs: number }>;
}

const TOL = 1e-9;

/**
 * The smallest and largest feasible value of every unknown (`Infinity` when it has no largest),
 * or `null` when the group has more than two free unknowns or more than `maxUnknowns`. Throws
 * when nothing is feasible.
 */
export function exactIntervals(g: Group, maxUnknowns = 40): { lo: number[]; hi: number[] } | null {
  const n = g.lower.length;
  if (n > maxUnknowns) return null;
  const param = echelon(g, n);
  if (!param) return null;
  const { a, b, d } = param;
  // the bounds as half-spaces of the free unknowns p: w·p + c ≥ 0
  const half: Array<{ w: number[]; c: number }> = [];
  for (let j = 0; j < n; j++) {
    half.push({ w: b[j]!, c: a[j]! - g.lower[j]! }); // a + b·p ≥ lower
    if (g.upper[j] !== Infinity) half.push({ w: b[j]!.map((x) => -x), c: g.upper[j]! - a[j]! });
  }
  const { corners, rays } = region(half, d);
  if (!corners.length) throw new Error('attacker: the published system has no solution');
  const value = (j: number, p: readonly number[]) => {
    let x = a[j]!;
    for (let k = 0; k < d; k++) x += b[j]![k]! * p[k]!;
    return x;
  };
  const lo: number[] = [];
  const hi: number[] = [];
  for (let j = 0; j < n; j++) {
    let l = Infinity;
    let h = -Infinity;
    for (const p of corners) {
      const x = value(j, p);
      if (x < l) l = x;
      if (x > h) h = x;
    }
    for (const r of rays) {
      let slope = 0;
      for (let k = 0; k < d; k++) slope += b[j]![k]! * r[k]!;
      if (slope > TOL) h = Infinity;
      if (slope < -TOL) l = -Infinity;
    }
    lo.push(l);
    hi.push(h);
  }
  return { lo, hi };
}

/**
 * The corners of `{p : w·p + c ≥ 0 for every half-space}` (d ≤ 2) and the directions in which
 * it is unbounded. Every corner is where `d` boundaries meet, solved directly from the two
 * equations (no error builds up), and kept when it satisfies every half-space. The region is
 * pointed (every unknown has a lower bound, the free ones too), so it has a corner unless empty.
 */
function region(
  half: ReadonlyArray<{ w: number[]; c: number }>,
  d: number,
): { corners: number[][]; rays: number[][] } {
  const inside = (p: readonly number[]) =>
    half.every(({ w, c }) => {
      let s = c;
      let scale = 1 + Math.abs(c);
      for (let k = 0; k < d; k++) {
        s += w[k]! * p[k]!;
        scale += Math.abs(w[k]! * p[k]!);
      }
      return s >= -TOL * scale;
    });
  const along = (r: readonly number[]) =>
    half.every(({ w }) => w.reduce((s, x, k) => s + x * r[k]!, 0) >= -TOL);
  const corners: number[][] = [];
  const rays: number[][] = [];
  if (d === 0) {
    if (inside([])) corners.push([]);
    return { corners, rays };
  }
  if (d === 1) {
    for (const { w, c } of half) if (Math.abs(w[0]!) > TOL) corners.push([-c / w[0]!]);
    for (const r of [[1], [-1]]) if (along(r)) rays.push(r);
    return { corners: corners.filter(inside), rays };
  }
  for (let i = 0; i < half.length; i++) {
    const { w: u, c: cu } = half[i]!;
    for (let k = i + 1; k < half.length; k++) {
      const { w: v, c: cv } = half[k]!;
      const det = u[0]! * v[1]! - u[1]! * v[0]!;
      if (Math.abs(det) < TOL) continue;
      // u·p = −cu, v·p = −cv (Cramer)
      const p = [(-cu * v[1]! + cv * u[1]!) / det, (-cv * u[0]! + cu * v[0]!) / det];
      if (inside(p)) corners.push(p);
    }
    // directions along this boundary
    for (const r of [
      [-u[1]!, u[0]!],
      [u[1]!, -u[0]!],
    ])
      if ((r[0] !== 0 || r[1] !== 0) && along(r)) rays.push(r);
  }
  return { corners, rays };
}

/** Reduced row echelon form: x = a + b·p over the free unknowns p (at most two), or null. */
function echelon(g: Group, n: number): { a: number[]; b: number[][]; d: number } | null {
  const m = g.rows.length;
  const M = g.rows.map((r) => {
    const row = new Float64Array(n + 1);
    for (const [j, c] of r.coef) row[j] = row[j]! + c;
    row[n] = r.rhs;
    return row;
  });
  const pivotOf: number[] = []; // row → its pivot column
  let rank = 0;
  for (let c = 0; c < n && rank < m; c++) {
    let p = -1;
    let best = TOL;
    for (let r = rank; r < m; r++) {
      const v = Math.abs(M[r]![c]!);
      if (v > best) {
        best = v;
        p = r;
      }
    }
    if (p < 0) continue;
    [M[rank], M[p]] = [M[p]!, M[rank]!];
    const pr = M[rank]!;
    const pv = pr[c]!;
    for (let k = c; k <= n; k++) pr[k] = pr[k]! / pv;
    for (let r = 0; r < m; r++) {
      if (r === rank) continue;
      const f = M[r]![c]!;
      if (Math.abs(f) <= TOL) continue;
      const row = M[r]!;
      for (let k = c; k <= n; k++) row[k] = row[k]! - f * pr[k]!;
    }
    pivotOf.push(c);
    rank++;
  }
  for (let r = rank; r < m; r++)
    if (Math.abs(M[r]![n]!) > 1e-6)
      throw new Error('attacker: the published system has no solution');
  const d = n - rank;
  if (d > 2) return null;
  const isPivot = new Set(pivotOf);
  const free: number[] = [];
  for (let j = 0; j < n; j++) if (!isPivot.has(j)) free.push(j);
  const a = new Array<number>(n).fill(0);
  const b = Array.from({ length: n }, () => new Array<number>(d).fill(0));
  free.forEach((j, k) => (b[j]![k] = 1));
  pivotOf.forEach((c, r) => {
    a[c] = M[r]![n]!;
    free.forEach((j, k) => (b[c]![k] = -M[r]![j]!));
  });
  return { a, b, d };
}
