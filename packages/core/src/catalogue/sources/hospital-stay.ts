/**
 * NPR stays (episodes merged by the 8-hour transfer rule), and the relations derived from them: index stays for readmission, follow-up after discharge and 30-day mortality. See docs/architecture.md ("The canonical data model").
 */
import { inList } from '../../kernel/sql.js';
import { SECTOR } from '../enumerations.js';
import { icd10ChapterSql } from '../icd10-chapter-sql.js';
import { INDEX_SQL, NPR_REPORTING, STAY_COLUMNS, STAY_SQL } from './stay-relations.js';
import type { CanonicalSource } from '../source-types.js';
import { withPeriodMonth } from '../by-month.js';

/** A stay counts in its discharge month (admission month when there is none), as its year. */
const STAY_DATE = 'CAST(COALESCE(f.discharged_at, f.admitted_at) AS DATE)';

/** `hospital_stay` in the catalogue, before the monthly relations are added. */
const HOSPITAL_STAY_BASE: CanonicalSource = {
  table: 'hospital_stay',
  description: 'NPR stays: episodes merged by the 8-hour transfer rule',
  idSpace: 'npr',
  columns: {
    care_level: { kind: 'string', values: ['inpatient', 'day'] },
    acute: { kind: 'boolean' },
    died: { kind: 'boolean' },
    sector: { kind: 'string', values: SECTOR },
    main_icd10: { kind: 'code' },
    length_of_stay_days: { kind: 'number' },
    discharge_ready_days: { kind: 'number' },
    readmitted: { kind: 'boolean' },
    gp_contact_3d: { kind: 'boolean' },
    died_30d: { kind: 'boolean' },
  },
  criteria: {
    eventId: 'CAST(stay_id AS VARCHAR)',
    date: 'CAST(admitted_at AS DATE)',
    codes: [{ system: 'icd10', column: 'main_icd10', list: false, position: 'main' }],
    filters: ['care_level', 'acute', 'died', 'sector'],
  },
  facts: [
    {
      name: 'hospital_stay',
      description:
        'NPR stays (episodes merged by the 8-hour rule), by year of discharge and the municipality of the first episode',
      idSpace: 'npr',
      needsLinkage: false,
      columns: [...STAY_COLUMNS],
      sums: ['length_of_stay_days', 'discharge_ready_days'],
      sql: STAY_SQL,
      reportingSql: NPR_REPORTING,
      reportingUnit: 'year',
      tables: ['hospital_stay', 'specialist_episode'],
    },
    {
      name: 'readmission_index',
      description:
        'index stays for 30-day readmission: somatic inpatient stays discharged alive; readmitted = a new acute somatic inpatient stay > 8 h and ≤ 30 days after discharge',
      idSpace: 'npr',
      needsLinkage: false,
      columns: [...STAY_COLUMNS, 'readmitted'],
      sums: ['length_of_stay_days'],
      sql: INDEX_SQL,
      reportingSql: NPR_REPORTING,
      reportingUnit: 'year',
      tables: ['hospital_stay', 'specialist_episode'],
      materialise: true,
    },
    {
      name: 'post_discharge',
      description:
        'index stays (as readmission_index) of persons with a non-conflicting NPR–KPR link; gp_contact_3d = a GP or out-of-hours claim from the discharge date to 3 days after',
      // One KPR id per NPR id: min = max is "exactly one distinct non-null kpr_id" (as
      // count(DISTINCT kpr_id) = 1) without a distinct set per id (national: 3.8 s -> 1.3 s), and
      // only for the NPR ids that have stays (the join below keeps no others).
      idSpace: 'npr',
      needsLinkage: true,
      columns: [...STAY_COLUMNS, 'gp_contact_3d'],
      sums: [],
      sql: `SELECT s.*, EXISTS (
          SELECT 1 FROM primary_contact c
          WHERE c.person_id = l.kpr_id AND c.service IN ('gp', 'out_of_hours')
            AND c.contact_date BETWEEN CAST(s.discharged_at AS DATE) AND CAST(s.discharged_at AS DATE) + 3) AS gp_contact_3d
      FROM (${INDEX_SQL}) s
      JOIN (SELECT npr_id, min(kpr_id) AS kpr_id FROM person_link
            WHERE NOT conflict AND npr_id IN (SELECT person_id FROM hospital_stay)
            GROUP BY npr_id HAVING min(kpr_id) = max(kpr_id)) l
        ON l.npr_id = s.person_id`,
      reportingSql: `SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode
      WHERE year IN (SELECT DISTINCT year FROM primary_contact)`,
      reportingUnit: 'year',
      tables: ['hospital_stay', 'specialist_episode', 'primary_contact', 'person_link'],
      materialise: true,
    },
    {
      name: 'acute_admission_30d',
      description:
        'each person’s first acute somatic inpatient stay of the year; died_30d = death date (NPR person) within 30 days of admission',
      idSpace: 'npr',
      needsLinkage: false,
      columns: [...STAY_COLUMNS, 'died_30d'],
      sums: [],
      sql: `SELECT s.*, coalesce(p.death_date BETWEEN CAST(s.admitted_at AS DATE) AND CAST(s.admitted_at AS DATE) + 30, FALSE) AS died_30d
      FROM (SELECT * FROM (${STAY_SQL}) x WHERE x.acute AND x.care_level = 'inpatient' AND x.sector = 'somatic'
            QUALIFY row_number() OVER (PARTITION BY x.person_id, x.year ORDER BY x.admitted_at) = 1) s
      LEFT JOIN person p ON p.id_space = 'npr' AND p.person_id = s.person_id`,
      reportingSql: NPR_REPORTING,
      reportingUnit: 'year',
      tables: ['hospital_stay', 'specialist_episode', 'person'],
      materialise: true,
    },
    {
      name: 'acute_admission_30d_register',
      description:
        'as acute_admission_30d, with the date of death from the population register (key file dodsdato) beside NPR’s: died_30d = the earlier of the two within 30 days of admission, in or outside hospital',
      idSpace: 'npr',
      needsLinkage: false,
      columns: [...STAY_COLUMNS, 'died_30d'],
      sums: [],
      sql: `SELECT s.*, coalesce(least(p.death_date, r.death_date) BETWEEN CAST(s.admitted_at AS DATE) AND CAST(s.admitted_at AS DATE) + 30, FALSE) AS died_30d
      FROM (SELECT * FROM (${STAY_SQL}) x WHERE x.acute AND x.care_level = 'inpatient' AND x.sector = 'somatic'
            QUALIFY row_number() OVER (PARTITION BY x.person_id, x.year ORDER BY x.admitted_at) = 1) s
      LEFT JOIN person p ON p.id_space = 'npr' AND p.person_id = s.person_id
      LEFT JOIN (SELECT npr_id, min(death_date) AS death_date FROM link_row WHERE death_date IS NOT NULL GROUP BY npr_id) r
        ON r.npr_id = s.person_id`,
      // Only when a key file with dates of death is loaded: otherwise the figure is missing, not
      // the in-hospital figure under another name.
      reportingSql: `SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode
      WHERE EXISTS (SELECT 1 FROM link_row WHERE death_date IS NOT NULL)`,
      reportingUnit: 'year',
      tables: ['hospital_stay', 'specialist_episode', 'person', 'link_row'],
      materialise: true,
    },
  ],

  events: {
    // Stays are counted in the year of discharge (the stay's own `year`).
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.year - t.birth_year AS age, t.care_level, t.acute, t.died, t.sector, t.main_icd10,
        t.admitted_at, t.discharged_at, t.length_of_stay_days
      FROM hospital_stay t WHERE t.year IN ${inList(years)}`,
    columns: ['care_level', 'acute', 'died', 'sector', 'main_icd10'],
    quantities: {
      bed_days: `COALESCE(length_of_stay_days, GREATEST(date_diff('day', admitted_at::DATE, COALESCE(discharged_at, admitted_at)::DATE), 0))`,
    },
    splits: { icd10_chapter: icd10ChapterSql('main_icd10'), sector: 'sector' },
    // The discharge month (admission when there is no discharge), as the year.
    month: 'CAST(COALESCE(discharged_at, admitted_at) AS DATE)',
  },
};

/** `hospital_stay` in the catalogue; every stay relation counts by month in the discharge month. */
export const HOSPITAL_STAY: CanonicalSource = {
  ...HOSPITAL_STAY_BASE,
  facts: HOSPITAL_STAY_BASE.facts!.map((f) => ({
    ...f,
    byMonth: withPeriodMonth(f.sql, STAY_DATE),
  })),
};
