/**
 * Hand-built fixtures for the dental tests: rows inserted with SQL into a fresh workspace (only
 * the columns the dental engine reads, plus NOT NULL ones).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace, type Db } from '../src/internal.js';

export async function newDentalWorkspace(tag: string): Promise<Workspace> {
  return Workspace.init(join(mkdtempSync(join(tmpdir(), `felles-dental-${tag}-`)), 'ws'));
}

let line = 0;

/** A KPR person (birth year, sex) with residence per year. */
export async function kprPerson(
  db: Db,
  id: string,
  birthYear: number | null,
  residence: Record<number, string> = {},
  sex: 'M' | 'F' = 'F',
): Promise<void> {
  await db.run(
    `INSERT INTO person (id_space, person_id, sex, birth_year) VALUES ('kpr', $1, $2, $3)`,
    [id, sex, birthYear],
  );
  for (const [y, m] of Object.entries(residence))
    await db.run(
      `INSERT INTO residence (id_space, person_id, year, municipality_code, rule) VALUES ('kpr', $1, $2, $3, 'last')`,
      [id, Number(y), m],
    );
}

/** A DOT record. */
export async function dentalRow(
  db: Db,
  id: string,
  date: string,
  r: {
    county?: string;
    clinic?: string;
    group?: string | null;
    supervised?: boolean;
    examined?: boolean;
    treated?: boolean;
    dmft?: number | null;
    DMFT?: number | null;
    age?: number | null;
  } = {},
): Promise<void> {
  line += 1;
  await db.run(
    `INSERT INTO dental_record VALUES ($1, CAST($2 AS DATE), year(CAST($2 AS DATE)), $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, $12)`,
    [
      id,
      date,
      r.county ?? '40',
      r.clinic ?? 'K1',
      r.group === undefined ? 'a' : r.group,
      r.supervised ?? true,
      r.examined ?? true,
      r.treated ?? false,
      r.dmft ?? null,
      r.DMFT ?? null,
      r.age ?? null,
      line,
    ],
  );
}

/** A municipal service period (service group and code). */
export async function service(
  db: Db,
  id: string,
  group: string,
  from: string,
  to: string | null,
  municipality = '4001',
): Promise<void> {
  const code = group === 'home_health_care' ? '15' : group === 'long_stay' ? '21' : '1';
  line += 1;
  await db.run(
    `INSERT INTO municipal_service (person_id, service_code, service_code_raw, service_group, service_code_known, from_date, to_date, municipality_code, file_id, line)
     VALUES ($1, $2, $2, $3, TRUE, CAST($4 AS DATE), CAST($5 AS DATE), $6, 1, $7)`,
    [id, code, group, from, to, municipality, line],
  );
}

/** Population on 1 January (one municipality, one sex). */
export async function population(
  db: Db,
  year: number,
  municipality: string,
  ages: Record<number, number>,
  sex: 'M' | 'F' = 'F',
): Promise<void> {
  for (const [a, n] of Object.entries(ages))
    await db.run(`INSERT INTO population VALUES ($1, $2, $3, $4, $5, NULL)`, [
      year,
      municipality,
      sex,
      Number(a),
      n,
    ]);
}
