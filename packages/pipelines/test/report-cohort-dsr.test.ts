/**
 * The report's standardised prevalence of a priority group is the indicators' direct
 * standardisation (collapsingDsr over 5-year bands × sex) of the same members and residents,
 * hand-computed on a made-up workspace.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  collapsingDsr,
  ensureCohortTables,
  resolveStandardPopulation,
  Workspace,
} from '@felles/core';
import { reportCohortPrevalence } from '../src/report/data/index.js';

let ws: Workspace;

// Residents of 4001 (TELEMARK) by sex × single age: 2025 is the cohort's population (1 January
// after the 2024 reference date), 2024 the standard population (workspace-2024).
const POP: [number, string, number, number][] = [
  [2025, 'M', 80, 100],
  [2025, 'M', 82, 100],
  [2025, 'M', 85, 100],
  [2025, 'F', 80, 200],
  [2025, 'F', 85, 100],
  [2024, 'M', 80, 300],
  [2024, 'M', 82, 100],
  [2024, 'M', 85, 100],
  [2024, 'F', 80, 100],
  [2024, 'F', 85, 100],
];
// Members in 2024: M80 10, M82 none, M85 20, F80 10, F85 5 (45 of 600).
const MEMBERS: [string, number, number][] = [
  ['M', 80, 10],
  ['M', 85, 20],
  ['F', 80, 10],
  ['F', 85, 5],
];

beforeAll(async () => {
  ws = await Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-report-dsr-')), 'ws'));
  ws.config.disclosure.threshold = 0; // small made-up counts; disclosure is tested elsewhere
  ws.config.standardPopulation = 'workspace-2024';
  const db = ws.db;
  await ensureCohortTables(db);
  await db.exec(
    `INSERT INTO population (year, municipality_code, sex, age, population) VALUES ${POP.map(([y, s, a, n]) => `(${y}, '4001', '${s}', ${a}, ${n})`).join(', ')}`,
  );
  await db.exec(`INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, sex, age, municipality_code, hff_code, run_id)
    SELECT 'c1', '1.0.0', 2024, 'npr', sex || age || '-' || i, sex, age, '4001', 'TELEMARK', 'test'
    FROM (VALUES ${MEMBERS.map(([s, a, n]) => `('${s}', ${a}, ${n})`).join(', ')}) t(sex, age, n), range(n) r(i)`);
  await db.exec(`INSERT INTO cohort_count (cohort_id, version, year, level, area_code, sex, age_group, members, population, population_year, run_id) VALUES
    ('c1', '1.0.0', 2024, 'helsefellesskap', 'TELEMARK', 'T', 'all', 45, 600, 2025, 'test'),
    ('c1', '1.0.0', 2024, 'country', 'NO', 'T', 'all', 45, 600, 2025, 'test')`);
});

afterAll(() => ws?.close());

describe('reportCohortPrevalence', () => {
  it('standardises as the indicators do: 5-year bands × sex on the workspace standard', async () => {
    const { table, standard } = await reportCohortPrevalence(ws, 2024, [
      { id: 'c1', version: '1.0.0', title: 'Cohort 1', priorityGroup: 'test', ageMin: 67 },
    ]);
    expect(standard).toBe('workspace population 2024');
    // the figures as they go to disclosure control (counts of 45 are shown as they are)
    const rows = table.input as readonly Record<string, unknown>[];
    const row = rows.find((r) => r['area_code'] === 'TELEMARK')!;
    // Crude: 45 / 600 = 75 per 1 000. 5-year bands: M80–84 10 / 200 = .05, M85 .2, F80 .05, F85
    // .05, weighted by the 2024 residents 400, 100, 100, 100: (20 + 20 + 5 + 5) / 700 → 71.43 per
    // 1 000 (single ages would give (30 + 0 + 20 + 5 + 5) / 700 → 85.71).
    expect(row['crude']).toBe(75);
    expect(row['dsr']).toBe(71.43);
    // The same cells through the indicators' standardisation give the same figure and limits.
    const direct = collapsingDsr(
      MEMBERS.map(([sex, age, n]) => ({
        band: age,
        sex: sex as 'M' | 'F',
        events: n,
        population: POP.find((p) => p[0] === 2025 && p[1] === sex && p[2] === age)![3],
      })).concat([{ band: 80, sex: 'M', events: 0, population: 100 }]),
      await resolveStandardPopulation('workspace-2024', ws.db),
      1000,
      0.95,
    )!;
    expect(row['dsr']).toBe(Math.round(direct.value! * 100) / 100);
    expect(row['dsr_lower']).toBe(Math.round(direct.lower! * 100) / 100);
    expect(row['dsr_upper']).toBe(Math.round(direct.upper! * 100) / 100);
  });
});
