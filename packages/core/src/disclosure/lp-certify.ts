/**
 * The audit's linear programs (HiGHS): certify targets with witnesses. An LP that pushes every
 * open target up (or down) at once gives a feasible point, and each target that reaches its goal
 * there is certified; the rounds repeat while they certify something, and only the targets left
 * get an LP of their own, whose optimum is the exact bound.
 */
import {
  EPS,
  done,
  failuresOf,
  see,
  type AuditFailure,
  type ComponentSystem,
  type Target,
} from './audit-targets.js';
import type { CellSystem } from './cell-system.js';
import type { LpModel, LpSolver } from './lp-solver.js';

/** A bound standing in for "no upper bound" (counts are far below it). */
const BIG = 1e9;

/** Result of auditing a system with the LP. */
export interface LpAudit {
  failures: AuditFailure[];
  solves: number;
}

/**
 * Audit the targets of a system (one component, or several small ones side by side) with the
 * LP: every target's interval is certified or found too narrow.
 */
export function lpAudit(
  solver: LpSolver,
  system: CellSystem,
  sys: ComponentSystem,
  targets: Target[],
  t: number,
  options: { crowded?: boolean } = {},
): LpAudit {
  const lower = sys.lower;
  const upper = sys.upper.map((u) => (u === Infinity ? BIG : u));
  const model = solver.model(lower, upper, sys.rows);
  try {
    let solves = pushAll(model, targets);
    const crowded = targets.filter(
      (tg) =>
        tg.both && !done(tg) && system.cells[tg.cell]!.current && !system.cells[tg.cell]!.fixed,
    );
    if (options.crowded && crowded.length > CROWDED)
      return { failures: crowded.map((tg) => ({ cell: tg.cell, kind: 'crowded' })), solves };
    solves += one(model, targets);
    const flags = narrowedByFlags(model, targets, t, lower, upper);
    solves += flags.solves;
    return { failures: failuresOf(system, targets, (tg) => flags.only.has(tg)), solves };
  } finally {
    model.dispose();
  }
}

/**
 * The failing primaries that would pass if the other primaries' flags said nothing (bounds
 * ≥ 0): the narrowing comes from the flags, not from the values shown. Every primary is relaxed
 * once, and each failing one in turn gets its own bounds back (primaries of other components
 * in the same model do not matter).
 */
function narrowedByFlags(
  model: LpModel,
  targets: readonly Target[],
  t: number,
  lower: readonly number[],
  upper: readonly number[],
): { only: Set<Target>; solves: number } {
  const only = new Set<Target>();
  const failing = targets.filter((tg) => tg.both && !done(tg));
  const primaries = targets.filter((x) => x.both);
  if (failing.length === 0 || primaries.length < 2) return { only, solves: 0 };
  let solves = 0;
  for (const x of primaries) model.setBounds(x.v, 0, BIG);
  try {
    for (const tg of failing) {
      model.setBounds(tg.v, lower[tg.v]!, upper[tg.v]!);
      let ok = true;
      if (!tg.upOk) {
        solves++;
        ok &&= model.solve([tg.v], -1)[tg.v]! >= t - EPS;
      }
      if (ok && !tg.downOk) {
        solves++;
        ok &&= model.solve([tg.v], 1)[tg.v]! <= 1 + EPS;
      }
      model.setBounds(tg.v, 0, BIG);
      if (ok) only.add(tg);
    }
  } finally {
    for (const x of primaries) model.setBounds(x.v, lower[x.v]!, upper[x.v]!);
  }
  return { only, solves };
}

/**
 * Primaries of this run still open after the joint rounds beyond which they are not examined one
 * by one. So many primaries whose intervals the joint linear programs could not widen are a
 * sparse table whose flags narrow each other down; two linear programs each, on a model of
 * thousands of unknowns, would take minutes per round of suppression. They are all failures of
 * kind `crowded` (flagged `secondary` at once), and the next round audits the table again. The
 * round that passes has examined every target exactly.
 */
export const CROWDED = 100;

function seeAll(targets: readonly Target[], x: Float64Array): void {
  for (const tg of targets) see(tg, x[tg.v]!);
}

/**
 * Certify targets with witnesses: rounds that push every open target up (then down) at once,
 * while a round certifies something. Returns the number of LPs solved.
 */
function pushAll(model: LpModel, targets: Target[]): number {
  let solves = 0;
  const score = () => targets.reduce((s, tg) => s + (tg.upOk ? 1 : 0) + (tg.downOk ? 1 : 0), 0);
  const open = (dir: 'up' | 'down') =>
    targets.filter(
      (tg) =>
        !done(tg) &&
        (dir === 'up' ? tg.up !== undefined && !tg.upOk : tg.down !== undefined && !tg.downOk),
    );
  for (let progress = true; progress;) {
    progress = false;
    for (const dir of ['up', 'down'] as const) {
      const o = open(dir);
      if (!o.length) continue;
      const before = score();
      seeAll(
        targets,
        model.solve(
          o.map((tg) => tg.v),
          dir === 'up' ? -1 : 1,
        ),
      );
      solves++;
      if (score() > before) progress = true;
    }
  }
  return solves;
}

/** One LP per target still open and direction (its exact bound). Returns the number solved. */
function one(model: LpModel, targets: Target[]): number {
  let solves = 0;
  for (const tg of targets) {
    for (const dir of ['up', 'down'] as const) {
      if (done(tg)) break;
      if (dir === 'up' ? tg.up === undefined || tg.upOk : tg.down === undefined || tg.downOk)
        continue;
      const x = model.solve([tg.v], dir === 'up' ? -1 : 1);
      solves++;
      seeAll(targets, x);
    }
  }
  return solves;
}
