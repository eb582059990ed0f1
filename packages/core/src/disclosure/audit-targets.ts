/**
 * What the audit must show for each unknown of a component (its *target*), the system of a
 * component as bounds and rows, and the verdict once the interval of every target is known:
 * - a primary cell's interval is all of [1, t]: nothing is learned beyond the flag;
 * - any other hidden cell cannot be worked out exactly: besides its value, a neighbouring whole
 *   value (value ± 1) is feasible (a secondary flag says nothing about the size of a cell);
 * - an unpublished count that takes part in the relations is not narrowed down within [1, t]
 *   (if it is known to lie in [1, t], its interval is all of it, as for a primary).
 */
import { FREE, PRIMARY, SHOWN, type CellSystem } from './cell-system.js';
import type { LinearRow } from './tree-intervals.js';

/** Tolerance of the comparisons with the rule (values are whole numbers). */
export const EPS = 1e-6;

/** A hidden (or linked unpublished) cell whose interval is narrower than the rule. */
export interface AuditFailure {
  cell: number;
  /**
   * `primary_upper` / `primary_lower`: a primary's interval does not reach t / 1;
   * `primary_flags`: the same, but only because of the flags of other primaries (a total and
   * its parts all 1..t): hiding more cells cannot help, another flag must say less;
   * `pinned`: another hidden (non-zero) cell can be worked out exactly; `small_unpublished`: an
   * unpublished linked count is narrowed down within [1, t]; `crowded`: one of very many
   * primaries of a component left open by the joint linear programs (their flags narrow each
   * other down throughout a sparse table): it is flagged `secondary` at once instead of being
   * examined one by one.
   */
  kind:
    | 'primary_upper'
    | 'primary_lower'
    | 'primary_flags'
    | 'pinned'
    | 'small_unpublished'
    | 'crowded';
  /** The bound the attacker gets (max for `primary_upper`, min for `primary_lower`). */
  bound?: number;
}

/** Connected unknowns (hidden and unpublished cells) and the relations between them. */
export interface Component {
  unknowns: number[];
  relations: number[];
}

/** One unknown to certify, with the interval seen so far. */
export interface Target {
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

/** The target of cell `cell` (local variable `v`) under threshold `t`. */
export function targetOf(system: CellSystem, cell: number, v: number, t: number): Target {
  const c = system.cells[cell]!;
  const tg: Target = {
    cell,
    v,
    both: false,
    upOk: false,
    downOk: false,
    lo: Infinity,
    hi: -Infinity,
  };
  if (c.state === PRIMARY) {
    tg.up = t;
    tg.down = 1;
    tg.both = true;
  } else if (c.state === FREE) {
    tg.up = t + 1;
    tg.down = 0;
    tg.span = t;
  } else {
    const x = c.value ?? 0;
    // a hidden 0 known to be 0 says nothing felles would not show: only non-zero cells need a
    // second feasible value
    if (x === 0) tg.upOk = true;
    else {
      tg.up = x + 1;
      tg.down = x - 1;
    }
  }
  return tg;
}

/** Record a feasible value of the target's cell. */
export function see(tg: Target, x: number): void {
  if (x < tg.lo) tg.lo = x;
  if (x > tg.hi) tg.hi = x;
  if (tg.up !== undefined && x >= tg.up - EPS) tg.upOk = true;
  if (tg.down !== undefined && x <= tg.down + EPS) tg.downOk = true;
}

/** Has the target been shown to be as wide as the rule asks? */
export function done(tg: Target): boolean {
  if (tg.both) return tg.upOk && tg.downOk;
  if (tg.upOk || tg.downOk) return true;
  return tg.span !== undefined && tg.lo <= 1 + EPS && tg.hi >= tg.span - EPS;
}

/** A component as a linear system: one variable per unknown, one row per relation. */
export interface ComponentSystem {
  /** global cell index → local variable */
  local: Map<number, number>;
  lower: number[];
  /** `Infinity` where there is no upper bound. */
  upper: number[];
  rows: LinearRow[];
}

/**
 * The system of a component: the unknowns in `part` and every free cell are variables (a
 * primary in [1, t], others ≥ 0); other hidden cells of the component are fixed at their true
 * values (an attacker who knew them: passing then implies passing without that knowledge).
 */
export function componentSystem(
  system: CellSystem,
  comp: Component,
  part: ReadonlySet<number> | null,
  t: number,
): ComponentSystem {
  const { cells, relations } = system;
  const local = new Map<number, number>();
  const lower: number[] = [];
  const upper: number[] = [];
  for (const i of comp.unknowns) {
    const c = cells[i]!;
    local.set(i, lower.length);
    if (c.state === FREE) {
      lower.push(0);
      upper.push(Infinity);
    } else if (part && !part.has(i)) {
      lower.push(c.value ?? 0);
      upper.push(c.value ?? Infinity);
    } else if (c.state === PRIMARY) {
      lower.push(1);
      upper.push(t);
    } else {
      lower.push(0);
      upper.push(Infinity);
    }
  }
  const rows: LinearRow[] = [];
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
  return { local, lower, upper, rows };
}

/** The targets of a component: the unknowns in `part` (all when null) and every free cell. */
export function targetsOf(
  system: CellSystem,
  comp: Component,
  part: ReadonlySet<number> | null,
  local: ReadonlyMap<number, number>,
  t: number,
): Target[] {
  return comp.unknowns
    .filter((i) => !part || part.has(i) || system.cells[i]!.state === FREE)
    .map((i) => targetOf(system, i, local.get(i)!, t));
}

/**
 * The failures among targets whose intervals are final. `flagsOnly(tg)` says whether a failing
 * primary would pass if the other primaries' flags said nothing (the narrowing then comes from
 * the flags, not from the values shown).
 */
export function failuresOf(
  system: CellSystem,
  targets: readonly Target[],
  flagsOnly: (tg: Target) => boolean,
): AuditFailure[] {
  const failures: AuditFailure[] = [];
  for (const tg of targets) {
    if (done(tg)) continue;
    const c = system.cells[tg.cell]!;
    if (c.state === PRIMARY) {
      if (flagsOnly(tg)) {
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
  return failures;
}
