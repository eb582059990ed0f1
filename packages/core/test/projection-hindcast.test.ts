import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hindcast, type Db, type HindcastResult } from '../src/internal.js';
import {
  hindcastDb,
  HINDCAST_LINES as LINES,
  HINDCAST_SCENARIO as SCENARIO,
} from './projection-hindcast-fixture.js';

// The figures are worked by hand in projection-hindcast-fixture.ts.
let db: Db;
beforeAll(async () => {
  db = await hindcastDb();
});
afterAll(() => db.close());

const cell = (h: HindcastResult, area: string, line: string, year: number) => {
  const r = h.rows.find((x) => x.area_code === area && x.line_id === line && x.year === year);
  if (!r) throw new Error(`no hindcast row ${area} ${line} ${year}`);
  return r;
};

describe('projection hindcast', () => {
  it('projects the base-period rates onto the observed population and pairs it with what was observed', async () => {
    const h = await hindcast({ db }, { serviceLines: LINES, scenario: SCENARIO });
    expect(h.population).toBe('observed');
    expect(h.years).toEqual([2023, 2024]);
    expect(h.warnings.map((w) => w.code)).toContain('HINDCAST_YEAR_INCOMPLETE');
    expect(h.projection.meta.basePeriod.years).toEqual([2022]);
    expect(h.projection.meta.population.alternatives).toEqual(['observed']);
    const a = cell(h, 'H1', 'h.stays', 2023);
    expect(a.projected).toBeCloseTo(77.2, 10);
    expect(a.observed).toBe(78);
    expect(a.observed_events).toBe(78);
    expect(a.base_events).toBe(73);
    expect(cell(h, 'H1', 'h.stays', 2024).projected).toBeCloseTo(84.2, 10);
    expect(cell(h, 'H1', 'h.stays', 2024).observed).toBe(84);
    expect(cell(h, 'H2', 'h.stays', 2023)).toMatchObject({ observed: 15, base_events: 12 });
    expect(cell(h, 'H2', 'h.stays', 2024).projected).toBeCloseTo(12, 10);
    expect(cell(h, 'H2', 'h.stays', 2024).observed).toBe(4);
    const d = cell(h, 'H1', 'm.days', 2023);
    expect(d.projected).toBeCloseTo(360, 10);
    expect(d).toMatchObject({ observed: 400, observed_events: 12 });
    expect(cell(h, 'H2', 'm.days', 2024)).toMatchObject({ projected: 0, observed: 0 });
    expect(h.rows).toHaveLength(8);
  });

  it('with the projection published then: rates × that projection', async () => {
    const h = await hindcast(
      { db },
      { serviceLines: LINES, scenario: SCENARIO, population: 'projection' },
    );
    expect(h.projection.meta.population).toMatchObject({ tableId: '14288', vintage: 2022 });
    // the projection kept 1 January 2022: H1 10 + 25 + 8 + 30 = 73 in both years, H2 12
    expect(cell(h, 'H1', 'h.stays', 2023).projected).toBeCloseTo(73, 10);
    expect(cell(h, 'H1', 'h.stays', 2024).projected).toBeCloseTo(73, 10);
    expect(cell(h, 'H2', 'h.stays', 2024).projected).toBeCloseTo(12, 10);
    expect(cell(h, 'H1', 'h.stays', 2024).alternative).toBe('MMMM');
  });

  it('refuses a hindcast without later years', async () => {
    await expect(
      hindcast({ db }, { serviceLines: LINES, scenario: SCENARIO, horizon: 2022 }),
    ).rejects.toMatchObject({ code: 'NO_HINDCAST_YEARS' });
  });
});
