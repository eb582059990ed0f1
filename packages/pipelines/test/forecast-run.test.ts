// felles forecast's pipeline on a hand-made workspace: five years of GP contacts with a known
// monthly pattern in one municipality, and a handful of out-of-hours contacts. The series are
// built in SQL, forecast, and disclosed: the large series is published with its backtest; the
// small one (3 events in the last 12 months) shows nothing but its hidden marker.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '@felles/core';
import { runForecast, monthlyServiceLines, type ForecastRun } from '@felles/pipelines';

// Contacts per month: 300 + 10 per month of trend + the month's seasonal offset + a fixed
// wobble in a 7-month cycle (so no method fits exactly).
const SEASON = [60, 40, 20, 0, -10, -40, -120, -50, 0, 20, 30, -30];
const WOBBLE = [0, 6, -4, 2, -6, 4, -2];
const count = (i: number) => 300 + 10 * i + SEASON[i % 12]! + WOBBLE[i % 7]!;

let ws: Workspace;
let hf: string;
let run: ForecastRun;
beforeAll(async () => {
  ws = await Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-forecast-')), 'ws'));
  hf = String(await ws.db.value(`SELECT hff_code FROM municipality WHERE code = '4001'`));
  const counts = Array.from({ length: 60 }, (_, i) => `(${i}, ${count(i)})`).join(', ');
  // One claim row per contact, on the 10th of each month 2020-01 … 2024-12.
  await ws.db
    .exec(`INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, municipality_code,
      service, contact_type, fee_codes, icpc2, icd10, icd_da3, file_id, line)
    SELECT 'c' || i || '-' || k, 'k' || k, d, year(d), 'F', 1950, '4001', 'gp', 'physical', [], [], [], [], 1, i * 1000 + k
    FROM (SELECT i, n, CAST(make_date(2020, 1, 10) + to_months(i) AS DATE) AS d FROM (VALUES ${counts}) v(i, n)) m,
      range(n) r(k)`);
  // Out-of-hours: one contact in each of January 2020 … December 2021 and three in 2024.
  await ws.db
    .exec(`INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, municipality_code,
      service, contact_type, fee_codes, icpc2, icd10, icd_da3, file_id, line)
    SELECT 'o' || i, 'k1', d, year(d), 'F', 1950, '4001', 'out_of_hours', 'physical', [], [], [], [], 2, i
    FROM (SELECT i, CAST(make_date(2020, 1, 5) + to_months(i) AS DATE) AS d FROM range(24) t(i)
          UNION ALL SELECT 100 + i, make_date(2024, 3 + 3 * i, 5) FROM range(3) t(i))`);
  const lines = monthlyServiceLines().filter((d) => d.id.startsWith('municipality.'));
  run = await runForecast(ws, { hf: [hf], lines, horizon: 12 });
}, 600_000);
afterAll(() => ws.close());

const rows = (t: keyof ForecastRun['tables'], line: string) =>
  (run.tables[t].rows as ReadonlyArray<Record<string, unknown>>).filter(
    (r) => r['line_id'] === line,
  );

describe('forecast pipeline', () => {
  it('builds the monthly series from the claims and publishes them', () => {
    const h = rows('history', 'municipality.gp.contacts');
    expect(h).toHaveLength(60);
    expect(h[0]).toMatchObject({ hff_code: hf, month: '2020-01', events: 360, value: 360 });
    expect(h[59]).toMatchObject({ month: '2024-12', events: count(59), value: count(59) });
  });

  it('forecasts 12 months after the last one, by a method that beats seasonal naive', () => {
    const f = rows('forecast', 'municipality.gp.contacts');
    expect(f.map((r) => r['month'])).toEqual(
      Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`),
    );
    expect(f.every((r) => Number(r['lower80']) < Number(r['forecast']))).toBe(true);
    expect(f.every((r) => Number(r['upper95']) > Number(r['upper80']))).toBe(true);
    const b = rows('backtest', 'municipality.gp.contacts');
    expect(b.map((r) => r['method']).sort()).toEqual(['combination', 'ets', 'snaive']);
    const chosen = b.find((r) => r['chosen'] === true)!;
    expect(chosen['method']).not.toBe('snaive');
    expect(Number(chosen['relative_mase'])).toBeLessThan(1);
    // 6 origins × 12 months held out.
    expect(chosen['held_out']).toBe(72);
    expect(chosen['origins']).toBe(
      '2023-02+12 2023-04+12 2023-06+12 2023-08+12 2023-10+12 2023-12+12',
    );
    // The trend is 10 a month, so a year ahead seasonal naive is 120 short; the chosen method
    // forecasts January 2025 near 300 + 10 × 60 + 60 = 960.
    expect(Math.abs(Number(f[0]!['forecast']) - 960)).toBeLessThan(30);
  });

  it('hides every figure of a series with 1–4 events in its last 12 months', () => {
    const f = rows('forecast', 'municipality.out-of-hours.contacts');
    expect(f).toHaveLength(12);
    for (const r of f) {
      expect(r['events_12m']).toBeNull();
      expect(r['forecast']).toBeNull();
      expect(r['upper95']).toBeNull();
    }
    const h = rows('history', 'municipality.out-of-hours.contacts');
    expect(h.filter((r) => r['events'] === 1)).toEqual([]);
  });

  it('lists the lines without monthly figures', () => {
    expect(run.skipped).toEqual([]);
    expect(monthlyServiceLines().map((d) => d.id)).not.toContain('municipality.home-care.hours');
  });
});
