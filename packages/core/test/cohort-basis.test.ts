import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cohortCountsTable,
  cohortScoresTable,
  runCohorts,
  type Workspace,
} from '../src/internal.js';
import { attrition, episode, members, newWorkspace, person } from './cohort-fixtures.js';

/**
 * The basis of cohort counts (docs/cohorts.md, "Basis"): members alive and resident at the
 * reference date (31 December 2024), against SSB's residents on 1 January 2025. Hand-worked:
 *
 *   population 1.1.2025, Oslo: 20 aged 80 (10 F, 10 M), 7 aged 17; 1.1.2024: 999 each (unused)
 *   five persons born 1944 (age 80 in 2024) with heart failure, diabetes and COPD in March 2024:
 *     A alive                         → member
 *     B died 30 June 2024             → not alive at the reference date: not a member
 *     C died 15 January 2025          → alive at the reference date: member
 *     D died 31 December 2024         → not in the 1.1.2025 population either: not a member
 *     E no residence recorded         → not resident: not a member
 *   complex-multimorbidity (18+), Oslo, 80+: 2 members / 20 residents = 100 per 1,000; the 17-year-olds
 *   are outside the cohort's ages and not in the denominator (all ages: 2 / 20 = 100 as well).
 */
let ws: Workspace;
beforeAll(async () => {
  ws = await newWorkspace('basis');
  const db = ws.db;
  for (const [year, n80, n17] of [
    [2024, 999, 999],
    [2025, 10, 7],
  ] as const)
    for (const sex of ['F', 'M'])
      await db.run(
        `INSERT INTO population (year, municipality_code, sex, age, population) VALUES ($1, '0301', $2, 80, $3), ($1, '0301', $2, 17, $4)`,
        [year, sex, n80, sex === 'F' ? n17 : 0],
      );
  const deaths: Record<string, string | undefined> = {
    A: undefined,
    B: '2024-06-30',
    C: '2025-01-15',
    D: '2024-12-31',
    E: undefined,
  };
  for (const [id, death] of Object.entries(deaths)) {
    await person(db, 'npr', id, {
      birthYear: 1944,
      sex: id === 'C' ? 'M' : 'F',
      ...(death ? { death } : {}),
      residence: id === 'E' ? {} : { 2024: '0301' },
    });
    await episode(db, id, '2024-03-01', 'I500', ['E119', 'J449']);
  }
  await runCohorts(ws, { ids: ['complex-multimorbidity', 'charlson'], years: [2024] });
}, 120_000);
afterAll(() => ws?.close());

describe('cohort counts: members and population on one basis', () => {
  it('members are alive and resident on 31 December (a death on 30 June is not a member)', async () => {
    expect(await members(ws.db, 'complex-multimorbidity')).toEqual({ A: '0301', C: '0301' });
    expect(await attrition(ws.db, 'complex-multimorbidity')).toEqual([
      ['base population (alive and resident at the reference date, known in the id space)', 2],
      ['age 18+ at the reference date', 2],
      ['≥ 3 chronic conditions in ≥ 3 organ systems in specialist care, 12 months', 2],
    ]);
  });

  it('the denominator is the population of 1 January 2025 in the cohort ages: 2 / 20 = 100 per 1,000', async () => {
    // the counts as they go to disclosure control
    const t = await cohortCountsTable(ws, {
      ids: ['complex-multimorbidity'],
      years: [2024],
      byAge: true,
    });
    const cell = (area: string, age: string) =>
      t.rows.find((r) => r['area_code'] === area && r['age_group'] === age)!;
    for (const age of ['80+', 'all']) {
      expect(cell('OSLO', age)).toMatchObject({
        members: 2,
        population: 20,
        population_year: 2025,
        per_1000: 100,
      });
    }
    for (const r of t.rows)
      if (r['per_1000'] !== null) expect(Number(r['per_1000'])).toBeLessThanOrEqual(1000);
  });

  it('a score (charlson) is a distribution of the people scored, not a prevalence', async () => {
    const counts = await ws.db.all(
      `SELECT DISTINCT population, population_year FROM cohort_count WHERE cohort_id = 'charlson'`,
    );
    expect(counts).toEqual([{ population: null, population_year: null }]);
    // A and C: heart failure 1 + diabetes 1 + COPD 1 = 3 → band 3-4, 100 % of the two scored.
    const s = await cohortScoresTable(ws, { ids: ['charlson'], years: [2024] });
    const no = s.rows.filter((r) => r['area_code'] === 'NO');
    expect(no.map((r) => [r['band'], r['persons'], r['share_pct']])).toEqual([
      ['all', 2, 100],
      ['3-4', 2, 100],
    ]);
  });

  it('a year without registry data is refused', async () => {
    await expect(runCohorts(ws, { ids: ['charlson'], years: [2031] })).rejects.toThrow(
      'no person-level registry data for 2031: the workspace has them for 2024; give --year within those',
    );
  });
});
