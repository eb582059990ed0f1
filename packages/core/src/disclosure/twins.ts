/**
 * Twins of the published system (see `cell-system.ts`): values of a coordinate that stand for
 * the same cell, and the twins the data contradict.
 */
import { TOTAL, describeCell } from './cell-key.js';

/**
 * Twins per scope (`measure|coordinate`): a decomposition with one part means the part and the
 * total are one cell; two totals with the same parts are one total. Value → its representative.
 */
export function computeTwins(
  scopeKeys: Iterable<string>,
  decompositionsOf: (measure: string, coordinate: string) => Map<string, string[][]>,
): Map<string, Map<string, string>> {
  const out = new Map<string, Map<string, string>>();
  const scopes = new Set<string>();
  for (const s of scopeKeys) scopes.add(s);
  for (const scope of scopes) {
    const [measure, coordinate] = splitScope(scope);
    const up = new Map<string, string>();
    const find = (x: string): string => {
      let r = x;
      while (up.has(r)) r = up.get(r)!;
      return r;
    };
    const union = (x: string, y: string) => {
      const a = find(x);
      const b = find(y);
      if (a === b) return;
      // the total stays the representative (TOTAL before anything else)
      const [keep, drop] = a === TOTAL || (b !== TOTAL && a < b) ? [a, b] : [b, a];
      up.set(drop, keep);
    };
    // one part: the part is the total; two totals with the same parts are the same total
    const sameParts = new Map<string, string>();
    for (const [p, ds] of decompositionsOf(measure, coordinate)) {
      for (const d of ds) {
        if (d.length === 1) union(p, d[0]!);
        const k = d.join('\u0001');
        const other = sameParts.get(k);
        if (other === undefined) sameParts.set(k, p);
        else union(p, other);
      }
    }
    const m = new Map<string, string>();
    for (const v of up.keys()) m.set(v, find(v));
    if (m.size) out.set(scope, m);
  }
  return out;
}

/**
 * A twin (a value whose decomposition has one part: the part is the total) holds only if the
 * two cells it merges have the same value. Where the data give them different values (e.g. a
 * projection line and its only sub-line, whose base events are estimated on different rate
 * areas), the two stay separate cells of that measure and the one-part relation is not used,
 * like any relation that does not add up (noted for the manifest). Given two cells merged into
 * one with different values: takes apart the twin that merged them and returns true, or
 * returns false when no twin explains it (the same cell, or cells that differ in more than one
 * coordinate: then the conflict stands, `CELL_CONFLICT`).
 */
export function untwin(
  a: { measure: string; coords: ReadonlyMap<string, string> },
  b: { measure: string; coords: ReadonlyMap<string, string> },
  system: { canonicalValue(measure: string, coordinate: string, value: string): string },
  untwinned: Set<string>,
  notes: string[],
): boolean {
  const differ = [...b.coords].filter(([c, v]) => a.coords.get(c) !== v);
  if (differ.length !== 1 || a.coords.size !== b.coords.size || a.measure !== b.measure)
    return false;
  const [coordinate, v] = differ[0]!;
  let changed = false;
  for (const x of [v, a.coords.get(coordinate)!]) {
    const key = `${b.measure}|${coordinate}|${x}`;
    if (untwinned.has(key)) {
      changed = true; // taken apart already, in this merge
      continue;
    }
    const rep = system.canonicalValue(b.measure, coordinate, x);
    if (rep === x) continue;
    untwinned.add(key);
    notes.push(
      `not used: ${describeCell({ measure: b.measure, coords: new Map([[coordinate, x]]) })} = ${coordinate} ${rep} (a total and its only part): the two differ in the data`,
    );
    changed = true;
  }
  return changed;
}

/** `measure|coordinate` → its two parts. */
function splitScope(scope: string): [string, string] {
  const k = scope.lastIndexOf('|');
  return [scope.slice(0, k), scope.slice(k + 1)];
}
