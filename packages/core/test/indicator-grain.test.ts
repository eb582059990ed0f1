/**
 * Indicators by month and quarter, on hand-made fixtures: the months of a count add up to its
 * year, and the rate rule for population denominators (the month's events per the year's
 * residents) worked by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeIndicator,
  grainReason,
  loadIndicatorLibrary,
  type IndicatorRow,
  type Workspace,
} from '../src/internal.js';
import { claims, newWorkspace, stay, uniformPopulation } from './indicator-fixtures.js';

const lib = loadIndicatorLibrary();
const def = (id: string) => lib.get(id)!.definition;
let ws: Workspace;

// Population: 100 per sex and age 0–94 in every municipality = 19,000 residents each.
// GP consultations in Porsgrunn (4001), 2024: 3 on 15 January, 5 on 10 March, 2 on 31 December
// (age 40); 10 in the year.
// Somatic inpatient stays in Skien (4003), 2024: one admitted 28.12.2023 and discharged
// 2.1.2024 (5 bed days, January: the discharge month, in the discharge year), one 3.–6.6.2024
// (3 bed days).
beforeAll(async () => {
  ws = await newWorkspace('grain');
  await uniformPopulation(ws.db, [2024]);
  await claims(ws.db, { mun: '4001', year: 2024, n: 3, age: 40, date: '2024-01-15' });
  await claims(ws.db, { mun: '4001', year: 2024, n: 5, age: 40, date: '2024-03-10' });
  await claims(ws.db, { mun: '4001', year: 2024, n: 2, age: 40, date: '2024-12-31' });
  await stay(ws.db, {
    person: 'S1',
    mun: '4003',
    birthYear: 1950,
    admitted: '2023-12-28 10:00',
    discharged: '2024-01-02 10:00',
  });
  await stay(ws.db, {
    person: 'S2',
    mun: '4003',
    birthYear: 1950,
    admitted: '2024-06-03 10:00',
    discharged: '2024-06-06 10:00',
  });
}, 600_000);
afterAll(() => ws.close());

const run = (id: string, grain: 'month' | 'quarter' | 'year') =>
  computeIndicator(ws.db, def(id), {
    years: [2024],
    structureYear: 2024,
    usableLinks: 0,
    levels: ['municipality', 'national'],
    grain,
  });

/** The rows of one municipality with every other breakdown at its total. */
const rowsOf = (rs: IndicatorRow[], mun: string, dim: string) =>
  new Map(
    rs
      .filter(
        (r) =>
          r.area_code === mun &&
          Object.entries(r.breakdown).every(([k, v]) => k === dim || v === 'all'),
      )
      .map((r) => [r.breakdown[dim]!, r]),
  );

describe('indicators by month and quarter', () => {
  it('counts: the 12 months (and none) add up to the year, which equals the yearly run', async () => {
    const m = rowsOf(await run('gp-consultations', 'month'), '4001', 'month');
    expect([...m.keys()]).toEqual([
      'all',
      '01',
      '02',
      '03',
      '04',
      '05',
      '06',
      '07',
      '08',
      '09',
      '10',
      '11',
      '12',
      'none',
    ]);
    expect(m.get('01')!.numerator).toBe(3);
    expect(m.get('03')!.numerator).toBe(5);
    expect(m.get('12')!.numerator).toBe(2);
    expect(m.get('02')!.numerator).toBe(0);
    const months = [...m.entries()].filter(([k]) => k !== 'all');
    expect(months.reduce((a, [, r]) => a + r.numerator!, 0)).toBe(10);
    expect(m.get('all')!.numerator).toBe(10);
    const year = (await run('gp-consultations', 'year')).find(
      (r) => r.area_code === '4001' && Object.values(r.breakdown).every((v) => v === 'all'),
    )!;
    expect(year.numerator).toBe(10);
    expect(m.get('all')!.value).toBeCloseTo(year.value!, 12);
  });

  it('rates per the year’s residents: a month is its events per 1,000 of the year’s population, and the months add up to the year', async () => {
    const m = rowsOf(await run('gp-consultations', 'month'), '4001', 'month');
    // 3 / 19,000 × 1,000 = 0.157894…; the year 10 / 19,000 × 1,000 = 0.526315…
    expect(m.get('01')!.denominator).toBe(19_000);
    expect(m.get('01')!.value).toBeCloseTo((3 / 19_000) * 1000, 12);
    expect(m.get('all')!.value).toBeCloseTo((10 / 19_000) * 1000, 12);
    const sum = [...m.entries()].filter(([k]) => k !== 'all').reduce((a, [, r]) => a + r.value!, 0);
    expect(sum).toBeCloseTo(m.get('all')!.value!, 12);
  });

  it('quarters, and sums of bed days by discharge month inside the discharge year', async () => {
    const q = rowsOf(await run('gp-consultations', 'quarter'), '4001', 'quarter');
    expect(q.get('Q1')!.numerator).toBe(8);
    expect(q.get('Q2')!.numerator).toBe(0);
    expect(q.get('Q4')!.numerator).toBe(2);
    const d = rowsOf(await run('somatic-bed-days', 'month'), '4003', 'month');
    expect(d.get('01')!.numerator).toBe(5);
    expect(d.get('06')!.numerator).toBe(3);
    expect(d.get('12')!.numerator).toBe(0);
    expect(d.get('all')!.numerator).toBe(8);
  });

  it('only indicators whose months add up have them', async () => {
    expect(grainReason(def('gp-consultations'))).toBeUndefined();
    expect(grainReason(def('video-telephone-share'))).toBeUndefined();
    expect(grainReason(def('coercion-decision-patients'))).toBe('persons');
    expect(grainReason(def('golden-rule'))).toBe('growth');
    expect(grainReason(def('home-health-care-users'))).toBe('no-month');
    expect(grainReason(def('waiting-time-somatic'))).toBe('no-month');
    await expect(run('coercion-decision-patients', 'month')).rejects.toMatchObject({
      code: 'NO_GRAIN',
    });
  });
});
