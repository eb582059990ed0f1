// Monthly activity per helsefellesskap and service line (engines/projection/monthly.ts) on
// hand-made rows in the canonical schema: the months of a year add up to the line's annual
// value, events are placed in the month the catalogue names, empty months are 0, and events
// with no date inside their year are counted apart.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinServiceLines,
  Db,
  lineEventsSql,
  monthlyActivity,
  monthlyReason,
  type ServiceLineDef,
} from '../src/internal.js';
import { PERSON_DDL } from '../src/workspace/person-schema.js';
import { SCHEMA_DDL } from '../src/workspace/schema.js';

let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
  await db.exec(SCHEMA_DDL);
  await db.exec(PERSON_DDL);
  await db.exec(`INSERT INTO municipality VALUES
    ('3001', 'A', 'A', '30', 'X', 'HF1'), ('3002', 'B', 'B', '30', 'X', 'HF1'), ('4001', 'C', 'C', '40', 'Y', 'HF2')`);
  const ep = (id: number, mun: string, year: number, level: string, adm: string, dis: string) =>
    `(${id}, 'p${id}', 'F', 1950, '${mun}', ${year}, DATE '${adm}', DATE '${dis}', TIMESTAMP '${adm} 08:00', TIMESTAMP '${dis} 12:00', '${level}', 'planned', 'in_person', 'somatic', 'I10', [], 1, ${id})`;
  // Outpatient: two in March 2023 (HF1, two municipalities), one in HF2 in May 2023; one with
  // NPR year 2023 admitted 2022-12-31 and discharged 2023-01-01 (January 2023); one with NPR
  // year 2024 whose dates both lie in 2023 (no month: undated).
  await db.exec(`INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, discharge_date,
      admitted_at, discharged_at, care_level, urgency, contact_mode, sector, main_icd10, secondary_icd10, file_id, line) VALUES
    ${ep(1, '3001', 2023, 'outpatient', '2023-03-01', '2023-03-01')},
    ${ep(2, '3002', 2023, 'outpatient', '2023-03-20', '2023-03-20')},
    ${ep(3, '4001', 2023, 'outpatient', '2023-05-02', '2023-05-02')},
    ${ep(4, '3001', 2023, 'outpatient', '2022-12-31', '2023-01-01')},
    ${ep(5, '3001', 2024, 'outpatient', '2023-12-30', '2023-12-31')},
    ${ep(6, '3001', 2024, 'outpatient', '2024-02-10', '2024-02-10')}`);
  // Stays, counted in the discharge month: one admitted 2022-12-30 and discharged 2023-01-02
  // (3 bed days, January 2023), one in February 2023 (5 bed days), one in HF2 in April 2023.
  await db.exec(`INSERT INTO hospital_stay (stay_id, person_id, sex, birth_year, municipality_code, year, admitted_at, discharged_at,
      length_of_stay_days, care_level, acute, died, episodes, first_episode_id, last_episode_id, sector, main_icd10) VALUES
    (1, 'n1', 'F', 1950, '3001', 2023, TIMESTAMP '2022-12-30 10:00', TIMESTAMP '2023-01-02 09:00', 3, 'inpatient', TRUE, FALSE, 1, 1, 1, 'somatic', 'J18'),
    (2, 'n1', 'F', 1950, '3002', 2023, TIMESTAMP '2023-02-01 10:00', TIMESTAMP '2023-02-06 09:00', 5, 'inpatient', TRUE, FALSE, 1, 1, 1, 'somatic', 'I500'),
    (3, 'n2', 'M', 1990, '4001', 2023, TIMESTAMP '2023-04-01 10:00', TIMESTAMP '2023-04-03 09:00', 2, 'inpatient', FALSE, FALSE, 1, 1, 1, 'somatic', 'S72')`);
  await db.exec(`INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, municipality_code, service, contact_type,
      fee_codes, icpc2, icd10, icd_da3, file_id, line) VALUES
    ('c1', 'k1', DATE '2023-01-05', 2023, 'F', 1940, '3001', 'gp', 'physical', [], [], [], [], 1, 1),
    ('c2', 'k1', DATE '2023-01-25', 2023, 'F', 1940, '3001', 'gp', 'physical', [], [], [], [], 1, 2),
    ('c3', 'k1', DATE '2023-03-05', 2023, 'F', 1940, '4001', 'gp', 'physical', [], [], [], [], 1, 3)`);
  // Out-of-hours: 10 contacts in each of April–June 2023, and 1 in July 2023: July has fewer
  // than a fifth of the median month nationally, so it is a partial month and left out.
  await db.exec(`INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, municipality_code, service, contact_type,
      fee_codes, icpc2, icd10, icd_da3, file_id, line)
    SELECT 'o' || m || '-' || k, 'k1', make_date(2023, m, 10), 2023, 'F', 1940, '3001', 'out_of_hours', 'physical', [], [], [], [], 2, m * 100 + k
    FROM range(4, 7) t(m), range(10) r(k)
    UNION ALL SELECT 'o7', 'k1', DATE '2023-07-10', 2023, 'F', 1940, '3001', 'out_of_hours', 'physical', [], [], [], [], 2, 999`);
});
afterAll(() => db.close());

const line = (id: string): ServiceLineDef => {
  const d = builtinServiceLines().find((x) => x.id === id);
  if (!d) throw new Error(id);
  return d;
};
const series = async (id: string, hf: readonly string[] | 'all' = 'all') => {
  const r = await monthlyActivity(db, [line(id)], hf);
  return Object.fromEntries(r.rows.map((x) => [`${x.hff_code} ${x.month}`, x.value]));
};

describe('monthly activity', () => {
  it('places outpatient episodes in the month of their NPR year and counts the rest apart', async () => {
    const r = await monthlyActivity(db, [line('hospital.outpatient.somatic')], 'all');
    const got = Object.fromEntries(r.rows.map((x) => [`${x.hff_code} ${x.month}`, x.value]));
    // Months run from the first to the last month with an event (2023-01 … 2024-02).
    expect(Object.keys(got).filter((k) => k.startsWith('HF1'))).toHaveLength(14);
    expect(got['HF1 2023-01']).toBe(1);
    expect(got['HF1 2023-03']).toBe(2);
    expect(got['HF1 2023-02']).toBe(0);
    expect(got['HF2 2023-05']).toBe(1);
    expect(got['HF1 2024-02']).toBe(1);
    expect(r.undated).toEqual([{ lineId: 'hospital.outpatient.somatic', events: 1 }]);
  });

  it('places stays and bed days in the discharge month', async () => {
    expect(await series('hospital.inpatient.beddays.somatic', ['HF1'])).toEqual({
      'HF1 2023-01': 3,
      'HF1 2023-02': 5,
      'HF1 2023-03': 0,
      'HF1 2023-04': 0,
    });
  });

  it('leaves out a partial month at the end of the data', async () => {
    expect(await series('municipality.out-of-hours.contacts', ['HF1'])).toEqual({
      'HF1 2023-04': 10,
      'HF1 2023-05': 10,
      'HF1 2023-06': 10,
    });
  });

  it('the twelve months of a year add up to the annual value of every monthly line', async () => {
    const lines = builtinServiceLines().filter((d) => monthlyReason(d) === undefined);
    expect(lines.map((d) => d.id)).toContain('municipality.gp.contacts');
    for (const def of lines) {
      const annual = await db.all<{ hff_code: string; year: number; value: number }>(
        `SELECT m.hff_code, e.year, sum(e.value) AS value FROM (${lineEventsSql(def, [2022, 2023, 2024])}) e
         JOIN municipality m ON m.code = e.municipality_code GROUP BY ALL`,
      );
      const monthly = (await monthlyActivity(db, [def], 'all')).rows;
      const undated = await db.value<number>(
        `SELECT coalesce(sum(events), 0) FROM (${lineEventsSql(def, [2022, 2023, 2024], undefined, { byMonth: true })}) WHERE month IS NULL`,
      );
      for (const a of annual) {
        const sum = monthly
          .filter((r) => r.hff_code === a.hff_code && r.month.startsWith(`${a.year}-`))
          .reduce((s, r) => s + r.value, 0);
        // Apart: the outpatient episode of NPR year 2024 dated in 2023 (no month), and the
        // out-of-hours contact of July 2023 (a partial month).
        const apart =
          (def.id === 'hospital.outpatient.somatic' && a.year === 2024) ||
          (def.id === 'municipality.out-of-hours.contacts' &&
            a.year === 2023 &&
            a.hff_code === 'HF1')
            ? 1
            : 0;
        expect(sum + apart, `${def.id} ${a.hff_code} ${a.year}`).toBe(a.value);
      }
      if (def.id !== 'hospital.outpatient.somatic') expect(Number(undated)).toBe(0);
    }
  });

  it('leaves out lines that cannot be counted by month, with the reason', async () => {
    const r = await monthlyActivity(
      db,
      [line('municipality.home-care.hours'), line('hospital.inpatient.stays.somatic.by-chapter')],
      'all',
    );
    expect(r.rows).toEqual([]);
    expect(r.skipped).toEqual([
      { lineId: 'municipality.home-care.hours', reason: 'no-monthly-grain' },
      { lineId: 'hospital.inpatient.stays.somatic.by-chapter', reason: 'split' },
    ]);
  });
});
