/**
 * The property test of the linked-table suppression, shared by its two test files (each runs
 * half of the cases, so that a test runner with two workers runs them side by side): seeded
 * random publications (random area hierarchies of 2–40 areas with twins, 1–3 breakdowns, many
 * zeros and small counts, 1–3 tables sharing cells) go through `DisclosureRun`; the independent
 * attacker (test/attacker) must find no hidden count narrower than the rule, and no count from 1
 * to 4 may be shown.
 *
 * 10,000 cases by default (`FELLES_PROPERTY_CASES` sets another number; the same seed, so a
 * smaller run is the first cases of the larger one). A case costs about 7 ms of CPU (suppression
 * and audit about half, the attacker the other half).
 */
import { DisclosureRun, type DimensionSpec } from '../src/disclosure/index.js';
import { ALL, attack } from './attacker/attacker.js';
import { attackTables, randomCase, type RandomCase } from './attacker/random-tables.js';

/** Cases in all, over both files. */
export const CASES = Number(process.env['FELLES_PROPERTY_CASES'] ?? 10_000);
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

/** What cases `from` to `to − 1` gave: problems found (at most about 20) and the hidden share. */
export async function runCases(
  from: number,
  to: number,
): Promise<{ problems: string[]; hiddenShare: number }> {
  const problems: string[] = [];
  let hidden = 0;
  let cells = 0;
  for (let k = from; k < to; k++) {
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
  return { problems, hiddenShare: cells ? hidden / cells : 0 };
}
