/**
 * Indicator engine and the built-in catalogue on hand-made fixtures. Every expected figure is
 * worked out by hand in the comments (or from a published table), independently of the code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assertValidIndicator,
  computeIndicator,
  loadIndicatorLibrary,
  resolveStandardPopulation,
  type IndicatorDefinition,
  type IndicatorRow,
  type Workspace,
} from '../src/internal.js';
import {
  claims,
  newWorkspace,
  outpatient,
  service,
  stay,
  uniformPopulation,
} from './indicator-fixtures.js';

/** Wilson score interval without continuity correction, written out from Wilson (1927). */
function wilson(r: number, n: number, z = 1.959963984540054): [number, number] {
  const p = r / n;
  const c = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const h = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(c - h) * 100, (c + h) * 100];
}

const lib = loadIndicatorLibrary();
const def = (id: string) => lib.get(id)!.definition;
let ws: Workspace;

async function rows(
  id: string,
  years = [2024],
  usableLinks = 0,
  d?: IndicatorDefinition,
): Promise<IndicatorRow[]> {
  const standard = await resolveStandardPopulation('workspace-2024', ws.db);
  return computeIndicator(ws.db, d ?? def(id), {
    years,
    structureYear: 2024,
    standard,
    usableLinks,
  });
}
const pick = (rs: IndicatorRow[], area: string, breakdown: Record<string, string> = {}) =>
  rs.find(
    (r) =>
      r.area_code === area &&
      Object.entries(breakdown).every(([k, v]) => r.breakdown[k] === v) &&
      Object.entries(r.breakdown).every(([k, v]) => k in breakdown || v === 'all'),
  )!;

beforeAll(async () => {
  ws = await newWorkspace('engine');
  const db = ws.db;
  await uniformPopulation(db, [2023, 2024]);

  // --- readmission (Drammen 3301). P born 1950 (74 in 2024, 70+); the others born 1980.
  // A: discharged 10.03 12:00; acute admission 10.03 20:01 (8 h 1 min later) → A readmitted.
  await stay(db, {
    person: 'P',
    mun: '3301',
    birthYear: 1950,
    admitted: '2024-03-08 10:00',
    discharged: '2024-03-10 12:00',
    icd: 'I50',
  });
  await stay(db, {
    person: 'P',
    mun: '3301',
    birthYear: 1950,
    admitted: '2024-03-10 20:01',
    discharged: '2024-03-12 12:00',
    icd: 'I50',
  });
  // B: next acute admission exactly 8 h after discharge: a transfer, not a readmission.
  await stay(db, {
    person: 'Q',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-03-30 10:00',
    discharged: '2024-04-01 10:00',
    icd: 'J18',
  });
  await stay(db, {
    person: 'Q',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-04-01 18:00',
    discharged: '2024-04-03 10:00',
    icd: 'J18',
  });
  // C: next acute admission exactly 30 days after discharge → readmitted.
  await stay(db, {
    person: 'R',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-04-28 10:00',
    discharged: '2024-05-01 10:00',
    icd: 'K35',
  });
  await stay(db, {
    person: 'R',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-05-31 10:00',
    discharged: '2024-06-02 10:00',
    icd: 'K35',
  });
  // D: 30 days and 1 minute → not.
  await stay(db, {
    person: 'S',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-05-28 10:00',
    discharged: '2024-06-01 10:00',
    icd: 'N39',
  });
  await stay(db, {
    person: 'S',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-07-01 10:01',
    discharged: '2024-07-03 10:00',
    icd: 'N39',
  });
  // E: a planned admission 5 days later is not a readmission (E2 is itself an index stay).
  await stay(db, {
    person: 'T',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-06-28 10:00',
    discharged: '2024-07-01 10:00',
    icd: 'I21',
  });
  await stay(db, {
    person: 'T',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-07-06 10:00',
    discharged: '2024-07-08 10:00',
    icd: 'I21',
    acute: false,
  });
  // F: cancer index stay excluded; its acute follow-up stay (J18) is an index stay, not readmitted.
  await stay(db, {
    person: 'U',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-07-28 10:00',
    discharged: '2024-08-01 10:00',
    icd: 'C50',
  });
  await stay(db, {
    person: 'U',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-08-03 10:00',
    discharged: '2024-08-05 10:00',
    icd: 'J18',
  });
  // G died (excluded); H injury S72 (excluded); I Z51 (excluded) — each followed by a readmission.
  await stay(db, {
    person: 'V',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-09-01 10:00',
    discharged: '2024-09-03 10:00',
    icd: 'I21',
    died: true,
  });
  await stay(db, {
    person: 'W',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-09-01 10:00',
    discharged: '2024-09-03 10:00',
    icd: 'S720',
  });
  await stay(db, {
    person: 'W',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-09-05 10:00',
    discharged: '2024-09-06 10:00',
    icd: 'S720',
    careLevel: 'day',
  });
  await stay(db, {
    person: 'X',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-09-01 10:00',
    discharged: '2024-09-03 10:00',
    icd: 'Z511',
  });
  await stay(db, {
    person: 'X',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-09-05 10:00',
    discharged: '2024-09-06 10:00',
    icd: 'Z511',
    careLevel: 'day',
  });
  // J: an acute psychiatric admission 3 days later is not a somatic readmission.
  await stay(db, {
    person: 'Y',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-10-01 10:00',
    discharged: '2024-10-03 10:00',
    icd: 'E11',
  });
  await stay(db, {
    person: 'Y',
    mun: '3301',
    birthYear: 1980,
    admitted: '2024-10-06 10:00',
    discharged: '2024-10-09 10:00',
    icd: 'F32',
    sector: 'adult_mental',
  });

  // --- discharge-ready days (Kongsberg 3303, Ringerike 3305)
  await stay(db, {
    person: 'DR1',
    mun: '3303',
    birthYear: 1940,
    admitted: '2024-01-20 10:00',
    discharged: '2024-02-06 12:00',
    ready: '2024-02-01 10:00',
    acute: false,
  }); // 5 days
  await stay(db, {
    person: 'DR2',
    mun: '3303',
    birthYear: 1940,
    admitted: '2024-02-20 10:00',
    discharged: '2024-03-01 18:00',
    ready: '2024-03-01 09:00',
    acute: false,
  }); // 0 days
  await stay(db, {
    person: 'DR3',
    mun: '3305',
    birthYear: 1940,
    admitted: '2024-02-01 10:00',
    discharged: '2024-02-13 12:00',
    ready: '2024-02-10 08:00',
    acute: false,
  }); // 3 days
  await stay(db, {
    person: 'DR4',
    mun: '3305',
    birthYear: 1940,
    admitted: '2024-04-01 10:00',
    discharged: '2024-04-13 12:00',
    acute: false,
  }); // not reported ready

  // --- acute admissions, direct standardisation (Stavanger 1103): 3 acute stays, age 72, 47, 12
  await stay(db, {
    person: 'S1',
    mun: '1103',
    birthYear: 1952,
    admitted: '2024-02-01 10:00',
    discharged: '2024-02-03 10:00',
    icd: 'I21',
    sex: 'M',
  });
  await stay(db, {
    person: 'S2',
    mun: '1103',
    birthYear: 1977,
    admitted: '2024-03-01 10:00',
    discharged: '2024-03-03 10:00',
    icd: 'K35',
  });
  await stay(db, {
    person: 'S3',
    mun: '1103',
    birthYear: 2012,
    admitted: '2024-04-01 10:00',
    discharged: '2024-04-02 10:00',
    icd: 'J18',
    sex: 'M',
  });

  // --- video/telephone share (Bergen 4601, Askøy 4627)
  await outpatient(db, { mun: '4601', year: 2024, n: 10 });
  await outpatient(db, { mun: '4601', year: 2024, n: 3, mode: 'video' });
  await outpatient(db, { mun: '4601', year: 2024, n: 2, mode: 'telephone' });
  await outpatient(db, { mun: '4627', year: 2024, n: 20 });
  await outpatient(db, { mun: '4627', year: 2024, n: 1, mode: 'video' });

  // --- GP e-consultations (Trondheim 5001): age 25: 4 physical + 1 e; age 45: 3 + 3; age 70: 10 + 0
  await claims(db, { mun: '5001', year: 2024, n: 4, age: 25 });
  await claims(db, { mun: '5001', year: 2024, n: 1, age: 25, type: 'e_consultation' });
  await claims(db, { mun: '5001', year: 2024, n: 3, age: 45 });
  await claims(db, { mun: '5001', year: 2024, n: 3, age: 45, type: 'e_consultation' });
  await claims(db, { mun: '5001', year: 2024, n: 10, age: 70 });
  await claims(db, { mun: '5001', year: 2024, n: 2, age: 70, type: 'simple_remote' });

  // --- home health care, missing is not zero (Telemark: Porsgrunn 4001, Skien 4003 report; Notodden 4005 does not)
  await service(db, {
    person: 'H1',
    mun: '4001',
    group: 'home_health_care',
    from: '2023-06-01',
    birthYear: 1940,
  }); // 84, ongoing
  await service(db, {
    person: 'H2',
    mun: '4001',
    group: 'home_health_care',
    from: '2024-02-01',
    to: '2024-03-01',
    birthYear: 1954,
  }); // 70
  await service(db, {
    person: 'H2',
    mun: '4001',
    group: 'home_health_care',
    from: '2024-05-01',
    to: '2024-06-01',
    birthYear: 1954,
  }); // same person again
  await service(db, {
    person: 'H3',
    mun: '4001',
    group: 'home_health_care',
    from: '2022-01-01',
    to: '2023-12-31',
    birthYear: 1940,
  }); // ended 2023
  await service(db, {
    person: 'H4',
    mun: '4003',
    group: 'practical_help',
    from: '2024-01-01',
    birthYear: 1940,
  }); // Skien reported, no home health care

  // --- golden rule (Bodø 1804, Nordlandssykehuset): MH+TSB 10 → 12 (+20 %), somatic 100 → 105 (+5 %)
  await outpatient(db, { mun: '1804', year: 2023, n: 6, sector: 'adult_mental' });
  await outpatient(db, { mun: '1804', year: 2023, n: 4, sector: 'substance' });
  await outpatient(db, { mun: '1804', year: 2024, n: 12, sector: 'child_mental' });
  await outpatient(db, { mun: '1804', year: 2023, n: 100 });
  await outpatient(db, { mun: '1804', year: 2024, n: 105 });

  // --- GP contact after discharge, linked (Kongsvinger 3401): two discharges, one followed by a GP claim 2 days later
  await stay(db, {
    person: 'L1',
    mun: '3401',
    birthYear: 1950,
    admitted: '2024-05-01 10:00',
    discharged: '2024-05-04 12:00',
    icd: 'I50',
  });
  await stay(db, {
    person: 'L2',
    mun: '3401',
    birthYear: 1950,
    admitted: '2024-05-01 10:00',
    discharged: '2024-05-04 12:00',
    icd: 'I50',
  });
  await claims(db, { mun: '3401', year: 2024, n: 1, age: 74, person: 'K1', date: '2024-05-06' });
  await claims(db, { mun: '3401', year: 2024, n: 1, age: 74, person: 'K2', date: '2024-05-08' }); // 4 days: too late
}, 120_000);

afterAll(() => ws?.close());

describe('readmission within 30 days', () => {
  it('applies the 8 h / 30 day boundaries, acute somatic only, and the standard exclusions', async () => {
    const rs = await rows('readmission-30d');
    // index stays at 3301: A, A2, B, B2, C, C2, D, D2, E, E2, F2, J = 12; readmitted: A (8 h 1 min), C (30 days) = 2
    const all = pick(rs, '3301');
    expect([all.numerator, all.denominator]).toEqual([2, 12]);
    expect(all.value).toBeCloseTo((2 / 12) * 100, 10);
    const [lo, up] = wilson(2, 12);
    expect(all.lower).toBeCloseTo(lo, 9);
    expect(all.upper).toBeCloseTo(up, 9);
    expect(all.method).toBe('Proportion, Wilson score 95 %');
    // 70+: A, A2 (1 readmitted); 0–69: 10 index stays, 1 readmitted (C)
    expect([
      pick(rs, '3301', { age_70: '70+' }).numerator,
      pick(rs, '3301', { age_70: '70+' }).denominator,
    ]).toEqual([1, 2]);
    expect([
      pick(rs, '3301', { age_70: '0-69' }).numerator,
      pick(rs, '3301', { age_70: '0-69' }).denominator,
    ]).toEqual([1, 10]);
    // diagnosis groups: heart failure A, A2 (1/2); digestive C, C2 (1/2); pneumonia B, B2, F2 (0/3); endocrine J (0/1)
    const g = (code: string) => pick(rs, '3301', { diagnosis_group: code });
    expect([g('heart-failure').numerator, g('heart-failure').denominator]).toEqual([1, 2]);
    expect([g('digestive').numerator, g('digestive').denominator]).toEqual([1, 2]);
    expect([g('pneumonia').numerator, g('pneumonia').denominator]).toEqual([0, 3]);
    expect([g('endocrine').numerator, g('endocrine').denominator]).toEqual([0, 1]);
    // other-circulatory: E, E2 (I21); genitourinary: D, D2 (N39)
    expect(g('other-circulatory').denominator).toBe(2);
    expect(g('genitourinary').denominator).toBe(2);
    // the 11 groups add up to the total
    const groups = rs.filter(
      (r) =>
        r.area_code === '3301' &&
        r.breakdown['age_70'] === 'all' &&
        r.breakdown['diagnosis_group'] !== 'all',
    );
    expect(groups).toHaveLength(11);
    expect(groups.reduce((s, r) => s + (r.denominator ?? 0), 0)).toBe(12);
  });
});

describe('discharge-ready bed days', () => {
  it('sums days from the ready date to discharge, per 1,000 residents of the municipality', async () => {
    const rs = await rows('discharge-ready-days');
    // 3303: 5 + 0 days over 19,000 residents; 3305: 3 days (DR4 has no ready time)
    const a = pick(rs, '3303');
    const b = pick(rs, '3305');
    expect([a.numerator, a.denominator]).toEqual([5, 19000]);
    expect(a.value).toBeCloseTo((5 / 19000) * 1000, 12);
    expect([b.numerator, b.value]).toEqual([3, (3 / 19000) * 1000]);
    expect(a.lower).toBeNull();
    expect(a.method).toBe('Ratio, no confidence interval');
    // a municipality with no such stays reported zero (NPR reports every year): 0, not missing
    const c = pick(rs, '3301');
    expect([c.numerator, c.value, c.status]).toEqual([0, 0, 'ok']);
    // all three fixture stays were people born 1940: 70+ holds everything
    expect(pick(rs, '3303', { age_70: '70+' }).numerator).toBe(5);
    expect(pick(rs, '3303', { age_70: '0-69' }).numerator).toBe(0);
  });
});

describe('video and telephone share of outpatient consultations', () => {
  it('computes the share with Wilson limits and checks the 15 % target', async () => {
    const rs = await rows('video-telephone-share');
    const bergen = pick(rs, '4601');
    expect([bergen.numerator, bergen.denominator]).toEqual([5, 15]);
    expect(bergen.value).toBeCloseTo(100 / 3, 10);
    const [lo, up] = wilson(5, 15);
    expect(bergen.lower).toBeCloseTo(lo, 9);
    expect(bergen.upper).toBeCloseTo(up, 9);
    expect([bergen.target, bergen.meets_target]).toEqual([15, true]);
    const askoy = pick(rs, '4627');
    expect([askoy.numerator, askoy.denominator, askoy.meets_target]).toEqual([1, 21, false]);
    // Bergen helsefellesskap = Bergen + Askøy (+ no other outpatient data): 6 / 36
    const hf = rs.find(
      (r) =>
        r.level === 'helsefellesskap' &&
        r.area_code === 'BERGEN' &&
        r.breakdown &&
        Object.keys(r.breakdown).length === 0,
    )!;
    expect([hf.level, hf.numerator, hf.denominator]).toEqual(['helsefellesskap', 6, 36]);
    // a municipality without outpatient consultations: denominator 0 → undefined, status empty (not 0)
    const other = pick(rs, '3303');
    expect([other.value, other.status]).toEqual([null, 'empty']);
  });
});

describe('GP e-consultations and their share by age group', () => {
  it('divides e-consultations by physical + e-consultations in each age group', async () => {
    const rs = await rows('gp-e-consultation-share');
    const t = (g: string) => pick(rs, '5001', { age_group: g });
    expect([t('0-29').numerator, t('0-29').denominator, t('0-29').value]).toEqual([1, 5, 20]);
    expect([t('30-59').numerator, t('30-59').denominator, t('30-59').value]).toEqual([3, 6, 50]);
    expect([t('60+').numerator, t('60+').denominator, t('60+').value]).toEqual([0, 10, 0]);
    expect([t('all').numerator, t('all').denominator]).toEqual([4, 21]);
    // 0 of 10: Wilson lower 0, upper z²/(n + z²)
    const z2 = 1.959963984540054 ** 2;
    expect(t('60+').lower).toBe(0);
    expect(t('60+').upper).toBeCloseTo((z2 / (10 + z2)) * 100, 9);
    const e = await rows('gp-e-consultations');
    // 4 e-consultations over 19,000 residents of all ages; 1 of 6,000 aged 0–29 (30 ages × 2 sexes × 100)
    expect(pick(e, '5001').numerator).toBe(4);
    expect(pick(e, '5001', { age_group: '0-29' }).denominator).toBe(6000);
    // exact (Garwood) limits for 1 event: 0.0253 and 5.5716 (published table of exact Poisson limits)
    expect(pick(e, '5001', { age_group: '0-29' }).lower! * 6).toBeCloseTo(0.02532, 4);
    expect(pick(e, '5001', { age_group: '0-29' }).upper! * 6).toBeCloseTo(5.5716, 3);
  });
});

describe('missing is not zero', () => {
  it('tells a municipality that reported no users (0) from one that reported nothing (missing)', async () => {
    const rs = await rows('home-health-care-users');
    // Porsgrunn: H1 (84) and H2 (70, counted once); H3 ended in 2023. 67+ residents: 28 ages × 2 × 100 = 5,600
    const p = pick(rs, '4001');
    expect([p.numerator, p.denominator, p.status]).toEqual([2, 5600, 'ok']);
    expect(p.value).toBeCloseTo((2 / 5600) * 1000, 12);
    expect(pick(rs, '4001', { age_group: '80+' }).numerator).toBe(1);
    expect(pick(rs, '4001', { age_group: '80+' }).denominator).toBe(3000);
    // Skien reported (practical help) but no home health care: a true zero
    const s = pick(rs, '4003');
    expect([s.numerator, s.value, s.status]).toEqual([0, 0, 'ok']);
    // Notodden reported nothing to IPLOS in 2024: missing, never 0
    const n = pick(rs, '4005');
    expect([n.numerator, n.denominator, n.value, n.status]).toEqual([null, null, null, 'missing']);
    expect(n.note).toMatch(/no data reported/);
    // Telemark helsefellesskap: computed on the 2 municipalities that reported, flagged partial
    const hf = pick(rs, 'TELEMARK');
    expect([hf.numerator, hf.denominator, hf.status, hf.reporting]).toEqual([
      2,
      11200,
      'partial',
      2,
    ]);
    expect(hf.note).toMatch(/partial: 2 of \d+ municipalities reported/);
  });
});

describe('statistics wiring', () => {
  it('a DSR on a uniform population equals the crude rate with exact Poisson limits (3 events)', async () => {
    const rs = await rows('acute-somatic-admissions');
    const r = pick(rs, '1103');
    expect([r.numerator, r.denominator]).toEqual([3, 19000]);
    // standard ∝ population in every band: the DSR is the crude rate 3/19,000 × 1,000
    expect(r.value).toBeCloseTo((3 / 19000) * 1000, 12);
    // exact 95 % limits for 3 events: 0.6187 and 8.7673 (published table)
    expect(r.lower! * 19).toBeCloseTo(0.6187, 3);
    expect(r.upper! * 19).toBeCloseTo(8.7673, 3);
    expect(r.method).toMatch(
      /^Direct standardisation, Dobson .* standard: workspace population 2024$/,
    );
    // 70+: one event (the 72-year-old) among 25 ages × 2 × 100 = 5,000
    const old = pick(rs, '1103', { age_70: '70+' });
    expect([old.numerator, old.denominator]).toEqual([1, 5000]);
    expect(old.value).toBeCloseTo(0.2, 12);
    // crude when asked
    const crude = await computeIndicator(ws.db, def('acute-somatic-admissions'), {
      years: [2024],
      structureYear: 2024,
      usableLinks: 0,
      standardisation: 'none',
    });
    const c = pick(crude, '1103');
    expect(c.method).toBe('Crude rate, exact Poisson (Garwood) 95 %');
    expect(c.value).toBeCloseTo((3 / 19000) * 1000, 12);
  });

  it('adds the comparison frame against the national value', async () => {
    const { compareRows } = await import('../src/internal.js');
    const rs = compareRows(def('video-telephone-share'), await rows('video-telephone-share'), {
      threshold: 4,
    });
    const bergen = rs.find((r) => r.area_code === 'BERGEN')!;
    const nat = rs.find((r) => r.level === 'national')!;
    expect(bergen.national_value).toBe(nat.value);
    // Bergen 6/36 = 16.7 % vs Norway: all outpatient episodes in the fixture
    expect(nat.denominator).toBeGreaterThan(36);
    expect(['higher', 'lower', 'not significant']).toContain(bergen.significance);
    const ranked = rs.filter((r) => r.level === 'helsefellesskap' && r.rank !== null);
    expect(ranked.map((r) => r.rank).sort((a, b) => a! - b!)).toEqual(ranked.map((_, i) => i + 1));
    for (const r of ranked) expect(r.rank_best! <= r.rank! && r.rank! <= r.rank_worst!).toBe(true);
  });
});

describe('golden rule', () => {
  it('is the growth of mental health + substance activity minus somatic growth', async () => {
    const rs = await rows('golden-rule');
    const n = rs.find((r) => r.level === 'health_trust' && r.area_code === 'NORDLAND')!;
    // (12/10 − 105/100) × 100 = 15 percentage points
    expect([n.numerator, n.denominator, n.comparator_numerator, n.comparator_denominator]).toEqual([
      12, 10, 105, 100,
    ]);
    expect(n.value).toBeCloseTo(15, 10);
    expect(n.meets_target).toBe(true);
    // interval (Altman and Bland): SE = 100 × √(1.2² (1/12 + 1/10) + 1.05² (1/105 + 1/100))
    // = 53.4345 pp; 15 ± 1.96 × 53.4345 = −89.730 … 119.730 (worked by hand)
    expect(n.lower).toBeCloseTo(-89.7298, 3);
    expect(n.upper).toBeCloseTo(119.7298, 3);
    expect(n.method).toMatch(/Altman and Bland 95 %$/);
    expect(rs.some((r) => r.level === 'municipality')).toBe(false);
  });
});

describe('linked indicators', () => {
  it('are unavailable without NPR–KPR linkage and computed with it', async () => {
    const without = await rows('gp-contact-after-discharge');
    expect(pick(without, '3401').status).toBe('unavailable');
    expect(pick(without, '3401').value).toBeNull();
    await ws.db.run(
      `INSERT INTO person_link VALUES ('L1', 'K1', FALSE, NULL, 1, 1), ('L2', 'K2', FALSE, NULL, 1, 2)`,
    );
    const withLink = await rows('gp-contact-after-discharge', [2024], 2);
    // L1: GP claim 2 days after discharge (yes); L2: 4 days (no)
    const r = pick(withLink, '3401');
    expect([r.numerator, r.denominator, r.value]).toEqual([1, 2, 50]);
    await ws.db.run(`DELETE FROM person_link`);
  });
});

describe('demography and mortality', () => {
  it('computes population shares and the support ratio', async () => {
    const s = pick(await rows('population-share-67-plus'), '3301');
    expect([s.numerator, s.denominator]).toEqual([5600, 19000]);
    expect(s.value).toBeCloseTo((28 / 95) * 100, 10);
    const r = pick(await rows('support-ratio-20-66-per-67-plus'), '3301');
    // 47 ages 20–66 per 28 ages 67–94
    expect(r.value).toBeCloseTo(47 / 28, 12);
  });

  it("30-day mortality counts each person's first acute admission of the year", async () => {
    await ws.db.run(
      `INSERT INTO person (id_space, person_id, sex, birth_year, death_date) VALUES ('npr', 'M1', 'F', 1930, DATE '2024-03-20')`,
    );
    await stay(ws.db, {
      person: 'M1',
      mun: '1506',
      birthYear: 1930,
      admitted: '2024-03-01 10:00',
      discharged: '2024-03-05 10:00',
      icd: 'I21',
    });
    await stay(ws.db, {
      person: 'M1',
      mun: '1506',
      birthYear: 1930,
      admitted: '2024-03-10 10:00',
      discharged: '2024-03-12 10:00',
      icd: 'I21',
    });
    await stay(ws.db, {
      person: 'M2',
      mun: '1506',
      birthYear: 1930,
      admitted: '2024-03-01 10:00',
      discharged: '2024-03-05 10:00',
      icd: 'I21',
    });
    const r = pick(await rows('mortality-30d-acute'), '1506');
    // M1 (died 19 days after the first admission) and M2 (alive): 1 of 2 first admissions
    expect([r.numerator, r.denominator]).toEqual([1, 2]);
  });
});

describe('definitions', () => {
  it('every built-in indicator is valid and has a source note', () => {
    expect(lib.size).toBeGreaterThanOrEqual(25);
    for (const l of lib.values()) {
      expect(l.definition.source.length).toBeGreaterThan(20);
      expect(l.definition.dataSources.length).toBeGreaterThan(0);
    }
  });

  it("refuses a numerator whose age restriction differs from the denominator's", () => {
    const bad = {
      ...def('gp-consultations'),
      id: 'bad',
      numerator: { ...def('gp-consultations').numerator, age: { from: 70 } },
    };
    expect(() => assertValidIndicator(bad)).toThrow(
      expect.objectContaining({ code: 'RESTRICTION_MISMATCH' }),
    );
    const bad2 = {
      ...def('home-health-care-users'),
      id: 'bad2',
      denominator: { kind: 'population', age: { from: 80 } },
    };
    expect(() => assertValidIndicator(bad2)).toThrow(
      expect.objectContaining({ code: 'RESTRICTION_MISMATCH' }),
    );
  });

  it('refuses unknown filter columns, sums and misaligned standardisation', () => {
    const base = def('acute-somatic-admissions');
    expect(() =>
      assertValidIndicator({
        ...base,
        numerator: { ...base.numerator, where: [{ column: 'colour', eq: 'red' }] },
      }),
    ).toThrow(/no filter column "colour"/);
    expect(() =>
      assertValidIndicator({ ...base, numerator: { ...base.numerator, count: { sum: 'age' } } }),
    ).toThrow(/cannot sum "age"/);
    expect(() =>
      assertValidIndicator({ ...base, population: { age: { from: 67 } }, breakdowns: [] }),
    ).toThrow(/5-year band/);
    expect(() => assertValidIndicator({ ...base, unit: 'per_million' })).toThrow(
      /BAD_INDICATOR_DEFINITION|must be equal to one of/,
    );
  });

  it('counts events of cohort members per 1,000 members (priority-group cohorts)', async () => {
    const before = await rows('acute-somatic-admissions-cohort');
    expect(pick(before, '3301', { cohort: 'complex-multimorbidity' }).status).toBe('missing');
    const { ensureCohortTables } = await import('../src/internal.js');
    await ensureCohortTables(ws.db);
    // P (two acute stays at 3301 in 2024) and Q (one acute stay of two) are members
    await ws.db
      .run(`INSERT INTO cohort_member VALUES ('complex-multimorbidity', '1.0.0', 2024, 'npr', 'P', 'F', 74, '3301', 'VESTRE-VIKEN', NULL, NULL, 'r'),
      ('complex-multimorbidity', '1.0.0', 2024, 'npr', 'Q', 'F', 44, '3301', 'VESTRE-VIKEN', NULL, NULL, 'r'),
      ('complex-multimorbidity', '1.0.0', 2024, 'npr', 'NOBODY', 'F', 44, '3303', 'VESTRE-VIKEN', NULL, NULL, 'r')`);
    const rs = await rows('acute-somatic-admissions-cohort');
    const r = pick(rs, '3301', { cohort: 'complex-multimorbidity' });
    // P: 2 acute stays; Q: 2 acute stays (B, B2); per 1,000 of 2 members
    expect([r.numerator, r.denominator, r.value]).toEqual([4, 2, 2000]);
    expect(pick(rs, '3303', { cohort: 'complex-multimorbidity' }).numerator).toBe(0);
    const use = pick(await rows('priority-group-use-acute-admissions'), 'VESTRE-VIKEN', {
      cohort: 'complex-multimorbidity',
    });
    expect([use.numerator, use.denominator, use.value]).toEqual([4, 3, 4 / 3]);
  });

  it('collapses the standardisation strata when a band × sex has events but no population', async () => {
    // Sandnes (1108) without men in the population, and one acute stay of a man aged 44 there
    await ws.db.run(
      `DELETE FROM population WHERE municipality_code = '1108' AND sex = 'M' AND year = 2024`,
    );
    try {
      await stay(ws.db, {
        person: 'SN1',
        mun: '1108',
        birthYear: 1980,
        sex: 'M',
        admitted: '2024-02-01 10:00',
        discharged: '2024-02-02 10:00',
        icd: 'K35',
      });
      const r = pick(await rows('acute-somatic-admissions'), '1108');
      // both sexes in 5-year bands: every band of the standard has 356.5 thousand persons and 1108 has 500
      // in each, so the DSR is (1/19) × (1/500) × 1000 = 1000/9500
      expect(r.method).toMatch(/\(5-year bands, both sexes\)$/);
      expect(r.value).toBeCloseTo(1000 / 9500, 12);
      expect(r.note).toMatch(/events but no population/);
    } finally {
      await ws.db.run(
        `INSERT INTO population SELECT 2024, '1108', 'M', a, 100, NULL FROM range(0, 95) r(a)`,
      );
    }
  });

  it('runs every built-in indicator on the fixture workspace, all levels and two years', async () => {
    const standard = await resolveStandardPopulation('workspace-2024', ws.db);
    for (const l of lib.values()) {
      const rs = await computeIndicator(ws.db, l.definition, {
        years: [2023, 2024],
        structureYear: 2024,
        standard,
        usableLinks: 0,
      });
      const levels = new Set(rs.map((r) => r.level));
      for (const lv of l.definition.levels ?? [
        'municipality',
        'helsefellesskap',
        'health_trust',
        'rhf',
        'national',
      ])
        expect(levels.has(lv as never)).toBe(true);
      expect(new Set(rs.map((r) => r.year))).toEqual(new Set([2023, 2024]));
      for (const r of rs) {
        if (r.value !== null) expect(Number.isFinite(r.value)).toBe(true);
        if (r.status === 'missing' || r.status === 'unavailable') expect(r.value).toBeNull();
      }
    }
  });
});
