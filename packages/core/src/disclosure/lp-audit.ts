/**
 * The audit: for every hidden cell of a publication, is the feasible interval that an attacker
 * can work out from everything published (shown cells as constants, the additive relations,
 * primaries in [1, t] because the flag says so, everything else ≥ 0) wide enough? The rule is in
 * `audit-targets.ts` and docs/disclosure.md.
 *
 * Per connected component of unknowns: a component whose relations form a tree (most of them:
 * a hidden cell and its complement under one total, a chain down a hierarchy) gets its exact
 * intervals by interval arithmetic (`tree-intervals.ts`), without a solver; the others are
 * solved by linear programming with HiGHS (WebAssembly), small ones side by side in one model.
 * A component that has not changed since the previous round of suppression keeps its result.
 */
import {
  EPS,
  componentSystem,
  failuresOf,
  see,
  targetsOf,
  type AuditFailure,
  type Component,
  type Target,
} from './audit-targets.js';
import { FREE, PRIMARY, SECONDARY, SHOWN, type CellSystem } from './cell-system.js';
import { lpAudit } from './lp-certify.js';
import { loadSolver, type LpSolver } from './lp-solver.js';
import { treeIntervals } from './tree-intervals.js';

export type { AuditFailure } from './audit-targets.js';

/**
 * Components with more unknowns than this are audited in parts (conservatively: the hidden cells
 * outside a part count as known). The conservative parts find cells "pinned" that are not, and
 * hiding more for them makes the component larger still: at 4000 the demo's readmission table
 * (5 000 unknowns) did not converge, whole it converges in 28 rounds of under 6 seconds.
 */
export const AUDIT_PART_SIZE = 20000;

/**
 * Components that need an LP share one model up to this many unknowns: one LP then pushes the
 * cells of many small components at once, while an LP for a single cell stays small (every
 * solve works on the whole model).
 */
const BIN_SIZE = 200;

/** What the audit did, for the run manifest. */
export interface AuditStats {
  /** Hidden cells audited (primary + secondary). */
  cellsAudited: number;
  primaryCells: number;
  secondaryCells: number;
  /** Unpublished cells linked to the published ones, checked too. */
  unpublishedChecked: number;
  components: number;
  /** Components shaped like a tree, whose exact intervals need no LP. */
  componentsExact: number;
  /** Components larger than {@link AUDIT_PART_SIZE}, audited in parts with the rest fixed. */
  componentsInParts: number;
  /** Linear programs solved, over every round of suppression. */
  lpSolves: number;
  /**
   * The narrowest interval certified for a non-primary hidden cell (primaries that pass all
   * have exactly [1, t]): width = hi − lo (exact for tree components, of the witnesses found
   * otherwise).
   */
  narrowest: { cell: string; lo: number; hi: number } | null;
  /** Milliseconds spent auditing, over every round. */
  ms: number;
}

/** How {@link auditSystem} works. */
export interface AuditOptions {
  /**
   * During suppression: a component with very many primaries the joint linear programs leave
   * open reports them all as `crowded` failures instead of examining each (see `CROWDED` in
   * lp-certify.ts). An audit with failures is never final, so the passing audit is exact.
   */
  crowded?: boolean;
}

/** Result of {@link auditSystem}. */
export interface AuditResult {
  failures: AuditFailure[];
  stats: AuditStats;
}

/** The result of one component, kept between rounds. */
interface ComponentResult {
  failures: AuditFailure[];
  targets: Array<Pick<Target, 'cell' | 'lo' | 'hi'>>;
}

/**
 * Results of components from earlier rounds of the same suppression, by the component's cells
 * and their states (a component whose cells and states are the same has the same relations,
 * bounds and result).
 */
export type AuditCache = Map<string, ComponentResult>;

/**
 * Audit the components of `system` that contain or touch a cell of the current publication.
 * Returns every failure (cells whose interval is narrower than the rule) and the statistics.
 */
export async function auditSystem(
  system: CellSystem,
  threshold: number,
  cache: AuditCache = new Map(),
  options: AuditOptions = {},
): Promise<AuditResult> {
  const t0 = performance.now();
  const stats: AuditStats = {
    cellsAudited: 0,
    primaryCells: 0,
    secondaryCells: 0,
    unpublishedChecked: 0,
    components: 0,
    componentsExact: 0,
    componentsInParts: 0,
    lpSolves: 0,
    narrowest: null,
    ms: 0,
  };
  const failures: AuditFailure[] = [];
  const comps = components(system);
  if (comps.length === 0 || threshold <= 0) {
    stats.ms = performance.now() - t0;
    return { failures, stats };
  }
  let solver: LpSolver | undefined;
  const lp = async () => (solver ??= await loadSolver());
  const results: ComponentResult[] = [];
  // components that need an LP: small ones side by side in one model (one LP pushes all their
  // cells at once)
  let bin: Array<{ comp: Component; key: string }> = [];
  let binSize = 0;
  const flush = async () => {
    if (!bin.length) return;
    const all: Component = {
      unknowns: bin.flatMap((b) => b.comp.unknowns),
      relations: bin.flatMap((b) => b.comp.relations),
    };
    const sys = componentSystem(system, all, null, threshold);
    const targets = targetsOf(system, all, null, sys.local, threshold);
    const r = lpAudit(await lp(), system, sys, targets, threshold, options);
    stats.lpSolves += r.solves;
    for (const b of bin) {
      const mine = new Set(b.comp.unknowns);
      const res: ComponentResult = {
        failures: r.failures.filter((f) => mine.has(f.cell)),
        targets: targets.filter((tg) => mine.has(tg.cell)),
      };
      cache.set(b.key, res);
      results.push(res);
    }
    bin = [];
    binSize = 0;
  };
  for (const comp of comps) {
    stats.components++;
    if (comp.unknowns.length > AUDIT_PART_SIZE) {
      stats.componentsInParts++;
      for (const part of split(system, comp)) {
        const res = treeAudit(system, comp, new Set(part), threshold);
        if (res) results.push(res);
        else {
          const set = new Set(part);
          const sys = componentSystem(system, comp, set, threshold);
          const targets = targetsOf(system, comp, set, sys.local, threshold);
          const r = lpAudit(await lp(), system, sys, targets, threshold, options);
          stats.lpSolves += r.solves;
          results.push({ failures: r.failures, targets });
        }
      }
      continue;
    }
    const key = signature(system, comp);
    const cached = cache.get(key);
    if (cached) {
      results.push(cached);
      continue;
    }
    const exact = treeAudit(system, comp, null, threshold);
    if (exact) {
      stats.componentsExact++;
      cache.set(key, exact);
      results.push(exact);
      continue;
    }
    if (binSize + comp.unknowns.length > BIN_SIZE) await flush();
    bin.push({ comp, key });
    binSize += comp.unknowns.length;
  }
  await flush();
  for (const r of results) {
    failures.push(...r.failures);
    for (const tg of r.targets) count(system, stats, tg);
  }
  stats.cellsAudited = stats.primaryCells + stats.secondaryCells;
  stats.ms = performance.now() - t0;
  return { failures, stats };
}

function count(system: CellSystem, stats: AuditStats, tg: Pick<Target, 'cell' | 'lo' | 'hi'>) {
  const c = system.cells[tg.cell]!;
  if (c.state === PRIMARY) stats.primaryCells++;
  else if (c.state === SECONDARY) stats.secondaryCells++;
  else stats.unpublishedChecked++;
  if (c.state === SECONDARY && c.value !== null && c.value > 0) {
    const lo = Math.min(tg.lo, c.value);
    const hi = Math.max(tg.hi, c.value);
    if (!stats.narrowest || hi - lo < stats.narrowest.hi - stats.narrowest.lo)
      stats.narrowest = { cell: c.key, lo, hi };
  }
}

/** A component's identity for the cache: its unknowns and their states. */
function signature(system: CellSystem, comp: Component): string {
  let s = '';
  for (const i of comp.unknowns) s += `${i}:${system.cells[i]!.state},`;
  return s;
}

/**
 * Exact audit of a tree-shaped component (or part) by interval arithmetic; `null` when its
 * relations have a cycle.
 */
function treeAudit(
  system: CellSystem,
  comp: Component,
  part: ReadonlySet<number> | null,
  t: number,
): ComponentResult | null {
  const sys = componentSystem(system, comp, part, t);
  const iv = treeIntervals(sys.lower, sys.upper, sys.rows);
  if (!iv) return null;
  const targets = targetsOf(system, comp, part, sys.local, t);
  for (const tg of targets) {
    tg.lo = iv.lo[tg.v]!;
    tg.hi = iv.hi[tg.v]!;
    // the interval is exact: both of its ends are feasible values
    see(tg, tg.lo);
    see(tg, tg.hi);
  }
  const failures = failuresOf(system, targets, (tg) => {
    // the other primaries' flags saying nothing: bounds ≥ 0
    const lower = [...sys.lower];
    const upper = [...sys.upper];
    for (const x of targets) {
      if (x === tg || !x.both) continue;
      lower[x.v] = 0;
      upper[x.v] = Infinity;
    }
    const free = treeIntervals(lower, upper, sys.rows)!;
    return (tg.upOk || free.hi[tg.v]! >= t - EPS) && (tg.downOk || free.lo[tg.v]! <= 1 + EPS);
  });
  return { failures, targets };
}

/** Connected components of unknown cells over the relations, those touching the current run. */
function components(system: CellSystem): Component[] {
  const { cells, relations } = system;
  const up = new Int32Array(cells.length).fill(-1);
  const find = (x: number): number => {
    let r = x;
    while (up[r]! >= 0) r = up[r]!;
    while (up[x]! >= 0 && up[x] !== r) {
      const n = up[x]!;
      up[x] = r;
      x = n;
    }
    return r;
  };
  const relOf: number[] = [];
  relations.forEach((rel, k) => {
    let first = -1;
    for (const i of [rel.parent, ...rel.children]) {
      if (cells[i]!.state === SHOWN) continue;
      if (first < 0) first = i;
      else {
        const a = find(first);
        const b = find(i);
        if (a !== b) up[a] = b;
      }
    }
    relOf[k] = first;
  });
  const byRoot = new Map<number, Component & { touches: boolean }>();
  relations.forEach((rel, k) => {
    const first = relOf[k]!;
    if (first < 0) return;
    const root = find(first);
    let c = byRoot.get(root);
    if (!c) byRoot.set(root, (c = { unknowns: [], relations: [], touches: false }));
    c.relations.push(k);
    if ([rel.parent, ...rel.children].some((i) => cells[i]!.current)) c.touches = true;
  });
  cells.forEach((cell, i) => {
    if (cell.state === SHOWN) return;
    const c = byRoot.get(find(i));
    if (c) c.unknowns.push(i);
  });
  return [...byRoot.values()].filter((c) => c.touches);
}

/** Parts of a large component: hidden cells in chunks of {@link AUDIT_PART_SIZE}, in order. */
function split(system: CellSystem, comp: Component): number[][] {
  const hidden = comp.unknowns.filter((i) => system.cells[i]!.state !== FREE);
  const out: number[][] = [];
  for (let k = 0; k < hidden.length; k += AUDIT_PART_SIZE)
    out.push(hidden.slice(k, k + AUDIT_PART_SIZE));
  return out;
}
