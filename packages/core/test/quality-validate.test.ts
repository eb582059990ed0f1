import { afterEach, describe, expect, it } from 'vitest';
import {
  checkCountKey,
  checkWorkspace,
  ingestRegistry,
  renderChecks,
  validateWorkspace,
  Workspace,
  type CheckResult,
} from '../src/internal.js';
import { freshWorkspace, fx } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const find = (rs: CheckResult[], check: string, source: string, year: number | null = null) =>
  rs.find((r) => r.check === check && r.source === source && r.year === year);

/** The checks on the true counts (before disclosure control), months with any row. */
async function rawChecks(w: Workspace, options: Parameters<typeof checkWorkspace>[1] = {}) {
  const facts = await checkWorkspace(w.db, options, 0);
  return renderChecks(facts, (k) => facts.counts.get(checkCountKey(k))!.n);
}

async function loadFixtures(): Promise<Workspace> {
  const w = await freshWorkspace();
  await ingestRegistry(w, 'npr', [fx('npr.csv')]);
  await ingestRegistry(w, 'kpr-claims', [
    fx('kpr-bills.csv'),
    fx('kpr-diagnoses.csv'),
    fx('kpr-fees.csv'),
  ]);
  await ingestRegistry(w, 'kpr-services', [fx('kpr-services.csv')]);
  await ingestRegistry(w, 'link', [fx('link-1.csv'), fx('link-2.csv')]);
  const dir = w.dir;
  w.close();
  return Workspace.open(dir, { readOnly: true }); // validate works read-only
}

describe('validateWorkspace', () => {
  it('an empty workspace has nothing to complain about', async () => {
    ws = await freshWorkspace();
    const rep = await validateWorkspace(ws);
    expect(rep).toMatchObject({
      errors: 0,
      warnings: 0,
      worst: 'info',
      results: [],
      disclosure: { threshold: 4, hiddenCounts: 0 },
    });
  });

  it('checks the true counts: consistency, municipality validity, code validity, stays and links with severities', async () => {
    ws = await loadFixtures();
    const rs = await rawChecks(ws);
    const worst = (await validateWorkspace(ws)).worst;
    expect(worst).toBe('error');
    expect(find(rs, 'rows_per_year', 'npr', 2023)).toMatchObject({
      severity: 'info',
      value: 5,
      message: '5 rows, 2 persons',
    });
    expect(find(rs, 'rows_per_year', 'npr', 2019)).toMatchObject({
      value: 3,
      message: '3 rows, 2 persons',
    });
    // 4 of 13 rows rejected: above the 10 % error threshold.
    expect(rs.find((r) => r.check === 'rejected_rows' && r.source.startsWith('npr'))).toMatchObject(
      { severity: 'error', value: 4 },
    );
    // P3 has two sexes and two birth years: 1 of 4 NPR persons.
    expect(find(rs, 'sex_consistency', 'npr')).toMatchObject({ severity: 'error', value: 1 });
    expect(find(rs, 'sex_consistency', 'kpr')).toMatchObject({ severity: 'info', value: 0 });
    // Claim B2 fell back to kommunenrPB 1601, Trondheim's code until 2017, in 2023.
    expect(find(rs, 'municipality_valid_for_year', 'kpr-claims', 2023)).toMatchObject({
      value: 1,
      severity: 'error',
    });
    // 1201 (Bergen until 2019) used in 2019 is fine.
    expect(find(rs, 'municipality_valid_for_year', 'npr', 2019)).toMatchObject({
      value: 0,
      severity: 'info',
    });
    // months, not days: the first and last month with more rows than the threshold (here 0)
    expect(find(rs, 'date_range', 'npr')).toMatchObject({
      value: '2019-02 – 2023-06',
      severity: 'info',
    });
    const codes = rs.filter((r) => r.check === 'code_validity');
    expect(codes.map((c) => [c.source, c.value])).toEqual([
      ['npr', 1],
      ['kpr-claims', 1],
      ['kpr-services', 1],
      ['kpr-claims', 0],
    ]);
    expect(find(rs, 'length_of_stay', 'npr')).toMatchObject({
      severity: 'info',
      value: 0,
      message: '6 stays; 0 longer than 365 days',
    });
    expect(find(rs, 'day_stay_overnight', 'npr')).toMatchObject({ severity: 'warning', value: 1 });
    expect(find(rs, 'link_conflicts', 'link')).toMatchObject({ severity: 'warning', value: 4 });
    expect(find(rs, 'municipality_without_activity', 'npr', 2020)).toMatchObject({
      severity: 'warning',
      value: 2,
    });
  });

  it('what it reports has passed disclosure control: counts 1–4 and what would reveal them are x', async () => {
    ws = await loadFixtures();
    const rep = await validateWorkspace(ws);
    expect(rep.disclosure.threshold).toBe(4);
    // NPR rows by year are 3 (2019), 1 (2020) and 5 (2023) of 9: the two small years are
    // primary, and together they are 4 — a small count again — so 2023 is hidden with them.
    expect(find(rep.results, 'rows_per_year', 'npr')).toMatchObject({
      value: 9,
      message: '9 rows in all years',
    });
    for (const y of [2019, 2020, 2023])
      expect(find(rep.results, 'rows_per_year', 'npr', y)).toMatchObject({
        value: null,
        message: 'x rows, x persons',
        hidden: ['rows', 'persons'],
      });
    // 5 KUHR bills in 2023, from 4 persons
    expect(find(rep.results, 'rows_per_year', 'kpr-claims', 2023)).toMatchObject({
      value: 5,
      message: '5 rows, x persons',
    });
    // 1 of 4 NPR persons with two sexes: hidden with its share; the severity still says error
    expect(find(rep.results, 'sex_consistency', 'npr')).toMatchObject({
      severity: 'error',
      value: null,
      message: 'x persons recorded with more than one sex (share x)',
    });
    // 4 rejected of 13 NPR rows: the count and the share are hidden, the file's 13 rows are shown
    expect(
      rep.results.find((r) => r.check === 'rejected_rows' && r.source.startsWith('npr')),
    ).toMatchObject({ severity: 'error', value: null });
    expect(
      rep.results.find((r) => r.check === 'rejected_rows' && r.source.startsWith('npr'))?.message,
    ).toMatch(/^x of 13 rows rejected \(share x\) in .*npr\.csv$/);
    // no month has 5 NPR rows: no date is shown at all
    expect(find(rep.results, 'date_range', 'npr')).toMatchObject({
      value: null,
      message: 'no month has more than 4 rows; 0 rows dated in the future',
    });
    // a true zero is shown, and a share of zero with it
    expect(
      rep.results.filter((r) => r.check === 'code_validity' && r.source === 'kpr-claims')[1]
        ?.message,
    ).toBe('0 claims without a fee code that maps to a contact type (0.00 %)');
    expect(find(rep.results, 'link_conflicts', 'link')).toMatchObject({
      value: null,
      message: 'x of 5 NPR–KPR pairs are in conflict and excluded from linked indicators',
    });
    // the same severities as on the true counts
    const raw = await rawChecks(ws);
    expect(rep.results.map((r) => [r.check, r.source, r.year, r.severity])).toEqual(
      raw.map((r) => [r.check, r.source, r.year, r.severity]),
    );
  });

  it('thresholds are options', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    const o = {
      rejectShare: [0.5, 0.9] as [number, number],
      conflictShare: [0.5, 0.9] as [number, number],
      codeShare: [0.5, 0.9] as [number, number],
      maxStayDays: 5,
    };
    const rep = await validateWorkspace(ws, o);
    expect(rep.errors).toBe(0);
    // one stay longer than 5 days: a warning, its count hidden
    expect(find(rep.results, 'length_of_stay', 'npr')).toMatchObject({
      severity: 'warning',
      value: null,
    });
    expect(find(await rawChecks(ws, o), 'length_of_stay', 'npr')).toMatchObject({
      severity: 'warning',
      value: 1,
    });
  });
});
