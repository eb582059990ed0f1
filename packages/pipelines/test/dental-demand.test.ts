import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DentalAnalysis, type Workspace } from '@felles/core';
import { dentalAnalysis } from '@felles/pipelines';
import {
  dentalRow,
  kprPerson,
  newDentalWorkspace,
  population,
} from '../../core/test/dental-fixtures.js';

/**
 * Demand fixture (hand-worked): municipality 4001 (Telemark), women only, base year 2024.
 * Population 1.1.2024: age 4 → 100, age 11 → 100 (they turn 5 and 12 in 2024: group a).
 * Entitled a: band 0–4 rate 100/100 = 1, band 10–14 rate 100/100 = 1.
 * Examined: 50 persons turning 12 (band 10–14): rate 50/100 = 0.5 (county 40).
 * Projection: 2024 starts from the registered population (age 4 → 100, age 11 → 100); 2025–2030
 * MMMM age 4 → 200, age 11 → 100; LLML age 4 → 100, age 11 → 50.
 * 2030 MMMM: entitled 200 + 100 = 300, examined 0.5 × 100 = 50;
 * FTE (group a, hygienist share 0.5): dentist 50 × 0.5 / 800 = 0.03125, hygienist 50 × 0.5 / 1000 = 0.025.
 * LLML: entitled 100 + 50 = 150, examined 0.5 × 50 = 25.
 */
describe('dental demand through the projection engine', () => {
  let ws: Workspace;
  let res: DentalAnalysis;
  beforeAll(async () => {
    ws = await newDentalWorkspace('demand');
    const db = ws.db;
    await population(db, 2024, '4001', { 4: 100, 11: 100 });
    for (let i = 0; i < 50; i++) {
      await kprPerson(db, `E${i}`, 2012, { 2024: '4001' });
      await dentalRow(db, `E${i}`, '2024-04-01', { county: '40', group: 'a', DMFT: 0 });
    }
    await db.exec(`
      INSERT INTO population_projection (table_id, vintage, alternative, year, region_level, region_code, sex, age_from, age_to, population)
      SELECT '14288', 2024, alt, y, 'municipality', '4001', 'F', age, age,
        CASE WHEN y = 2024 THEN 100.0 WHEN alt = 'MMMM' THEN mmmm ELSE llml END
      FROM (VALUES (4, 200.0, 100.0), (11, 100.0, 50.0)) p(age, mmmm, llml) CROSS JOIN range(2024, 2031) r(y)
      CROSS JOIN (VALUES ('MMMM'), ('LLML')) a(alt)`);
    res = await dentalAnalysis(ws, {
      years: [2024],
      threshold: 0,
      allowBelowConvention: true,
      cohorts: [],
      demand: { horizon: 2030 },
    });
  });
  afterAll(() => ws.close());

  const get = (alt: string, measure: string, county = '40') =>
    res.tables.demand!.rows.find(
      (r) =>
        r['alternative'] === alt &&
        r['year'] === 2030 &&
        r['county_code'] === county &&
        r['group_id'] === 'a' &&
        r['measure'] === measure,
    )!;

  it('projects the entitled population and the persons examined per group', () => {
    expect(res.tables.demand).toBeDefined();
    expect(get('MMMM', 'entitled')['volume']).toBeCloseTo(300, 9);
    expect(get('MMMM', 'entitled')['base']).toBeCloseTo(200, 9);
    expect(get('MMMM', 'examined')['volume']).toBeCloseTo(50, 9);
    expect(get('LLML', 'entitled')['volume']).toBeCloseTo(150, 9);
    expect(get('LLML', 'examined')['volume']).toBeCloseTo(25, 9);
    expect(get('MMMM', 'entitled', 'NO')['volume']).toBeCloseTo(300, 9);
  });

  it('converts examinations to dentist and hygienist FTEs with the productivity ratios', () => {
    expect(get('MMMM', 'dentist_fte')['volume']).toBeCloseTo(0.03125, 12);
    expect(get('MMMM', 'hygienist_fte')['volume']).toBeCloseTo(0.025, 12);
  });

  it('is left out with a warning when no projection is loaded', async () => {
    await ws.db.run(`DELETE FROM population_projection`);
    const r = await dentalAnalysis(ws, {
      years: [2024],
      threshold: 0,
      allowBelowConvention: true,
      cohorts: [],
    });
    expect(r.tables.demand).toBeUndefined();
    expect(r.warnings.join(' ')).toMatch(/demand projection not available/);
  });
});
