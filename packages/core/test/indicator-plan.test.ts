/**
 * The national plan's indicators (waiting times, the BUP rejection share, coercion, 30-day
 * survival with the death register, the pathway after discharge for persons 67+) on hand-written
 * extracts loaded through the real ingest path. Every expected figure is worked out by hand in the
 * comments. Each fixture has its own municipality: waiting Skien (4003), referrals Porsgrunn
 * (4001), coercion Drammen (3301), survival Bergen (4601), pathway Trondheim (5001).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRegistry } from '../src/internal.js';
import {
  computeIndicator,
  loadIndicatorLibrary,
  runIndicators,
  type IndicatorRow,
  type Workspace,
} from '../src/internal.js';
import { newWorkspace, uniformPopulation } from './indicator-fixtures.js';

/** Wilson score interval without continuity correction, written out from Wilson (1927). */
function wilson(r: number, n: number, z = 1.959963984540054): [number, number] {
  const p = r / n;
  const c = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const h = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(c - h) * 100, (c + h) * 100];
}

const HEAD =
  'lopenr;kjonn;fodselsar;komnrhjem2;inndato;inntid;utdato;uttid;omsorgsniva;innmateHast;sektor;utTilstand;' +
  'henvisningMottattDato;vurderingDato;tjenesteStartDato;ventestatus;rettighetsvurdering;hjemmelInn;tvangsvedtak';

/** One NPR row: the fields after `utTilstand` are the referral, waiting and legal-basis columns. */
const row = (...f: Array<string | number>) => f.join(';');

const NPR = [
  HEAD,
  // --- waiting, Skien (4003), PHV adults (sektor 2), outpatient. Started referrals:
  // W1 day 40 exactly, W2 day 41, W3 day 10, W5 one referral in two episodes (first start day 20);
  // W4 still waiting (ventestatus 1, planned start) does not count.
  row(
    'W1',
    2,
    1980,
    4003,
    '2024-02-10',
    '',
    '2024-02-10',
    '',
    3,
    4,
    2,
    1,
    '2024-01-01',
    '2024-01-05',
    '2024-02-10',
    2,
    1,
    '',
    '',
  ),
  row(
    'W2',
    2,
    1980,
    4003,
    '2024-02-11',
    '',
    '2024-02-11',
    '',
    3,
    4,
    2,
    1,
    '2024-01-01',
    '2024-01-05',
    '2024-02-11',
    2,
    1,
    '',
    '',
  ),
  row(
    'W3',
    1,
    1980,
    4003,
    '2024-03-11',
    '',
    '2024-03-11',
    '',
    3,
    4,
    2,
    1,
    '2024-03-01',
    '2024-03-02',
    '2024-03-11',
    2,
    1,
    '',
    '',
  ),
  row(
    'W4',
    1,
    1980,
    4003,
    '2024-04-02',
    '',
    '2024-04-02',
    '',
    3,
    4,
    2,
    1,
    '2024-04-01',
    '2024-04-02',
    '2024-05-01',
    1,
    1,
    '',
    '',
  ),
  row(
    'W5',
    1,
    1980,
    4003,
    '2024-02-21',
    '',
    '2024-02-21',
    '',
    3,
    4,
    2,
    1,
    '2024-02-01',
    '2024-02-03',
    '2024-02-21',
    2,
    1,
    '',
    '',
  ),
  row(
    'W5',
    1,
    1980,
    4003,
    '2024-03-01',
    '',
    '2024-03-01',
    '',
    3,
    4,
    2,
    1,
    '2024-02-01',
    '2024-02-03',
    '2024-03-01',
    2,
    1,
    '',
    '',
  ),
  // BUP (sektor 3): day 35 exactly and day 36.
  row(
    'B1',
    2,
    2012,
    4003,
    '2024-02-05',
    '',
    '2024-02-05',
    '',
    3,
    4,
    3,
    1,
    '2024-01-01',
    '2024-01-03',
    '2024-02-05',
    2,
    1,
    '',
    '',
  ),
  row(
    'B2',
    2,
    2012,
    4003,
    '2024-02-06',
    '',
    '2024-02-06',
    '',
    3,
    4,
    3,
    1,
    '2024-01-01',
    '2024-01-03',
    '2024-02-06',
    2,
    1,
    '',
    '',
  ),
  // --- referrals to BUP, Porsgrunn (4001): R1 assessed twice (first «no need», then «entitled»:
  // the latest counts), R2 no need, R3 needs care without a right.
  row(
    'R1',
    1,
    2010,
    4001,
    '2024-01-10',
    '',
    '2024-01-10',
    '',
    3,
    4,
    3,
    1,
    '2024-01-05',
    '2024-01-10',
    '',
    '',
    3,
    '',
    '',
  ),
  row(
    'R1',
    1,
    2010,
    4001,
    '2024-02-01',
    '',
    '2024-02-01',
    '',
    3,
    4,
    3,
    1,
    '2024-01-05',
    '2024-02-01',
    '',
    '',
    1,
    '',
    '',
  ),
  row(
    'R2',
    1,
    2010,
    4001,
    '2024-03-05',
    '',
    '2024-03-05',
    '',
    3,
    4,
    3,
    1,
    '2024-03-01',
    '2024-03-05',
    '',
    '',
    3,
    '',
    '',
  ),
  row(
    'R3',
    2,
    2010,
    4001,
    '2024-03-06',
    '',
    '2024-03-06',
    '',
    3,
    4,
    3,
    1,
    '2024-03-01',
    '2024-03-06',
    '',
    '',
    2,
    '',
    '',
  ),
  // --- coercion, Drammen (3301), PHV adults inpatient (omsorgsniva 1). K1 twice under § 3-3 (the
  // second stay with a coercion decision), K2 § 3-2, K3 voluntary with two coercion decisions,
  // K4 aged 14 under § 3-3 (outside the 16+ restriction).
  row(
    'K1',
    1,
    1990,
    3301,
    '2024-01-10',
    '10:00',
    '2024-01-20',
    '10:00',
    1,
    1,
    2,
    1,
    '',
    '',
    '',
    '',
    '',
    3,
    0,
  ),
  row(
    'K1',
    1,
    1990,
    3301,
    '2024-06-10',
    '10:00',
    '2024-06-20',
    '10:00',
    1,
    1,
    2,
    1,
    '',
    '',
    '',
    '',
    '',
    3,
    1,
  ),
  row(
    'K2',
    2,
    1960,
    3301,
    '2024-02-10',
    '10:00',
    '2024-02-12',
    '10:00',
    1,
    1,
    2,
    1,
    '',
    '',
    '',
    '',
    '',
    2,
    0,
  ),
  row(
    'K3',
    2,
    1985,
    3301,
    '2024-03-10',
    '10:00',
    '2024-03-30',
    '10:00',
    1,
    4,
    2,
    1,
    '',
    '',
    '',
    '',
    '',
    1,
    2,
  ),
  row(
    'K4',
    2,
    2010,
    3301,
    '2024-04-10',
    '10:00',
    '2024-04-30',
    '10:00',
    1,
    1,
    2,
    1,
    '',
    '',
    '',
    '',
    '',
    3,
    0,
  ),
  // --- survival, Bergen (4601): first acute somatic inpatient stays. D30 dies outside hospital on
  // day 30 after admission, D31 on day 31, H dies in hospital, A lives.
  row(
    'D30',
    1,
    1950,
    4601,
    '2024-05-01',
    '08:00',
    '2024-05-05',
    '12:00',
    1,
    1,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'D31',
    1,
    1950,
    4601,
    '2024-05-01',
    '08:00',
    '2024-05-05',
    '12:00',
    1,
    1,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'H',
    2,
    1950,
    4601,
    '2024-06-01',
    '08:00',
    '2024-06-03',
    '12:00',
    1,
    1,
    1,
    2,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'A',
    2,
    1950,
    4601,
    '2024-06-01',
    '08:00',
    '2024-06-03',
    '12:00',
    1,
    1,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  // --- pathway, Trondheim (5001), somatic inpatient discharges of persons 67+ (born 1950).
  row(
    'P1',
    2,
    1950,
    5001,
    '2024-04-08',
    '10:00',
    '2024-04-10',
    '12:00',
    1,
    4,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'P2',
    2,
    1950,
    5001,
    '2024-04-08',
    '10:00',
    '2024-04-10',
    '12:00',
    1,
    4,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'P2',
    2,
    1950,
    5001,
    '2024-04-25',
    '10:00',
    '2024-04-27',
    '12:00',
    1,
    1,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'P3',
    1,
    1950,
    5001,
    '2024-04-29',
    '10:00',
    '2024-05-01',
    '12:00',
    1,
    4,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'P3',
    1,
    1950,
    5001,
    '2024-05-20',
    '10:00',
    '2024-05-22',
    '12:00',
    1,
    1,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'P4',
    1,
    1970,
    5001,
    '2024-04-08',
    '10:00',
    '2024-04-10',
    '12:00',
    1,
    4,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'P5',
    1,
    1950,
    5001,
    '2024-04-08',
    '10:00',
    '2024-04-10',
    '12:00',
    1,
    4,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  row(
    'P6',
    1,
    1950,
    5001,
    '2024-05-30',
    '10:00',
    '2024-06-01',
    '12:00',
    1,
    4,
    1,
    1,
    '',
    '',
    '',
    '',
    '',
    '',
    '',
  ),
  // --- rejected rows (lines 31–34): assessed before the referral; care before the referral;
  // an unknown waiting status; an unknown legal basis.
  row(
    'X1',
    1,
    1980,
    4003,
    '2024-02-10',
    '',
    '2024-02-10',
    '',
    3,
    4,
    2,
    1,
    '2024-02-01',
    '2024-01-20',
    '',
    '',
    1,
    '',
    '',
  ),
  row(
    'X2',
    1,
    1980,
    4003,
    '2024-02-10',
    '',
    '2024-02-10',
    '',
    3,
    4,
    2,
    1,
    '2024-02-01',
    '',
    '2024-01-31',
    2,
    '',
    '',
    '',
  ),
  row(
    'X3',
    1,
    1980,
    4003,
    '2024-02-10',
    '',
    '2024-02-10',
    '',
    3,
    4,
    2,
    1,
    '2024-02-01',
    '',
    '',
    7,
    '',
    '',
    '',
  ),
  row(
    'X4',
    1,
    1980,
    3301,
    '2024-02-10',
    '',
    '2024-02-20',
    '',
    1,
    1,
    2,
    1,
    '',
    '',
    '',
    '',
    '',
    4,
    '',
  ),
].join('\n');

/** Key file: every fixture person of survival and pathway (not P5), dates of death for D30, D31. */
const LINK = [
  'npr_lopenr;kpr_lnr;dodsdato',
  'D30;k-D30;2024-05-31',
  'D31;k-D31;01.06.2024',
  'H;k-H;',
  'A;k-A;',
  ...['P1', 'P2', 'P3', 'P4', 'P6'].map((p) => `${p};k-${p};`),
  'Z;k-Z;2024-13-01',
].join('\n');

/** GP claims (tjenestetype 1) after the pathway discharges. */
const BILLS = [
  'kpr_lnr;enkeltregning_lnr;dato;kjonn;fodselsaar;kommuneNr;tjenestetype',
  'k-P1;b1;2024-04-12;2;1950;5001;1', // P1: GP 2 days after discharge, before home care
  'k-P2;b2;2024-04-11;2;1950;5001;1', // P2: GP 1 day after the first discharge
  'k-P3;b3;2024-05-08;1;1950;5001;1', // P3: GP 7 days after the first discharge (within)
  'k-P4;b4;2024-04-11;1;1970;5001;1', // P4 is 54: outside 67+
  'k-P6;b6;2024-06-09;1;1950;5001;1', // P6: 8 days after discharge (outside)
].join('\n');

/** Home health care (tjenesteType 15). */
const SERVICES = [
  'kpr_lnr;tjenesteType;tjenesteStartDato;tjenesteSluttDato;kommuneNr',
  'k-P1;15;2024-04-15;2024-06-30;5001', // P1: 5 days after discharge
  'k-P2;15;2024-04-20;;5001', // P2: 10 days after the first discharge; running at the second
  'k-P3;15;2023-01-01;;5001', // P3: running at both discharges (day 0)
  'k-P4;15;2024-04-11;;5001',
].join('\n');

const lib = loadIndicatorLibrary();
let ws: Workspace;

async function rows(id: string, usableLinks = 1): Promise<IndicatorRow[]> {
  return computeIndicator(ws.db, lib.get(id)!.definition, {
    years: [2024],
    structureYear: 2024,
    usableLinks,
  });
}
async function at(id: string, mun: string, breakdown?: Record<string, string>) {
  const r = (await rows(id)).find(
    (x) =>
      x.level === 'municipality' &&
      x.area_code === mun &&
      Object.entries(x.breakdown).every(([k, v]) => (breakdown?.[k] ?? 'all') === v),
  );
  if (!r) throw new Error(`no row for ${id} in ${mun}`);
  return r;
}

beforeAll(async () => {
  ws = await newWorkspace('plan');
  const dir = mkdtempSync(join(tmpdir(), 'felles-plan-'));
  const files: Record<string, string> = {
    'npr.csv': NPR,
    'link.csv': LINK,
    'bills.csv': BILLS,
    'services.csv': SERVICES,
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), `${text}\n`);
  await ingestRegistry(ws, 'npr', [join(dir, 'npr.csv')]);
  await ingestRegistry(ws, 'link', [join(dir, 'link.csv')]);
  await ingestRegistry(ws, 'kpr-claims', [join(dir, 'bills.csv')]);
  await ingestRegistry(ws, 'kpr-services', [join(dir, 'services.csv')]);
  await uniformPopulation(ws.db, [2024]);
}, 600_000);
afterAll(() => ws?.close());

describe('extract fields: referral, waiting, legal basis, coercion, date of death', () => {
  it('loads every row or rejects it with a reason naming the column and value', async () => {
    const files = await ws.db.all(
      `SELECT kind, rows_read, rows_loaded, rows_rejected FROM ingest_file ORDER BY file_id`,
    );
    expect(files.slice(0, 2)).toEqual([
      { kind: 'npr', rows_read: 33, rows_loaded: 29, rows_rejected: 4 },
      { kind: 'link', rows_read: 10, rows_loaded: 9, rows_rejected: 1 },
    ]);
    expect(
      await ws.db.all(
        `SELECT line, column_name, raw_value, reason FROM reject ORDER BY file_id, line`,
      ),
    ).toEqual([
      {
        line: 31,
        column_name: 'vurderingDato',
        raw_value: '2024-01-20',
        reason: 'referral assessed before it was received',
      },
      {
        line: 32,
        column_name: 'tjenesteStartDato',
        raw_value: '2024-01-31',
        reason: 'care started before the referral was received',
      },
      {
        line: 33,
        column_name: 'ventestatus',
        raw_value: '7',
        reason: 'invalid waiting status (expected 1, 2 or 3)',
      },
      {
        line: 34,
        column_name: 'hjemmelInn',
        raw_value: '4',
        reason: 'invalid legal basis (expected 1, 2, 3 or 9)',
      },
      {
        line: 11,
        column_name: 'dodsdato',
        raw_value: '2024-13-01',
        reason: 'invalid date of death',
      },
    ]);
  });

  it('keeps the new columns, decoded', async () => {
    expect(
      await ws.db.all(
        `SELECT person_id, referral_date::VARCHAR AS r, assessed_date::VARCHAR AS a, care_start_date::VARCHAR AS s,
           waiting_status, entitlement FROM specialist_episode WHERE person_id IN ('W4', 'R1') ORDER BY line`,
      ),
    ).toEqual([
      {
        person_id: 'W4',
        r: '2024-04-01',
        a: '2024-04-02',
        s: '2024-05-01',
        waiting_status: 'waiting',
        entitlement: 'entitled',
      },
      {
        person_id: 'R1',
        r: '2024-01-05',
        a: '2024-01-10',
        s: null,
        waiting_status: null,
        entitlement: 'not_needed',
      },
      {
        person_id: 'R1',
        r: '2024-01-05',
        a: '2024-02-01',
        s: null,
        waiting_status: null,
        entitlement: 'entitled',
      },
    ]);
    expect(
      await ws.db.all(
        `SELECT legal_basis, coercion_decisions AS n FROM specialist_episode WHERE person_id = 'K3'`,
      ),
    ).toEqual([{ legal_basis: 'voluntary', n: 2 }]);
    expect(
      await ws.db.all(
        `SELECT npr_id, death_date::VARCHAR AS d FROM link_row WHERE death_date IS NOT NULL ORDER BY npr_id`,
      ),
    ).toEqual([
      { npr_id: 'D30', d: '2024-05-31' },
      { npr_id: 'D31', d: '2024-06-01' },
    ]);
  });
});

describe('waiting times', () => {
  it('PHV adults: mean of 40, 41, 10 and 20 days = 27.75; a wait not started is left out', async () => {
    const r = await at('waiting-time-phv-adults', '4003');
    expect([r.numerator, r.denominator, r.value]).toEqual([111, 4, 27.75]);
    expect(r.method).toBe('Ratio, no confidence interval');
    expect(r.unit).toBe('days');
    expect([r.target, r.meets_target]).toEqual([40, true]);
  });

  it('share over 40 days: day 40 exactly is within, day 41 over (1 of 4)', async () => {
    const r = await at('waiting-over-40-days-phv-adults', '4003');
    expect([r.numerator, r.denominator]).toEqual([1, 4]);
    expect(r.value).toBeCloseTo(25, 12);
    const [lo, hi] = wilson(1, 4);
    expect(r.lower).toBeCloseTo(lo, 10);
    expect(r.upper).toBeCloseTo(hi, 10);
  });

  it('BUP: mean (35 + 36) / 2 = 35.5 over the 35-day target; day 35 within, day 36 over', async () => {
    const m = await at('waiting-time-bup', '4003');
    expect([m.numerator, m.denominator, m.value, m.meets_target]).toEqual([71, 2, 35.5, false]);
    const s = await at('waiting-over-35-days-bup', '4003');
    expect([s.numerator, s.denominator, s.value]).toEqual([1, 2, 50]);
  });

  it('median: PHV adults 10, 20, 40, 41 → (20 + 40) / 2 = 30; BUP 35, 36 → 35.5', async () => {
    const p = await at('waiting-time-median-phv-adults', '4003');
    expect([p.numerator, p.denominator, p.value]).toEqual([4, 4, 30]);
    expect([p.method, p.method_id, p.lower, p.upper]).toEqual([
      'Median, no confidence interval',
      'median/none',
      null,
      null,
    ]);
    const b = await at('waiting-time-median-bup', '4003');
    expect([b.numerator, b.denominator, b.value]).toEqual([2, 2, 35.5]);
  });

  it('BUP rejection share: a referral assessed twice counts once, as last assessed (1 of 3)', async () => {
    const r = await at('bup-referral-rejection', '4001');
    expect([r.numerator, r.denominator]).toEqual([1, 3]);
    expect(r.value).toBeCloseTo(100 / 3, 10);
  });

  it('years without referral data are missing, not zero', async () => {
    const r = (await rows('waiting-time-tsb')).find(
      (x) => x.level === 'national' && x.area_code === 'NO',
    )!;
    // TSB has no referrals, but 2024 has referral data: reported, no one at risk → empty
    expect([r.status, r.value]).toEqual(['empty', null]);
    const missing = await computeIndicator(ws.db, lib.get('waiting-time-tsb')!.definition, {
      years: [2023],
      structureYear: 2024,
      usableLinks: 1,
    });
    expect(new Set(missing.map((x) => x.status))).toEqual(new Set(['missing']));
  });
});

describe('coercion per 10,000 residents aged 16 and over', () => {
  // Drammen: 100 persons of each sex at each age 0–94 → 16+ = 79 ages × 200 = 15,800.
  const adults = 15_800;
  it('involuntary admissions: K1 twice (§ 3-3) and K2 (§ 3-2); not the voluntary stay, not the 14-year-old (under 16)', async () => {
    const r = await at('involuntary-admissions', '3301');
    expect([r.numerator, r.denominator]).toEqual([3, adults]);
    expect(r.value).toBeCloseTo((3 / adults) * 10_000, 12);
    // exact Poisson limits for 3 events (Garwood; published tables): 0.6187 and 8.7673
    expect((r.lower! * adults) / 10_000).toBeCloseTo(0.6187, 4);
    expect((r.upper! * adults) / 10_000).toBeCloseTo(8.7673, 4);
    expect(r.unit).toBe('per 10 000');
  });

  it('patients with coercion decisions: K3 (during a voluntary stay) and K1 = 2 persons', async () => {
    const r = await at('coercion-decision-patients', '3301');
    expect([r.numerator, r.denominator]).toEqual([2, adults]);
    expect(r.value).toBeCloseTo((2 / adults) * 10_000, 12);
  });
});

describe('30-day survival after acute admission', () => {
  it('with the death register: death on day 30 is a death, on day 31 survival (A and D31 of 4)', async () => {
    const r = await at('survival-30d-acute', '4601');
    expect([r.numerator, r.denominator, r.value]).toEqual([2, 4, 50]);
  });

  it('in-hospital only, beside it: only H is seen dead (3 of 4)', async () => {
    const r = await at('survival-30d-acute-in-hospital', '4601');
    expect([r.numerator, r.denominator, r.value]).toEqual([3, 4, 75]);
  });
});

describe('pathway after discharge, persons 67+', () => {
  // Index stays of linked persons 67+: P1, P2 (two: the readmission is an index stay too), P3
  // (two), P6 = 6. Days to home care / GP: P1 5/2, P2 10/1, P2' 0/–, P3 0/7, P3' 0/–, P6 –/8.
  // Readmitted (acute, > 8 h and ≤ 30 days): P2 (25.04) and P3 (20.05).
  it.each([
    ['pathway-67-home-care-7d', 4], // P1, P2', P3, P3'
    ['pathway-67-home-care-gp-7d', 2], // P1 (GP before home care), P3
    ['pathway-67-home-care-gp-readmitted', 1], // P3
    ['pathway-67-gp-7d', 3], // P1, P2, P3
    ['pathway-67-readmitted-30d', 2], // P2, P3
  ])('%s: %i of 6', async (id, n) => {
    const r = await at(id, '5001');
    expect([r.numerator, r.denominator]).toEqual([n, 6]);
    expect(r.value).toBeCloseTo((n / 6) * 100, 10);
  });

  it('is unavailable without usable links', async () => {
    const rs = await rows('pathway-67-gp-7d', 0);
    expect(new Set(rs.map((r) => r.status))).toEqual(new Set(['unavailable']));
  });
});

describe('disclosure control', () => {
  it('every new indicator goes out through it: no count from 1 to 4 is shown', async () => {
    const ids = [...lib.values()]
      .filter((l) => (l.definition.tags ?? []).includes('national-plan'))
      .map((l) => l.definition.id);
    expect(ids).toHaveLength(20);
    const res = await runIndicators(ws, { ids, years: [2024] });
    let rows = 0;
    for (const item of res.indicators) {
      for (const r of item.table?.rows ?? []) {
        rows++;
        for (const c of ['numerator', 'denominator']) {
          const v = r[c];
          if (typeof v === 'number') expect(v === 0 || v > 4, `${item.id} ${c} ${v}`).toBe(true);
        }
      }
    }
    expect(rows).toBeGreaterThan(0);
    // Skien's PHV waiting time rests on 4 referrals: hidden, with the mean
    const skien = res.indicators
      .find((i) => i.id === 'waiting-time-phv-adults')!
      .table!.rows.find((r) => r['area_code'] === '4003' && r['level'] === 'municipality')!;
    expect([skien['denominator'], skien['value']]).toEqual([null, null]);
    // and its median with them: numerator and denominator are the same cell, hidden together
    const median = res.indicators
      .find((i) => i.id === 'waiting-time-median-phv-adults')!
      .table!.rows.find((r) => r['area_code'] === '4003' && r['level'] === 'municipality')!;
    expect([median['numerator'], median['denominator'], median['value']]).toEqual([
      null,
      null,
      null,
    ]);
  });
});
