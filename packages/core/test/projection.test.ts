import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { project, type Db, type ProjectionResult, type SeriesRow } from '../src/internal.js';
import { fixtureDb, LINES, scenario } from './projection-fixture.js';

let db: Db;
beforeAll(async () => {
  db = await fixtureDb();
});
afterAll(() => db.close());

const row = (
  r: ProjectionResult,
  area: string,
  line: string,
  year: number,
  alt = 'MMMM',
): SeriesRow => {
  const x = r.series.find(
    (s) => s.area_code === area && s.line_id === line && s.year === year && s.alternative === alt,
  );
  if (!x) throw new Error(`no series row ${area} ${line} ${year} ${alt}`);
  return x;
};

describe('project: demography only', () => {
  it('equals Σ rate × projected population exactly, per area and alternative', async () => {
    const r = await project(
      { db },
      { serviceLines: LINES, scenario: scenario([]), includeBaseRates: true },
    );
    expect(r.meta.areas).toEqual(['H1', 'H2']);
    expect(r.meta.years).toEqual([2024, 2025, 2026, 2027, 2028, 2029, 2030]);
    expect(r.meta.ageBands).toEqual(['0-49', '50-79', '80+']);
    expect(r.meta.population).toMatchObject({
      tableId: '14288',
      vintage: 2024,
      alternatives: ['MMMM', 'LLML'],
      startYear: 2024,
    });
    // H1: 3001 → 70 + 75.5 = 145.5; 3002 → 0.02·300 + 0.005·100 = 6.5. Base 2023: 108 + 5 = 113.
    for (const y of [2024, 2030]) {
      const s = row(r, 'H1', 'h.stays', y);
      expect(s.demography).toBeCloseTo(152, 10);
      expect(s.volume).toBeCloseTo(152, 10);
      expect(s.base).toBeCloseTo(113, 10);
      expect(s.change_pct).toBeCloseTo((100 * 39) / 113, 10);
      expect(s.table_id).toBe('14288');
      expect(s.vintage).toBe(2024);
    }
    expect(row(r, 'H1', 'h.stays', 2023).volume).toBeCloseTo(113, 10);
    // LLML is 0.9 × MMMM's population, so 0.9 × the volume.
    expect(row(r, 'H1', 'h.stays', 2027, 'LLML').volume).toBeCloseTo(0.9 * 152, 10);
    expect(row(r, 'H2', 'h.stays', 2030).volume).toBeCloseTo(4, 10);
    expect(row(r, 'H1', 'm.days', 2030).volume).toBeCloseTo(450, 10);
    // Population carried beside the figures: H1 2030 = 3350 + 400.
    expect(row(r, 'H1', 'h.stays', 2030).population).toBeCloseTo(3750, 10);
    // Base rates are reported: 3001 F 50–79 = 25 / 500.
    const br = r.baseRates.find(
      (b) =>
        b.line_id === 'h.stays' && b.rate_area === '3001' && b.sex === 'F' && b.band === '50-79',
    );
    expect(br?.rate).toBeCloseTo(0.05, 12);
    // No factors → the decomposition is demography only, interaction 0.
    const dec = r.decomposition.filter(
      (d) =>
        d.area_code === 'H1' &&
        d.line_id === 'h.stays' &&
        d.year === 2030 &&
        d.alternative === 'MMMM',
    );
    expect(dec.map((d) => d.component)).toEqual(['demography', 'interaction']);
    expect(dec[0]!.value).toBeCloseTo(39, 10);
    expect(dec[1]!.value).toBeCloseTo(0, 10);
  });

  it("warns when the base year differs from the projection start year, and projects only the projection's years", async () => {
    const r = await project({ db }, { serviceLines: LINES, scenario: scenario([]), areas: ['H2'] });
    expect(r.warnings.map((w) => w.code)).toContain('BASE_YEAR_MISMATCH');
    const db2 = await fixtureDb();
    try {
      await db2.exec(`DELETE FROM population_projection WHERE year < 2026`);
      const g = await project(
        { db: db2 },
        { serviceLines: LINES, scenario: scenario([]), areas: ['H1'], alternatives: ['MMMM'] },
      );
      expect(g.meta.years).toEqual([2026, 2027, 2028, 2029, 2030]);
      expect(g.series.filter((s) => s.line_id === 'h.stays').map((s) => s.year)).toEqual([
        2023, 2026, 2027, 2028, 2029, 2030,
      ]);
      expect(g.warnings.find((w) => w.code === 'BASE_YEAR_MISMATCH')?.message).toMatch(
        /base year \(2023\).*start year \(2026/,
      );
    } finally {
      db2.close();
    }
  });

  it('estimates rates at helsefellesskap level when asked (rateArea hff)', async () => {
    const lines = [{ ...LINES[0]!, rateArea: 'hff' as const }];
    const r = await project({ db }, { serviceLines: lines, scenario: scenario([]), areas: ['H1'] });
    // F 0–49: 14/1200 × 1300; M 0–49: 9/1200 × 1100; the older bands as before (30 + 30 + 37.5 + 30).
    expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(
      (14 / 1200) * 1300 + (9 / 1200) * 1100 + 127.5,
      10,
    );
  });

  it('projects per municipality with areaLevel municipality', async () => {
    const r = await project(
      { db },
      {
        serviceLines: [LINES[0]!],
        scenario: scenario([]),
        areaLevel: 'municipality',
        alternatives: ['MMMM'],
      },
    );
    expect(r.meta.areas).toEqual(['3001', '3002', '4601']);
    expect(row(r, '3001', 'h.stays', 2030).volume).toBeCloseTo(145.5, 10);
    expect(row(r, '3002', 'h.stays', 2030).volume).toBeCloseTo(6.5, 10);
  });

  it('refuses unknown areas, alternatives and horizons past 2050', async () => {
    await expect(
      project({ db }, { serviceLines: LINES, scenario: scenario([]), areas: ['H9'] }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_AREA' });
    await expect(
      project({ db }, { serviceLines: LINES, scenario: scenario([]), alternatives: ['HHMH'] }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_ALTERNATIVE' });
    await expect(
      project({ db }, { serviceLines: LINES, scenario: scenario([]), horizon: 2051 }),
    ).rejects.toMatchObject({ code: 'BAD_HORIZON' });
  });
});

describe('project: each change factor alone', () => {
  const run = async (factors: Parameters<typeof scenario>[0]) =>
    project(
      { db },
      { serviceLines: LINES, scenario: scenario(factors), areas: ['H1'], alternatives: ['MMMM'] },
    );

  it('trend: (1 + r)^(target − start) − 1, times realisation, phased in linearly', async () => {
    const r = await run([
      {
        id: 't',
        type: 'trend',
        lines: ['h.stays'],
        start: 2024,
        target: 2028,
        realisation: 0.5,
        value: 2,
      },
    ]);
    const full = 0.5 * (1.02 ** 4 - 1); // 0.04121608
    expect(row(r, 'H1', 'h.stays', 2024).volume).toBeCloseTo(152, 10);
    expect(row(r, 'H1', 'h.stays', 2026).volume).toBeCloseTo(152 * (1 + full / 2), 10);
    expect(row(r, 'H1', 'h.stays', 2028).volume).toBeCloseTo(152 * 1.04121608, 6);
    expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(152 * (1 + full), 10);
    expect(row(r, 'H1', 'h.day', 2030).volume).toBeCloseTo(152, 10); // other lines untouched
  });

  it('healthy ageing: rates shift toward the band below by shift / (distance between band midpoints)', async () => {
    // Midpoints 25, 65, 95: a 3-year shift gives w = 3/40 = 0.075 for 50–79 and 3/30 = 0.1 for 80+.
    // 3001 F 50–79: 0.925·30 + 0.075·(0.01·600) = 28.2;  F 80+: 0.9·30 + 0.1·(0.05·150) = 27.75
    // 3001 M 50–79: 0.925·37.5 + 0.075·(0.008·500) = 34.9875;  M 80+: 0.9·30 + 0.1·(0.075·100) = 27.75
    // H1 = 10 + 28.2 + 27.75 + 8 + 34.9875 + 27.75 + 6.5 = 143.1875
    const r = await run([
      {
        id: 'ha',
        type: 'healthy_ageing',
        lines: ['h.stays'],
        fromAge: 50,
        start: 2024,
        target: 2030,
        value: 3,
      },
    ]);
    expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(143.1875, 10);
    expect(row(r, 'H1', 'h.stays', 2027).volume).toBeCloseTo(152 - 8.8125 / 2, 10);
    expect(row(r, 'H1', 'h.stays', 2024).volume).toBeCloseTo(152, 10);
    // fromAge 80 shifts only the top band: −(30 − 27.75) − (30 − 27.75) = −4.5
    const r80 = await run([
      {
        id: 'ha',
        type: 'healthy_ageing',
        lines: ['h.stays'],
        fromAge: 80,
        start: 2024,
        target: 2030,
        value: 3,
      },
    ]);
    expect(row(r80, 'H1', 'h.stays', 2030).volume).toBeCloseTo(147.5, 10);
  });

  it('length-of-stay reduction and efficiency reduce their lines by value × realisation', async () => {
    const r = await run([
      { id: 'los', type: 'los_reduction', lines: ['h.days'], start: 2024, target: 2028, value: 10 },
      {
        id: 'eff',
        type: 'efficiency',
        lines: ['m.days'],
        start: 2025,
        target: 2029,
        realisation: 0.5,
        value: 5,
      },
    ]);
    expect(row(r, 'H1', 'h.days', 2026).volume).toBeCloseTo(152 * 0.95, 10);
    expect(row(r, 'H1', 'h.days', 2030).volume).toBeCloseTo(152 * 0.9, 10);
    expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(152, 10);
    expect(row(r, 'H1', 'm.days', 2025).volume).toBeCloseTo(450, 10);
    expect(row(r, 'H1', 'm.days', 2027).volume).toBeCloseTo(450 * (1 - 0.5 * 0.5 * 0.05), 10);
    expect(row(r, 'H1', 'm.days', 2029).volume).toBeCloseTo(450 * 0.975, 10);
  });

  it('task transfer moves volume between levels and conserves the total', async () => {
    const r = await run([
      {
        id: 'tt',
        type: 'task_transfer',
        from: 'h.days',
        to: 'm.days',
        start: 2024,
        target: 2028,
        value: 20,
      },
    ]);
    // 2028: 20 % of 152 = 30.4 moves; 2026: 10 % = 15.2.
    expect(row(r, 'H1', 'h.days', 2028).volume).toBeCloseTo(121.6, 10);
    expect(row(r, 'H1', 'm.days', 2028).volume).toBeCloseTo(480.4, 10);
    expect(row(r, 'H1', 'h.days', 2026).volume).toBeCloseTo(136.8, 10);
    expect(row(r, 'H1', 'm.days', 2026).volume).toBeCloseTo(465.2, 10);
    for (const y of r.meta.years) {
      expect(row(r, 'H1', 'h.days', y).volume + row(r, 'H1', 'm.days', y).volume).toBeCloseTo(
        152 + 450,
        9,
      );
    }
    expect(r.warnings.map((w) => w.code)).not.toContain('TRANSFER_SAME_LEVEL');
    const same = await run([
      {
        id: 'tt',
        type: 'task_transfer',
        from: 'h.stays',
        to: 'h.day',
        start: 2024,
        target: 2028,
        value: 20,
      },
    ]);
    expect(same.warnings.map((w) => w.code)).toContain('TRANSFER_SAME_LEVEL');
  });

  it('care shift moves stays to day treatment and takes the companion bed days down', async () => {
    const r = await run([
      {
        id: 'cs',
        type: 'care_shift',
        from: 'h.stays',
        to: 'h.day',
        companions: ['h.days'],
        start: 2024,
        target: 2030,
        value: 15,
      },
    ]);
    expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(152 * 0.85, 10);
    expect(row(r, 'H1', 'h.day', 2030).volume).toBeCloseTo(152 * 1.15, 10);
    expect(row(r, 'H1', 'h.days', 2030).volume).toBeCloseTo(152 * 0.85, 10);
    expect(row(r, 'H1', 'h.day', 2027).volume).toBeCloseTo(152 * 1.075, 10);
  });

  it('an interval alone uses its midpoint in deterministic mode', async () => {
    const r = await run([
      {
        id: 'los',
        type: 'los_reduction',
        lines: ['h.days'],
        start: 2024,
        target: 2028,
        interval: [5, 15],
      },
    ]);
    expect(row(r, 'H1', 'h.days', 2030).volume).toBeCloseTo(152 * 0.9, 10);
  });
});

describe('project: decomposition', () => {
  it('demography + every factor + interaction = total change, per line and year', async () => {
    const sc = scenario([
      { id: 't', type: 'trend', lines: ['h.*'], start: 2024, target: 2030, value: 1.5 },
      {
        id: 'ha',
        type: 'healthy_ageing',
        lines: ['h.stays', 'h.days'],
        fromAge: 50,
        start: 2024,
        target: 2030,
        value: 2,
        realisation: 0.8,
      },
      { id: 'los', type: 'los_reduction', lines: ['h.days'], start: 2025, target: 2029, value: 10 },
      {
        id: 'tt',
        type: 'task_transfer',
        from: 'h.days',
        to: 'm.days',
        start: 2024,
        target: 2028,
        value: 20,
      },
      {
        id: 'cs',
        type: 'care_shift',
        from: 'h.stays',
        to: 'h.day',
        companions: ['h.days'],
        start: 2026,
        target: 2030,
        value: 10,
      },
    ]);
    const r = await project({ db }, { serviceLines: LINES, scenario: sc });
    let checked = 0;
    for (const s of r.series.filter((x) => x.year > 2023)) {
      const parts = r.decomposition.filter(
        (d) =>
          d.area_code === s.area_code &&
          d.line_id === s.line_id &&
          d.year === s.year &&
          d.alternative === s.alternative,
      );
      const total = parts.reduce((a, d) => a + d.value, 0);
      expect(total).toBeCloseTo(s.volume - s.base, 9);
      checked++;
    }
    expect(checked).toBe(2 * 2 * 4 * 7);
    // The factors interact (trend × LOS × transfer on bed days): the remainder is not zero.
    const inter = r.decomposition.find(
      (d) =>
        d.area_code === 'H1' &&
        d.line_id === 'h.days' &&
        d.year === 2030 &&
        d.alternative === 'MMMM' &&
        d.component === 'interaction',
    );
    expect(Math.abs(inter!.value)).toBeGreaterThan(0.01);
    // A line a factor does not touch has no component for it.
    const mdays = r.decomposition
      .filter(
        (d) =>
          d.line_id === 'm.days' &&
          d.year === 2030 &&
          d.area_code === 'H1' &&
          d.alternative === 'MMMM',
      )
      .map((d) => d.component);
    expect(mdays).toEqual(['demography', 'tt', 'interaction']);
  });
});

describe('project: capacity', () => {
  it('beds = bed days / (365 × occupancy); places with their own occupancy; ratios', async () => {
    const sc = scenario([], {
      capacity: {
        occupancy: { long_stay: 0.95 },
        ratios: [{ lines: ['m.days'], kind: 'ratio', resource: 'nurse FTE', per: 80, share: 0.05 }],
      },
    });
    const r = await project(
      { db },
      { serviceLines: LINES, scenario: sc, areas: ['H1'], alternatives: ['MMMM'] },
    );
    const cap = (line: string, res: string, y: number) =>
      r.capacity.find((c) => c.line_id === line && c.resource === res && c.year === y)!;
    expect(cap('h.days', 'beds', 2030).value).toBeCloseTo(152 / (365 * 0.85), 12);
    expect(cap('h.days', 'beds', 2030).base).toBeCloseTo(113 / (365 * 0.85), 12);
    expect(cap('h.days', 'beds', 2030).formula).toBe('days / (365 × 0.85)');
    expect(cap('m.days', 'places', 2030).value).toBeCloseTo(450 / (365 * 0.95), 12);
    expect(cap('m.days', 'nurse FTE', 2030).value).toBeCloseTo((450 * 0.05) / 80, 12);
  });

  it('outpatient rooms = consultations / (opening days × hours × consultations per room-hour)', async () => {
    const lines = [{ ...LINES[0]!, capacity: [{ kind: 'rooms' as const, resource: 'rooms' }] }];
    const sc = scenario([], {
      capacity: { outpatient: { openingDays: 200, hoursPerDay: 6, consultationsPerRoomHour: 2 } },
    });
    const r = await project(
      { db },
      { serviceLines: lines, scenario: sc, areas: ['H1'], alternatives: ['MMMM'] },
    );
    expect(r.capacity.find((c) => c.year === 2030)!.value).toBeCloseTo(152 / 2400, 12);
  });
});

describe('project: Monte Carlo', () => {
  const sc = scenario(
    [{ id: 't', type: 'trend', lines: ['h.stays'], start: 2024, target: 2030, interval: [1, 3] }],
    {
      alternatives: { MMMM: 1, LLML: 0 },
    },
  );

  it('is reproducible by seed and changes with the seed', async () => {
    const a = await project(
      { db },
      { serviceLines: LINES, scenario: sc, areas: ['H1'], runs: 200, seed: 42 },
    );
    const b = await project(
      { db },
      { serviceLines: LINES, scenario: sc, areas: ['H1'], runs: 200, seed: 42 },
    );
    const c = await project(
      { db },
      { serviceLines: LINES, scenario: sc, areas: ['H1'], runs: 200, seed: 43 },
    );
    expect(a.uncertainty).toEqual(b.uncertainty);
    expect(a.uncertainty).not.toEqual(c.uncertainty);
    expect(a.meta.monteCarlo).toEqual({ runs: 200, seed: 42, weights: { LLML: 0, MMMM: 1 } });
    // An area gives the same figures alone as among all areas.
    const all = await project({ db }, { serviceLines: LINES, scenario: sc, runs: 200, seed: 42 });
    expect(all.uncertainty.filter((u) => u.area_code === 'H1')).toEqual(a.uncertainty);
  });

  it('P10 ≤ P50 ≤ P90, and P50 approaches the deterministic result as runs grow', async () => {
    const det = (
      await project(
        { db },
        { serviceLines: LINES, scenario: sc, areas: ['H1'], alternatives: ['MMMM'] },
      )
    ).series.find((s) => s.line_id === 'h.stays' && s.year === 2030)!.volume;
    expect(det).toBeCloseTo(152 * 1.02 ** 6, 10);
    const err: number[] = [];
    for (const runs of [20, 5000]) {
      const r = await project(
        { db },
        { serviceLines: LINES, scenario: sc, areas: ['H1'], runs, seed: 7 },
      );
      const u = r.uncertainty.find(
        (x) => x.line_id === 'h.stays' && x.year === 2030 && x.quantity === 'volume',
      )!;
      expect(u.p10).toBeLessThanOrEqual(u.p50);
      expect(u.p50).toBeLessThanOrEqual(u.p90);
      err.push(Math.abs(u.p50 - det) / det);
    }
    expect(err[1]!).toBeLessThan(0.01);
  });

  it('samples alternatives with their weights', async () => {
    const only = (w: Record<string, number>) => scenario([], { alternatives: w });
    const r = await project(
      { db },
      {
        serviceLines: [LINES[3]!],
        scenario: only({ MMMM: 0, LLML: 1 }),
        areas: ['H1'],
        runs: 400,
        seed: 1,
      },
    );
    const u = r.uncertainty.find((x) => x.year === 2030 && x.quantity === 'volume')!;
    // Only LLML is drawn: 0.9 × 450 = 405 around which Poisson noise (10 base events) spreads.
    expect(u.p50).toBeGreaterThan(405 * 0.85);
    expect(u.p50).toBeLessThan(405 * 1.15);
    const none = await project(
      { db },
      { serviceLines: [LINES[3]!], scenario: scenario([]), areas: ['H1'], runs: 10, seed: 1 },
    );
    expect(none.warnings.map((w) => w.code)).toContain('EQUAL_WEIGHTS');
  });
});

describe('project: disclosure of the outputs', () => {
  it('hides every figure of a line whose area has 1–4 base events, and shows the rest', async () => {
    const { discloseProjection, projectionSummary } = await import('../src/internal.js');
    const r = await project(
      { db },
      {
        serviceLines: LINES,
        scenario: scenario([]),
        alternatives: ['MMMM'],
        runs: 20,
        seed: 3,
        disclosureThreshold: 4,
      },
    );
    // 4601 (2 + 2 events) is pooled with 3002 (4 + 1), the fewest events above 4; in the pool
    // M has 1 + 2 = 3, so both sexes share one rate: 9 events / 600 person-years = 0.015.
    // H1 = 3001 (145.5, unchanged: every cell has more than 4) + 3002 0.015 × 400 = 151.5;
    // base events H1 = 108 + 9 × 400 / 600 = 114, H2 = 9 × 200 / 600 = 3.
    const sum = projectionSummary(r);
    const h1 = sum.find(
      (s) => s.area_code === 'H1' && s.line_id === 'h.stays' && s.alternative === 'MMMM',
    )!;
    expect(h1).toMatchObject({ base_events: 114, base_year: 2023, horizon_year: 2030 });
    expect(h1.horizon).toBeCloseTo(151.5, 10);
    expect(sum.some((s) => s.alternative === 'monte_carlo')).toBe(true);
    const d = await discloseProjection(r, { threshold: 4 });
    const rows = d.series.rows as Array<Record<string, unknown>>;
    const h2 = rows.find(
      (x) => x['area_code'] === 'H2' && x['line_id'] === 'h.stays' && x['year'] === 2030,
    )!;
    expect(h2['base_events']).toBeNull(); // H2's 3 modelled base events
    expect(h2['volume']).toBeNull();
    expect(h2['suppressed']).toBe('primary');
    const shown = rows.find(
      (x) => x['area_code'] === 'H1' && x['line_id'] === 'h.stays' && x['year'] === 2030,
    )!;
    expect(shown['volume']).toBeCloseTo(151.5, 10);
    expect(shown['suppressed']).toBe('none');
    const cap = (d.capacity.rows as Array<Record<string, unknown>>).find(
      (x) => x['area_code'] === 'H2' && x['line_id'] === 'h.days',
    );
    expect(cap?.['value']).toBeNull();
    expect(d.uncertainty).toBeDefined();
    expect(r.meta.rateCells).toEqual({ threshold: 4, linesLeftOut: [], pooledAreas: 6 });
  });

  it('refuses to disclose a projection whose rates come from cells with 1–4 events', async () => {
    const { discloseProjection } = await import('../src/internal.js');
    const r = await project(
      { db },
      { serviceLines: [LINES[0]!], scenario: scenario([]), alternatives: ['MMMM'] },
    );
    expect(r.meta.rateCells.threshold).toBe(0);
    await expect(discloseProjection(r, { threshold: 4 })).rejects.toMatchObject({
      code: 'PROJECTION_NOT_COLLAPSED',
    });
  });

  it('base rates are published per collapsed cell: none has 1–4 events', async () => {
    const r = await project(
      { db },
      {
        serviceLines: [LINES[0]!],
        scenario: scenario([]),
        alternatives: ['MMMM'],
        includeBaseRates: true,
        disclosureThreshold: 4,
      },
    );
    const br = r.baseRates.map((b) => [b.rate_area, b.sex, b.band, b.events, b.person_years]);
    expect(br).toEqual([
      ['3001', 'F', '0-49', 10, 1000],
      ['3001', 'F', '50-79', 25, 500],
      ['3001', 'F', '80+', 20, 100],
      ['3001', 'M', '0-49', 8, 1000],
      ['3001', 'M', '50-79', 30, 400],
      ['3001', 'M', '80+', 15, 50],
      ['~pooled', 'T', '0-49', 9, 600],
    ]);
  });

  it('merges age bands from the youngest up and a small last group into the one before', async () => {
    // 3001 F with 10 / 3 / 2 events: 0–49 closes at 10; 50–79 (3) and 80+ (2) make 5 together.
    // 3001 M 8 / 30 / 1: 80+ (1) is a small last group and joins 50–79 (31).
    const db3 = await fixtureDb();
    try {
      await db3.exec(`
        UPDATE agg_hosp SET value = 3, events = 3 WHERE municipality_code = '3001' AND sex = 'F' AND age = 60;
        UPDATE agg_hosp SET value = 2, events = 2 WHERE municipality_code = '3001' AND sex = 'F' AND age = 85;
        UPDATE agg_hosp SET value = 1, events = 1 WHERE municipality_code = '3001' AND sex = 'M' AND age = 85;`);
      const r = await project(
        { db: db3 },
        {
          serviceLines: [LINES[0]!],
          scenario: scenario([]),
          alternatives: ['MMMM'],
          includeBaseRates: true,
          disclosureThreshold: 4,
        },
      );
      const br = r.baseRates
        .filter((b) => b.rate_area === '3001')
        .map((b) => [b.sex, b.band, b.events, b.person_years]);
      expect(br).toEqual([
        ['F', '0-49', 10, 1000],
        ['F', '50+', 5, 600],
        ['M', '0-49', 8, 1000],
        ['M', '50+', 31, 450],
      ]);
      // 3001 F 2030: 10/1000 × 1000 + 5/600 × (600 + 150); M: 8/1000 × 1000 + 31/450 × 600
      const v3001 = 10 + (5 / 600) * 750 + 8 + (31 / 450) * 600;
      expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(v3001 + 0.015 * 400, 10);
    } finally {
      db3.close();
    }
  });
});

describe('project: a projection by age group without sex (as SSB publishes 14288 per municipality)', () => {
  it('takes the bands from the projection and estimates rates for both sexes together', async () => {
    const db2 = await fixtureDb();
    try {
      await db2.exec(`
        DELETE FROM population_projection;
        INSERT INTO population_projection
          SELECT '14288', 2024, 'MMMM', y, 'municipality', region_code, 'T', g.age_from, g.age_to, sum(population), FALSE, NULL
          FROM proj_base JOIN (VALUES (0, 49), (50, 79), (80, NULL)) g(age_from, age_to)
            ON age >= g.age_from AND (g.age_to IS NULL OR age <= g.age_to)
          CROSS JOIN range(2024, 2031) r(y) GROUP BY ALL;`);
      const r = await project(
        { db: db2 },
        {
          serviceLines: [LINES[0]!],
          scenario: { ...scenario([]), ageBands: undefined },
          areas: ['H1'],
        },
      );
      expect(r.meta.ageBands).toEqual(['0-49', '50-79', '80+']);
      expect(r.warnings.map((w) => w.code)).toEqual(
        expect.arrayContaining(['SEXES_COMBINED', 'AGE_BANDS_FROM_PROJECTION']),
      );
      // 3001: 18/2000·2000 + 55/900·1100 + 35/150·250; 3002: 5/400·400.
      expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(
        18 + (55 * 1100) / 900 + (35 * 250) / 150 + 5,
        10,
      );
      expect(row(r, 'H1', 'h.stays', 2023).volume).toBeCloseTo(113, 10);
    } finally {
      db2.close();
    }
  });
});

describe('project: base period', () => {
  it('pools the base years; without a period takes the latest years with data; excludes years', async () => {
    const db2 = await fixtureDb();
    try {
      // 2022 = 2023, except 3001 F 30: 20 stays instead of 10 → pooled rate (10 + 20) / 2000 = 0.015.
      await db2.exec(`
        INSERT INTO population SELECT 2022, municipality_code, sex, age, population, file_id FROM population WHERE year = 2023;
        INSERT INTO agg_hosp SELECT 2022, municipality_code, sex, age,
          CASE WHEN municipality_code = '3001' AND sex = 'F' AND age = 30 THEN 20 ELSE value END,
          CASE WHEN municipality_code = '3001' AND sex = 'F' AND age = 30 THEN 20 ELSE events END FROM agg_hosp WHERE year = 2023;`);
      const sc = { ...scenario([]), basePeriod: undefined };
      const opts = { serviceLines: [LINES[0]!], areas: ['H1'], alternatives: ['MMMM'] };
      const r = await project({ db: db2 }, { ...opts, scenario: sc });
      expect(r.meta.basePeriod).toEqual({ from: 2022, to: 2023, exclude: [], years: [2022, 2023] });
      expect(r.warnings.map((w) => w.code)).toContain('BASE_PERIOD_INFERRED');
      expect(row(r, 'H1', 'h.stays', 2030).volume).toBeCloseTo(157, 10);
      expect(row(r, 'H1', 'h.stays', 2023).volume).toBeCloseTo(118, 10);
      const one = await project({ db: db2 }, { ...opts, scenario: sc, basePeriod: { years: 1 } });
      expect(one.meta.basePeriod.years).toEqual([2023]);
      const ex = await project(
        { db: db2 },
        { ...opts, scenario: sc, basePeriod: { from: 2022, to: 2023, exclude: [2022] } },
      );
      expect(ex.meta.basePeriod.years).toEqual([2023]);
      expect(row(ex, 'H1', 'h.stays', 2030).volume).toBeCloseTo(152, 10);
    } finally {
      db2.close();
    }
  });
});
