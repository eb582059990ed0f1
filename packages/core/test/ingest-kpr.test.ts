import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestRegistry, sql, type Workspace } from '../src/internal.js';
import { freshWorkspace, fx } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const claims = () =>
  ingestRegistry(ws!, 'kpr-claims', [
    fx('kpr-fees.csv'),
    fx('kpr-bills.csv'),
    fx('kpr-diagnoses.csv'),
  ]);

describe('ingest kpr-claims (bills with BOM, diagnoses comma-separated, fees; given in any order)', () => {
  it('recognises the three files by their columns and reconciles each', async () => {
    ws = await freshWorkspace();
    const r = await claims();
    const byRole = Object.fromEntries(r.files.map((f) => [f.role, f]));
    expect(byRole['bills']).toMatchObject({
      rowsRead: 8,
      rowsLoaded: 5,
      rowsRejected: 3,
      delimiter: ';',
      encoding: 'utf-8',
    });
    expect(byRole['diagnoses']).toMatchObject({
      rowsRead: 10,
      rowsLoaded: 6,
      rowsRejected: 4,
      delimiter: ',',
    });
    expect(byRole['fees']).toMatchObject({ rowsRead: 12, rowsLoaded: 10, rowsRejected: 2 });
    expect(byRole['bills']!.rejectReasons).toEqual({
      'duplicate claim id in the bills file (first occurrence kept)': 1,
      'missing person id': 1,
      'missing or invalid date': 1,
    });
    expect(byRole['diagnoses']!.rejectReasons).toEqual({
      'claim not found among the loaded bills': 2,
      'missing diagnosis code': 1,
      'invalid code system (expected 1 ICPC-2, 2 ICPC-2B, 3 ICD-10, 4 ICD-DA-3)': 1,
    });
  });

  it('derives sex (kjonnK fallback), municipality (-1 → kommunenrPB), contact type and codes', async () => {
    ws = await freshWorkspace();
    await claims();
    const rows = await ws.db.all(
      `SELECT claim_id, person_id, sex, municipality_code, municipality_raw, municipality_from_pb, district_code, service, contact_type,
         out_of_hours_fee, fee_codes, icpc2, icd10, main_diagnosis, main_diagnosis_system, diagnosis_unknown, line FROM primary_contact ORDER BY claim_id`,
    );
    expect(rows).toEqual([
      {
        claim_id: 'B1',
        person_id: 'K1',
        sex: 'M',
        municipality_code: '0301',
        municipality_raw: '0301',
        municipality_from_pb: false,
        district_code: null,
        service: 'gp',
        contact_type: 'physical',
        out_of_hours_fee: false,
        fee_codes: ['1bd', '2ad'],
        icpc2: ['K77', 'T90'],
        icd10: ['I500'],
        main_diagnosis: 'K77',
        main_diagnosis_system: 'icpc2',
        diagnosis_unknown: false,
        line: 2,
      },
      // kjonn empty → kjonnK M; kommuneNr -1 → kommunenrPB 1601 (Trondheim before 2018) → 5001.
      {
        claim_id: 'B2',
        person_id: 'K1',
        sex: 'M',
        municipality_code: '5001',
        municipality_raw: '1601',
        municipality_from_pb: true,
        district_code: null,
        service: 'out_of_hours',
        contact_type: 'physical',
        out_of_hours_fee: true,
        fee_codes: ['2ak', 'l2'],
        icpc2: ['R74'],
        icd10: [],
        main_diagnosis: 'R74',
        main_diagnosis_system: 'icpc2',
        diagnosis_unknown: false,
        line: 3,
      },
      // 2aek (e-consultation) beats 1fk (interdisciplinary; an unlisted k-variant of 1f).
      {
        claim_id: 'B3',
        person_id: 'K2',
        sex: 'F',
        municipality_code: '4601',
        municipality_raw: '4601',
        municipality_from_pb: false,
        district_code: null,
        service: 'physio',
        contact_type: 'e_consultation',
        out_of_hours_fee: true,
        fee_codes: ['1fk', '2aek'],
        icpc2: ['L031'],
        icd10: [],
        main_diagnosis: 'L031',
        main_diagnosis_system: 'icpc2b',
        diagnosis_unknown: false,
        line: 4,
      },
      // kjonn 0 (unknown) → kjonnK 2; home visit (11ak) beats a physical consultation (2ad); ZZZ is not ICPC-2.
      {
        claim_id: 'B4',
        person_id: 'K2',
        sex: 'F',
        municipality_code: '4601',
        municipality_raw: '4601',
        municipality_from_pb: false,
        district_code: null,
        service: 'gp',
        contact_type: 'home_visit',
        out_of_hours_fee: true,
        fee_codes: ['11ak', '2ad'],
        icpc2: ['ZZZ'],
        icd10: [],
        main_diagnosis: 'ZZZ',
        main_diagnosis_system: 'icpc2',
        diagnosis_unknown: true,
        line: 5,
      },
      // interdisciplinary (14) beats administrative (H1); both diagnosis rows of B5 were rejected.
      {
        claim_id: 'B5',
        person_id: 'K3',
        sex: 'M',
        municipality_code: '0301',
        municipality_raw: '0301',
        municipality_from_pb: false,
        district_code: '030102',
        service: 'gp',
        contact_type: 'interdisciplinary',
        out_of_hours_fee: false,
        fee_codes: ['14', 'h1'],
        icpc2: [],
        icd10: [],
        main_diagnosis: null,
        main_diagnosis_system: null,
        diagnosis_unknown: false,
        line: 6,
      },
    ]);
  });

  it('loads in hash parts of the claim id with the same rows, rejects and counts as one pass', async () => {
    const all = `SELECT * EXCLUDE (file_id, diag_file_id, fee_file_id) FROM primary_contact ORDER BY claim_id`;
    const rej = `SELECT kind, line, column_name, raw_value, reason FROM reject ORDER BY ALL`;
    const counts = (r: Awaited<ReturnType<typeof claims>>) =>
      r.files.map((f) => [f.role, f.rowsRead, f.rowsLoaded, f.rowsRejected]);
    ws = await freshWorkspace();
    const one = await claims();
    const onePass = await ws.db.all(all);
    const rejects = await ws.db.all(rej);
    ws.close();
    // 8 bill lines in parts of at most 2 → 4 parts by claim id (a part may also be empty).
    process.env['FELLES_CLAIM_PART_ROWS'] = '2';
    let parted: Awaited<ReturnType<typeof claims>>;
    try {
      ws = await freshWorkspace();
      parted = await claims();
    } finally {
      delete process.env['FELLES_CLAIM_PART_ROWS'];
    }
    expect(onePass).toHaveLength(5);
    expect(rejects).toHaveLength(9);
    expect(await ws.db.all(all)).toEqual(onePass);
    expect(await ws.db.all(rej)).toEqual(rejects);
    expect(counts(parted)).toEqual(counts(one));
  });

  it('refuses diagnoses without their bills file and changes nothing', async () => {
    ws = await freshWorkspace();
    await expect(
      ingestRegistry(ws, 'kpr-claims', [fx('kpr-diagnoses.csv'), fx('kpr-fees.csv')]),
    ).rejects.toMatchObject({ code: 'MISSING_FILE' });
    expect(await ws.db.value(`SELECT count(*) FROM ingest_file`)).toBe(0);
    expect(await ws.db.value(`SELECT count(*) FROM reject`)).toBe(0);
  });
});

describe('ingest kpr-services', () => {
  it('rejects to < from and from < 1980, recodes obsolete codes, flags unknown ones', async () => {
    ws = await freshWorkspace();
    const r = await ingestRegistry(ws, 'kpr-services', [fx('kpr-services.csv')]);
    expect(r.files[0]).toMatchObject({ rowsRead: 7, rowsLoaded: 4, rowsRejected: 3 });
    expect(
      await ws.db.all(`SELECT line, column_name, raw_value, reason FROM reject ORDER BY line`),
    ).toEqual([
      {
        line: 5,
        column_name: 'tjenesteSluttDato',
        raw_value: '2023-05-01',
        reason: 'to-date before from-date',
      },
      {
        line: 7,
        column_name: 'tjenesteStartDato',
        raw_value: '1975-01-01',
        reason: 'from-date before 1980',
      },
      {
        line: 8,
        column_name: 'tjenesteStartDato',
        raw_value: '2023-02-30',
        reason: 'missing or invalid from-date',
      },
    ]);
    expect(
      await ws.db.all(
        `SELECT person_id, service_code, service_code_raw, service_group, service_code_known, from_date, to_date, hours_per_week FROM municipal_service ORDER BY line`,
      ),
    ).toEqual([
      {
        person_id: 'K1',
        service_code: '15',
        service_code_raw: '15',
        service_group: 'home_health_care',
        service_code_known: true,
        from_date: '2022-01-10',
        to_date: null,
        hours_per_week: 5.5,
      },
      {
        person_id: 'K1',
        service_code: '21',
        service_code_raw: '21',
        service_group: 'long_stay',
        service_code_known: true,
        from_date: '2023-06-01',
        to_date: null,
        hours_per_week: null,
      },
      {
        person_id: 'K2',
        service_code: '29',
        service_code_raw: '12',
        service_group: 'housing',
        service_code_known: true,
        from_date: '2018-03-01',
        to_date: '2023-02-28',
        hours_per_week: null,
      },
      {
        person_id: 'K3',
        service_code: '99',
        service_code_raw: '99',
        service_group: 'other',
        service_code_known: false,
        from_date: '2023-01-01',
        to_date: '2023-12-31',
        hours_per_week: 2,
      },
    ]);
    // Helsedirektoratet's validity rule for year Y, as a macro in the workspace.
    const active = await ws.db.all(
      `SELECT y, count(*) FILTER (WHERE service_active_in_year(from_date, to_date, y)) AS n FROM municipal_service, range(2017, 2025) t(y) GROUP BY y ORDER BY y`,
    );
    expect(active.map((a) => a['n'])).toEqual([0, 1, 1, 1, 1, 2, 4, 2]); // 2017 … 2024
  });
});

describe('ingest iplos-function', () => {
  it('scores variables, keeps a delivered need level and computes it when absent', async () => {
    ws = await freshWorkspace();
    const r = await ingestRegistry(ws, 'iplos-function', [fx('iplos-function.csv')]);
    expect(r.files[0]).toMatchObject({ rowsRead: 6, rowsLoaded: 4, rowsRejected: 2 });
    expect(
      await ws.db.all(
        `SELECT person_id, hearing, not_relevant_count, round(mean_score, 4) AS mean, need_level, need_level_computed FROM function_assessment ORDER BY line`,
      ),
    ).toEqual([
      // 15 scored variables sum to 33 → mean 2.2 → limited (hearing 9 = not relevant → NULL).
      {
        person_id: 'K1',
        hearing: null,
        not_relevant_count: 1,
        mean: 2.2,
        need_level: 'limited',
        need_level_computed: true,
      },
      // sum 64 / 15 = 4.2667 → extensive.
      {
        person_id: 'K2',
        hearing: 2,
        not_relevant_count: 0,
        mean: 4.2667,
        need_level: 'extensive',
        need_level_computed: true,
      },
      // delivered bistandsbehov 2 is kept (mean 2.7333 would agree).
      {
        person_id: 'K3',
        hearing: 1,
        not_relevant_count: 0,
        mean: 2.7333,
        need_level: 'moderate_to_large',
        need_level_computed: false,
      },
      // only 2 variables scored: too few to compute.
      {
        person_id: 'K5',
        hearing: null,
        not_relevant_count: 0,
        mean: 2,
        need_level: null,
        need_level_computed: false,
      },
    ]);
    expect(await ws.db.all(`SELECT line, column_name, reason FROM reject ORDER BY line`)).toEqual([
      { line: 6, column_name: 'sosialDeltakelse', reason: 'invalid score (expected 1–5 or 9)' },
      { line: 7, column_name: 'vurderingDato', reason: 'missing or invalid assessment date' },
    ]);
  });
});

describe('ingest dental', () => {
  it('normalises county, priority group and yes/no flags, keeps dmft and DMFT apart', async () => {
    ws = await freshWorkspace();
    const r = await ingestRegistry(ws, 'dental', [fx('dental.csv')]);
    expect(r.files[0]).toMatchObject({ rowsRead: 5, rowsLoaded: 3, rowsRejected: 2 });
    expect(
      await ws.db.all(
        `SELECT person_id, county_code, clinic, priority_group, under_supervision, examined, treated, dmft, dmft_permanent, age FROM dental_record ORDER BY line`,
      ),
    ).toEqual([
      {
        person_id: 'K8',
        county_code: '03',
        clinic: 'Tøyen',
        priority_group: 'a',
        under_supervision: true,
        examined: true,
        treated: false,
        dmft: 2,
        dmft_permanent: 0,
        age: 6,
      },
      {
        person_id: 'K8',
        county_code: '03',
        clinic: 'Tøyen',
        priority_group: 'a',
        under_supervision: true,
        examined: false,
        treated: false,
        dmft: null,
        dmft_permanent: null,
        age: 6,
      },
      {
        person_id: 'K9',
        county_code: '46',
        clinic: 'Bergen sentrum',
        priority_group: 'c',
        under_supervision: true,
        examined: true,
        treated: true,
        dmft: null,
        dmft_permanent: 4,
        age: 17,
      },
    ]);
    expect(
      await ws.db.all(`SELECT line, column_name, raw_value FROM reject ORDER BY line`),
    ).toEqual([
      { line: 5, column_name: 'prioritetsgruppe', raw_value: 'g' },
      { line: 6, column_name: 'underTilsyn', raw_value: '2' },
    ]);
  });
});

describe('ingest dental from Parquet', () => {
  it('reads DMFT from the capitalised twin that DuckDB writes as dmft_1', async () => {
    ws = await freshWorkspace();
    // Parquet written by DuckDB cannot hold both `dmft` and `DMFT`; the generator (and any
    // DuckDB user) writes the permanent-teeth score as `dmft_1`.
    const file = join(mkdtempSync(join(tmpdir(), 'felles-dental-')), 'dental.parquet');
    await ws.db.exec(
      `COPY (SELECT 'K1' AS kpr_lnr, DATE '2024-03-01' AS dato, '03' AS fylkeNr, 'Tøyen' AS klinikk, 'a' AS prioritetsgruppe,
              1 AS underTilsyn, 1 AS undersokt, 0 AS behandlet, NULL::INTEGER AS dmft, 3 AS dmft_1, 12 AS alder)
       TO ${sql.path(file)} (FORMAT parquet)`,
    );
    const r = await ingestRegistry(ws, 'dental', [file]);
    expect(r.files[0]).toMatchObject({ rowsRead: 1, rowsLoaded: 1, rowsRejected: 0 });
    expect(await ws.db.all(`SELECT dmft, dmft_permanent, age FROM dental_record`)).toEqual([
      { dmft: null, dmft_permanent: 3, age: 12 },
    ]);
  });
});

describe('ingest link', () => {
  it('merges several key files and flags an id with two partners', async () => {
    ws = await freshWorkspace();
    const r = await ingestRegistry(ws, 'link', [fx('link-1.csv'), fx('link-2.csv')]);
    expect(r.files.map((f) => [f.rowsRead, f.rowsLoaded, f.rowsRejected])).toEqual([
      [5, 4, 1],
      [2, 2, 0],
    ]);
    expect(r.derived).toEqual({
      person_link: 5,
      'person_link.conflicts': 4,
      'person_link.conflict_npr_ids': 3,
    });
    expect(
      await ws.db.all(
        `SELECT npr_id, kpr_id, conflict, conflict_reason, file_id, line FROM person_link ORDER BY npr_id, kpr_id`,
      ),
    ).toEqual([
      {
        npr_id: 'P1',
        kpr_id: 'K1',
        conflict: false,
        conflict_reason: null,
        file_id: r.files[0]!.fileId,
        line: 2,
      }, // in both files: one pair
      {
        npr_id: 'P2',
        kpr_id: 'K2',
        conflict: true,
        conflict_reason: 'kpr_id_has_several_npr_ids',
        file_id: r.files[0]!.fileId,
        line: 3,
      },
      {
        npr_id: 'P3',
        kpr_id: 'K3',
        conflict: true,
        conflict_reason: 'npr_id_has_several_kpr_ids',
        file_id: r.files[0]!.fileId,
        line: 4,
      },
      {
        npr_id: 'P3',
        kpr_id: 'K4',
        conflict: true,
        conflict_reason: 'npr_id_has_several_kpr_ids',
        file_id: r.files[0]!.fileId,
        line: 5,
      },
      {
        npr_id: 'P5',
        kpr_id: 'K2',
        conflict: true,
        conflict_reason: 'kpr_id_has_several_npr_ids',
        file_id: r.files[1]!.fileId,
        line: 3,
      },
    ]);
  });
});

describe('person across KPR sources', () => {
  it('builds KPR persons from claims, services, assessments and dental records', async () => {
    ws = await freshWorkspace();
    await claims();
    await ingestRegistry(ws, 'kpr-services', [fx('kpr-services.csv')]);
    await ingestRegistry(ws, 'iplos-function', [fx('iplos-function.csv')]);
    await ingestRegistry(ws, 'dental', [fx('dental.csv')]);
    expect(
      await ws.db.all(
        `SELECT person_id, sex, birth_year, rows FROM person WHERE id_space = 'kpr' ORDER BY person_id`,
      ),
    ).toEqual([
      { person_id: 'K1', sex: 'M', birth_year: 1940, rows: 5 },
      { person_id: 'K2', sex: 'F', birth_year: 1955, rows: 4 },
      { person_id: 'K3', sex: 'M', birth_year: 1990, rows: 3 },
      { person_id: 'K5', sex: null, birth_year: null, rows: 1 },
      { person_id: 'K8', sex: null, birth_year: null, rows: 2 },
      { person_id: 'K9', sex: null, birth_year: null, rows: 1 },
    ]);
    // K2 in 2023: claims in Bergen (March) and an assessment in Bergen (June) → 4601.
    expect(
      await ws.db.all(
        `SELECT year, municipality_code FROM residence WHERE person_id = 'K2' ORDER BY year`,
      ),
    ).toEqual([
      { year: 2018, municipality_code: '4601' },
      { year: 2023, municipality_code: '4601' },
    ]);
  });
});
