/**
 * An attacker, written apart from the suppression code (it imports nothing from
 * `src/disclosure`, and solves its linear programs with another library, javascript-lp-solver).
 *
 * It reads published rows as they are in the files (a hidden count is empty; the flag column says
 * whether the row was hidden, the reason column names the counts that are 1..t), rebuilds the
 * additive relations from the codes and the declared hierarchies, and computes, for every hidden
 * count, the smallest and largest value consistent with everything published:
 * - shown counts are constants; a count named primary in the reason is in [1, t]; other hidden
 *   counts, and counts nobody published that take part in a relation, are ≥ 0;
 * - a total is the sum of its parts for every hierarchy of every coordinate, in every combination
 *   of the other coordinates; areas (or any values) with the same parts are the same cell.
 *
 * A finding is a hidden count whose interval is narrower than the rule of `docs/disclosure.md`:
 * a primary's interval is not all of [1, t]; another hidden count other than 0 can be worked out
 * exactly; an unpublished count is narrowed down within [1, t] (known to be 1..t, but not
 * anywhere in 1..t).
 */
import solver from 'javascript-lp-solver';
import { acyclicIntervals } from './acyclic-intervals.js';
import { exactIntervals, type Group } from './exact-intervals.js';

/** Published rows of one table and how to read them. */
export interface AttackTable {
  rows: ReadonlyArray<Record<string, unknown>>;
  /** Count column → what it counts (the same name in two tables: the same counts). */
  measures: Record<string, string>;
  /** Dimension column → coordinate name. Columns not listed are not coordinates. */
  coordinates: Record<string, string>;
  /** Dimension column → the value that means "all" in this table (e.g. `T`, `all`, `NO`). */
  totals?: Record<string, string>;
  /** Coordinates with one value for the whole table. */
  fixed?: Record<string, string>;
  /** Count columns that add up within a row: total → parts. */
  columnTotals?: Record<string, string[]>;
  /** Flag and reason columns (default `suppressed`, `suppression_reason`). */
  flagColumn?: string;
  reasonColumn?: string;
}

/** `parent = Σ children` for a coordinate (of every measure, or of one). `ALL` is the total. */
export interface Hierarchy {
  coordinate: string;
  measure?: string;
  parent: string;
  children: string[];
}

/** The value the attacker uses for "all" of a coordinate. */
export const ALL = '<all>';

/** A hidden or unpublished count narrowed down more than the rule allows. */
export interface Finding {
  measure: string;
  coords: Record<string, string>;
  kind: 'primary' | 'hidden' | 'unpublished';
  lo: number;
  hi: number;
}

interface Cell {
  measure: string;
  coords: Map<string, string>;
  value: number | null; // shown value
  kind: 'shown' | 'primary' | 'hidden' | 'unpublished';
}

const EPS = 1e-6;

/** Attack a publication: every hidden count whose feasible interval is narrower than the rule. */
export function attack(
  tables: readonly AttackTable[],
  options: { threshold: number; hierarchies: readonly Hierarchy[] },
): Finding[] {
  const t = options.threshold;
  const same = sameValues(options.hierarchies);
  const canon = (measure: string, c: string, v: string) =>
    same.get(`${measure}|${c}|${v}`) ?? same.get(`|${c}|${v}`) ?? v;
  const cells = new Map<string, Cell>();
  const keyOf = (measure: string, coords: Map<string, string>) =>
    measure +
    '#' +
    [...coords]
      .filter(([, v]) => v !== ALL)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
      .map(([c, v]) => `${c}:${v}`)
      .join(',');
  const explicit: Array<[string, string[]]> = [];
  for (const table of tables) {
    const flag = table.flagColumn ?? 'suppressed';
    const reason = table.reasonColumn ?? 'suppression_reason';
    for (const row of table.rows) {
      const coords = new Map<string, string>(Object.entries(table.fixed ?? {}));
      for (const [col, c] of Object.entries(table.coordinates)) {
        const raw = row[col];
        const v =
          raw === null || raw === undefined || raw === ''
            ? '<unknown>'
            : String(raw) === table.totals?.[col]
              ? ALL
              : String(raw);
        coords.set(c, v);
      }
      const rowKeys = new Map<string, string>();
      for (const [col, measure] of Object.entries(table.measures)) {
        const cc = new Map(
          [...coords].map(([c, v]) => [c, canon(measure, c, v)] as [string, string]),
        );
        const key = keyOf(measure, cc);
        rowKeys.set(col, key);
        const raw = row[col];
        const flagged = String(row[flag] ?? 'none') !== 'none';
        const empty = raw === null || raw === undefined || raw === '';
        const isPrimary = String(row[reason] ?? '').includes(`${col} is between 1 and ${t}`);
        const cell: Cell = {
          measure,
          coords: cc,
          value: empty ? null : Number(raw),
          kind: !empty ? 'shown' : isPrimary ? 'primary' : flagged ? 'hidden' : 'unpublished',
        };
        const old = cells.get(key);
        if (
          !old ||
          old.kind === 'unpublished' ||
          (old.kind === 'hidden' && cell.kind === 'primary')
        )
          cells.set(key, cell);
      }
      for (const [total, parts] of Object.entries(table.columnTotals ?? {}))
        explicit.push([rowKeys.get(total)!, parts.map((p) => rowKeys.get(p)!)]);
    }
  }
  const relations = buildRelations(cells, options.hierarchies, canon, keyOf);
  for (const [p, cs] of explicit) relations.push([p, ...cs]);
  return solveAll(cells, relations, t);
}

/** Values that are the same cell: one-part hierarchies, and totals with the same parts. */
function sameValues(hs: readonly Hierarchy[]): Map<string, string> {
  const parent = new Map<string, string>();
  const root = (x: string): string => {
    while (parent.has(x)) x = parent.get(x)!;
    return x;
  };
  const join = (a: string, b: string) => {
    const ra = root(a);
    const rb = root(b);
    if (ra === rb) return;
    // "all" stays "all" (absent coordinates mean all); otherwise the smaller name
    const keepA = ra.endsWith(`|${ALL}`) || (!rb.endsWith(`|${ALL}`) && ra < rb);
    if (keepA) parent.set(rb, ra);
    else parent.set(ra, rb);
  };
  const byParts = new Map<string, string>();
  for (const h of hs) {
    const scope = `${h.measure ?? ''}|${h.coordinate}|`;
    if (h.children.length === 1) join(scope + h.parent, scope + h.children[0]!);
    const k = scope + [...h.children].sort().join('+');
    if (byParts.has(k)) join(scope + h.parent, byParts.get(k)!);
    else byParts.set(k, scope + h.parent);
  }
  const out = new Map<string, string>();
  for (const x of parent.keys()) {
    const r = root(x);
    out.set(x, r.slice(r.lastIndexOf('|') + 1));
  }
  return out;
}

type Canon = (measure: string, c: string, v: string) => string;

function buildRelations(
  cells: Map<string, Cell>,
  hs: readonly Hierarchy[],
  canon: Canon,
  keyOf: (m: string, c: Map<string, string>) => string,
): string[][] {
  const out = new Map<string, string[]>();
  const published = [...cells.values()];
  // per measure and coordinate: the hierarchies in canonical values, and by value the ones
  // where that value is the total or a part
  const byValue = new Map<string, Map<string, Array<{ p: string; kids: string[] }>>>();
  const indexOf = (measure: string, coordinate: string) => {
    const scope = `${measure}|${coordinate}`;
    let m = byValue.get(scope);
    if (m) return m;
    byValue.set(scope, (m = new Map()));
    for (const h of hs) {
      if (h.coordinate !== coordinate || (h.measure !== undefined && h.measure !== measure))
        continue;
      const p = canon(measure, coordinate, h.parent);
      const kids = [...new Set(h.children.map((v) => canon(measure, coordinate, v)))]
        .filter((v) => v !== p)
        .sort();
      if (h.children.length < 2 || kids.length === 0) continue;
      const entry = { p, kids };
      for (const v of [p, ...kids]) {
        const list = m.get(v) ?? [];
        list.push(entry);
        m.set(v, list);
      }
    }
    return m;
  };
  const coordsOf = new Map<string, Set<string>>();
  for (const c of published) {
    let s = coordsOf.get(c.measure);
    if (!s) {
      coordsOf.set(c.measure, (s = new Set<string>()));
      for (const h of hs)
        if (h.measure === undefined || h.measure === c.measure) s.add(h.coordinate);
    }
    for (const k of c.coords.keys()) s.add(k);
  }
  const cellAt = (measure: string, coords: Map<string, string>) => {
    const key = keyOf(measure, coords);
    if (!cells.has(key)) cells.set(key, { measure, coords, value: null, kind: 'unpublished' });
    return key;
  };
  for (const cell of published) {
    for (const coordinate of coordsOf.get(cell.measure)!) {
      const mine = cell.coords.get(coordinate) ?? ALL;
      for (const { p, kids } of indexOf(cell.measure, coordinate).get(mine) ?? []) {
        const at = (v: string) => {
          const cc = new Map(cell.coords);
          cc.set(coordinate, v);
          return cellAt(cell.measure, cc);
        };
        const rel = [at(p), ...kids.map(at)];
        out.set(rel.join('|'), rel);
      }
    }
  }
  return [...out.values()];
}

function solveAll(cells: Map<string, Cell>, relations: string[][], t: number): Finding[] {
  const unknown = (k: string) => cells.get(k)!.kind !== 'shown';
  // components of unknowns
  const comp = new Map<string, string>();
  const find = (x: string): string => {
    while (comp.get(x) !== x) x = comp.get(x)!;
    return x;
  };
  for (const rel of relations) for (const k of rel) if (unknown(k) && !comp.has(k)) comp.set(k, k);
  for (const rel of relations) {
    const us = rel.filter(unknown);
    for (const u of us.slice(1)) comp.set(find(u), find(us[0]!));
  }
  const groups = new Map<string, { vars: string[]; rels: string[][] }>();
  for (const k of comp.keys()) {
    const r = find(k);
    if (!groups.has(r)) groups.set(r, { vars: [], rels: [] });
    groups.get(r)!.vars.push(k);
  }
  for (const rel of relations) {
    const u = rel.find(unknown);
    if (u !== undefined) groups.get(find(u))!.rels.push(rel);
  }
  const findings: Finding[] = [];
  const narrow = (c: Cell, l: number, h: number) =>
    c.kind === 'primary'
      ? l > 1 + EPS || h < t - EPS
      : c.kind === 'hidden'
        ? h - l < 1 - EPS && h > EPS
        : l >= 1 - EPS && h <= t + EPS && h - l < t - 1 - EPS;
  const report = (c: Cell, l: number, h: number) => {
    if (!narrow(c, l, h)) return;
    findings.push({
      measure: c.measure,
      coords: Object.fromEntries(c.coords),
      kind: c.kind === 'primary' ? 'primary' : c.kind === 'hidden' ? 'hidden' : 'unpublished',
      lo: l,
      hi: h,
    });
  };
  for (const g of groups.values()) {
    // small groups and groups without a cycle: exact intervals without a solver; others: linear
    // programs
    const index = new Map(g.vars.map((k, i) => [k, i]));
    const group: Group = {
      lower: g.vars.map((k) => (cells.get(k)!.kind === 'primary' ? 1 : 0)),
      upper: g.vars.map((k) => (cells.get(k)!.kind === 'primary' ? t : Infinity)),
      rows: g.rels.map((rel) => {
        const coef = new Map<number, number>();
        let rhs = 0;
        rel.forEach((k, i) => {
          const sign = i === 0 ? 1 : -1;
          const c = cells.get(k)!;
          if (c.kind === 'shown') rhs -= sign * c.value!;
          else coef.set(index.get(k)!, (coef.get(index.get(k)!) ?? 0) + sign);
        });
        return { coef, rhs };
      }),
    };
    const exact = exactIntervals(group) ?? acyclicIntervals(group);
    if (exact) {
      g.vars.forEach((k, i) => report(cells.get(k)!, exact.lo[i]!, exact.hi[i]!));
      continue;
    }
    lpGroup(
      g.vars,
      group,
      (i, l, h) => report(cells.get(g.vars[i]!)!, l, h),
      (i, l, h) => {
        const c = cells.get(g.vars[i]!)!;
        if (c.kind === 'primary') return l <= 1 + EPS && h >= t - EPS;
        if (c.kind === 'hidden') return h - l >= 1 - EPS;
        return h >= t + 1 - EPS || l <= EPS || (l <= 1 + EPS && h >= t - EPS);
      },
    );
  }
  return findings;
}

/**
 * A group by linear programming (javascript-lp-solver): points that push every unknown not yet
 * shown to move enough (`safe`) up, then down, while they show more; every other unknown gets
 * its exact minimum and maximum, passed to `report`.
 */
function lpGroup(
  vars: readonly string[],
  group: Group,
  report: (i: number, lo: number, hi: number) => void,
  safe: (i: number, lo: number, hi: number) => boolean,
): void {
  const constraints: Record<string, { equal?: number; min?: number; max?: number }> = {};
  const variables: Record<string, Record<string, number>> = {};
  vars.forEach((_, i) => (variables[`x${i}`] = {}));
  group.rows.forEach((row, r) => {
    for (const [i, c] of row.coef) variables[`x${i}`]![`r${r}`] = c;
    constraints[`r${r}`] = { equal: row.rhs };
  });
  vars.forEach((_, i) => {
    const u = group.upper[i]!;
    constraints[`bx${i}`] = { min: group.lower[i]!, max: u === Infinity ? 1e9 : u };
    variables[`x${i}`]![`bx${i}`] = 1;
  });
  const solve = (objective: readonly number[], opType: 'min' | 'max') => {
    for (const v of Object.values(variables)) delete v['__obj'];
    for (const i of objective) variables[`x${i}`]!['__obj'] = 1;
    const res = solver.Solve({ optimize: '__obj', opType, constraints, variables }) as {
      feasible: boolean;
      [k: string]: unknown;
    };
    if (!res.feasible) throw new Error('attacker: the published system has no solution');
    return (i: number) => Number(res[`x${i}`] ?? 0);
  };
  const lo = vars.map(() => Infinity);
  const hi = vars.map(() => -Infinity);
  const seen = (at: (i: number) => number) => {
    vars.forEach((_, i) => {
      const x = at(i);
      lo[i] = Math.min(lo[i]!, x);
      hi[i] = Math.max(hi[i]!, x);
    });
  };
  // push every unknown not yet shown safe up, then down, while that shows more of them safe
  const open = () => vars.map((_, i) => i).filter((i) => !safe(i, lo[i]!, hi[i]!));
  for (let left = open(), before = Infinity; left.length && left.length < before;) {
    before = left.length;
    seen(solve(left, 'max'));
    const down = open();
    if (down.length) seen(solve(down, 'min'));
    left = open();
  }
  vars.forEach((_, i) => {
    if (safe(i, lo[i]!, hi[i]!)) return;
    report(i, solve([i], 'min')(i), solve([i], 'max')(i));
  });
}
