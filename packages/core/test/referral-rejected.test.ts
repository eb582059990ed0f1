/**
 * Referrals without a contact: an NPR row with no care level whose referral was assessed as no need
 * of specialist care is a rejected referral. It counts in the BUP rejection share and in no
 * activity (episode counts, projection events, cohort criteria). Hand-written extract for Kragerø
 * (4014), children and young people (sektor 3), loaded through the real ingest path; every
 * expected figure is worked out in the comments.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  computeIndicator,
  EVENT_SOURCES,
  ingestRegistry,
  INDICATOR_SOURCES,
  loadIndicatorLibrary,
  SOURCES,
  SPECIALIST_CONTACT,
  type IndicatorRow,
  type Workspace,
} from '../src/internal.js';
import { newWorkspace, uniformPopulation } from './indicator-fixtures.js';

const HEAD =
  'lopenr;kjonn;fodselsar;komnrhjem2;inndato;omsorgsniva;innmateHast;sektor;' +
  'henvisningMottattDato;vurderingDato;tjenesteStartDato;ventestatus;rettighetsvurdering';

// A1: outpatient contact, referral 1 Feb, start 10 Mar 2024 (29 + 9 = 38 days), entitled.
// A2: outpatient contact, referral 1 Apr, start 2 May (31 days), needs care without a right.
// Y1: a contact whose care level is not recorded, referral 1 Jun, start 20 Jun (19 days), entitled:
//     a contact all the same (only «no need» without a care level is a referral without contact).
// X1: referral 6 May assessed 10 May as no need, no contact (inndato = the assessment date).
// X2: A1 referred earlier, 15 Jan, assessed 20 Jan as no need, no contact.
const NPR = [
  HEAD,
  'A1;1;2012;4014;2024-03-10;3;4;3;2024-02-01;2024-02-05;2024-03-10;2;1',
  'A2;2;2010;4014;2024-05-02;3;4;3;2024-04-01;2024-04-03;2024-05-02;2;2',
  'Y1;2;2011;4014;2024-06-20;;4;3;2024-06-01;2024-06-03;2024-06-20;2;1',
  'X1;1;2009;4014;2024-05-10;;;3;2024-05-06;2024-05-10;;;3',
  'X2;1;2012;4014;2024-01-20;;;3;2024-01-15;2024-01-20;;;3',
].join('\n');

/** Wilson score interval without continuity correction, written out from Wilson (1927). */
function wilson(r: number, n: number, z = 1.959963984540054): [number, number] {
  const p = r / n;
  const c = (p + (z * z) / (2 * n)) / (1 + (z * z) / n);
  const h = (z / (1 + (z * z) / n)) * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n));
  return [(c - h) * 100, (c + h) * 100];
}

let ws: Workspace;
const lib = loadIndicatorLibrary();

async function at(id: string): Promise<IndicatorRow> {
  const rows = await computeIndicator(ws.db, lib.get(id)!.definition, {
    years: [2024],
    structureYear: 2024,
    usableLinks: 1,
  });
  const r = rows.find(
    (x) =>
      x.level === 'municipality' &&
      x.area_code === '4014' &&
      Object.values(x.breakdown).every((v) => v === 'all'),
  );
  if (!r) throw new Error(`no row for ${id} in 4014`);
  return r;
}

const count = async (sql: string) =>
  Number((await ws.db.all<{ n: bigint }>(`SELECT count(*) AS n FROM (${sql}) q`))[0]!.n);

beforeAll(async () => {
  ws = await newWorkspace('referral-rejected');
  const dir = mkdtempSync(join(tmpdir(), 'felles-referral-'));
  writeFileSync(join(dir, 'npr.csv'), `${NPR}\n`);
  await ingestRegistry(ws, 'npr', [join(dir, 'npr.csv')]);
  await uniformPopulation(ws.db, [2024]);
}, 600_000);
afterAll(() => ws?.close());

describe('referrals without a contact', () => {
  it('load as rows of their own: all 5 rows loaded, none rejected', async () => {
    expect(
      await ws.db.all(`SELECT rows_read, rows_loaded, rows_rejected FROM ingest_file`),
    ).toEqual([{ rows_read: 5, rows_loaded: 5, rows_rejected: 0 }]);
  });

  it('count in the BUP rejection share: X1 and X2 of 5 assessed referrals = 40 %', async () => {
    const r = await at('bup-referral-rejection');
    expect([r.numerator, r.denominator]).toEqual([2, 5]);
    expect(r.value).toBeCloseTo(40, 12);
    const [lo, hi] = wilson(2, 5);
    expect(r.lower).toBeCloseTo(lo, 10);
    expect(r.upper).toBeCloseTo(hi, 10);
  });

  it('have no waiting time: mean (38 + 31 + 19) / 3 over the started referrals', async () => {
    const r = await at('waiting-time-bup');
    expect([r.numerator, r.denominator]).toEqual([88, 3]);
    expect(r.value).toBeCloseTo(88 / 3, 12);
  });

  it('have no median waiting time either: 19, 31, 38 → 31', async () => {
    const r = await at('waiting-time-median-bup');
    expect([r.numerator, r.denominator, r.value]).toEqual([3, 3, 31]);
  });

  it('are no activity: 3 episodes of 5 rows in the episode facts, projection events and criteria', async () => {
    expect(await count(`SELECT * FROM specialist_episode`)).toBe(5);
    expect(await count(`SELECT * FROM specialist_episode WHERE ${SPECIALIST_CONTACT}`)).toBe(3);
    const facts = INDICATOR_SOURCES.specialist_episode.sql;
    expect(await count(`SELECT * FROM (${facts}) f WHERE municipality_code = '4014'`)).toBe(3);
    expect(await count(EVENT_SOURCES['specialist_episode']!.relation([2024]))).toBe(3);
    expect(SOURCES['specialist_episode']!.where).toBe(SPECIALIST_CONTACT);
    const persons = await ws.db.all<{ person_id: string }>(
      `SELECT DISTINCT person_id FROM (${facts}) f ORDER BY 1`,
    );
    expect(persons.map((p) => p.person_id)).toEqual(['A1', 'A2', 'Y1']);
  });
});
