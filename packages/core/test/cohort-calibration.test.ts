/**
 * The calibration check of the built-in cohorts (against the synthetic-data targets) on a fixture.
 * The same check on the synthetic demo belongs in the demo/e2e tests (see docs/cohorts.md).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALIBRATION_TARGETS, cohortCalibration, type Workspace } from '../src/internal.js';
import { episode, newWorkspace, person, run } from './cohort-fixtures.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await newWorkspace('calibration');
});
afterAll(() => ws?.close());

describe('cohortCalibration', () => {
  it('compares national shares with the synthetic-data targets', async () => {
    const db = ws.db;
    // 1,000 adults aged 40 on 1.1.2025 (the denominator year for 2024); none 75+.
    await db.run(
      `INSERT INTO population (year, municipality_code, sex, age, population) VALUES (2025, '0301', 'F', 40, 600), (2025, '0301', 'M', 40, 400)`,
    );
    for (let i = 0; i < 17; i++) {
      await person(db, 'npr', `A${i}`, { birthYear: 1984 });
      await episode(db, `A${i}`, '2024-03-01', 'I500', ['E119', 'J449']);
    }
    await run(ws, ['complex-multimorbidity', 'frail-elderly-function']);
    const rows = await cohortCalibration(db, 2024);
    const adults = rows.find((r) => r.id === 'cmm.adults')!;
    expect(adults).toMatchObject({
      members: 17,
      population: 1000,
      share: 0.017,
      target: CALIBRATION_TARGETS.cmmAdults,
      ok: true,
    });
    const frail = rows.find((r) => r.id === 'frail.75+')!;
    expect(frail).toMatchObject({ members: 0, population: null, share: null, ok: false });
  });
});
