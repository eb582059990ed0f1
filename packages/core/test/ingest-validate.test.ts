import { afterEach, describe, expect, it } from 'vitest';
import { ingestRegistry, validateWorkspace, Workspace, type CheckResult } from '@felles/core';
import { freshWorkspace, fx } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const find = (rs: CheckResult[], check: string, source: string, year: number | null = null) =>
  rs.find((r) => r.check === check && r.source === source && r.year === year);

describe('validateWorkspace', () => {
  it('an empty workspace has nothing to complain about', async () => {
    ws = await freshWorkspace();
    const rep = await validateWorkspace(ws);
    expect(rep).toMatchObject({ errors: 0, warnings: 0, worst: 'info', results: [] });
  });

  it('reports counts, consistency, municipality validity, code validity, stays and links with severities', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    await ingestRegistry(ws, 'kpr-claims', [
      fx('kpr-bills.csv'),
      fx('kpr-diagnoses.csv'),
      fx('kpr-fees.csv'),
    ]);
    await ingestRegistry(ws, 'kpr-services', [fx('kpr-services.csv')]);
    await ingestRegistry(ws, 'link', [fx('link-1.csv'), fx('link-2.csv')]);
    const dir = ws.dir;
    ws.close();
    ws = await Workspace.open(dir, { readOnly: true }); // validate works read-only
    const { results: rs, worst } = await validateWorkspace(ws);
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
    expect(find(rs, 'date_range', 'npr')).toMatchObject({
      value: '2019-02-10 – 2023-06-01',
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
      message: '6 stays; 0 longer than 365 days (longest 7 days)',
    });
    expect(find(rs, 'day_stay_overnight', 'npr')).toMatchObject({ severity: 'warning', value: 1 });
    expect(find(rs, 'link_conflicts', 'link')).toMatchObject({ severity: 'warning', value: 4 });
    expect(find(rs, 'municipality_without_activity', 'npr', 2020)).toMatchObject({
      severity: 'warning',
      value: 2,
    });
  });

  it('thresholds are options', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    const rep = await validateWorkspace(ws, {
      rejectShare: [0.5, 0.9],
      conflictShare: [0.5, 0.9],
      codeShare: [0.5, 0.9],
      maxStayDays: 5,
    });
    expect(rep.errors).toBe(0);
    expect(find(rep.results, 'length_of_stay', 'npr')).toMatchObject({
      severity: 'warning',
      value: 1,
    });
  });
});
