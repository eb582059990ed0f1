// The hindcast's tables through disclosure control, and the errors computed from what they
// show, on the hand-worked fixture of projection-hindcast-fixture.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DisclosureRun, hindcast, type Db, type HindcastResult } from '@felles/core';
import {
  hindcastSummary,
  hindcastTables,
  HINDCAST_TABLE_ORDER,
  pairShown,
  type HindcastShownRow,
} from '@felles/pipelines';
import {
  hindcastDb,
  HINDCAST_LINES as LINES,
  HINDCAST_SCENARIO as SCENARIO,
} from '../../core/test/projection-hindcast-fixture.js';

let db: Db;
beforeAll(async () => {
  db = await hindcastDb();
});
afterAll(() => db.close());

async function shown(h: HindcastResult, threshold: number): Promise<HindcastShownRow[]> {
  const parts = hindcastTables(h, { threshold });
  const run = new DisclosureRun({ threshold, allowBelowConvention: true });
  for (const k of HINDCAST_TABLE_ORDER) await run.add(parts[k].input, parts[k].schema);
  const { tables } = await run.seal();
  return pairShown(tables[0]!, tables[1]!);
}

describe('hindcast tables', () => {
  it('states MAPE, bias and errors from what disclosure control shows', async () => {
    const h = await hindcast({ db }, { serviceLines: LINES, scenario: SCENARIO });
    const all = await shown(h, 0);
    const a = all.find((r) => r.area_code === 'H1' && r.line_id === 'h.stays' && r.year === 2023)!;
    expect(a.error).toBeCloseTo(-0.8, 10);
    expect(a.relative_error).toBeCloseTo(-0.8 / 78, 12);
    const zero = all.find(
      (r) => r.area_code === 'H2' && r.line_id === 'm.days' && r.year === 2023,
    )!;
    expect(zero).toMatchObject({ error: 0, relative_error: null });
    const stays = hindcastSummary(all).find((s) => s.line_id === 'h.stays')!;
    // |−0.8/78|, |0.2/84|, |−3/15|, |8/4|
    expect(stays.cells).toBe(4);
    expect(stays.mape).toBeCloseTo((100 * (0.8 / 78 + 0.2 / 84 + 0.2 + 2)) / 4, 10);
    expect(stays.bias).toBeCloseTo((100 * (-0.8 / 78 + 0.2 / 84 - 0.2 + 2)) / 4, 10);
    const days = hindcastSummary(all).find((s) => s.line_id === 'm.days')!;
    expect(days.cells).toBe(2);
    expect(days.mape).toBeCloseTo((100 * (40 / 400 + 30 / 330)) / 2, 10);
    expect(days.coverage).toBeNull();

    // Published at threshold 4: H2's 4 stays of 2024 are hidden, and so is that cell's error.
    const four = await shown(h, 0 + 4).catch((e: unknown) => e);
    expect(four).toMatchObject({ code: 'PROJECTION_NOT_COLLAPSED' });
    const h4 = await hindcast(
      { db },
      { serviceLines: LINES, scenario: SCENARIO, disclosureThreshold: 4 },
    );
    const rows4 = await shown(h4, 4);
    const hid = rows4.find(
      (r) => r.area_code === 'H2' && r.line_id === 'h.stays' && r.year === 2024,
    )!;
    expect(hid).toMatchObject({ observed: null, error: null, relative_error: null });
    expect(hid.projected).toBeCloseTo(12, 10);
    const s4 = hindcastSummary(rows4).find((s) => s.line_id === 'h.stays')!;
    expect(s4.cells).toBe(3);
    expect(s4.mape).toBeCloseTo((100 * (0.8 / 78 + 0.2 / 84 + 0.2)) / 3, 10);
  });

  it('counts observed figures inside P10–P90 with Monte Carlo runs', () => {
    const row = (observed: number, p10: number, p90: number): HindcastShownRow => ({
      area_code: 'H1',
      line_id: 'x',
      year: 2023,
      projected: 10,
      observed,
      error: 10 - observed,
      relative_error: (10 - observed) / observed,
      p10,
      p90,
      inside: observed >= p10 && observed <= p90,
    });
    // an observed 0 has no relative error and is not counted either way
    const zero = { ...row(1, 2, 3), observed: 0, error: 10, relative_error: null, inside: false };
    const s = hindcastSummary([
      row(10, 9, 11),
      row(12, 9, 11),
      row(9, 9, 11),
      row(20, 8, 12),
      zero,
    ]);
    expect(s.find((x) => x.line_id === 'x')).toMatchObject({ withInterval: 4, coverage: 0.5 });
  });
});
