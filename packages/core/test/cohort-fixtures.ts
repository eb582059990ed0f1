/**
 * Tiny hand-built person-level fixtures for the cohort tests: rows are inserted with SQL into a
 * fresh workspace, only the columns the cohort engine reads (plus NOT NULL ones).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace, runCohorts, type Db } from '../src/internal.js';

export const PERSON_TABLES = [
  'person',
  'residence',
  'specialist_episode',
  'hospital_stay',
  'primary_contact',
  'municipal_service',
  'function_assessment',
  'person_link',
  'population',
  'cohort_member',
  'cohort_attrition',
  'cohort_count',
];

export async function newWorkspace(tag: string): Promise<Workspace> {
  return Workspace.init(join(mkdtempSync(join(tmpdir(), `felles-cohort-${tag}-`)), 'ws'));
}

export async function clear(db: Db): Promise<void> {
  for (const t of PERSON_TABLES) await db.run(`DELETE FROM ${t}`).catch(() => undefined);
}

/** A person with residence per year (`{ 2024: '0301' }`). */
export async function person(
  db: Db,
  space: 'npr' | 'kpr',
  id: string,
  p: { sex?: 'M' | 'F'; birthYear: number; death?: string; residence?: Record<number, string> },
): Promise<void> {
  await db.run(
    `INSERT INTO person (id_space, person_id, sex, birth_year, death_date) VALUES ($1, $2, $3, $4, CAST($5 AS DATE))`,
    [space, id, p.sex ?? 'F', p.birthYear, p.death ?? null],
  );
  for (const [y, m] of Object.entries(p.residence ?? { 2024: '0301' })) {
    await db.run(
      `INSERT INTO residence (id_space, person_id, year, municipality_code, rule) VALUES ($1, $2, $3, $4, 'last')`,
      [space, id, Number(y), m],
    );
  }
}

let seq = 0;

/** An NPR episode. */
export async function episode(
  db: Db,
  id: string,
  date: string,
  main: string | null,
  secondary: string[] = [],
  o: { careLevel?: string; urgency?: string; sector?: string } = {},
): Promise<void> {
  seq++;
  await db.run(
    `INSERT INTO specialist_episode (episode_id, person_id, year, admission_date, admitted_at, care_level, urgency, contact_mode, sector, main_icd10, secondary_icd10, file_id, line)
     VALUES ($1, $2, year(CAST($3 AS DATE)), CAST($3 AS DATE), CAST($3 AS TIMESTAMP), $4, $5, 'in_person', $6, $7, CAST($8 AS VARCHAR[]), 1, $1)`,
    [
      seq,
      id,
      date,
      o.careLevel ?? 'outpatient',
      o.urgency ?? 'planned',
      o.sector ?? 'somatic',
      main,
      `[${secondary.join(',')}]`,
    ],
  );
}

/** A merged hospital stay. */
export async function stay(
  db: Db,
  id: string,
  date: string,
  o: { acute: boolean; careLevel?: string; main?: string },
): Promise<void> {
  seq++;
  await db.run(
    `INSERT INTO hospital_stay (stay_id, person_id, year, admitted_at, care_level, acute, died, episodes, first_episode_id, last_episode_id, main_icd10)
     VALUES ($1, $2, year(CAST($3 AS DATE)), CAST($3 AS TIMESTAMP), $4, $5, FALSE, 1, $1, $1, $6)`,
    [seq, id, date, o.careLevel ?? 'inpatient', o.acute, o.main ?? null],
  );
}

/** A KPR-KUHR claim; the first ICPC-2 code is the main diagnosis. */
export async function claim(
  db: Db,
  id: string,
  date: string,
  icpc2: string[],
  o: { icd10?: string[]; service?: string; contactType?: string } = {},
): Promise<void> {
  seq++;
  await db.run(
    `INSERT INTO primary_contact (claim_id, person_id, contact_date, year, service, contact_type, fee_codes, icpc2, icd10, icd_da3, main_diagnosis, file_id, line)
     VALUES ($1, $2, CAST($3 AS DATE), year(CAST($3 AS DATE)), $4, $9, [], CAST($5 AS VARCHAR[]), CAST($6 AS VARCHAR[]), [], $7, 1, $8)`,
    [
      `c${seq}`,
      id,
      date,
      o.service ?? 'gp',
      `[${icpc2.join(',')}]`,
      `[${(o.icd10 ?? []).join(',')}]`,
      icpc2[0] ?? null,
      seq,
      o.contactType ?? 'physical',
    ],
  );
}

/** A municipal service period (IPLOS). */
export async function service(
  db: Db,
  id: string,
  code: string,
  group: string,
  from: string,
  to: string | null,
): Promise<void> {
  seq++;
  await db.run(
    `INSERT INTO municipal_service (person_id, service_code, service_code_raw, service_group, service_code_known, from_date, to_date, file_id, line)
     VALUES ($1, $2, $2, $3, TRUE, CAST($4 AS DATE), CAST($5 AS DATE), 1, $6)`,
    [id, code, group, from, to, seq],
  );
}

/** An IPLOS function assessment. */
export async function assessment(
  db: Db,
  id: string,
  date: string,
  needLevel: string | null,
): Promise<void> {
  seq++;
  await db.run(
    `INSERT INTO function_assessment (person_id, assessment_date, year, not_relevant_count, need_level, file_id, line)
     VALUES ($1, CAST($2 AS DATE), year(CAST($2 AS DATE)), 0, $3, 1, $4)`,
    [id, date, needLevel, seq],
  );
}

export async function link(db: Db, npr: string, kpr: string, conflict = false): Promise<void> {
  seq++;
  await db.run(
    `INSERT INTO person_link (npr_id, kpr_id, conflict, file_id, line) VALUES ($1, $2, $3, 1, $4)`,
    [npr, kpr, conflict, seq],
  );
}

/** Members of a cohort in a year: person id → municipality (sorted by id). */
export async function members(
  db: Db,
  cohort: string,
  year = 2024,
): Promise<Record<string, string | null>> {
  const rows = await db.all(
    `SELECT person_id, municipality_code FROM cohort_member WHERE cohort_id = $1 AND year = $2 ORDER BY person_id`,
    [cohort, year],
  );
  return Object.fromEntries(
    rows.map((r) => [String(r['person_id']), (r['municipality_code'] as string | null) ?? null]),
  );
}

/** Attrition of a cohort in a year as [rule, persons] pairs. */
export async function attrition(db: Db, cohort: string, year = 2024): Promise<[string, number][]> {
  const rows = await db.all(
    `SELECT rule, persons FROM cohort_attrition WHERE cohort_id = $1 AND year = $2 ORDER BY step`,
    [cohort, year],
  );
  return rows.map((r) => [String(r['rule']), Number(r['persons'])]);
}

export async function run(
  ws: Workspace,
  ids: string[],
  years = [2024],
  params?: Record<string, Record<string, number>>,
) {
  return runCohorts(ws, { ids, years, ...(params ? { params } : {}) });
}
