import { afterEach, describe, expect, it } from 'vitest';
import { ingestRegistry, type Workspace } from '../src/internal.js';
import { freshWorkspace, fx } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

describe('ingest npr (fixtures/registry/npr.csv: ISO-8859-1, CRLF, 13 data rows)', () => {
  it('reconciles read = loaded + rejected and records the file', async () => {
    ws = await freshWorkspace();
    const r = await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    expect(r.files).toHaveLength(1);
    const f = r.files[0]!;
    expect(f).toMatchObject({
      role: 'episodes',
      format: 'csv',
      encoding: 'latin-1',
      delimiter: ';',
      rowsRead: 13,
      rowsLoaded: 9,
      rowsRejected: 4,
    });
    expect(f.rejectReasons).toEqual({
      'missing person id': 1,
      'invalid sex code (expected 1, 2, 0 or 9)': 1,
      'missing or invalid admission date': 1,
      'discharge before admission': 1,
    });
    expect(
      await ws.db.all(`SELECT line, column_name, raw_value, reason FROM reject ORDER BY line`),
    ).toEqual([
      { line: 10, column_name: 'lopenr', raw_value: null, reason: 'missing person id' },
      {
        line: 11,
        column_name: 'kjonn',
        raw_value: '3',
        reason: 'invalid sex code (expected 1, 2, 0 or 9)',
      },
      {
        line: 12,
        column_name: 'inndato',
        raw_value: '2023-13-01',
        reason: 'missing or invalid admission date',
      },
      {
        line: 13,
        column_name: 'utdato',
        raw_value: '2023-04-09 10:00',
        reason: 'discharge before admission',
      },
    ]);
    expect(
      await ws.db.one(`SELECT kind, rows_read, rows_loaded, rows_rejected FROM ingest_file`),
    ).toEqual({ kind: 'npr', rows_read: 13, rows_loaded: 9, rows_rejected: 4 });
    expect(r.derived).toEqual({ person: 4, residence: 5, hospital_stay: 6 });
    const manifest = (await ws.runs()).at(-1)!;
    expect(manifest.command).toBe('ingest npr');
    expect(manifest.inputs[0]).toMatchObject({
      kind: 'npr:episodes',
      rowsRead: 13,
      rowsLoaded: 9,
      rowsRejected: 4,
    });
    expect(manifest.codelists.map((c) => c.id)).toContain('kuhr-contact-type');
  });

  it('normalises codes, decodes Latin-1, harmonises municipalities and keeps the raw code', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    const rows = await ws.db.all(
      `SELECT line, person_id, sex, birth_year, municipality_code, municipality_raw, district_code, care_level, urgency, contact_mode,
         main_icd10, main_icd10_raw, secondary_icd10, icd10_unknown, died, provider FROM specialist_episode ORDER BY line`,
    );
    expect(rows.map((r) => r['line'])).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 14]);
    expect(rows[0]).toEqual({
      line: 2,
      person_id: 'P1',
      sex: 'M',
      birth_year: 1940,
      municipality_code: '0301',
      municipality_raw: '301',
      district_code: null,
      care_level: 'inpatient',
      urgency: 'acute',
      contact_mode: 'in_person',
      main_icd10: 'I500',
      main_icd10_raw: 'I50.0',
      secondary_icd10: ['E119'],
      icd10_unknown: false,
      died: false,
      provider: 'Sykehuset Østfold',
    });
    expect(rows[2]).toMatchObject({ main_icd10: 'I509', care_level: 'day', urgency: 'planned' }); // lower-case i509
    expect(rows[3]).toMatchObject({
      municipality_raw: '030101',
      municipality_code: '0301',
      district_code: '030101',
      died: true,
      secondary_icd10: ['Z511', 'J449'],
    });
    expect(rows[4]).toMatchObject({
      district_code: '030105',
      care_level: 'outpatient',
      contact_mode: 'video',
    });
    expect(rows[5]).toMatchObject({
      municipality_raw: '1201',
      municipality_code: '4601',
      contact_mode: 'telephone',
    });
    expect(rows[6]).toMatchObject({ main_icd10: 'XX1', icd10_unknown: true });
    expect(rows[8]).toMatchObject({ municipality_raw: '0602', municipality_code: '3301' }); // Drammen 0602 → 3005 (2020) → 3301 (2024)
    // DD.MM.YYYY dates and a missing discharge time (→ 00:00).
    expect(
      await ws.db.one(`SELECT admitted_at, discharged_at FROM specialist_episode WHERE line = 5`),
    ).toEqual({
      admitted_at: '2023-06-01T08:00:00.000Z',
      discharged_at: '2023-06-03',
    });
  });

  it('merges episodes into stays with the 8-hour rule', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    const stays = await ws.db.all(
      `SELECT person_id, admitted_at, discharged_at, length_of_stay_days AS los, care_level, acute, died, episodes, first_episode_id, last_episode_id, discharge_ready_at, year
       FROM hospital_stay ORDER BY stay_id`,
    );
    expect(stays).toHaveLength(6);
    // P1: 01.03 10:00–05.03 12:00 (acute) + readmitted 05.03 18:00 (6 h later) → one stay to 08.03 09:00.
    expect(stays[0]).toEqual({
      person_id: 'P1',
      admitted_at: '2023-03-01T10:00:00.000Z',
      discharged_at: '2023-03-08T09:00:00.000Z',
      los: 7,
      care_level: 'inpatient',
      acute: true,
      died: false,
      episodes: 2,
      first_episode_id: 1,
      last_episode_id: 2,
      discharge_ready_at: '2023-03-04T15:00:00.000Z',
      year: 2023,
    });
    // P1 again 08.03 20:00, 11 h after the discharge: a new (day) stay.
    expect(stays[1]).toMatchObject({
      person_id: 'P1',
      care_level: 'day',
      acute: false,
      episodes: 1,
      los: 1,
    });
    expect(stays[2]).toMatchObject({ person_id: 'P2', died: true, los: 2, episodes: 1 });
    expect(stays.map((s) => s['person_id'])).toEqual(['P1', 'P1', 'P2', 'P3', 'P3', 'P5']);
    expect(stays[5]).toMatchObject({ los: 0, acute: true, year: 2019 });
  });

  it('honours stayMergeHours from the workspace config', async () => {
    ws = await freshWorkspace({ stayMergeHours: 4 });
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    expect(await ws.db.value(`SELECT count(*) FROM hospital_stay`)).toBe(7); // the 6-hour gap no longer merges
    expect(await ws.db.value(`SELECT count(*) FROM hospital_stay WHERE person_id = 'P1'`)).toBe(3);
  });

  it('reconciles sex and birth year into person and derives residence per year', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    expect(
      await ws.db.all(
        `SELECT person_id, sex, birth_year, death_date, sex_conflict, birth_year_conflict, rows FROM person ORDER BY person_id`,
      ),
    ).toEqual([
      {
        person_id: 'P1',
        sex: 'M',
        birth_year: 1940,
        death_date: null,
        sex_conflict: false,
        birth_year_conflict: false,
        rows: 3,
      },
      {
        person_id: 'P2',
        sex: 'F',
        birth_year: 1950,
        death_date: '2023-06-03',
        sex_conflict: false,
        birth_year_conflict: false,
        rows: 2,
      },
      // P3: sex F, M, F and birth year 1960, 1960, 1961 → the majority wins, conflicts flagged.
      {
        person_id: 'P3',
        sex: 'F',
        birth_year: 1960,
        death_date: null,
        sex_conflict: true,
        birth_year_conflict: true,
        rows: 3,
      },
      {
        person_id: 'P5',
        sex: 'M',
        birth_year: 1980,
        death_date: null,
        sex_conflict: false,
        birth_year_conflict: false,
        rows: 1,
      },
    ]);
    expect(
      await ws.db.all(
        `SELECT person_id, year, municipality_code, district_code, municipality_raw FROM residence ORDER BY person_id, year`,
      ),
    ).toEqual([
      {
        person_id: 'P1',
        year: 2023,
        municipality_code: '0301',
        district_code: null,
        municipality_raw: '0301',
      },
      // P2 2023: 20.05 (district 05) and 01.06 (district 01): the last wins.
      {
        person_id: 'P2',
        year: 2023,
        municipality_code: '0301',
        district_code: '030101',
        municipality_raw: '030101',
      },
      {
        person_id: 'P3',
        year: 2019,
        municipality_code: '4601',
        district_code: null,
        municipality_raw: '1201',
      },
      {
        person_id: 'P3',
        year: 2020,
        municipality_code: '4601',
        district_code: null,
        municipality_raw: '4601',
      },
      {
        person_id: 'P5',
        year: 2019,
        municipality_code: '3301',
        district_code: null,
        municipality_raw: '0602',
      },
    ]);
  });

  it('residenceRule "first" picks the earliest row of the year', async () => {
    ws = await freshWorkspace({ residenceRule: 'first' });
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    expect(
      await ws.db.one(`SELECT district_code, rule FROM residence WHERE person_id = 'P2'`),
    ).toEqual({ district_code: '030105', rule: 'first' });
  });

  it('npr-time sets the discharge-ready time of the matching episode and rejects the rest', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    const r = await ingestRegistry(ws, 'npr-time', [fx('npr-time.csv')]);
    expect(r.files[0]).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
    expect(
      await ws.db.value(`SELECT discharge_ready_at FROM specialist_episode WHERE line = 3`),
    ).toBe('2023-03-07T14:30:00.000Z');
    // The stay keeps the latest discharge-ready time of its episodes.
    expect(
      await ws.db.value(`SELECT discharge_ready_at FROM hospital_stay WHERE stay_id = 1`),
    ).toBe('2023-03-07T14:30:00.000Z');
    expect(
      await ws.db.all(`SELECT line, reason FROM reject WHERE kind = 'npr-time' ORDER BY line`),
    ).toEqual([
      { line: 3, reason: 'time-point type not used by felles (only 2 = discharge ready)' },
      { line: 4, reason: 'no episode of this person with this admission date and time' },
    ]);
  });
});
