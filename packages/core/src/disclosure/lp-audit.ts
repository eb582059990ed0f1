/**
 * The audit: for every hidden cell of a publication, is the feasible interval that an attacker
 * can work out from everything published (shown cells as constants, the additive relations,
 * primaries in [1, t] because the flag says so, everything else ≥ 0) wide enough?
 *
 * Linear programming with HiGHS (WebAssembly), per connected component of unknowns. Instead of
 * two LPs per cell, witnesses are collected: an LP that pushes every uncertified cell up (or
 * down) at once gives a feasible point, and each cell that reaches its target there is certified;
 * only the cells left after these rounds get an LP of their own, whose optimum is the exact bound.
 *
 * The protection rule (docs/disclosure.md):
 * - a primary cell's interval is all of [1, t]: nothing is learned beyond the flag;
 * - any other hidden cell cannot be worked out exactly: besides its value, another value is
 *   feasible (a secondary flag says nothing about the size of a cell);
 * - an unpublished count that takes part in the relations is not narrowed down within [1, t]
 *   (if it is known to lie in [1, t], its interval is all of it, as for a primary).
 */
import { loadSolver, type LpModel, type LpSolver } from './lp-solver.js';
import { FREE, PRIMARY, SECONDARY, SHOWN, type CellSystem } from './cell-system.js';

/** Components with more unknowns than this are audited in parts (conservatively). */
export const AUDIT_PART_SIZE = 4000;
/** A bound standing in for "no upper bound" (counts are far below it). */
const BIG = 1e9;
const EPS = 1e-6;

/** A hidden (or linked unpublished) cell whose interval is narrower than the rule. */
export interface AuditFailure {
  cell: number;
  /**
   * `primary_upper` / `primary_lower`: a primary's interval does not reach t / 1;
   * `primary_flags`: the same, but only because of the flags of other primaries (a total and
   * its parts all 1..t): hiding more cells cannot help, another flag must say less;
   * `pinned`: another hidden (non-zero) cell can be worked out exactly; `small_unpublished`: an
   * unpublished linked count is narrowed down within [1, t].
   */
  kind: 'primary_upper' | 'primary_lower' | 'primary_flags' | 'pinned' | 'small_unpublished';
  /** The bound the attacker gets (max for `primary_upper`, min for `primary_lower`). */
  bound?: number;
}

/** What the audit did, for the run manifest. */
export interface AuditStats {
  /** Hidden cells audited (primary + secondary). */
  cellsAudited: number;
  primaryCells: number;
  secondaryCells: number;
  /** Unpublished cells linked to the published ones, checked too. */
  unpublishedChecked: number;
  components: number;
  /** Components larger than {@link AUDIT_PART_SIZE}, audited in parts with the rest fixed. */
  componentsInParts: number;
  lpSolves: number;
  /**
   * The narrowest interval certified for a non-primary hidden cell (primaries that pass all
   * have exactly [1, t]): width = hi − lo of the witnesses found.
   */
  narrowest: { cell: string; lo: number; hi: number } | null;
  ms: number;
}

/** Result of {@link auditSystem}. */
export interface AuditResult {
  failures: AuditFailure[];
  stats: AuditStats;
}

/**
 * Audit the components of `system` that contain or touch a cell of the current publication.
 * Returns every failure (cells whose interval is narrower than the rule) and the statistics.
 */
export async function auditSystem(system: CellSystem, threshold: number): Promise<AuditResult> {
  const t0 = performance.now();
  const stats: AuditStats = {
    cellsAudited: 0,
    primaryCells: 0,
    secondaryCells: 0,
    unpublishedChecked: 0,
    components: 0,
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
  const solver = await loadSolver();
  // small components share one model (one LP pushes all their cells at once); large ones are
  // audited in parts
  const jobs: Array<{ comp: Component; part: number[] }> = [];
  let bin: Component = { unknowns: [], relations: [] };
  for (const comp of comps) {
    stats.components++;
    if (comp.unknowns.length > AUDIT_PART_SIZE) {
      stats.componentsInParts++;
      for (const part of split(system, comp)) jobs.push({ comp, part });
      continue;
    }
    if (bin.unknowns.length + comp.unknowns.length > AUDIT_PART_SIZE) {
      jobs.push({ comp: bin, part: bin.unknowns });
      bin = { unknowns: [], relations: [] };
    }
    bin.unknowns.push(...comp.unknowns);
    bin.relations.push(...comp.relations);
  }
  if (bin.unknowns.length) jobs.push({ comp: bin, part: bin.unknowns });
  for (const { comp, part } of jobs) {
    const r = auditPart(solver, system, comp, new Set(part), threshold);
    stats.lpSolves += r.solves;
    failures.push(...r.failures);
    for (const tg of r.targets) {
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
  }
  stats.cellsAudited = stats.primaryCells + stats.secondaryCells;
  stats.ms = performance.now() - t0;
  return { failures, stats };
}

interface Component {
  unknowns: number[];
  relations: number[];
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

interface Target {
  cell: number; // global index
  v: number; // local variable
  up?: number; // certified when x ≥ up
  down?: number; // certified when x ≤ down
  both: boolean; // both directions required (primary) or either (others)
  /** An unpublished cell also passes with an interval covering all of [1, t]. */
  span?: number;
  upOk: boolean;
  downOk: boolean;
  lo: number;
  hi: number;
}

function targetOf(system: CellSystem, cell: number, v: number, t: number): Target {
  const c = system.cells[cell]!;
  const base = { cell, v, upOk: false, downOk: false, lo: Infinity, hi: -Infinity };
  if (c.state === PRIMARY) return { ...base, up: t, down: 1, both: true };
  if (c.state === FREE) return { ...base, up: t + 1, down: 0, both: false, span: t };
  const x = c.value ?? 0;
  // a hidden 0 known to be 0 says nothing felles would not show: only non-zero cells need a
  // second feasible value
  if (x === 0) return { ...base, both: false, upOk: true };
  return { ...base, up: x + 1, down: x - 1, both: false };
}

function done(tg: Target): boolean {
  if (tg.both) return tg.upOk && tg.downOk;
  if (tg.upOk || tg.downOk) return true;
  return tg.span !== undefined && tg.lo <= 1 + EPS && tg.hi >= tg.span - EPS;
}

/**
 * Audit one part of a component: the unknowns in `part` and every free cell are variables,
 * other hidden cells of the component are fixed at their true values (an attacker who knew them:
 * passing then implies passing without that knowledge).
 */
function auditPart(
  solver: LpSolver,
  system: CellSystem,
  comp: Component,
  part: ReadonlySet<number>,
  t: number,
): { failures: AuditFailure[]; targets: Target[]; solves: number } {
  const { cells, relations } = system;
  const local = new Map<number, number>();
  const lower: number[] = [];
  const upper: number[] = [];
  for (const i of comp.unknowns) {
    const c = cells[i]!;
    local.set(i, lower.length);
    if (c.state === FREE) {
      lower.push(0);
      upper.push(BIG);
    } else if (!part.has(i)) {
      lower.push(c.value ?? 0);
      upper.push(c.value ?? BIG);
    } else if (c.state === PRIMARY) {
      lower.push(1);
      upper.push(t);
    } else {
      lower.push(0);
      upper.push(BIG);
    }
  }
  const rows: Array<{ idx: number[]; val: number[]; rhs: number }> = [];
  for (const k of comp.relations) {
    const rel = relations[k]!;
    const coef = new Map<number, number>();
    let rhs = 0;
    const add = (i: number, s: number) => {
      const c = cells[i]!;
      if (c.state === SHOWN) rhs -= s * (c.value ?? 0);
      else coef.set(local.get(i)!, (coef.get(local.get(i)!) ?? 0) + s);
    };
    add(rel.parent, 1);
    for (const ch of rel.children) add(ch, -1);
    const idx = [...coef.keys()].filter((j) => coef.get(j) !== 0).sort((a, b) => a - b);
    rows.push({ idx, val: idx.map((j) => coef.get(j)!), rhs });
  }
  const model = solver.model(lower, upper, rows);
  try {
    const targets = comp.unknowns
      .filter((i) => part.has(i) || cells[i]!.state === FREE)
      .map((i) => targetOf(system, i, local.get(i)!, t));
    const solves = certify(model, targets);
    const failures: AuditFailure[] = [];
    let extra = 0;
    for (const tg of targets) {
      if (done(tg)) continue;
      const c = cells[tg.cell]!;
      if (c.state === PRIMARY) {
        const flags = narrowedByFlags(model, targets, tg, t, lower, upper);
        extra += flags.solves;
        if (flags.only) {
          failures.push({ cell: tg.cell, kind: 'primary_flags' });
          continue;
        }
        if (!tg.upOk) failures.push({ cell: tg.cell, kind: 'primary_upper', bound: tg.hi });
        if (!tg.downOk) failures.push({ cell: tg.cell, kind: 'primary_lower', bound: tg.lo });
      } else if (c.state === FREE) {
        failures.push({ cell: tg.cell, kind: 'small_unpublished' });
      } else {
        failures.push({ cell: tg.cell, kind: 'pinned' });
      }
    }
    return { failures, targets, solves: solves + extra };
  } finally {
    model.dispose();
  }
}

/**
 * Would a failing primary pass if the other primaries' flags said nothing (bounds ≥ 0)? Then
 * the narrowing comes from the flags, not from the values shown.
 */
function narrowedByFlags(
  model: LpModel,
  targets: readonly Target[],
  tg: Target,
  t: number,
  lower: readonly number[],
  upper: readonly number[],
): { only: boolean; solves: number } {
  const primaries = targets.filter((x) => x !== tg && x.both);
  if (primaries.length === 0) return { only: false, solves: 0 };
  for (const x of primaries) model.setBounds(x.v, 0, BIG);
  let solves = 0;
  let ok = true;
  try {
    if (!tg.upOk) {
      solves++;
      ok &&= model.solve([tg.v], -1)[tg.v]! >= t - EPS;
    }
    if (ok && !tg.downOk) {
      solves++;
      ok &&= model.solve([tg.v], 1)[tg.v]! <= 1 + EPS;
    }
  } finally {
    for (const x of primaries) model.setBounds(x.v, lower[x.v]!, upper[x.v]!);
  }
  return { only: ok, solves };
}

/**
 * Certify targets with witnesses: rounds that push every open target up (then down) at once,
 * while a round certifies something; then one LP per open target and direction (exact bound).
 * Returns the number of LPs solved.
 */
function certify(model: LpModel, targets: Target[]): number {
  let solves = 0;
  const see = (x: Float64Array) => {
    for (const tg of targets) {
      const xv = x[tg.v]!;
      if (xv < tg.lo) tg.lo = xv;
      if (xv > tg.hi) tg.hi = xv;
      if (tg.up !== undefined && xv >= tg.up - EPS) tg.upOk = true;
      if (tg.down !== undefined && xv <= tg.down + EPS) tg.downOk = true;
    }
  };
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
      see(
        model.solve(
          o.map((tg) => tg.v),
          dir === 'up' ? -1 : 1,
        ),
      );
      solves++;
      if (score() > before) progress = true;
    }
  }
  for (const tg of targets) {
    for (const dir of ['up', 'down'] as const) {
      if (done(tg)) break;
      if (dir === 'up' ? tg.up === undefined || tg.upOk : tg.down === undefined || tg.downOk)
        continue;
      const x = model.solve([tg.v], dir === 'up' ? -1 : 1);
      solves++;
      see(x);
    }
  }
  return solves;
}
