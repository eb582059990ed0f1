import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinServiceLines,
  Db,
  lineEventsSql,
  sharedSourceTables,
  sourceRelationSql,
  type ServiceLineDef,
} from '../src/internal.js';
import { PERSON_DDL } from '../src/workspace/person-schema.js';
import { SCHEMA_DDL } from '../src/workspace/schema.js';
import { COHORT_DDL } from '../src/catalogue/cohort-tables.js';

/**
 * The SQL each canonical table compiles to, on a few hand-made person-level rows in the real
 * canonical schema (so a renamed column breaks this test, not a user's run).
 */
let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
  await db.exec(SCHEMA_DDL);
  await db.exec(PERSON_DDL);
  await db.exec(COHORT_DDL);
  await db.exec(`INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, sex, age, municipality_code, run_id) VALUES
    ('multimorbidity', '1', 2023, 'npr', 'n1', 'F', 73, '3001', 'r'), ('multimorbidity', '2', 2023, 'npr', 'n1', 'F', 73, '3001', 'r'),
    ('dementia', '1', 2023, 'npr', 'n2', 'M', 33, '3001', 'r')`);
  await db.exec(`
    INSERT INTO person (id_space, person_id, sex, birth_year) VALUES
      ('npr', 'n1', 'F', 1950), ('npr', 'n2', 'M', 1990), ('kpr', 'k1', 'F', 1940), ('kpr', 'k2', 'M', 2015);
  `);
  // Specialist episodes: 2 somatic outpatient (I10, C50), 1 adult-mental outpatient, 1 day.
  const ep = (
    id: number,
    person: string,
    sex: string,
    by: number,
    level: string,
    sector: string,
    icd: string,
    adm: string,
    dis: string,
  ) =>
    `(${id}, '${person}', '${sex}', ${by}, '3001', 2023, DATE '${adm}', DATE '${dis}', TIMESTAMP '${adm} 08:00', TIMESTAMP '${dis} 12:00', '${level}', 'planned', 'in_person', '${sector}', '${icd}', [], 1, ${id})`;
  await db.exec(`INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, discharge_date,
      admitted_at, discharged_at, care_level, urgency, contact_mode, sector, main_icd10, secondary_icd10, file_id, line) VALUES
    ${ep(1, 'n1', 'F', 1950, 'outpatient', 'somatic', 'I10', '2023-03-01', '2023-03-01')},
    ${ep(2, 'n1', 'F', 1950, 'outpatient', 'somatic', 'C509', '2023-04-01', '2023-04-01')},
    ${ep(3, 'n2', 'M', 1990, 'outpatient', 'adult_mental', 'F32', '2023-05-01', '2023-05-01')},
    ${ep(4, 'n2', 'M', 1990, 'day', 'somatic', 'K35', '2023-06-01', '2023-06-01')}`);
  // Stays: one discharged 2023 (5 days), one admitted 2022, discharged 2023 (3 days), one 2022.
  await db.exec(`INSERT INTO hospital_stay (stay_id, person_id, sex, birth_year, municipality_code, year, admitted_at, discharged_at,
      length_of_stay_days, care_level, acute, died, episodes, first_episode_id, last_episode_id, sector, main_icd10) VALUES
    (1, 'n1', 'F', 1950, '3001', 2023, TIMESTAMP '2023-02-01 10:00', TIMESTAMP '2023-02-06 09:00', 5, 'inpatient', TRUE, FALSE, 1, 1, 1, 'somatic', 'I500'),
    (2, 'n1', 'F', 1950, '3001', 2023, TIMESTAMP '2022-12-30 10:00', TIMESTAMP '2023-01-02 09:00', 3, 'inpatient', TRUE, FALSE, 1, 1, 1, 'somatic', 'J18'),
    (3, 'n2', 'M', 1990, '3001', 2022, TIMESTAMP '2022-05-01 10:00', TIMESTAMP '2022-05-03 09:00', 2, 'inpatient', FALSE, FALSE, 1, 1, 1, 'somatic', 'S72')`);
  // Municipal services: k1 home care 2022-11-01 → 2023-01-31 (31 days of 2023), 7 h/week;
  // k1 long stay from 2023-12-02 (30 days of 2023); k2 home care all of 2023, 3.5 h/week.
  await db.exec(`INSERT INTO municipal_service (person_id, service_code, service_code_raw, service_group, service_code_known, from_date, to_date,
      hours_per_week, municipality_code, file_id, line) VALUES
    ('k1', '7', '7', 'home_health_care', TRUE, DATE '2022-11-01', DATE '2023-01-31', 7, '3001', 1, 1),
    ('k1', '30', '30', 'long_stay', TRUE, DATE '2023-12-02', NULL, NULL, '3001', 1, 2),
    ('k2', '7', '7', 'home_health_care', TRUE, DATE '2023-01-01', DATE '2023-12-31', 3.5, '3001', 1, 3)`);
  await db.exec(`INSERT INTO function_assessment (person_id, assessment_date, year, municipality_code, not_relevant_count, need_level, file_id, line) VALUES
    ('k1', DATE '2022-10-01', 2022, '3001', 0, 'moderate_to_large', 1, 1), ('k1', DATE '2023-11-20', 2023, '3001', 0, 'extensive', 1, 2)`);
  await db.exec(`INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, municipality_code, service, contact_type,
      fee_codes, icpc2, icd10, icd_da3, file_id, line) VALUES
    ('c1', 'k1', DATE '2023-01-05', 2023, 'F', 1940, '3001', 'gp', 'physical', [], [], [], [], 1, 1),
    ('c2', 'k1', DATE '2023-02-05', 2023, 'F', 1940, '3001', 'gp', 'administrative', [], [], [], [], 1, 2),
    ('c3', 'k1', DATE '2023-03-05', 2023, 'F', 1940, '3001', 'out_of_hours', 'physical', [], [], [], [], 1, 3)`);
  await db.exec(`INSERT INTO dental_record (person_id, record_date, year, county_code, priority_group, examined, treated, age, file_id, line) VALUES
    ('k2', DATE '2023-03-01', 2023, '30', 'a', TRUE, FALSE, 8, 1, 1), ('k2', DATE '2023-09-01', 2023, '30', 'a', TRUE, TRUE, 8, 1, 2)`);
});
afterAll(() => db.close());

const builtin = () => new Map(builtinServiceLines().map((d) => [d.id, d]));
const events = async (def: ServiceLineDef) =>
  db.all<{
    line_id: string;
    sex: string;
    age: number;
    value: number;
    events: number;
    municipality_code: string | null;
    county_code: string | null;
  }>(`SELECT * FROM (${lineEventsSql(def, [2023])}) ORDER BY line_id, sex, age`);

describe('service lines compile to SQL on the canonical tables', () => {
  it('every built-in line runs against the canonical schema', async () => {
    const defs = builtinServiceLines();
    expect(defs.length).toBeGreaterThan(25);
    for (const d of defs)
      await expect(db.all(lineEventsSql(d, [2022, 2023]))).resolves.toBeDefined();
  });

  it('hospital stays: counted in the discharge year, bed days = discharge date − admission date', async () => {
    const b = builtin();
    const stays = await events(b.get('hospital.inpatient.stays.somatic')!);
    expect(stays).toMatchObject([
      {
        line_id: 'hospital.inpatient.stays.somatic',
        sex: 'F',
        age: 73,
        value: 2,
        events: 2,
        municipality_code: '3001',
        county_code: '30',
      },
    ]);
    const days = await events(b.get('hospital.inpatient.beddays.somatic')!);
    expect(days[0]!.value).toBe(5 + 3);
    const chapters = await events(b.get('hospital.inpatient.stays.somatic.by-chapter')!);
    expect(chapters.map((r) => r.line_id)).toEqual([
      'hospital.inpatient.stays.somatic.by-chapter:ch09',
      'hospital.inpatient.stays.somatic.by-chapter:ch10',
    ]);
  });

  it('outpatient consultations by sector and ICD-10 chapter; day treatment', async () => {
    const b = builtin();
    expect((await events(b.get('hospital.outpatient.somatic')!))[0]).toMatchObject({
      value: 2,
      age: 73,
    });
    expect((await events(b.get('hospital.outpatient.adult_mental')!))[0]).toMatchObject({
      value: 1,
      sex: 'M',
      age: 33,
    });
    expect((await events(b.get('hospital.day.somatic')!))[0]).toMatchObject({ value: 1 });
    const ch = await events(b.get('hospital.outpatient.somatic.by-chapter')!);
    expect(ch.map((r) => r.line_id)).toEqual([
      'hospital.outpatient.somatic.by-chapter:ch02',
      'hospital.outpatient.somatic.by-chapter:ch09',
    ]);
  });

  it('municipal services: users, hours and days within the year; need level as of 31 December', async () => {
    const b = builtin();
    const users = await events(b.get('municipality.home-care.users')!);
    expect(users.map((r) => [r.sex, r.age, r.value])).toEqual([
      ['F', 83, 1],
      ['M', 8, 1],
    ]);
    const hours = await events(b.get('municipality.home-care.hours')!);
    // k1: 7 h/week × 31 days / 7 = 31 h; k2: 3.5 × 365 / 7 = 182.5 h.
    expect(hours.map((r) => r.value)).toEqual([31, 182.5]);
    const days = await events(b.get('municipality.long-stay.days')!);
    expect(days.map((r) => r.value)).toEqual([30]);
    const byNeed = await events(b.get('municipality.long-stay.days.by-need')!);
    expect(byNeed.map((r) => r.line_id)).toEqual(['municipality.long-stay.days.by-need:extensive']);
    const hcNeed = await events(b.get('municipality.home-care.users.by-need')!);
    expect(hcNeed.map((r) => r.line_id)).toEqual([
      'municipality.home-care.users.by-need:extensive',
      'municipality.home-care.users.by-need:unknown',
    ]);
  });

  it('GP and out-of-hours contacts; administrative contacts left out', async () => {
    const b = builtin();
    expect((await events(b.get('municipality.gp.contacts')!)).map((r) => r.value)).toEqual([1]);
    expect(
      (await events(b.get('municipality.out-of-hours.contacts')!)).map((r) => r.value),
    ).toEqual([1]);
  });

  it('dental: distinct persons by priority group, at county level', async () => {
    const b = builtin();
    const ex = await events(b.get('dental.examined.persons')!);
    expect(ex).toMatchObject([
      {
        line_id: 'dental.examined.persons:a',
        value: 1,
        county_code: '30',
        municipality_code: null,
        age: 8,
      },
    ]);
  });

  it('priority groups: distinct members of the cohort per year', async () => {
    const b = builtin();
    expect(await events(b.get('cohort.multimorbidity')!)).toMatchObject([
      { line_id: 'cohort.multimorbidity', sex: 'F', age: 73, value: 1 },
    ]);
  });

  it('lines read a relation computed once (municipal services, dental) to the same rows', async () => {
    const defs = builtinServiceLines();
    const shared = sharedSourceTables(defs);
    expect(shared.sort()).toEqual(['dental_record', 'municipal_service']);
    const relations = new Map<string, string>();
    for (const table of shared) {
      await db.run(`CREATE TEMP TABLE src_${table} AS ${sourceRelationSql(table, [2023])}`);
      relations.set(table, `src_${table}`);
    }
    const order = 'ORDER BY line_id, sex, age, value';
    for (const d of defs.filter((x) => shared.includes(x.source.table as never))) {
      const once = await db.all(`SELECT * FROM (${lineEventsSql(d, [2023], relations)}) ${order}`);
      expect(once).toEqual(await db.all(`SELECT * FROM (${lineEventsSql(d, [2023])}) ${order}`));
    }
    const hours = await db.all<{ value: number }>(
      `SELECT value FROM (${lineEventsSql(
        defs.find((x) => x.id === 'municipality.home-care.hours')!,
        [2023],
        relations,
      )}) ORDER BY value`,
    );
    expect(hours.map((r) => r.value)).toEqual([31, 182.5]);
  });

  it('refuses filters on columns the source does not list', () => {
    const bad: ServiceLineDef = {
      id: 'x',
      version: '1',
      label: 'x',
      level: 'hospital',
      unit: 'u',
      source: {
        table: 'specialist_episode',
        filters: [{ column: 'person_id; DROP TABLE x', op: 'in', values: ['a'] }],
      },
      measure: { kind: 'count' },
    };
    expect(() => lineEventsSql(bad, [2023])).toThrow(/cannot filter/);
  });
});
