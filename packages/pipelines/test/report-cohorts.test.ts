/**
 * The report's priority-group service use (`reportCohortServiceUse`) on a hand-built workspace:
 * members in each id space, usable, conflicting and missing NPR–KPR links, and contacts of the
 * report year only. Every expected count below is worked out by hand from the rows inserted.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureCohortTables, Workspace } from '@felles/core';
import { reportCohortServiceUse } from '../src/report/data/index.js';

let ws: Workspace;

beforeAll(async () => {
  ws = await Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-report-cohorts-')), 'ws'));
  ws.config.disclosure.threshold = 0; // small made-up counts; disclosure is tested elsewhere
  const db = ws.db;
  await ensureCohortTables(db);
  // Members of one cohort in 2024, all in TELEMARK except n12 (residence unknown):
  //   npr: n1 (linked to k1), n2 (linked to k2), n3 (no link), n4 (conflicting link to k4), n5
  //   kpr: k6 (linked to n6), k7, k8 (no link)
  //   linked (NPR ids): n11 (linked to k11)
  //   npr, unknown residence: n12
  await db.exec(`INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, sex, age, municipality_code, hff_code, run_id)
    SELECT 'c1', '1.0.0', 2024, s, id, 'F', 80, CASE WHEN id = 'n12' THEN NULL ELSE '4001' END,
      CASE WHEN id = 'n12' THEN NULL ELSE 'TELEMARK' END, 'test'
    FROM (VALUES ('npr', 'n1'), ('npr', 'n2'), ('npr', 'n3'), ('npr', 'n4'), ('npr', 'n5'),
      ('kpr', 'k6'), ('kpr', 'k7'), ('kpr', 'k8'), ('linked', 'n11'), ('npr', 'n12')) t(s, id)`);
  // A member of the same cohort in 2023 must not count.
  await db.exec(`INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, sex, age, municipality_code, hff_code, run_id)
    VALUES ('c1', '1.0.0', 2023, 'npr', 'n1', 'F', 79, '4001', 'TELEMARK', 'test')`);
  await db.exec(`INSERT INTO person_link (npr_id, kpr_id, conflict, file_id, line) VALUES
    ('n1', 'k1', FALSE, 1, 1), ('n2', 'k2', FALSE, 1, 2), ('n4', 'k4', TRUE, 1, 3),
    ('n6', 'k6', FALSE, 1, 4), ('n11', 'k11', FALSE, 1, 5)`);
  // NPR episodes: n1 ×2 in 2024 (+1 in 2023), n3 ×1, n6 ×3 (reached through k6), n11 ×1, n12 ×1,
  // and one for an NPR id 'k7' that is not member k7 (a KPR id): it must not count.
  await db.exec(`INSERT INTO specialist_episode (episode_id, person_id, year, admission_date, admitted_at, contact_mode, secondary_icd10, file_id, line)
    SELECT row_number() OVER (), p, y, make_date(y, 3, 1), make_timestamp(y, 3, 1, 0, 0, 0), 'outpatient', [], 2, row_number() OVER ()
    FROM (VALUES ('n1', 2024), ('n1', 2024), ('n1', 2023), ('n3', 2024), ('n6', 2024), ('n6', 2024),
      ('n6', 2024), ('n11', 2024), ('n12', 2024), ('k7', 2024)) t(p, y)`);
  // KPR claims: k1 ×4, k2 ×1, k6 ×2, k7 ×5, k11 ×2; k4 ×2 (conflicting link: not counted); k1 ×1
  // in 2023; a KPR id 'n3' that is not member n3: not counted.
  await db.exec(`INSERT INTO primary_contact (claim_id, person_id, contact_date, year, service, fee_codes, icpc2, icd10, icd_da3, file_id, line)
    SELECT 'c' || row_number() OVER (), p, make_date(y, 5, 1), y, 'gp', [], [], [], [], 3, row_number() OVER ()
    FROM (VALUES ('k1', 2024), ('k1', 2024), ('k1', 2024), ('k1', 2024), ('k1', 2023), ('k2', 2024),
      ('k6', 2024), ('k6', 2024), ('k7', 2024), ('k7', 2024), ('k7', 2024), ('k7', 2024), ('k7', 2024),
      ('k11', 2024), ('k11', 2024), ('k4', 2024), ('k4', 2024), ('n3', 2024)) t(p, y)`);
  // Municipal services active in 2024: k2 (ongoing since 2023), k8 (March 2024); k6's ended 2023.
  await db.exec(`INSERT INTO municipal_service (person_id, service_code, service_code_raw, service_group, service_code_known, from_date, to_date, file_id, line)
    VALUES ('k2', '20', '20', 'home_care', TRUE, DATE '2023-06-01', NULL, 4, 1),
      ('k8', '20', '20', 'home_care', TRUE, DATE '2024-03-01', DATE '2024-04-01', 4, 2),
      ('k6', '20', '20', 'home_care', TRUE, DATE '2023-01-01', DATE '2023-12-31', 4, 3)`);
});

afterAll(() => ws?.close());

describe('reportCohortServiceUse', () => {
  it('counts contacts per level through usable links only, for the report year', async () => {
    // the counts as they go to disclosure control (before it)
    const table = await reportCohortServiceUse(ws, 2024, [
      { id: 'c1', version: '1.0.0', title: 'C1', priorityGroup: 'frail-elderly' },
    ]);
    const t = { rows: table.input as readonly Record<string, unknown>[] };
    const pick = (area: string) => {
      const r = t.rows.find((x) => x['area_code'] === area);
      return (
        r && {
          members: r['members'],
          specialist: r['specialist'],
          primary: r['primary'],
          municipal: r['municipal'],
          specialist_per_person: r['specialist_per_person'],
          primary_per_person: r['primary_per_person'],
          municipal_per_person: r['municipal_per_person'],
        }
      );
    };
    // TELEMARK: 9 members; specialist n1 2 + n3 1 + n6 3 + n11 1 = 7; primary k1 4 + k2 1 + k6 2
    // + k7 5 + k11 2 = 14; municipal k2 1 + k8 1 = 2.
    expect(pick('TELEMARK')).toEqual({
      members: 9,
      specialist: 7,
      primary: 14,
      municipal: 2,
      specialist_per_person: 0.78,
      primary_per_person: 1.56,
      municipal_per_person: 0.22,
    });
    // Unknown residence: n12 with one episode.
    expect(pick('unknown')).toMatchObject({ members: 1, specialist: 1, primary: 0, municipal: 0 });
    // The country: both.
    expect(pick('NO')).toEqual({
      members: 10,
      specialist: 8,
      primary: 14,
      municipal: 2,
      specialist_per_person: 0.8,
      primary_per_person: 1.4,
      municipal_per_person: 0.2,
    });
    expect(t.rows).toHaveLength(3);
  });
});
