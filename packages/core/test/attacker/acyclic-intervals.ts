/**
 * The attacker's exact intervals for groups without a cycle (written apart from the engine):
 * bounds propagation to a fixed point. Each equation in turn narrows each of its unknowns to what
 * the others' current bounds allow, until nothing changes. When no two equations share two
 * unknowns and no chain of equations comes back to where it started (the graph joining every
 * equation to its unknowns is a forest), the fixed point is the exact set of feasible values of
 * every unknown: on such systems local consistency is global consistency (Freuder, JACM 29, 1982),
 * and for linear equations over intervals every projection is an interval. With a cycle,
 * propagation gives only outer bounds, so such groups are refused (`null`).
 */
import type { Group } from './exact-intervals.js';

const TOL = 1e-9;

/**
 * The smallest and largest feasible value of every unknown (`Infinity` when it has no largest),
 * or `null` when the group has a cycle or does not settle. Throws when nothing is feasible.
 */
export function acyclicIntervals(g: Group): { lo: number[]; hi: number[] } | null {
  const n = g.lower.length;
  const rows = g.rows
    .map((r) => [...r.coef].filter(([, c]) => Math.abs(c) > TOL))
    .map((terms, k) => ({ terms, rhs: g.rows[k]!.rhs }));
  // forest check: a graph is a forest exactly when edges = nodes − components
  const parent = Array.from({ length: n + rows.length }, (_, i) => i);
  const root = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]!]!;
    return x;
  };
  let edges = 0;
  let components = n + rows.length;
  rows.forEach((row, k) => {
    if (row.terms.length === 0 && Math.abs(row.rhs) > 1e-6)
      throw new Error('attacker: the published system has no solution');
    for (const [j] of row.terms) {
      edges++;
      const a = root(n + k);
      const b = root(j);
      if (a !== b) {
        parent[a] = b;
        components--;
      }
    }
  });
  if (edges !== n + rows.length - components) return null;
  const lo = [...g.lower];
  const hi = [...g.upper];
  for (let sweep = 0, changed = true; changed; sweep++) {
    if (sweep > 2 * rows.length + 2) return null;
    changed = false;
    for (const { terms, rhs } of rows) {
      for (const [j, a] of terms) {
        // a·x_j = rhs − Σ others; the others' range from their bounds
        let min = 0;
        let max = 0;
        for (const [i, c] of terms) {
          if (i === j) continue;
          min += c > 0 ? c * lo[i]! : c * hi[i]!;
          max += c > 0 ? c * hi[i]! : c * lo[i]!;
        }
        // NaN (∞ − ∞) cannot arise: lower bounds are finite
        let l = (rhs - max) / a;
        let h = (rhs - min) / a;
        if (a < 0) [l, h] = [h, l];
        if (l > lo[j]! + TOL * (1 + Math.abs(l))) {
          lo[j] = l;
          changed = true;
        }
        if (h < hi[j]! - TOL * (1 + Math.abs(h))) {
          hi[j] = h;
          changed = true;
        }
        if (lo[j]! > hi[j]! + 1e-6 * (1 + Math.abs(lo[j]!)))
          throw new Error('attacker: the published system has no solution');
      }
    }
  }
  return { lo, hi };
}
