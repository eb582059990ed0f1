/**
 * Regression tests for the attacks the demo's own outputs allowed (each built from the demo case
 * that broke it), attacked the way a reader of the files would: every output read back, the
 * counts linked by what they count (`published/attack-model.ts`), and the independent attacker
 * (`attacker/attacker.ts`) over all of them together.
 *
 * Fixture: one year (2024) of made-up GP home visits and hospital stays in every municipality,
 * with many small counts and zeros, and cohort members in Stavanger's communities.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureCohortTables,
  publishCohortTables,
  runIndicators,
  validateWorkspace,
  type DisclosedTable,
  type Workspace,
} from '@felles/core';
import { attack } from './attacker/attacker.js';
import { newWorkspace, uniformPopulation } from './indicator-fixtures.js';
import { attackTables, indicatorCatalogue, publicHierarchies } from './published/attack-model.js';
import { readOutputFile, type PublishedTable } from './published/read-outputs.js';

let ws: Workspace;
const defs = indicatorCatalogue();

beforeAll(async () => {
  ws = await newWorkspace('outputs');
  const db = ws.db;
  await uniformPopulation(db, [2024], 20);
  // GP home visits: every municipality reports (3 physical GP contacts); 30–59 gets rn·5 mod 7
  // visits, 60+ 20 + rn mod 4; 0–29 one visit in two municipalities only, so the country's 0–29
  // is 2 (the demo's gp-home-visits 2024 0–29 = 2, hidden while national_value was printed).
  await db.exec(`
    CREATE TEMP TABLE m AS SELECT code, row_number() OVER (ORDER BY code) AS rn FROM municipality;
    CREATE TEMP TABLE hv AS
      SELECT code, 50 AS age, 'physical' AS type FROM m, range(0, 3)
      UNION ALL SELECT code, 40, 'home_visit' FROM m, range(0, 7) r(i) WHERE i < (rn * 5) % 7
      UNION ALL SELECT code, 70, 'home_visit' FROM m, range(0, 24) r(i) WHERE i < 20 + rn % 4
      UNION ALL SELECT code, 10, 'home_visit' FROM m WHERE code IN ('1144', '5601');
    INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, age, municipality_code, service,
        contact_type, fee_codes, icpc2, icd10, icd_da3, file_id, line)
      SELECT 'c' || row_number() OVER (), 'k' || row_number() OVER (), DATE '2024-05-01', 2024, 'F', 2024 - age, age, code,
        'gp', type, [], [], [], [], 1, row_number() OVER () FROM hv;
  `);
  // Index stays for readmissions: rn mod 6 stays per municipality, diagnoses cycling through heart
  // failure, other circulatory, COPD and pneumonia, ages 60 and 80; every third readmitted 5 days
  // later (the demo's readmission-30d denominators by municipality × age × diagnosis group).
  await db.exec(`
    CREATE TEMP TABLE st AS
      SELECT row_number() OVER () AS id, code, i, ['I50', 'I21', 'J44', 'J18'][i % 4 + 1] AS icd, CASE WHEN i % 2 = 0 THEN 60 ELSE 80 END AS age
      FROM m, range(0, 6) r(i) WHERE i < rn % 6;
    INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, admitted_at, discharged_at,
        care_level, urgency, contact_mode, sector, main_icd10, secondary_icd10, file_id, line)
      SELECT id, 'p' || id, 'F', 2024 - age, code, 2024, DATE '2024-03-01', TIMESTAMP '2024-03-01 10:00', TIMESTAMP '2024-03-03 10:00',
        'inpatient', 'acute', 'in_person', 'somatic', icd, [], 1, id FROM st;
    INSERT INTO hospital_stay SELECT id, 'p' || id, 'F', 2024 - age, code, 2024, TIMESTAMP '2024-03-01 10:00', TIMESTAMP '2024-03-03 10:00',
        2, 'inpatient', TRUE, FALSE, 1, id, id, 'somatic', icd, NULL FROM st;
    INSERT INTO hospital_stay SELECT 100000 + id, 'p' || id, 'F', 2024 - age, code, 2024, TIMESTAMP '2024-03-08 10:00', TIMESTAMP '2024-03-09 10:00',
        1, 'inpatient', TRUE, FALSE, 1, 100000 + id, 100000 + id, 'somatic', 'I50', NULL FROM st WHERE id % 3 = 0;
  `);
}, 600_000);

afterAll(() => ws?.close());

/** Every table of every file in `dir`. */
async function filesIn(dir: string): Promise<PublishedTable[]> {
  const out: PublishedTable[] = [];
  for (const f of readdirSync(dir).sort()) out.push(...(await readOutputFile(join(dir, f))));
  return out;
}

async function attackAll(tables: readonly PublishedTable[]) {
  const model = tables.flatMap((t) => attackTables(t, defs));
  return attack(model, { threshold: 4, hierarchies: await publicHierarchies(ws.db, model) });
}

const published = (t: DisclosedTable, from: string): PublishedTable => ({
  name: t.name,
  rows: t.rows.map((r) => ({ ...r })),
  from,
});

describe('indicators, and the report’s indicators after them', () => {
  let all: PublishedTable[];
  let report: PublishedTable[];

  beforeAll(async () => {
    // Stavanger's municipalities and trust, every helsefellesskap, RHF and the country (the
    // attacker's linear programs stay small; the other municipalities are unpublished cells)
    const ids = ['gp-home-visits', 'readmission-30d'];
    const first = await runIndicators(ws, {
      ids,
      years: [2024],
      hf: 'STAVANGER',
      format: 'csv',
      out: join(ws.dir, 'out', 'indicators'),
    });
    expect(first.disclosure!.cellsAudited).toBeGreaterThan(0);
    // the report's indicators: helsefellesskap and country only, another run on the same data
    await runIndicators(ws, {
      ids,
      years: [2024],
      hf: 'STAVANGER',
      levels: ['helsefellesskap'],
      format: 'csv',
      out: join(ws.dir, 'out', 'report'),
    });
    all = await filesIn(join(ws.dir, 'out', 'indicators'));
    report = await filesIn(join(ws.dir, 'out', 'report'));
  }, 600_000);

  it('areas with the same residents (HF-X and HFF-X) show the same: both hidden or the same count', () => {
    // demo: gp-home-visits 2024 30–59, HFF-BERGEN hidden as secondary while HF-BERGEN showed 5
    const t = all.find((x) => x.name === 'gp-home-visits')!;
    let pairs = 0;
    for (const r of t.rows) {
      const id = String(r['area_id']);
      if (!id.startsWith('HFF-') || id === 'HFF-OSLO') continue;
      const twin = t.rows.find(
        (x) => x['area_id'] === `HF-${id.slice(4)}` && x['age_group'] === r['age_group'],
      );
      if (!twin) continue;
      pairs++;
      expect([id, twin['numerator']]).toEqual([id, r['numerator']]);
    }
    // HF-STAVANGER and HFF-STAVANGER in each age group (all, 0–29, 30–59, 60+)
    expect(pairs).toBe(4);
  });

  it('national_value is empty wherever the national count is hidden', () => {
    // demo: gp-home-visits 2024 0–29 nationally 2 (hidden) while national_value was printed,
    // so national_value × the national population gave it back
    const t = all.find((x) => x.name === 'gp-home-visits')!;
    const nat = t.rows.find((r) => r['area_id'] === 'NO' && r['age_group'] === '0-29')!;
    expect(nat['numerator']).toBeNull();
    // hidden (its flag may read "secondary" so that flags do not narrow down a small total)
    expect(['primary', 'secondary']).toContain(nat['suppressed']);
    const rows = t.rows.filter((r) => r['age_group'] === '0-29');
    expect(rows.length).toBeGreaterThan(30);
    for (const r of rows) expect(r['national_value']).toBeNull();
    // where the national count is shown, shown rows carry it
    const shown = t.rows.filter((r) => r['age_group'] === '60+' && r['numerator'] !== null);
    expect(shown.some((r) => r['national_value'] !== null)).toBe(true);
  });

  it('no hidden cell can be narrowed down from both runs together (geography × both breakdowns)', async () => {
    // demo: readmission-30d 2023 denominator K-1149 other-circulatory 70+ = 3, from the
    // helsefellesskap's age totals, the municipality's total and its neighbours; and the report's
    // helsefellesskap tables with the indicator CSVs (HFF-FINNMARK other-respiratory = 4)
    const findings = await attackAll([...all, ...report]);
    expect(findings).toEqual([]);
  }, 600_000);
});

describe('cohort counts: three standard views one after the other', () => {
  it('cannot be combined to recover a cell', async () => {
    // demo: `cohorts run --level municipality --by-sex --by-age` with the helsefellesskap totals
    // of `cohorts run` and `cohorts run --by-sex` recovered charlson Kvitsøy (1144) F = 1, M = 1
    await ensureCohortTables(ws.db);
    await ws.db.exec(`
      CREATE TEMP TABLE mem AS
        SELECT m.code AS municipality_code, m.hff_code, s.sex, a.age, i
        FROM municipality m, (VALUES ('F'), ('M')) s(sex), (VALUES (45), (72)) a(age), range(0, 9) r(i)
        WHERE m.hff_code IN ('STAVANGER', 'FONNA') AND i < (hash(m.code || s.sex || a.age) % 9)
          AND m.code <> '1144'
        UNION ALL SELECT '1144', 'STAVANGER', 'F', 72, 0 UNION ALL SELECT '1144', 'STAVANGER', 'M', 72, 0;
      INSERT INTO cohort_count
        SELECT 'charlson', '1.0.0', 2024,
          CASE WHEN grouping(municipality_code) = 0 THEN 'municipality' WHEN grouping(hff_code) = 0 THEN 'helsefellesskap' ELSE 'country' END,
          CASE WHEN grouping(municipality_code) = 0 THEN municipality_code WHEN grouping(hff_code) = 0 THEN hff_code ELSE 'NO' END,
          CASE WHEN grouping(sex) = 1 THEN 'T' ELSE sex END,
          CASE WHEN grouping(age) = 1 THEN 'all' WHEN age < 67 THEN '20-66' ELSE '67-79' END,
          count(*), 1000, 2025, 'fixture'
        FROM mem GROUP BY GROUPING SETS ((municipality_code, sex, age), (municipality_code, sex), (municipality_code, age), (municipality_code),
          (hff_code, sex, age), (hff_code, sex), (hff_code, age), (hff_code), (sex, age), (sex), (age), ());
    `);
    const tables: PublishedTable[] = [];
    for (const [k, view] of [
      [1, { level: 'municipality', bySex: true, byAge: true }],
      [2, { level: 'helsefellesskap' }],
      [3, { level: 'helsefellesskap', bySex: true }],
    ] as const) {
      await ws.run('cohorts run', { view }, async (run) => {
        const p = await publishCohortTables(ws, run, { ...view, ids: ['charlson'], years: [2024] });
        tables.push(published(p.counts, `view ${k}`));
      });
    }
    const kvitsoy = tables[0]!.rows.filter(
      (r) => r['area_code'] === '1144' && r['age_group'] === 'all',
    );
    expect(kvitsoy.map((r) => [r['sex'], r['members']])).toEqual([
      ['F', null],
      ['M', null],
      ['T', null],
    ]);
    // each view alone too (a part without a row is none, not an unpublished unknown: declaring
    // an 'unknown' sex or age part that has no row let view 1 alone narrow 35 counts to 2..4)
    for (const t of tables) expect(await attackAll([t]), t.from).toEqual([]);
    expect(await attackAll(tables)).toEqual([]);
  }, 600_000);
});

describe('validate: the threshold rule', () => {
  it('refuses a threshold below the convention without the opt-out, and says so with it', async () => {
    await expect(validateWorkspace(ws, { threshold: 0 })).rejects.toMatchObject({
      code: 'THRESHOLD_BELOW_CONVENTION',
    });
    const cfg = ws.config.disclosure as { threshold: number; allowBelowConvention?: boolean };
    cfg.allowBelowConvention = true;
    try {
      const rep = await validateWorkspace(ws, { threshold: 0 });
      expect(rep.disclosure.threshold).toBe(0);
      expect(rep.disclosure.notice).toMatch(/^WARNING: disclosure control is switched off/);
    } finally {
      delete cfg.allowBelowConvention;
    }
  });
});
