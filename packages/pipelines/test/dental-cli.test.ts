/**
 * `felles dental` in-process on source (the command module mounted on a bare commander program
 * with the real global options, as cohort-cli.test.ts does), and the cross-sector table with and
 * without NPR–KPR linkage.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COHORT_DDL, Workspace } from '@felles/core';
import { dentalAnalysis, dentalReportSection } from '@felles/pipelines';
import { dentalCariesSpec, dentalUtilisationSpec } from '@felles/charts';
import {
  dentalRow,
  kprPerson,
  newDentalWorkspace,
  population,
} from '../../core/test/dental-fixtures.js';
import { fellesInProcess, type CliRun } from '../../../test/felles-in-process.js';

let dir: string;

beforeAll(async () => {
  const ws = await newDentalWorkspace('cli');
  dir = ws.dir;
  const db = ws.db;
  let i = 0;
  for (const [county, mun, n] of [
    ['40', '4001', 30],
    ['03', '0301', 25],
  ] as const) {
    for (let k = 0; k < n; k++) {
      i += 1;
      const id = `C${i}`;
      const birth = 2012 - (k % 7); // turns 12–18 in 2024
      await kprPerson(db, id, birth, { 2023: mun, 2024: mun });
      await dentalRow(db, id, '2023-05-02', {
        county,
        clinic: `${county}-K${k % 2}`,
        group: 'a',
        DMFT: k % 3,
      });
      if (k % 4 !== 0)
        await dentalRow(db, id, '2024-05-02', {
          county,
          clinic: `${county}-K${k % 2}`,
          group: 'a',
          examined: k % 5 !== 0,
          treated: k % 3 === 0,
          DMFT: k % 4,
        });
    }
    await population(db, 2025, mun, { 12: 40, 13: 40, 14: 40, 15: 40, 16: 40, 17: 40, 18: 40 });
  }
  // Cross-sector: a KPR cohort (3 members, 2 in DOT, 1 examined) and an NPR cohort (4 members).
  await db.exec(COHORT_DDL);
  for (const [id, c] of [
    ['C2', 'frail-elderly-function'],
    ['C3', 'frail-elderly-function'],
    ['X1', 'frail-elderly-function'],
    ['N1', 'frail-elderly-hfrs'],
    ['N2', 'frail-elderly-hfrs'],
    ['N3', 'frail-elderly-hfrs'],
    ['N4', 'frail-elderly-hfrs'],
  ] as const)
    await db.run(
      `INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, run_id) VALUES ($1, '1', 2024, $2, $3, 'r')`,
      [c, c === 'frail-elderly-hfrs' ? 'npr' : 'kpr', id],
    );
  ws.close();
});

function felles(...args: string[]): Promise<CliRun> {
  return fellesInProcess(dir, args, { quiet: true });
}

describe('felles dental', () => {
  it('prints utilisation, caries, recall and cross-sector tables', async () => {
    const r = await felles('dental', '--year', '2024', '--no-demand');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Utilisation by county and priority group, 2024/);
    expect(r.stdout).toMatch(/Telemark/);
    expect(r.stdout).toMatch(/Caries at status examinations/);
    expect(r.stdout).toMatch(/Recall intervals/);
    expect(r.stdout).toMatch(/frail-elderly-hfrs +unavailable/);
    expect(r.stdout).toMatch(/diabetes-kpr +available/);
  });

  it('--json and --county (name) restrict the tables to the county', async () => {
    const r = await felles(
      '--json',
      'dental',
      '--year',
      '2024',
      '--county',
      'telemark',
      '--no-demand',
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout) as { tables: Record<string, Array<Record<string, unknown>>> };
    const counties = new Set(j.tables['utilisation']!.map((x) => x['county_code']));
    expect([...counties]).toEqual(['40']);
    const a = j.tables['utilisation']!.find((x) => x['group_id'] === 'a')!;
    expect(a['entitled']).toBe(280);
    expect(a['registered']).toBe(22); // 30 persons, every 4th without a 2024 record
  });

  it('--out writes every table through disclosure control with a run manifest', async () => {
    const out = mkdtempSync(join(tmpdir(), 'felles-dental-out-'));
    const r = await felles(
      'dental',
      '--year',
      '2024',
      '--no-demand',
      '--out',
      out,
      '--format',
      'csv',
    );
    expect(r.code).toBe(0);
    const files = readdirSync(out);
    for (const t of [
      'dental_utilisation',
      'dental_clinics',
      'dental_caries',
      'dental_recall',
      'dental_cross_sector',
      'dental_group_check',
    ])
      expect(files).toContain(`${t}.csv`);
    expect(existsSync(join(dir, 'runs'))).toBe(true);
  });

  it('usage errors: bad year, unknown county, bad format; --explain prints the rule SQL', async () => {
    expect((await felles('dental', '--year', '20x4')).code).toBe(2);
    expect((await felles('dental', '--county', 'Atlantis')).code).toBe(2);
    expect((await felles('dental', '--out', 'x', '--format', 'docx')).code).toBe(2);
    expect((await felles('dental', '--year', '1999', '--no-demand')).code).toBe(2); // no records
    const e = await felles('dental', '--explain', '--year', '2024');
    expect(e.code).toBe(0);
    expect(e.stdout).toMatch(/CREATE OR REPLACE TEMP TABLE dtl_rules/);
    expect(e.stdout).toMatch(/2024-07-01/);
  });
});

describe('cross-sector dental use', () => {
  let ws: Workspace;
  afterAll(() => ws?.close());

  it('KPR cohorts need no linkage; NPR cohorts are unavailable without it and use non-conflicting links with it', async () => {
    ws = await Workspace.open(dir);
    // the counts themselves at threshold 0, disclosed on their own: the commands above published
    // them at the workspace's threshold, and the workspace keeps what it hid hidden
    const bare = { db: ws.db, config: ws.config };
    let a = await dentalAnalysis(bare, {
      years: [2024],
      threshold: 0,
      allowBelowConvention: true,
      demand: false,
      cohorts: ['frail-elderly-function', 'frail-elderly-hfrs', 'dementia'],
    });
    const row = (id: string, county = 'NO') =>
      a.tables.crossSector.rows.find((r) => r['cohort_id'] === id && r['county_code'] === county)!;
    // C2 (k=1), C3 (k=2) have 2024 records; C2 examined (1 % 5 ≠ 0), C3 examined; X1 has none.
    expect(row('frail-elderly-function')).toMatchObject({
      status: 'available',
      members: 3,
      dental_any: 2,
      examined: 2,
    });
    expect(row('frail-elderly-function', 'unknown')).toMatchObject({ members: 3 }); // no residence in cohort_member
    expect(row('frail-elderly-hfrs')).toMatchObject({ status: 'unavailable', members: null });
    expect(String(row('frail-elderly-hfrs')['note'])).toMatch(/linkage/);
    expect(String(row('dementia')['note'])).toMatch(/not run/);
    expect(row('diabetes-kpr')).toMatchObject({ status: 'available', members: 0 });
    // links: N1→C5, N2→C6 (usable), N3→C7 conflicting (N3 also → C8)
    await ws.db
      .exec(`INSERT INTO person_link VALUES ('N1', 'C5', FALSE, NULL, 1, 1), ('N2', 'C6', FALSE, NULL, 1, 2),
      ('N3', 'C7', TRUE, 'npr_id_has_several_kpr_ids', 1, 3), ('N3', 'C8', TRUE, 'npr_id_has_several_kpr_ids', 1, 4)`);
    a = await dentalAnalysis(bare, {
      years: [2024],
      threshold: 0,
      allowBelowConvention: true,
      demand: false,
      cohorts: ['frail-elderly-hfrs'],
    });
    // C5 (k=4) has no 2024 record (k % 4 = 0); C6 (k=5) has one, not examined (5 % 5 = 0)
    expect(row('frail-elderly-hfrs')).toMatchObject({
      status: 'available',
      members: 2,
      dental_any: 1,
      examined: 0,
    });
    expect(String(row('frail-elderly-hfrs')['note'])).toMatch(/2 of 4 members linked/);
  });

  it('the report section gives chart rows as fractions from the disclosed tables', async () => {
    const s = await dentalReportSection(ws, {
      years: [2023, 2024],
      threshold: 0,
      allowBelowConvention: true,
      demand: false,
      cohorts: [],
    });
    expect(s.year).toBe(2024);
    const u = s.utilisation.rows.find((r) => r.county === 'Telemark' && r.group.startsWith('a)'))!;
    const t = s.analysis.tables.utilisation.rows.find(
      (r) => r['county_code'] === '40' && r['group_id'] === 'a' && r['year'] === 2024,
    )!;
    expect(u.value).toBeCloseTo(Number(t['share_examined']) / 100, 12);
    expect(u.suppressed).toBe('none');
    expect(s.utilisation.references.some((r) => r.label === 'Norge')).toBe(true);
    expect(s.cariesMean.groupOrder[0]).toMatch(/^12 år/);
    expect(s.trend.filter((r) => r.group.startsWith('a)')).map((r) => r.year)).toEqual([
      2023, 2024,
    ]);
    expect(s.tables.map((x) => x.name)).toEqual([
      'dental_utilisation',
      'dental_caries',
      'dental_recall',
      'dental_cross_sector',
    ]);
    // the rows feed the charts' builders as they are
    const meta = { source: 'DOT (fixture)', period: '2024', manifestId: 'test' };
    const u1 = dentalUtilisationSpec(s.utilisation.rows, {
      meta,
      references: s.utilisation.references,
      groupOrder: s.utilisation.groupOrder,
    });
    const c1 = dentalCariesSpec(s.cariesMean.rows, {
      meta,
      measure: 'meanDmft',
      references: s.cariesMean.references,
    });
    const c2 = dentalCariesSpec(s.cariesFree.rows, { meta, measure: 'cariesFree' });
    for (const spec of [u1, c1, c2]) expect(JSON.stringify(spec)).toMatch(/Telemark/);
  });
});
