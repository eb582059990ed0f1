/**
 * Exact feasible intervals without linear programming, for systems shaped like a tree.
 *
 * The system: variables `lower[j] ≤ x[j] ≤ upper[j]` (lower finite, upper possibly `Infinity`)
 * and rows `Σ val·x[idx] = rhs`. Its *incidence graph* joins each row to the variables in it.
 * When that graph is a forest (no cycle: two rows share at most one variable, and no chain of
 * rows comes back to where it started — "Berge-acyclic"), the smallest and largest feasible value
 * of every variable follow from interval arithmetic in two passes over the tree:
 *
 * 1. **Up** (leaves first): a variable's interval is its bounds intersected with what each row
 *    below it allows, given the intervals of that row's other variables (their subtrees done).
 * 2. **Down** (root first): a variable's final interval is its up interval intersected with what
 *    its parent row allows, given the parent variable's *final* interval and the up intervals of
 *    its siblings.
 *
 * Why this is exact: every set involved is an interval (a linear row over intervals allows an
 * interval, the Minkowski sum), and in a tree the subtrees hanging off a row share no variable, so
 * any value a row allows for one variable extends to values of its other variables that each
 * extend, independently, into their own subtrees. This is the classical result that arc
 * consistency is global consistency on Berge-acyclic constraint networks (Freuder, "A sufficient
 * condition for backtrack-free search", JACM 29, 1982; Beeri et al., JACM 30, 1983, for
 * hypergraphs), applied to convex (interval) domains. On a graph with a cycle the same passes
 * would only give outer bounds, so such systems are refused (`null`) and go to the LP.
 */
import { FellesError } from '../kernel/errors.js';

/** One row `Σ val[k]·x[idx[k]] = rhs`. */
export interface LinearRow {
  idx: readonly number[];
  val: readonly number[];
  rhs: number;
}

/** Feasible intervals: `lo[j] ≤ x[j] ≤ hi[j]` exactly (`hi` may be `Infinity`). */
export interface Intervals {
  lo: Float64Array;
  hi: Float64Array;
}

/**
 * The exact feasible interval of every variable, or `null` when the incidence graph has a cycle
 * (a variable twice in one row counts as a cycle). Throws `DISCLOSURE_INCONSISTENT` when no
 * point satisfies the system.
 */
export function treeIntervals(
  lower: ArrayLike<number>,
  upper: ArrayLike<number>,
  rows: readonly LinearRow[],
): Intervals | null {
  const n = lower.length;
  const rowsOf: number[][] = Array.from({ length: n }, () => []);
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r]!;
    if (row.idx.length === 0) {
      if (Math.abs(row.rhs) > 1e-9) throw inconsistent();
      continue;
    }
    for (const j of row.idx) rowsOf[j]!.push(r);
  }
  // breadth-first order of the forest: each variable's parent row, each row's parent variable
  const order: number[] = [];
  const parentRow = new Int32Array(n).fill(-1);
  const rowParent = new Int32Array(rows.length).fill(-1);
  const seen = new Uint8Array(n);
  for (let root = 0; root < n; root++) {
    if (seen[root]) continue;
    seen[root] = 1;
    order.push(root);
    for (let q = order.length - 1; q < order.length; q++) {
      const v = order[q]!;
      for (const r of rowsOf[v]!) {
        if (r === parentRow[v]) continue;
        if (rowParent[r]! >= 0) return null; // reached a second time: a cycle
        rowParent[r] = v;
        for (const w of rows[r]!.idx) {
          if (w === v) {
            if (rows[r]!.idx.indexOf(w) !== rows[r]!.idx.lastIndexOf(w)) return null;
            continue;
          }
          if (seen[w]) return null;
          seen[w] = 1;
          parentRow[w] = r;
          order.push(w);
        }
      }
    }
  }
  const lo = Float64Array.from(lower);
  const hi = Float64Array.from(upper);
  const narrow = (j: number, l: number, h: number) => {
    if (l > lo[j]!) lo[j] = l;
    if (h < hi[j]!) hi[j] = h;
    if (lo[j]! > hi[j]! + 1e-7 * Math.max(1, Math.abs(lo[j]!))) throw inconsistent();
  };
  // up: leaves first; a row's interval for its parent variable from its children's intervals
  const upLo = new Float64Array(n);
  const upHi = new Float64Array(n);
  for (let q = order.length - 1; q >= 0; q--) {
    const v = order[q]!;
    for (const r of rowsOf[v]!) {
      if (r === parentRow[v]) continue;
      const s = rowSums(rows[r]!, lo, hi);
      const [l, h] = implied(rows[r]!, s, v, lo[v]!, hi[v]!);
      narrow(v, l, h);
    }
    upLo[v] = lo[v]!;
    upHi[v] = hi[v]!;
  }
  // down: the root is final; a child's interval from its parent row, with the parent variable's
  // final interval (it comes earlier in the order) and its siblings' intervals (final for those
  // passed already, up for the others: a sibling's final interval is the set of its values that
  // take part in some solution of the row, so either gives the same set for this variable)
  for (const v of order) {
    const r = parentRow[v]!;
    if (r < 0) continue;
    const row = rows[r]!;
    const s = rowSums(row, lo, hi);
    const [l, h] = implied(row, s, v, upLo[v]!, upHi[v]!);
    narrow(v, l, h);
  }
  return { lo, hi };
}

/** Σ of the smallest and largest values of every term of a row (infinite terms counted apart). */
interface RowSums {
  minFinite: number;
  minInf: number;
  maxFinite: number;
  maxInf: number;
}

function term(a: number, l: number, h: number): [number, number] {
  return a > 0 ? [a * l, a * h] : [a * h, a * l];
}

function rowSums(row: LinearRow, lo: Float64Array, hi: Float64Array): RowSums {
  const s: RowSums = { minFinite: 0, minInf: 0, maxFinite: 0, maxInf: 0 };
  for (let k = 0; k < row.idx.length; k++) {
    const j = row.idx[k]!;
    const [mn, mx] = term(row.val[k]!, lo[j]!, hi[j]!);
    if (mn === -Infinity) s.minInf++;
    else s.minFinite += mn;
    if (mx === Infinity) s.maxInf++;
    else s.maxFinite += mx;
  }
  return s;
}

/**
 * The interval the row allows for variable `v` given the intervals of its other variables: `s`
 * holds the sums over every term of the row, `v`'s own term taken from `[vl, vh]` (the interval
 * `v` had when `s` was computed), which is taken out again here.
 */
function implied(row: LinearRow, s: RowSums, v: number, vl: number, vh: number): [number, number] {
  const k = row.idx.indexOf(v);
  const a = row.val[k]!;
  const [mn, mx] = term(a, vl, vh);
  const othersMin =
    s.minInf - (mn === -Infinity ? 1 : 0) > 0
      ? -Infinity
      : s.minFinite - (mn === -Infinity ? 0 : mn);
  const othersMax =
    s.maxInf - (mx === Infinity ? 1 : 0) > 0 ? Infinity : s.maxFinite - (mx === Infinity ? 0 : mx);
  // a·x = rhs − Σ others
  const l = row.rhs - othersMax;
  const h = row.rhs - othersMin;
  return a > 0 ? [l / a, h / a] : [h / a, l / a];
}

function inconsistent(): FellesError {
  return new FellesError(
    'DISCLOSURE_INCONSISTENT',
    'the published tables contradict their own totals (no values fit them all); please report this',
  );
}
