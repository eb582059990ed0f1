/**
 * Hand-made fixture rows for the indicator tests, inserted with SQL into a fresh workspace. Each
 * fixture uses its own municipalities, so the figures of one do not leak into another's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace, type Db } from '../src/internal.js';

export async function newWorkspace(tag: string): Promise<Workspace> {
  return Workspace.init(join(mkdtempSync(join(tmpdir(), `felles-indicator-${tag}-`)), 'ws'));
}

/** Uniform population: `per` persons of each sex and each age 0–94 in every municipality. */
export async function uniformPopulation(db: Db, years: number[], per = 100): Promise<void> {
  for (const y of years) {
    await db.run(
      `INSERT INTO population SELECT $1, code, s, a, $2, NULL FROM municipality, (VALUES ('M'), ('F')) u(s), range(0, 95) r(a)`,
      [y, per],
    );
  }
}

let nextId = 1;

/** One NPR stay (and its single episode). Timestamps 'YYYY-MM-DD HH:MM'. */
export async function stay(
  db: Db,
  s: {
    person: string;
    mun: string;
    birthYear: number;
    sex?: 'M' | 'F';
    admitted: string;
    discharged: string;
    acute?: boolean;
    careLevel?: string;
    sector?: string;
    died?: boolean;
    icd?: string;
    ready?: string;
  },
): Promise<void> {
  const id = nextId++;
  const year = Number(s.discharged.slice(0, 4));
  const los = Math.round(
    (Date.parse(s.discharged.slice(0, 10)) - Date.parse(s.admitted.slice(0, 10))) / 86_400_000,
  );
  const careLevel = s.careLevel ?? 'inpatient';
  const sector = s.sector ?? 'somatic';
  await db.run(
    `INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, admitted_at,
       discharged_at, care_level, urgency, contact_mode, sector, main_icd10, secondary_icd10, died, discharge_ready_at, file_id, line)
     VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS DATE), CAST($8 AS TIMESTAMP), CAST($9 AS TIMESTAMP), $10, $11, 'in_person', $12, $13, [], $14,
       CAST($15 AS TIMESTAMP), 1, $1)`,
    [
      id,
      s.person,
      s.sex ?? 'F',
      s.birthYear,
      s.mun,
      year,
      s.admitted.slice(0, 10),
      s.admitted,
      s.discharged,
      careLevel,
      s.acute === false ? 'planned' : 'acute',
      sector,
      s.icd ?? null,
      s.died ?? false,
      s.ready ?? null,
    ],
  );
  await db.run(
    `INSERT INTO hospital_stay VALUES ($1, $2, $3, $4, $5, $6, CAST($7 AS TIMESTAMP), CAST($8 AS TIMESTAMP), $9, $10, $11, $12, 1, $1, $1, $13, $14, CAST($15 AS TIMESTAMP))`,
    [
      id,
      s.person,
      s.sex ?? 'F',
      s.birthYear,
      s.mun,
      year,
      s.admitted,
      s.discharged,
      los,
      careLevel,
      s.acute ?? true,
      s.died ?? false,
      sector,
      s.icd ?? null,
      s.ready ?? null,
    ],
  );
}

/** `n` NPR outpatient episodes. */
export async function outpatient(
  db: Db,
  o: {
    mun: string;
    year: number;
    n: number;
    mode?: string;
    sector?: string;
    birthYear?: number;
    person?: string;
  },
): Promise<void> {
  for (let i = 0; i < o.n; i++) {
    const id = nextId++;
    await db.run(
      `INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, admitted_at,
         care_level, urgency, contact_mode, sector, secondary_icd10, file_id, line)
       VALUES ($1, $2, 'F', $3, $4, $5, make_date($5, 3, 1), make_timestamp($5, 3, 1, 10, 0, 0), 'outpatient', 'planned', $6, $7, [], 1, $1)`,
      [
        id,
        o.person ?? `op${id}`,
        o.birthYear ?? 1980,
        o.mun,
        o.year,
        o.mode ?? 'in_person',
        o.sector ?? 'somatic',
      ],
    );
  }
}

/** `n` KUHR claims. */
export async function claims(
  db: Db,
  c: {
    mun: string;
    year: number;
    n: number;
    age: number;
    service?: string;
    type?: string | null;
    person?: string;
    date?: string;
  },
): Promise<void> {
  for (let i = 0; i < c.n; i++) {
    const id = nextId++;
    await db.run(
      `INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, age, municipality_code, service, contact_type,
         fee_codes, icpc2, icd10, icd_da3, file_id, line)
       VALUES ($1, $2, CAST($3 AS DATE), $4, 'F', $4 - $5, $5, $6, $7, $8, [], [], [], [], 1, $9)`,
      [
        `c${id}`,
        c.person ?? `k${id}`,
        c.date ?? `${c.year}-05-01`,
        c.year,
        c.age,
        c.mun,
        c.service ?? 'gp',
        c.type === undefined ? 'physical' : c.type,
        id,
      ],
    );
  }
}

/** A KPR person and a municipal service period. */
export async function service(
  db: Db,
  s: { person: string; mun: string; group: string; from: string; to?: string; birthYear: number },
): Promise<void> {
  const id = nextId++;
  await db.run(
    `INSERT INTO person (id_space, person_id, sex, birth_year) SELECT 'kpr', $1, 'F', $2 WHERE NOT EXISTS (SELECT 1 FROM person WHERE id_space = 'kpr' AND person_id = $1)`,
    [s.person, s.birthYear],
  );
  await db.run(
    `INSERT INTO municipal_service (person_id, service_code, service_code_raw, service_group, service_code_known, from_date, to_date, municipality_code, file_id, line)
     VALUES ($1, 'x', 'x', $2, TRUE, CAST($3 AS DATE), CAST($4 AS DATE), $5, 1, $6)`,
    [s.person, s.group, s.from, s.to ?? null, s.mun, id],
  );
}
