/**
 * Twins of the published system (see `cell-system.ts`): values of a coordinate that stand for
 * the same cell, and the twins the data contradict.
 */
import { TOTAL, cellKey, describeCell } from './cell-key.js';

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
 * like any relation that does not add up (noted for the manifest). Two tables that disagree
 * on the very same cell still fail (`CELL_CONFLICT`).
 */
export function untwinConflicts(
  pending: ReadonlyArray<{
    measure: string;
    coords: ReadonlyMap<string, string>;
    value: number | null;
  }>,
  system: { canonicalValue(measure: string, coordinate: string, value: string): string },
  untwinned: Set<string>,
  notes: string[],
): void {
  for (let changed = true; changed;) {
    changed = false;
    const first = new Map<string, { coords: ReadonlyMap<string, string>; value: number }>();
    for (const p of pending) {
      if (p.value === null) continue;
      const key = cellKey(
        p.measure,
        new Map([...p.coords].map(([c, v]) => [c, system.canonicalValue(p.measure, c, v)])),
      );
      const f = first.get(key);
      if (!f) {
        first.set(key, { coords: p.coords, value: p.value });
        continue;
      }
      if (f.value === p.value) continue;
      // only where the two differ in one coordinate is it clear which twin fails; otherwise
      // the conflict stands
      const differ = [...p.coords].filter(([c, v]) => f.coords.get(c) !== v);
      if (differ.length !== 1 || p.coords.size !== f.coords.size) continue;
      const [coordinate, v] = differ[0]!;
      for (const x of [v, f.coords.get(coordinate)!]) {
        const rep = system.canonicalValue(p.measure, coordinate, x);
        if (rep === x) continue;
        untwinned.add(`${p.measure}|${coordinate}|${x}`);
        notes.push(
          `not used: ${describeCell({ measure: p.measure, coords: new Map([[coordinate, x]]) })} = ${coordinate} ${rep} (a total and its only part): the two differ in the data`,
        );
        changed = true;
      }
    }
  }
}

/** `measure|coordinate` → its two parts. */
function splitScope(scope: string): [string, string] {
  const k = scope.lastIndexOf('|');
  return [scope.slice(0, k), scope.slice(k + 1)];
}
