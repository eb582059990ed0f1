/**
 * The audit's exact intervals without a solver (tree-shaped systems): a hand-worked case, the
 * refusal of a cycle, and agreement with HiGHS (minimum and maximum of every variable) on
 * seeded random forests of relations like the audit's (a total and its parts, ±1 coefficients,
 * bounds [1, 4] for primaries and ≥ 0 otherwise).
 */
import { describe, expect, it } from 'vitest';
import { loadSolver } from '../src/disclosure/lp-solver.js';
import { treeIntervals, type LinearRow } from '../src/disclosure/tree-intervals.js';

/** mulberry32: a small seeded generator. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('treeIntervals', () => {
  it('works out a total and its parts by hand', () => {
    // x0 = x1 + x2 + 3 (a shown part of 3), x1 a primary in [1, 4], x2 ≥ 0; x2 = x3 + 5, x3 ≥ 0
    // and x0 ≤ 10: x0 ∈ [9, 10], x1 ∈ [1, 2], x2 ∈ [5, 6], x3 ∈ [0, 1]
    const rows: LinearRow[] = [
      { idx: [0, 1, 2], val: [1, -1, -1], rhs: 3 },
      { idx: [2, 3], val: [1, -1], rhs: 5 },
    ];
    const iv = treeIntervals([0, 1, 0, 0], [10, 4, Infinity, Infinity], rows)!;
    expect([...iv.lo]).toEqual([9, 1, 5, 0]);
    expect([...iv.hi]).toEqual([10, 2, 6, 1]);
  });

  it('leaves an unbounded variable unbounded', () => {
    const iv = treeIntervals(
      [0, 0],
      [Infinity, Infinity],
      [{ idx: [0, 1], val: [1, -1], rhs: 2 }],
    )!;
    expect([...iv.lo]).toEqual([2, 0]);
    expect([...iv.hi]).toEqual([Infinity, Infinity]);
  });

  it('refuses a system with a cycle (two rows sharing two variables)', () => {
    const rows: LinearRow[] = [
      { idx: [0, 1, 2], val: [1, -1, -1], rhs: 0 },
      { idx: [3, 1, 2], val: [1, -1, -1], rhs: 0 },
    ];
    expect(treeIntervals([0, 0, 0, 0], [9, 9, 9, 9], rows)).toBeNull();
  });

  it('throws DISCLOSURE_INCONSISTENT when nothing fits', () => {
    expect(() => treeIntervals([1, 1], [4, 4], [{ idx: [0, 1], val: [1, 1], rhs: 10 }])).toThrow(
      expect.objectContaining({ code: 'DISCLOSURE_INCONSISTENT' }),
    );
  });

  it('agrees with HiGHS on 200 random forests', async () => {
    const solver = await loadSolver();
    const rand = rng(20261207);
    const int = (a: number, b: number) => a + Math.floor(rand() * (b - a + 1));
    let compared = 0;
    for (let k = 0; k < 200; k++) {
      // a forest grown row by row: each new row takes one variable already there (or none) and
      // new ones; values drawn first so that the system has a solution
      const value: number[] = [];
      const lower: number[] = [];
      const upper: number[] = [];
      const newVar = () => {
        const primary = rand() < 0.4;
        value.push(primary ? int(1, 4) : rand() < 0.3 ? 0 : int(0, 12));
        lower.push(primary ? 1 : 0);
        upper.push(primary ? 4 : Infinity);
        return value.length - 1;
      };
      const rows: LinearRow[] = [];
      const nRows = int(1, 8);
      for (let r = 0; r < nRows; r++) {
        const idx: number[] = [];
        if (value.length && rand() < 0.85) idx.push(int(0, value.length - 1));
        for (let m = int(1, 4); m > 0; m--) idx.push(newVar());
        // the first variable is the total, the others its parts (the audit's ±1 rows), with a
        // shown part or two folded into the right-hand side
        const val = idx.map((_, i) => (i === 0 ? 1 : -1));
        const rhs = idx.reduce((s, j, i) => s + val[i]! * value[j]!, 0);
        rows.push({ idx, val, rhs });
      }
      const iv = treeIntervals(lower, upper, rows);
      expect(iv, `case ${k}`).not.toBeNull();
      const model = solver.model(
        lower,
        upper.map((u) => (u === Infinity ? 1e9 : u)),
        rows,
      );
      try {
        for (let j = 0; j < value.length; j++) {
          const lo = model.solve([j], 1)[j]!;
          const hi = model.solve([j], -1)[j]!;
          expect(iv!.lo[j], `case ${k} x${j} min`).toBeCloseTo(lo, 6);
          if (hi > 1e8) expect(iv!.hi[j], `case ${k} x${j} max`).toBe(Infinity);
          else expect(iv!.hi[j], `case ${k} x${j} max`).toBeCloseTo(hi, 6);
          compared++;
        }
      } finally {
        model.dispose();
      }
    }
    expect(compared).toBeGreaterThan(700);
  });
});
