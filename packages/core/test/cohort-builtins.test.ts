/**
 * Each built-in cohort on a tiny hand-built fixture. Reference date 31.12.2024, so a 12-month window
 * is 1.1.2024–31.12.2024 and a 24-month window 1.1.2023–31.12.2024 (both ends inclusive).
 * Age = 2024 − birth year.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Workspace } from '../src/internal.js';
import {
  assessment,
  attrition,
  claim,
  clear,
  episode,
  link,
  members,
  newWorkspace,
  person,
  run,
  service,
  stay,
} from './cohort-fixtures.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await newWorkspace('builtins');
});
afterAll(() => ws?.close());
beforeEach(async () => clear(ws.db));

const npr = (id: string, birthYear: number, residence?: Record<number, string>, death?: string) =>
  person(ws.db, 'npr', id, {
    birthYear,
    ...(residence ? { residence } : {}),
    ...(death ? { death } : {}),
  });
const kpr = (id: string, birthYear: number, residence?: Record<number, string>) =>
  person(ws.db, 'kpr', id, { birthYear, ...(residence ? { residence } : {}) });

describe('complex-multimorbidity (≥ 3 conditions in ≥ 3 organ systems, NPR, 12 months, 18+)', () => {
  it('counts secondary codes, respects window boundaries, organ systems, exclusions, age, death and moves', async () => {
    const db = ws.db;
    // P1: heart failure (main) + diabetes + COPD in secondary positions: 3 conditions, 3 systems → in
    await npr('P1', 1954);
    await episode(db, 'P1', '2024-03-01', 'I500', ['E119', 'J449']);
    // P2: hypertension, AF, MI: 3 conditions, all circulatory → out
    await npr('P2', 1954);
    await episode(db, 'P2', '2024-03-01', 'I10', ['I48', 'I219']);
    // P3: diabetes on 1.1.2024 (in), COPD (in), epilepsy on 31.12.2023 (one day before the window) → 2 systems → out
    await npr('P3', 1954);
    await episode(db, 'P3', '2024-01-01', 'E119');
    await episode(db, 'P3', '2024-06-01', 'J449');
    await episode(db, 'P3', '2023-12-31', 'G409');
    // P4: heart failure on 1.1.2024, COPD, epilepsy on 31.12.2024 (both window ends) → in
    await npr('P4', 1954);
    await episode(db, 'P4', '2024-01-01', 'I500');
    await episode(db, 'P4', '2024-05-05', 'J449');
    await episode(db, 'P4', '2024-12-31', 'G409');
    // P5: heart failure, COPD and C44 (excluded from cancer by the code list) → 2 conditions → out
    await npr('P5', 1954);
    await episode(db, 'P5', '2024-03-01', 'I500', ['J449', 'C443']);
    // P6: qualifies but is 17 → out at the age rule
    await npr('P6', 2007);
    await episode(db, 'P6', '2024-03-01', 'I500', ['E119', 'J449']);
    // P7: died on 1 June 2023 → not in the 2023 base population (alive at the reference date,
    // 31 December) nor in 2024's
    await npr('P7', 1954, { 2023: '0301' }, '2023-06-01');
    await episode(db, 'P7', '2023-03-01', 'I500', ['E119', 'J449']);
    // P8: qualifies in both years and moves from Porsgrunn (2023) to Oslo (2024)
    await npr('P8', 1950, { 2023: '4001', 2024: '0301' });
    await episode(db, 'P8', '2023-03-01', 'I500', ['E119', 'J449']);
    await episode(db, 'P8', '2024-03-01', 'I500', ['E119', 'J449']);

    await run(ws, ['complex-multimorbidity'], [2023, 2024]);
    expect(await members(db, 'complex-multimorbidity', 2024)).toEqual({
      P1: '0301',
      P4: '0301',
      P8: '0301',
    });
    // 2023: P8 in Porsgrunn (P7 died before the reference date)
    expect(await members(db, 'complex-multimorbidity', 2023)).toEqual({ P8: '4001' });
    expect(await attrition(db, 'complex-multimorbidity', 2024)).toEqual([
      ['base population (alive and resident at the reference date, known in the id space)', 7],
      ['age 18+ at the reference date', 6],
      ['≥ 3 chronic conditions in ≥ 3 organ systems in specialist care, 12 months', 3],
    ]);
    const hf = await db.all(
      `SELECT year, area_code, members FROM cohort_count WHERE cohort_id = 'complex-multimorbidity' AND level = 'helsefellesskap' AND sex = 'T' AND age_group = 'all' ORDER BY year, area_code`,
    );
    expect(hf).toEqual([
      { year: 2023, area_code: 'TELEMARK', members: 1 },
      { year: 2024, area_code: 'OSLO', members: 3 },
    ]);
  });
});

describe('multimorbidity (≥ 2 conditions, NPR ICD-10 and/or KPR ICPC-2, 24 months, linked)', () => {
  it('joins KPR claims through non-conflicting links only', async () => {
    const db = ws.db;
    // N1 ↔ K1: diabetes in NPR (2024) + hypertension K86 in KPR (2023) → in
    await npr('N1', 1960);
    await kpr('K1', 1960);
    await link(db, 'N1', 'K1');
    await episode(db, 'N1', '2024-02-01', 'E119');
    await claim(db, 'K1', '2023-06-01', ['K86']);
    // N2 ↔ K2 is a conflicting link: NPR diabetes only → out
    await npr('N2', 1960);
    await kpr('K2', 1960);
    await link(db, 'N2', 'K2', true);
    await episode(db, 'N2', '2024-02-01', 'E119');
    await claim(db, 'K2', '2024-06-01', ['K86']);
    // K4 ↔ N4, N4 not in NPR at all: T90 + R95 in KPR → in, under NPR id N4 with KPR's residence
    await kpr('K4', 1950, { 2024: '4601' });
    await link(db, 'N4', 'K4');
    await claim(db, 'K4', '2024-01-10', ['T90']);
    await claim(db, 'K4', '2024-02-10', ['R95']);
    // K5 without a link: two conditions, but cannot be placed → out
    await kpr('K5', 1950);
    await claim(db, 'K5', '2024-01-10', ['T90', 'R95']);
    // N7 ↔ K7: only ICD-10 codes on the claim (not used from KPR) → out
    await npr('N7', 1950);
    await kpr('K7', 1950);
    await link(db, 'N7', 'K7');
    await claim(db, 'K7', '2024-01-10', [], { icd10: ['E119', 'J449'] });
    // N8: hypertension twice (I10, K86 via link) is one condition → out
    await npr('N8', 1950);
    await kpr('K8', 1950);
    await link(db, 'N8', 'K8');
    await episode(db, 'N8', '2024-02-01', 'I10');
    await claim(db, 'K8', '2024-03-01', ['K86']);

    const r = await run(ws, ['multimorbidity']);
    expect(r.skipped).toEqual([]);
    expect(r.cohorts[0]!.needsLinkage).toBe(true);
    expect(await members(db, 'multimorbidity')).toEqual({ N1: '0301', N4: '4601' });
  });

  it('is skipped with a reason when there is no linkage, while NPR-only cohorts still run', async () => {
    await npr('P1', 1954);
    await episode(ws.db, 'P1', '2024-03-01', 'I500', ['E119', 'J449']);
    const r = await run(ws, ['multimorbidity', 'complex-multimorbidity']);
    expect(r.skipped.map((s) => s.id)).toEqual(['multimorbidity']);
    expect(r.skipped[0]!.reason).toMatch(/linkage/);
    expect(await members(ws.db, 'complex-multimorbidity')).toEqual({ P1: '0301' });
    expect(r.manifest.notes.join(' ')).toMatch(/multimorbidity skipped/);
  });
});

describe('frail-elderly-function (75+, latest IPLOS need level, 12 months, KPR only)', () => {
  it('uses the latest assessment in the window and runs without linkage', async () => {
    const db = ws.db;
    await kpr('F1', 1944);
    await assessment(db, 'F1', '2024-03-01', 'limited');
    await assessment(db, 'F1', '2024-09-01', 'extensive'); // latest → in
    await kpr('F2', 1944);
    await assessment(db, 'F2', '2024-03-01', 'extensive');
    await assessment(db, 'F2', '2024-09-01', 'limited'); // latest is limited → out
    await kpr('F3', 1944);
    await assessment(db, 'F3', '2023-12-31', 'moderate_to_large'); // outside → out
    await kpr('F4', 1944);
    await assessment(db, 'F4', '2024-01-01', 'moderate_to_large'); // first day of the window → in
    await kpr('F5', 1950);
    await assessment(db, 'F5', '2024-05-01', 'extensive'); // 74 → out
    const r = await run(ws, ['frail-elderly-function']);
    expect(r.cohorts[0]!.idSpace).toBe('kpr');
    expect(r.cohorts[0]!.needsLinkage).toBe(false);
    expect(await members(db, 'frail-elderly-function')).toEqual({ F1: '0301', F4: '0301' });
    expect((await attrition(db, 'frail-elderly-function')).map((a) => a[1])).toEqual([5, 4, 2]);
  });
});

describe('frail-elderly-hfrs (75+, HFRS ≥ 5 over 24 months; each 3-character code once)', () => {
  it('matches a hand calculation from the published points', async () => {
    const db = ws.db;
    // H1 (80): F00.1 7.1 (twice, counts once) + R29.6 3.6 + W19 3.2 + N39.0 3.2 (twice) = 17.1 → high.
    //          G81 (4.4) on 31.12.2022 is outside the 24 months.
    await npr('H1', 1944);
    await episode(db, 'H1', '2023-02-01', 'F001', ['R296', 'W19', 'N390']);
    await episode(db, 'H1', '2024-05-01', 'F001', ['N390']);
    await episode(db, 'H1', '2022-12-31', 'G819');
    // H2 (76): R41.0 2.7 + R26.8 2.6 = 5.3 → intermediate
    await npr('H2', 1948);
    await episode(db, 'H2', '2024-01-15', 'R410', ['R268']);
    // H3 (80): S00 3.2 → 3.2 → low, out
    await npr('H3', 1944);
    await episode(db, 'H3', '2024-01-15', 'S001');
    // H4 (74): high score but too young
    await npr('H4', 1950);
    await episode(db, 'H4', '2024-01-15', 'F001', ['R296', 'W19']);
    // H5 (80): F00 7.1 + I69 3.7 + N39 3.2 + E55 1.0 = 15.0 exactly → intermediate (high is > 15)
    await npr('H5', 1944);
    await episode(db, 'H5', '2024-01-15', 'F009', ['I694', 'N390', 'E559']);
    await run(ws, ['frail-elderly-hfrs']);
    const rows = await db.all(
      `SELECT person_id, score, band FROM cohort_member WHERE cohort_id = 'frail-elderly-hfrs' ORDER BY person_id`,
    );
    expect(rows).toEqual([
      { person_id: 'H1', score: 17.1, band: 'high' },
      { person_id: 'H2', score: 5.3, band: 'intermediate' },
      { person_id: 'H5', score: 15, band: 'intermediate' },
    ]);
  });

  it('the weights come from the published list (Gilbert et al. 2018, fixtures/published)', () => {
    const text = readFileSync(
      fileURLToPath(new URL('./fixtures/published/hfrs_icd10.csv', import.meta.url)),
      'utf8',
    );
    const w = Object.fromEntries(
      text
        .trim()
        .split('\n')
        .slice(1)
        .map((l) => [l.slice(0, 3), Number(l.split(',')[1])]),
    );
    expect(w['F00']! + w['R29']! + w['W19']! + w['N39']!).toBeCloseTo(17.1, 10);
    expect(w['R41']! + w['R26']!).toBeCloseTo(5.3, 10);
    expect(w['F00']! + w['I69']! + w['N39']! + w['E55']!).toBeCloseTo(15.0, 10);
  });
});

describe('severe-mental-illness-substance', () => {
  it('needs the right sector in NPR, two distinct days in KPR, and drops F17', async () => {
    const db = ws.db;
    await npr('S1', 1990);
    await episode(db, 'S1', '2024-04-01', 'F200', [], { sector: 'adult_mental' }); // in
    await npr('S2', 1990);
    await episode(db, 'S2', '2024-04-01', 'F200', [], { sector: 'somatic' }); // wrong sector → out
    await npr('S5', 1990);
    await episode(db, 'S5', '2024-04-01', 'F171', [], { sector: 'substance' }); // tobacco excluded → out
    await npr('S6', 1990);
    await episode(db, 'S6', '2024-04-01', 'Z000', ['F102'], { sector: 'substance' }); // F10 secondary → in
    await kpr('K3', 1990);
    await link(db, 'S3', 'K3');
    await claim(db, 'K3', '2024-02-01', ['P72']);
    await claim(db, 'K3', '2024-03-01', ['P72']); // two days → in
    await kpr('K4', 1990);
    await link(db, 'S4', 'K4');
    await claim(db, 'K4', '2024-02-01', ['P72']);
    await claim(db, 'K4', '2024-02-01', ['P72']); // two claims, one day → out
    await run(ws, ['severe-mental-illness-substance']);
    expect(Object.keys(await members(db, 'severe-mental-illness-substance'))).toEqual([
      'S1',
      'S3',
      'S6',
    ]);
  });
});

describe('children-long-term-needs (0–17)', () => {
  it('finds conditions in NPR and KPR, asthma only from specialist care, and habilitation/respite services', async () => {
    const db = ws.db;
    await npr('C1', 2014);
    await episode(db, 'C1', '2023-05-01', 'G800'); // cerebral palsy → in
    await npr('C3', 2014);
    await episode(db, 'C3', '2024-05-01', 'J450'); // asthma in specialist care → in
    await npr('C4', 2006);
    await episode(db, 'C4', '2024-05-01', 'G409'); // 18 → out
    await kpr('K2', 2014);
    await link(db, 'C2', 'K2');
    for (const d of ['2024-01-05', '2024-03-05', '2024-06-05']) await claim(db, 'K2', d, ['R96']); // asthma in GP → out
    await kpr('K5', 2014);
    await link(db, 'C5', 'K5');
    await service(db, 'K5', '19', 'short_stay', '2023-06-01', '2024-02-01'); // overlaps the window → in
    await kpr('K6', 2014);
    await link(db, 'C6', 'K6');
    await service(db, 'K6', '19', 'short_stay', '2023-01-01', '2023-12-31'); // ends the day before → out
    await kpr('K7', 2014);
    await link(db, 'C7', 'K7');
    await claim(db, 'K7', '2023-02-01', ['N88']);
    await claim(db, 'K7', '2024-02-01', ['N88']); // epilepsy, two days in 24 months → in
    await run(ws, ['children-long-term-needs']);
    expect(Object.keys(await members(db, 'children-long-term-needs'))).toEqual([
      'C1',
      'C3',
      'C5',
      'C7',
    ]);
  });
});

describe('dho-target (COPD, diabetes or heart failure at medium–high risk)', () => {
  const gpDays = async (id: string, n: number) => {
    for (let i = 0; i < n; i++)
      await claim(
        ws.db,
        id,
        `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + Math.floor(i / 12)).padStart(2, '0')}`,
        ['A97'],
      );
  };
  async function fixture() {
    const db = ws.db;
    // D1: COPD in the window, acute inpatient stay with COPD as main diagnosis → in
    await npr('D1', 1960);
    await episode(db, 'D1', '2024-01-01', 'J449');
    await stay(db, 'D1', '2024-02-01', { acute: true, main: 'J441' });
    // D2/K2: diabetes in KPR, 20 GP consultation days (a second claim on a day and a simple remote contact do not count) → in
    await kpr('K2', 1960);
    await link(db, 'D2', 'K2');
    await gpDays('K2', 19);
    await claim(db, 'K2', '2024-01-01', ['A97']); // same day as the first GP day
    await claim(db, 'K2', '2024-11-30', ['A97'], { contactType: 'simple_remote' });
    await claim(db, 'K2', '2024-12-31', ['T90'], { contactType: 'home_visit' }); // diabetes on the window's last day: the 20th day
    // D3/K3: heart failure, home health care and 10 GP days → in
    await npr('D3', 1960);
    await kpr('K3', 1960);
    await link(db, 'D3', 'K3');
    await episode(db, 'D3', '2024-05-01', 'I509');
    await service(db, 'K3', '15', 'home_health_care', '2024-06-01', null);
    await gpDays('K3', 10);
    // D4: diabetes; an acute stay for a hip fracture and a planned stay → out (the admission is not for the condition)
    await npr('D4', 1960);
    await episode(db, 'D4', '2024-05-01', 'E119');
    await stay(db, 'D4', '2024-06-01', { acute: true, main: 'S720' });
    await stay(db, 'D4', '2024-07-01', { acute: false, main: 'E119' });
    // D5/K5: heart failure, home health care but only 9 GP days → out
    await npr('D5', 1960);
    await kpr('K5', 1960);
    await link(db, 'D5', 'K5');
    await episode(db, 'D5', '2024-05-01', 'I500');
    await service(db, 'K5', '15', 'home_health_care', '2023-06-01', '2024-01-01');
    await gpDays('K5', 9);
    // D6: COPD last recorded on 31.12.2023, one day before the 12-month window → out
    await npr('D6', 1960);
    await episode(db, 'D6', '2023-12-31', 'J449');
    await stay(db, 'D6', '2024-02-01', { acute: true, main: 'J449' });
  }

  it('uses the defaults: acute admission for the condition, ≥ 20 GP days, or home health care with ≥ 10 GP days', async () => {
    await fixture();
    await run(ws, ['dho-target']);
    expect(Object.keys(await members(ws.db, 'dho-target'))).toEqual(['D1', 'D2', 'D3']);
    // base, 18+, condition in 12 months (D6 out), any risk marker (D4 out), home care qualified (D5 out)
    expect((await attrition(ws.db, 'dho-target')).map((a) => a[1])).toEqual([6, 6, 5, 4, 3]);
  });

  it('takes the GP thresholds as parameters', async () => {
    await fixture();
    const r = await run(ws, ['dho-target'], [2024], {
      'dho-target': { minGpContacts: 21, minGpContactsWithHomeCare: 9 },
    });
    expect(r.cohorts[0]!.params).toEqual({ minGpContacts: 21, minGpContactsWithHomeCare: 9 });
    expect(Object.keys(await members(ws.db, 'dho-target'))).toEqual(['D1', 'D3', 'D5']);
  });
});

describe('dementia', () => {
  it('finds F00–F03/G30 in any NPR position and P70 in KPR', async () => {
    const db = ws.db;
    await npr('M1', 1940);
    await episode(db, 'M1', '2024-05-01', 'S720', ['G301']); // secondary → in
    await kpr('K2', 1940);
    await link(db, 'M2', 'K2');
    await claim(db, 'K2', '2023-01-01', ['P70']); // first day of 24 months → in
    await npr('M3', 1940);
    await episode(db, 'M3', '2024-05-01', 'F059'); // delirium → out
    await run(ws, ['dementia']);
    expect(Object.keys(await members(db, 'dementia'))).toEqual(['M1', 'M2']);
  });
});

describe('charlson (Quan ICD-10, bands 0, 1–2, 3–4, 5+)', () => {
  it('applies the hierarchy and counts each condition once', async () => {
    const db = ws.db;
    // Q1: ami 1 + chf 1 + diabwc 2 (E11.2) with diab (E11.9) dropped = 4 → 3-4
    await npr('Q1', 1950);
    await episode(db, 'Q1', '2024-05-01', 'I219', ['I500', 'E112', 'E119']);
    // Q2: metacanc 6 (C78.0) with canc (C50.9) dropped = 6 → 5+
    await npr('Q2', 1950);
    await episode(db, 'Q2', '2023-05-01', 'C509', ['C780']);
    // Q3: a contact without Charlson codes → 0
    await npr('Q3', 1950);
    await episode(db, 'Q3', '2024-05-01', 'S720');
    // Q4: no contact in 24 months → not in the cohort
    await npr('Q4', 1950);
    await episode(db, 'Q4', '2022-05-01', 'I219');
    // Q5: diabetes in two episodes counts once = 1 → 1-2; msld (K70.4) over mld (K70.3) = 3 → total 4 → 3-4
    await npr('Q5', 1950);
    await episode(db, 'Q5', '2023-05-01', 'E119');
    await episode(db, 'Q5', '2024-05-01', 'E119', ['K703', 'K704']);
    // Q6: one diabetes code = 1 → 1-2
    await npr('Q6', 1950);
    await episode(db, 'Q6', '2024-05-01', 'E119');
    await run(ws, ['charlson']);
    const rows = await db.all(
      `SELECT person_id, score, band FROM cohort_member WHERE cohort_id = 'charlson' ORDER BY person_id`,
    );
    expect(rows).toEqual([
      { person_id: 'Q1', score: 4, band: '3-4' },
      { person_id: 'Q2', score: 6, band: '5+' },
      { person_id: 'Q3', score: 0, band: '0' },
      { person_id: 'Q5', score: 4, band: '3-4' },
      { person_id: 'Q6', score: 1, band: '1-2' },
    ]);
  });
});
