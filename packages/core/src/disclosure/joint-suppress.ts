/**
 * Suppression over a whole published system at once: primary, then complementary cells chosen
 * over every linked table (and against what the workspace published before), then the audit;
 * cells that fail the audit get more complements, until the audit passes.
 */
import { CheckFailedError, FellesError } from '../kernel/errors.js';
import {
  FREE,
  PRIMARY,
  SECONDARY,
  SHOWN,
  describeCell,
  type CellSystem,
  type Relation,
} from './cell-system.js';
import { auditSystem, type AuditCache, type AuditFailure, type AuditStats } from './lp-audit.js';

/** Result of {@link suppressSystem}. */
export interface SystemSuppression {
  /** The final audit (it passed). */
  audit: AuditStats;
  /** Rounds of complement choice → audit. */
  rounds: number;
  /** Secondary cell → why it was hidden. */
  because: Map<number, string>;
}

/** Rounds after which suppression gives up (`DISCLOSURE_NOT_CONVERGED`). */
export const MAX_ROUNDS = 200;

/**
 * Decide the state of every cell of the current publication in `system` (cells from the ledger
 * keep theirs): counts 1..t are primary; complements are added by the greedy rules and then for
 * every audit failure, until the audit passes. Refuses (`DISCLOSURE_UNPROTECTABLE`) when a failing
 * cell has no cell left that could be hidden with it (everything around it was published before).
 */
export async function suppressSystem(
  system: CellSystem,
  threshold: number,
  seed: ReadonlyMap<number, string> = new Map(),
): Promise<SystemSuppression> {
  const { cells, relations } = system;
  // reasons of cells hidden before suppression starts (a second pass over the same counts)
  const because = new Map<number, string>(seed);
  for (const c of cells) {
    if (c.fixed || !c.current || c.state !== SHOWN || c.value === null) continue;
    if (threshold > 0 && c.value >= 1 && c.value <= threshold) c.state = PRIMARY;
  }
  const relsOf: number[][] = cells.map(() => []);
  relations.forEach((r, k) => {
    for (const i of [r.parent, ...r.children]) relsOf[i]!.push(k);
  });
  // cells changed in this round: failures next to one are left to the next audit
  const touched = new Set<number>();
  // relations the greedy rules look at again: a cell of theirs changed since they last did
  const dirty = new Uint8Array(relations.length).fill(1);
  const hide = (i: number, why: string) => {
    cells[i]!.state = SECONDARY;
    because.set(i, why);
    touched.add(i);
    for (const k of relsOf[i]!) dirty[k] = 1;
  };
  const near = (cell: number) =>
    touched.has(cell) ||
    relsOf[cell]!.some((k) => {
      const r = relations[k]!;
      return touched.has(r.parent) || r.children.some((c) => touched.has(c));
    });
  // components that did not change keep their result from one round to the next
  const cache: AuditCache = new Map();
  let lpSolves = 0;
  let ms = 0;
  for (let round = 1; ; round++) {
    if (threshold > 0) greedy(system, threshold, hide, dirty);
    const { failures, stats } = await auditSystem(system, threshold, cache, { crowded: true });
    lpSolves += stats.lpSolves;
    ms += stats.ms;
    if (failures.length === 0) return { audit: { ...stats, lpSolves, ms }, rounds: round, because };
    if (round >= MAX_ROUNDS) {
      throw new FellesError(
        'DISCLOSURE_NOT_CONVERGED',
        `complementary suppression did not converge after ${MAX_ROUNDS} rounds (${failures.length} cells still too narrow); please report this`,
      );
    }
    touched.clear();
    let stuck: AuditFailure | undefined;
    for (const f of failures) {
      if (f.kind === 'crowded') {
        hide(
          f.cell,
          '(its flag is "secondary": in this table the flags of many small counts would narrow each other down)',
        );
        continue;
      }
      if (near(f.cell)) continue;
      if (f.kind === 'primary_flags' && demoted(system, relsOf, f.cell, hide)) continue;
      if (fixed(system, relsOf, f, threshold, hide)) continue;
      // everything around it is hidden: what narrows it is the flags of primaries nearby
      if (demoted(system, relsOf, f.cell, hide)) continue;
      stuck ??= f;
    }
    // A failure with nothing left to hide around it may already be mended by what this round hid
    // for other failures further away in its component (a demoted flag two relations off): the
    // next audit decides. Only a round that can hide nothing more is final.
    if (stuck && touched.size === 0) throw unprotectable(system, relsOf, stuck);
  }
}

/**
 * The refusal for a failure nothing can fix, saying what the user can do: when every published
 * cell linked to it was published by earlier runs on the same data, those publications pin it and only
 * leaving it out of this run helps; otherwise this run's own tables do.
 */
function unprotectable(system: CellSystem, relsOf: number[][], f: AuditFailure): CheckFailedError {
  const { cells, relations } = system;
  const c = cells[f.cell]!;
  const linked = new Set<number>();
  for (const k of relsOf[f.cell]!) {
    const r = relations[k]!;
    for (const i of [r.parent, ...r.children]) if (i !== f.cell) linked.add(i);
  }
  // published cells linked to it (unpublished ones are unknowns to everyone)
  const published = [...linked].filter((i) => cells[i]!.state !== FREE || cells[i]!.fixed);
  const earlier = published.length > 0 && published.every((i) => cells[i]!.fixed);
  const what =
    f.kind === 'pinned'
      ? 'could be worked out exactly'
      : f.kind === 'small_unpublished'
        ? 'is not published, but could be narrowed down to a small count'
        : 'could be narrowed down to fewer values than its flag allows';
  const why = earlier
    ? 'from the tables this workspace published earlier on the same data: every count linked to it is already published there, so nothing this run hides can protect it'
    : 'from what this run publishes, and no count of this run linked to it is left to hide with it';
  const todo = earlier
    ? 'Leave this count out of the run: drop the table, breakdown or area level that contains it, or publish a coarser table (earlier publications stay as they were)'
    : 'Publish fewer or coarser tables: drop the breakdown or area level that contains it, or merge small groups';
  return new CheckFailedError(
    'DISCLOSURE_UNPROTECTABLE',
    `${describeCell(c)} ${what} ${why}. ${todo}.`,
  );
}

/**
 * The greedy rules on every relation, in order, until nothing changes. A relation none of whose
 * cells changed since it was last looked at (`dirty` 0) would give the same answer again and is
 * skipped: the result is the same as looking at every relation on every pass.
 */
function greedy(
  system: CellSystem,
  t: number,
  hide: (i: number, why: string) => void,
  dirty: Uint8Array,
): void {
  const { cells, relations } = system;
  for (let changed = true; changed;) {
    changed = false;
    for (let k = 0; k < relations.length; k++) {
      if (!dirty[k]) continue;
      dirty[k] = 0;
      const r = relations[k]!;
      if (!needsMore(system, r, t)) continue;
      const pick = candidate(system, r, 1);
      if (pick < 0) continue;
      hide(
        pick,
        `so that a hidden count cannot be worked out from ${describeCell(cells[r.parent]!)} (${r.origin})`,
      );
      changed = true;
    }
  }
}

function needsMore(system: CellSystem, r: Relation, t: number): boolean {
  const { cells } = system;
  let hidden = 0;
  let free = 0;
  let lastFree = -1;
  for (const i of [r.parent, ...r.children]) {
    const s = cells[i]!.state;
    if (s === FREE) {
      free++;
      lastFree = i;
    } else if (s !== SHOWN) hidden++;
  }
  if (hidden + free === 0) return false;
  if (hidden === 1 && free === 0) return true;
  if (hidden === 0 && free === 1) {
    // an unpublished count worked out exactly: a small one must not be
    const sign = lastFree === r.parent ? 1 : -1;
    let rest = 0;
    for (const i of [r.parent, ...r.children]) {
      if (i === lastFree) continue;
      rest += (i === r.parent ? 1 : -1) * (cells[i]!.value ?? 0);
    }
    const v = -sign * rest;
    return v >= 1 && v <= t;
  }
  if (free > 0) return false;
  const p = cells[r.parent]!;
  if (p.state !== SHOWN || p.value === null) return false;
  let shown = 0;
  for (const i of r.children) if (cells[i]!.state === SHOWN) shown += cells[i]!.value ?? 0;
  const rest = p.value - shown;
  return rest >= 1 && rest <= t;
}

/** The shown cell of the current run to hide next in a relation (−1: none). */
function candidate(system: CellSystem, r: Relation, need: number): number {
  const { cells } = system;
  let best = -1;
  let bestKey: number[] | undefined;
  for (const i of [r.parent, ...r.children]) {
    const c = cells[i]!;
    if (c.state !== SHOWN || c.fixed || c.value === null) continue;
    const v = c.value;
    const key = [v === 0 ? 1 : 0, v < need ? 1 : 0, i === r.parent ? 1 : 0, v, i];
    if (!bestKey || less(key, bestKey)) {
      best = i;
      bestKey = key;
    }
  }
  return best;
}

/**
 * A primary narrowed by the flags of other primaries (a total of 1..t whose parts are 1..t too):
 * one of them is published with the flag `secondary`, which says nothing about its size. The
 * total of the narrowed cell first, then a part beside it.
 */
function demoted(
  system: CellSystem,
  relsOf: number[][],
  cell: number,
  hide: (i: number, why: string) => void,
): boolean {
  const { cells, relations } = system;
  // the nearest primary (breadth first over relations through hidden cells): a total first
  const seen = new Set([cell]);
  const seenRels = new Set<number>();
  let frontier = [cell];
  while (frontier.length) {
    let best = -1;
    let bestKey: number[] | undefined;
    const next: number[] = [];
    for (const from of frontier) {
      for (const k of relsOf[from]!) {
        if (seenRels.has(k)) continue;
        seenRels.add(k);
        const r = relations[k]!;
        for (const i of [r.parent, ...r.children]) {
          const c = cells[i]!;
          if (seen.has(i) || c.state === SHOWN) continue;
          seen.add(i);
          next.push(i);
          if (c.state !== PRIMARY || c.fixed) continue;
          const key = [i === r.parent ? 0 : 1, -(c.value ?? 0), i];
          if (!bestKey || less(key, bestKey)) {
            best = i;
            bestKey = key;
          }
        }
      }
    }
    if (best >= 0) {
      hide(
        best,
        `(its flag is "secondary" so that it does not narrow down ${describeCell(cells[cell]!)})`,
      );
      return true;
    }
    frontier = next;
  }
  return false;
}

/** Hide a complement for an audit failure: in its own relations, else further out. */
function fixed(
  system: CellSystem,
  relsOf: number[][],
  f: AuditFailure,
  t: number,
  hide: (i: number, why: string) => void,
): boolean {
  const { cells, relations } = system;
  const c = cells[f.cell]!;
  const need =
    f.kind === 'primary_upper'
      ? Math.max(1, Math.ceil(t - (f.bound ?? t - 1)))
      : f.kind === 'primary_lower'
        ? Math.max(1, Math.ceil((f.bound ?? 2) - 1))
        : 1;
  const seenCells = new Set([f.cell]);
  const seenRels = new Set<number>();
  let frontier = [f.cell];
  while (frontier.length) {
    const next: number[] = [];
    for (const i of frontier) {
      for (const k of relsOf[i]!) {
        if (seenRels.has(k)) continue;
        seenRels.add(k);
        const r = relations[k]!;
        const pick = candidate(system, r, need);
        if (pick >= 0) {
          hide(
            pick,
            `so that ${describeCell(c)} cannot be narrowed down from ${describeCell(cells[r.parent]!)} (${r.origin})`,
          );
          return true;
        }
        for (const j of [r.parent, ...r.children]) {
          if (!seenCells.has(j) && cells[j]!.state !== SHOWN) {
            seenCells.add(j);
            next.push(j);
          }
        }
      }
    }
    frontier = next;
  }
  return false;
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
  return false;
}
