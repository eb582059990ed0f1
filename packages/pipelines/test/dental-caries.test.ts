import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meanWithCi, type DentalAnalysis, type Workspace } from '@felles/core';
import { dentalAnalysis } from '@felles/pipelines';
import {
  dentalRow,
  kprPerson,
  newDentalWorkspace,
  population,
} from '../../core/test/dental-fixtures.js';

/**
 * Caries fixture, 2024 (all hand-computed below):
 * - Telemark (40), 12 years (born 2012): DMFT 0,0,0,0,1,1,2,3,5,8 → n 10, caries-free 4 (40 %),
 *   mean 2.0, SiC: k = round(10/3) = 3 → (8+5+3)/3 = 5.333…; cohort 20 → 50 % examined.
 *   Σx² = 104, s² = (104 − 10·2²)/9 = 64/9, t(0.975, 9) = 2.2621571628, half-width
 *   2.2621571628·(8/3)/√10 = 1.9076184 → 0.0923816 to 3.9076184.
 * - Oslo (03), 12 years: 0,0,0,0,0,1,2,2,2,2,4 → n 11, k = round(11/3) = 4 → (4+2+2+2)/4 = 2.5
 *   (the tie at 2 does not matter: any three of the four 2s give the same mean).
 * - Telemark, 18 years (born 2006): 0,3,4,10,12 → DMFT < 4: 2 (40 %), > 9: 2 (40 %), caries-free 1.
 * - Telemark, 5 years (born 2019): dmft 0,0,2 and one examination without a score.
 * - Norway (NO), 12 years: the 21 scores together: k = 7 → (8+5+4+3+2+2+2)/7 = 26/7.
 */
describe('caries indicators and the dental analysis', () => {
  let ws: Workspace;
  let res: DentalAnalysis;
  beforeAll(async () => {
    ws = await newDentalWorkspace('caries');
    const db = ws.db;
    let i = 0;
    const add = async (
      birth: number,
      county: string,
      score: Partial<{ dmft: number | null; DMFT: number | null }>,
      date = '2024-03-01',
    ) => {
      i += 1;
      const id = `P${i}`;
      await kprPerson(db, id, birth, { 2024: county === '40' ? '4001' : '0301' });
      await dentalRow(db, id, date, {
        county,
        clinic: county === '40' ? 'Porsgrunn' : 'Oslo-sentrum',
        group: 'a',
        ...score,
      });
      return id;
    };
    for (const s of [0, 0, 0, 0, 1, 1, 2, 3, 5, 8]) await add(2012, '40', { DMFT: s });
    for (const s of [0, 0, 0, 0, 0, 1, 2, 2, 2, 2, 4]) await add(2012, '03', { DMFT: s });
    for (const s of [0, 3, 4, 10, 12]) await add(2006, '40', { DMFT: s });
    for (const s of [0, 0, 2, null]) await add(2019, '40', { dmft: s });
    // a recall pair: examined 2023-01-10 and 2024-03-01 (13.7 months)
    await dentalRow(db, 'P1', '2023-01-10', {
      county: '40',
      clinic: 'Porsgrunn',
      group: 'a',
      DMFT: null,
    });
    await population(db, 2025, '4001', { 5: 8, 12: 20, 18: 10 });
    await population(db, 2025, '0301', { 12: 30 });
    res = await dentalAnalysis(ws, {
      years: [2024],
      threshold: 0,
      allowBelowConvention: true,
      cohorts: [],
    });
  });
  afterAll(() => ws.close());

  const caries = (county: string, age: number) =>
    res.tables.caries.rows.find(
      (r) => r['county_code'] === county && r['age'] === age && r['year'] === 2024,
    )!;

  it('share caries-free, mean DMFT with its t-interval, SiC at 12, share examined beside it', () => {
    const r = caries('40', 12);
    expect(r['scored']).toBe(10);
    expect(r['caries_free']).toBe(4);
    expect(r['share_caries_free']).toBeCloseTo(40, 10);
    expect(r['mean_score']).toBeCloseTo(2.0, 12);
    expect(r['mean_lower']).toBeCloseTo(0.0923816, 6);
    expect(r['mean_upper']).toBeCloseTo(3.9076184, 6);
    expect(r['sic']).toBeCloseTo(16 / 3, 12);
    expect(r['sic_k']).toBe(3);
    expect(r['cohort']).toBe(20);
    expect(r['share_examined']).toBeCloseTo(50, 10);
    expect(r['caries_index']).toBe('DMFT');
  });

  it('SiC with n not divisible by 3 and ties; national SiC over all counties', () => {
    expect(caries('03', 12)['sic']).toBeCloseTo(2.5, 12);
    expect(caries('03', 12)['sic_k']).toBe(4);
    expect(caries('NO', 12)['sic']).toBeCloseTo(26 / 7, 12);
    expect(caries('NO', 12)['scored']).toBe(21);
    expect(caries('NO', 12)['cohort']).toBe(50);
  });

  it('at 18: shares with DMFT < 4 and > 9; dmft at 5 with an unscored examination', () => {
    const r = caries('40', 18);
    expect(r['below_4']).toBe(2);
    expect(r['above_9']).toBe(2);
    expect(r['share_below_4']).toBeCloseTo(40, 10);
    expect(r['share_above_9']).toBeCloseTo(40, 10);
    expect(r['caries_free']).toBe(1);
    const f = caries('40', 5);
    expect(f['caries_index']).toBe('dmft');
    expect(f['examined']).toBe(4);
    expect(f['scored']).toBe(3);
    expect(f['mean_score']).toBeCloseTo(2 / 3, 12);
    expect(f['share_examined']).toBeCloseTo(50, 10);
    expect(f['below_4']).toBeNull();
    expect(f['sic']).toBeNull();
  });

  it('meanWithCi edge cases', () => {
    expect(meanWithCi(0, 0, 0).value).toBeNull();
    expect(meanWithCi(1, 3, 9)).toEqual({ value: 3, lower: null, upper: null });
    expect(meanWithCi(4, 0, 0)).toEqual({ value: 0, lower: 0, upper: 0 });
  });

  it('utilisation by group and county with Wilson limits; recall interval; every table disclosed', () => {
    const u = res.tables.utilisation.rows.find(
      (r) => r['county_code'] === '40' && r['group_id'] === 'a',
    )!;
    expect(u['entitled']).toBe(38); // 1.1.2025 ages 5, 12, 18 in 4001
    expect(u['examined']).toBe(19);
    expect(u['share_examined']).toBeCloseTo((19 / 38) * 100, 10);
    // Wilson 19/38 at 95 %: 0.5 ± ..., symmetric around 50 %
    expect((u['examined_lower'] as number) + (u['examined_upper'] as number)).toBeCloseTo(100, 8);
    expect(u['suppressed']).toBe('none');
    const rc = res.tables.recall.rows.find(
      (r) => r['county_code'] === '40' && r['group_id'] === 'a',
    )!;
    expect(rc['intervals']).toBe(1);
    expect(rc['m12_17']).toBe(1);
    expect(rc['median_months']).toBeCloseTo(416 / 30.4375, 10);
    for (const t of Object.values(res.tables)) expect(t.columnNames).toContain('suppressed');
  });

  it('with the default threshold, small caries cells are hidden with their means and SiC', async () => {
    const r = await dentalAnalysis(ws, { years: [2024], cohorts: [] });
    const f = r.tables.caries.rows.find((x) => x['county_code'] === '40' && x['age'] === 5)!;
    expect(f['scored']).toBeNull();
    expect(f['mean_score']).toBeNull();
    expect(f['suppressed']).toBe('primary');
  });
});
