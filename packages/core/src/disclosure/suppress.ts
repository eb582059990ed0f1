/**
 * The suppression algorithm on one protected count column: primary suppression, complementary
 * suppression until stable, then an exact-recoverability audit that adds suppression where the
 * simple rules were not enough. Works on the aggregate table's values (never on person rows).
 */
import { FellesError } from '../kernel/errors.js';
import { findRecoverable } from './audit.js';
import type { ConstraintSet } from './constraints.js';

/** Cell state: 0 shown, 1 primary, 2 secondary. */
export const SHOWN = 0;
export const PRIMARY = 1;
export const SECONDARY = 2;

/** Result for one count column. */
export interface ColumnSuppression {
  /** Per row: {@link SHOWN}, {@link PRIMARY} or {@link SECONDARY}. */
  state: Uint8Array;
  /** Per row: index of the constraint set that caused secondary suppression (−1 otherwise). */
  because: Int32Array;
  /** Unknown cells the audit could not check (component too large). */
  auditSkipped: number;
}

/**
 * Suppress one count column.
 *
 * 1. Primary: a value v with 1 ≤ v ≤ threshold is hidden. 0 and NULL (missing) are not.
 * 2. Complementary, repeated over all constraint sets until nothing changes: a set (a total and
 *    its parts) needs one more hidden cell when
 *    (a) exactly one of its cells is hidden (it would be total − the others), or
 *    (b) its total is shown, no shown part is missing, and the hidden parts add up to between 1
 *        and the threshold (their sum would itself be a small count).
 *    The cell hidden is the smallest shown non-zero part; failing that the total; failing that a
 *    zero part. Ties go to the earlier row.
 * 3. Audit: any hidden cell that the whole system of totals still determines exactly (e.g. a
 *    "bridge" between two otherwise protected patterns in a two-way table) gets a partner hidden
 *    in one of its sets by the same preference, and steps 2–3 repeat.
 */
export function suppressColumn(
  values: ReadonlyArray<number | null>,
  sets: readonly ConstraintSet[],
  threshold: number,
): ColumnSuppression {
  const n = values.length;
  const state = new Uint8Array(n);
  const because = new Int32Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (v !== null && v !== undefined && v >= 1 && v <= threshold) state[i] = PRIMARY;
  }
  if (threshold <= 0 || !state.some((s) => s !== SHOWN)) return { state, because, auditSkipped: 0 };

  const setsOf = new Map<number, number[]>();
  sets.forEach((s, k) => {
    for (const i of [s.parent, ...s.children]) {
      const l = setsOf.get(i) ?? [];
      l.push(k);
      setsOf.set(i, l);
    }
  });

  const hide = (k: number): boolean => {
    const pick = candidate(sets[k]!, values, state);
    if (pick < 0) return false;
    state[pick] = SECONDARY;
    because[pick] = k;
    return true;
  };

  let auditSkipped = 0;
  for (let round = 0; ; round++) {
    // Step 2, until stable.
    for (let changed = true; changed;) {
      changed = false;
      sets.forEach((s, k) => {
        if (needsMore(s, values, state, threshold) && hide(k)) changed = true;
      });
    }
    // Step 3.
    const { determined, skipped } = findRecoverable(sets, (i) => state[i] !== SHOWN);
    auditSkipped = skipped;
    if (determined.length === 0) break;
    if (round > 100) {
      throw new FellesError(
        'DISCLOSURE_NOT_CONVERGED',
        'complementary suppression did not converge; please report this table',
      );
    }
    let fixed = false;
    for (const i of determined) {
      for (const k of setsOf.get(i) ?? []) {
        if (hide(k)) {
          fixed = true;
          break;
        }
      }
    }
    if (!fixed) {
      throw new FellesError(
        'DISCLOSURE_UNPROTECTABLE',
        'a hidden cell can be worked out from the totals and there is no shown cell left to hide with it',
      );
    }
  }
  return { state, because, auditSkipped };
}

function needsMore(
  s: ConstraintSet,
  values: ReadonlyArray<number | null>,
  state: Uint8Array,
  threshold: number,
): boolean {
  let hidden = 0;
  if (state[s.parent] !== SHOWN) hidden++;
  for (const c of s.children) if (state[c] !== SHOWN) hidden++;
  if (hidden === 0) return false;
  if (hidden === 1) return true;
  const total = values[s.parent];
  if (state[s.parent] !== SHOWN || total === null || total === undefined) return false;
  let shownSum = 0;
  for (const c of s.children) {
    if (state[c] !== SHOWN) continue;
    const v = values[c];
    if (v === null || v === undefined) return false;
    shownSum += v;
  }
  const rest = total - shownSum;
  return rest >= 1 && rest <= threshold;
}

/** The shown cell to hide next in a set, or −1. */
function candidate(
  s: ConstraintSet,
  values: ReadonlyArray<number | null>,
  state: Uint8Array,
): number {
  let best = -1;
  let bestKey: [number, number, number, number] | undefined;
  for (const i of [s.parent, ...s.children]) {
    const v = values[i];
    if (state[i] !== SHOWN || v === null || v === undefined) continue;
    const key: [number, number, number, number] = [v === 0 ? 1 : 0, i === s.parent ? 1 : 0, v, i];
    if (!bestKey || less(key, bestKey)) {
      best = i;
      bestKey = key;
    }
  }
  return best;
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let k = 0; k < a.length; k++) if (a[k] !== b[k]) return a[k]! < b[k]!;
  return false;
}
