/**
 * A sparse table whose small counts' flags narrow each other down almost everywhere (areas ×
 * age × 11 groups of a rare event, as a readmission table by municipality): suppression flags
 * the many primaries the joint linear programs leave open `secondary` at once instead of
 * examining each one, and the publication it ends with still passes the exact audit and the
 * independent attacker.
 */
import { describe, expect, it } from 'vitest';
import { CellSystem, DisclosureRun, auditSystem, suppressSystem } from '../src/disclosure/index.js';
import { CROWDED, lpAudit } from '../src/disclosure/lp-certify.js';
import { loadSolver } from '../src/disclosure/lp-solver.js';
import { componentSystem, targetsOf } from '../src/disclosure/audit-targets.js';
import { ALL, attack, type Hierarchy } from './attacker/attacker.js';
import { rng } from './attacker/random-tables.js';

const T = 4;
const municipalities = (n: number) => Array.from({ length: n }, (_, i) => `K-${String(100 + i)}`);
let MUNICIPALITIES = municipalities(24);
const GROUPS = Array.from({ length: 11 }, (_, i) => `g${String(i + 1)}`);
const AGES = ['0-69', '70+'];

/** Leaf counts municipality × age × group: mostly 0–3, now and then larger. */
function leaves(seed: number): Map<string, number> {
  const r = rng(seed);
  const out = new Map<string, number>();
  for (const m of MUNICIPALITIES)
    for (const a of AGES)
      for (const g of GROUPS) {
        const u = r();
        out.set(
          `${m}|${a}|${g}`,
          u < 0.45 ? 0 : u < 0.9 ? 1 + Math.floor(r() * 3) : 4 + Math.floor(r() * 8),
        );
      }
  return out;
}

/** Every row of the table: areas (municipalities and the region) × age (and all) × group (and all). */
function rows(counts: Map<string, number>): Array<Record<string, string | number>> {
  const out: Array<Record<string, string | number>> = [];
  for (const area of [...MUNICIPALITIES, 'R'])
    for (const age of ['all', ...AGES])
      for (const group of ['all', ...GROUPS]) {
        let n = 0;
        for (const m of area === 'R' ? MUNICIPALITIES : [area])
          for (const a of age === 'all' ? AGES : [age])
            for (const g of group === 'all' ? GROUPS : [group]) n += counts.get(`${m}|${a}|${g}`)!;
        out.push({ area, age, group, n });
      }
  return out;
}

/** The table as a cell system (every cell of the current run, none hidden yet). */
function cube(table: Array<Record<string, string | number>>): CellSystem {
  const system = new CellSystem();
  system.addDecomposition('*', 'area', '*', MUNICIPALITIES);
  system.addDecomposition('*', 'age', '*', AGES);
  system.addDecomposition('*', 'group', '*', GROUPS);
  const total = (v: string | number, all: string) => (v === all ? '*' : String(v));
  for (const row of table) {
    const coords = new Map<string, string>([
      ['area', total(row['area']!, 'R')],
      ['age', total(row['age']!, 'all')],
      ['group', total(row['group']!, 'all')],
    ]);
    system.addCell('n', coords, Number(row['n']));
  }
  return system.build();
}

const SCHEMA = {
  name: 'sparse',
  dimensions: [
    { column: 'area', total: 'R' },
    { column: 'age', total: 'all', parts: AGES },
    { column: 'group', total: 'all', parts: GROUPS },
  ],
  counts: ['n'],
  cells: { measures: { n: 'n' } },
};

describe('suppression of a sparse table whose flags narrow each other down', () => {
  it('has more open primaries after the joint linear programs than are examined one by one', async () => {
    MUNICIPALITIES = municipalities(24);
    const built = cube(rows(leaves(7)));
    let primaries = 0;
    for (const c of built.cells)
      if (c.current && c.value !== null && c.value >= 1 && c.value <= T) {
        c.state = 1;
        primaries++;
      }
    expect(primaries).toBeGreaterThan(CROWDED * 3);
    // the whole table is one component
    const unknowns = built.cells.flatMap((c, i) => (c.state === 0 ? [] : [i]));
    const comp = { unknowns, relations: built.relations.map((_, k) => k) };
    const sys = componentSystem(built, comp, null, T);
    const solver = await loadSolver();
    const crowded = lpAudit(solver, built, sys, targetsOf(built, comp, null, sys.local, T), T, {
      crowded: true,
    });
    expect(crowded.failures.length).toBeGreaterThan(CROWDED);
    expect(new Set(crowded.failures.map((f) => f.kind))).toEqual(new Set(['crowded']));
    // the exact audit of the same system names the ways each fails instead
    const exact = lpAudit(solver, built, sys, targetsOf(built, comp, null, sys.local, T), T);
    expect(exact.failures.some((f) => f.kind === 'crowded')).toBe(false);
    expect(exact.failures.length).toBeGreaterThan(CROWDED);
    expect(exact.solves).toBeGreaterThan(crowded.solves);
  });

  it('ends with a suppression that passes the exact audit', async () => {
    MUNICIPALITIES = municipalities(18);
    const built = cube(rows(leaves(7)));
    const { because, rounds } = await suppressSystem(built, T);
    const crowded = [...because.values()].filter((w) => w.includes('narrow each other down'));
    expect(crowded.length).toBeGreaterThan(CROWDED);
    expect(rounds).toBeGreaterThan(1);
    // the same system audited the exact way, one linear program per open cell: nothing fails
    const { failures, stats } = await auditSystem(built, T);
    expect(failures).toEqual([]);
    expect(stats.primaryCells + stats.secondaryCells).toBe(
      built.cells.filter((c) => c.state === 1 || c.state === 2).length,
    );
    // nothing from 1 to t is left shown
    for (const c of built.cells)
      if (c.state === 0 && c.value !== null) expect(c.value < 1 || c.value > T).toBe(true);
  });

  // The independent attacker on this table takes two to five minutes: `pnpm test:attack-large`.
  it.runIf(process.env['FELLES_ATTACK_LARGE'] === '1')(
    'ends with a publication the independent attacker cannot narrow down',
    async () => {
      MUNICIPALITIES = municipalities(18);
      const published = rows(leaves(7));
      const run = new DisclosureRun({ threshold: T });
      await run.add(published, SCHEMA);
      const sealed = await run.seal();
      const out = sealed.tables[0]!.rows as ReadonlyArray<Record<string, unknown>>;
      expect(out).toHaveLength(published.length);
      expect(
        out.filter((r) => String(r['suppression_reason']).includes('narrow each other down'))
          .length,
      ).toBeGreaterThan(CROWDED);
      for (const r of out) {
        const n = r['n'];
        if (typeof n === 'number') expect(n < 1 || n > T).toBe(true);
      }
      const hierarchies: Hierarchy[] = [
        { coordinate: 'area', parent: ALL, children: MUNICIPALITIES },
        { coordinate: 'age', parent: ALL, children: AGES },
        { coordinate: 'group', parent: ALL, children: GROUPS },
      ];
      const findings = attack(
        [
          {
            rows: out,
            measures: { n: 'n' },
            coordinates: { area: 'area', age: 'age', group: 'group' },
            totals: { area: 'R', age: 'all', group: 'all' },
          },
        ],
        { threshold: T, hierarchies },
      );
      expect(findings).toEqual([]);
    },
    600_000,
  );

  it('audits the exact way when asked from outside suppression', async () => {
    // auditSystem without the suppression's option never reports `crowded`
    const system = new CellSystem();
    system.addDecomposition('*', 'area', '*', ['a', 'b', 'c']);
    system.addCell('n', new Map([['area', '*']]), 6);
    system.addCell('n', new Map([['area', 'a']]), 2);
    system.addCell('n', new Map([['area', 'b']]), 2);
    system.addCell('n', new Map([['area', 'c']]), 2);
    const built = system.build();
    for (const c of built.cells) if (c.value === 2) c.state = 1;
    const { failures } = await auditSystem(built, T);
    // 2 + 2 + 2 = 6 with each in [1, 4]: each is at least 6 − 8 and at most 6 − 2 = 4, so [1, 4]
    expect(failures).toEqual([]);
  });
});
