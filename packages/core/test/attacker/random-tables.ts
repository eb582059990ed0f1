/**
 * Random linked tables for the property test: a random area hierarchy (2–40 areas in groups
 * under a national total, with twins: an alias with the same areas as a group, and groups of one
 * area), 1–3 breakdowns (2–4 parts and a total; sometimes a part split further), counts with
 * many zeros and small values, published as 1–3 tables that show different slices of the same
 * cube (so they share cells and totals).
 */
import { ALL, type AttackTable, type Hierarchy } from './attacker.js';

/** A seeded generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

/** One random publication. */
export interface RandomCase {
  /** Decompositions of `area` (total: `NO`) and of each breakdown (total: `all`). */
  hierarchies: Hierarchy[];
  breakdowns: Array<{ id: string; parts: string[]; split?: { part: string; into: string[] } }>;
  tables: Array<{ name: string; rows: Record<string, string | number>[]; breakdowns: string[] }>;
}

/** Generate case number `n` of a seeded stream. */
export function randomCase(seed: number): RandomCase {
  const r = rng(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
  // 2–40 areas, most of them small systems (fast LPs), some up to 40
  const leaves = Array.from({ length: 2 + Math.floor(38 * r() ** 3) }, (_, i) => `K-${i + 1}`);
  const groups: string[][] = [];
  for (let i = 0; i < leaves.length;) {
    const size = Math.min(leaves.length - i, int(1, 8));
    groups.push(leaves.slice(i, i + size));
    i += size;
  }
  const hierarchies: Hierarchy[] = [];
  const groupIds = groups.map((_, g) => `G-${g + 1}`);
  hierarchies.push({ coordinate: 'area', parent: ALL, children: groupIds });
  groups.forEach((g, k) => {
    hierarchies.push({ coordinate: 'area', parent: groupIds[k]!, children: g });
    if (r() < 0.3) hierarchies.push({ coordinate: 'area', parent: `T-${k + 1}`, children: g });
  });
  const breakdowns: RandomCase['breakdowns'] = [];
  for (let b = 0, nb = r() < 0.6 ? 1 : int(2, 3); b < nb; b++) {
    const parts = Array.from({ length: int(2, 3) }, (_, i) => `b${b}${i}`);
    const split =
      r() < 0.3 ? { part: parts[0]!, into: [`${parts[0]}x`, `${parts[0]}y`] } : undefined;
    breakdowns.push({ id: `by${b}`, parts, ...(split ? { split } : {}) });
    hierarchies.push({ coordinate: `by${b}`, parent: ALL, children: parts });
    if (split) hierarchies.push({ coordinate: `by${b}`, parent: split.part, children: split.into });
  }
  // the cube of leaf cells
  const leafValues = breakdowns.map((b) =>
    b.split ? [...b.parts.filter((p) => p !== b.split!.part), ...b.split.into] : b.parts,
  );
  const count = () => {
    const u = r();
    return u < 0.45 ? 0 : u < 0.75 ? int(1, 4) : int(5, 30);
  };
  const leafCounts = new Map<string, number>();
  const combos = (lists: string[][]): string[][] =>
    lists.reduce<string[][]>((acc, l) => acc.flatMap((a) => l.map((v) => [...a, v])), [[]]);
  for (const a of leaves)
    for (const c of combos(leafValues)) leafCounts.set([a, ...c].join('|'), count());
  // value of any cell: sum over the leaves under each coordinate value
  const areaLeaves = new Map<string, string[]>([['NO', leaves]]);
  for (const a of leaves) areaLeaves.set(a, [a]);
  groups.forEach((g, k) => areaLeaves.set(groupIds[k]!, g));
  for (const h of hierarchies)
    if (h.coordinate === 'area' && h.parent.startsWith('T-')) areaLeaves.set(h.parent, h.children);
  const valueLeaves = (b: number, v: string): string[] => {
    const bd = breakdowns[b]!;
    if (v === 'all') return leafValues[b]!;
    if (bd.split && v === bd.split.part) return bd.split.into;
    return [v];
  };
  const value = (area: string, vals: string[]) => {
    let s = 0;
    for (const a of areaLeaves.get(area)!)
      for (const c of combos(vals.map((v, b) => valueLeaves(b, v))))
        s += leafCounts.get([a, ...c].join('|'))!;
    return s;
  };
  // tables: different slices of the cube
  const allAreas = [
    'NO',
    ...groupIds,
    ...leaves,
    ...[...areaLeaves.keys()].filter((a) => a.startsWith('T-')),
  ];
  const tables: RandomCase['tables'] = [];
  for (let k = 0; k < int(1, 3); k++) {
    const shown = breakdowns.map((_, b) => b).filter(() => r() < 0.6);
    const levels = r() < 0.5 ? allAreas : allAreas.filter((a) => !a.startsWith('K-') || r() < 0.5);
    const lists = breakdowns.map((b, i) =>
      shown.includes(i) ? ['all', ...b.parts, ...(b.split?.into ?? [])] : ['all'],
    );
    let cs = combos(lists);
    while (levels.length * cs.length > 40 && cs.length > 1) cs = cs.filter((_, i) => i % 2 === 0);
    const rows: Record<string, string | number>[] = [];
    for (const a of levels) {
      for (const c of cs) {
        const row: Record<string, string | number> = { area: a };
        shown.forEach((b) => (row[breakdowns[b]!.id] = c[b]!));
        row['n'] = value(a, c);
        rows.push(row);
      }
    }
    // a table of 0s and 1s only (10 rows or more) is refused as person-level: not published
    if (rows.length >= 10 && rows.every((x) => Number(x['n']) <= 1)) continue;
    tables.push({ name: `t${k}`, rows, breakdowns: shown.map((b) => breakdowns[b]!.id) });
  }
  return { hierarchies, breakdowns, tables };
}

/** The attacker's view of a disclosed case. */
export function attackTables(
  c: RandomCase,
  published: ReadonlyArray<ReadonlyArray<Record<string, unknown>>>,
): AttackTable[] {
  return c.tables.map((t, k) => ({
    rows: published[k]!,
    measures: { n: 'n' },
    coordinates: { area: 'area', ...Object.fromEntries(t.breakdowns.map((b) => [b, b])) },
    totals: { area: 'NO', ...Object.fromEntries(t.breakdowns.map((b) => [b, 'all'])) },
  }));
}
