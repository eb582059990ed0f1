/**
 * Property test of the linked-table suppression: seeded random publications (random area
 * hierarchies of 2–40 areas with twins, 1–3 breakdowns, many zeros and small counts, 1–3 tables
 * sharing cells) go through `DisclosureRun`; the independent attacker (test/attacker) must find
 * no hidden count narrower than the rule, and no count from 1 to 4 may be shown.
 *
 * The suite runs the first 500 cases of the stream; `FELLES_PROPERTY_CASES=10000` runs 10,000
 * (the same seed, so the first 500 are the same cases). On the shared 2-core machine a case
 * takes about 0.1–0.4 s (suppression, audit and attack), so 10,000 take far longer than a suite
 * should.
 */
import { describe, expect, it } from 'vitest';
import { DisclosureRun, type DimensionSpec } from '../src/disclosure/index.js';
import { ALL, attack } from './attacker/attacker.js';
import { attackTables, randomCase, type RandomCase } from './attacker/random-tables.js';

const CASES = Number(process.env['FELLES_PROPERTY_CASES'] ?? 500);
const SEED = 20261207;
const T = 4;

async function disclose(c: RandomCase) {
  const geography = {
    decompositions: [
      { parent: 'NO', children: ['*'] },
      ...c.hierarchies
        .filter((h) => h.coordinate === 'area')
        .map((h) => ({ parent: h.parent === ALL ? '*' : h.parent, children: h.children })),
    ],
  };
  const run = new DisclosureRun({ threshold: T, geography });
  for (const t of c.tables) {
    const dims: DimensionSpec[] = [{ column: 'area', total: 'NO' }];
    for (const id of t.breakdowns) {
      const b = c.breakdowns.find((x) => x.id === id)!;
      dims.push({
        column: id,
        total: 'all',
        parts: [...b.parts, ...(b.split?.into ?? [])],
        ...(b.split
          ? { parents: b.split.into.map((v) => [v, b.split!.part] as [string, string]) }
          : {}),
      });
    }
    await run.add(t.rows, {
      name: t.name,
      dimensions: dims,
      counts: ['n'],
      cells: { measures: { n: 'n' } },
    });
  }
  return run.seal();
}

describe('linked suppression against an independent attacker (property)', () => {
  it(
    `${CASES} random linked publications: nothing recoverable, nothing small shown`,
    async () => {
      const problems: string[] = [];
      let hidden = 0;
      let cells = 0;
      for (let k = 0; k < CASES; k++) {
        const c = randomCase(SEED + k);
        const sealed = await disclose(c);
        const rows = sealed.tables.map((t) => t.rows as ReadonlyArray<Record<string, unknown>>);
        for (const t of rows)
          for (const r of t) {
            cells++;
            if (r['n'] === null) hidden++;
            if (typeof r['n'] === 'number' && r['n'] >= 1 && r['n'] <= T)
              problems.push(`case ${k}: a count of ${r['n']} is shown`);
          }
        const findings = attack(attackTables(c, rows), {
          threshold: T,
          hierarchies: c.hierarchies,
        });
        for (const f of findings)
          problems.push(`case ${k}: ${f.kind} ${JSON.stringify(f.coords)} in [${f.lo}, ${f.hi}]`);
        if (problems.length > 20) break;
      }
      expect(problems).toEqual([]);
      // the cases do exercise suppression: a good share of the cells is hidden
      expect(hidden / cells).toBeGreaterThan(0.1);
    },
    Math.max(600_000, CASES * 500),
  );
});
