/**
 * Fact sources of indicators: each a SQL relation over the canonical tables with the uniform
 * columns `person_id, id_space, year, municipality_code, district_code, sex, age, w` (w = the row's
 * weight: 1 for an event row, the head count for a population row) plus source columns that
 * filters, breakdowns and sums may name. All set-based SQL; nothing here loops over rows.
 */
import type { IndicatorSourceName } from './types.js';

/** Rule for "did this municipality report in this year?" (missing is never zero). */
export type ReportingUnit = 'year' | 'municipality-year';

/** A fact source. */
export interface IndicatorSource {
  name: IndicatorSourceName;
  description: string;
  /** Id space of `person_id` (for cohort joins). */
  idSpace: 'npr' | 'kpr' | 'none';
  /** Needs non-conflicting `person_link` rows. */
  needsLinkage: boolean;
  /** Columns filters may name, with their type. */
  columns: Record<string, 'string' | 'number' | 'boolean' | 'code'>;
  /** Numeric columns a `{ sum }` count may name. */
  sums: string[];
  /** The relation (no trailing semicolon). */
  sql: string;
  /** Years and municipalities that reported (columns `year, municipality_code`; NULL municipality = the whole year). */
  reportingSql: string;
  reportingUnit: ReportingUnit;
  /** Canonical tables read. */
  tables: string[];
  /**
   * The relation does costly work per row (EXISTS over other tables, windows): a run computes it
   * once for all the queries that read it (numerator and denominator of an indicator) instead of
   * once per query.
   */
  materialise?: boolean;
}

const STAY_COLUMNS = {
  acute: 'boolean',
  care_level: 'string',
  sector: 'string',
  main_icd10: 'code',
  died: 'boolean',
  length_of_stay_days: 'number',
  discharge_ready_days: 'number',
} as const;

/** Stays with their first episode's district; age = year − birth year (year of discharge). */
const STAY_SQL = `SELECT s.person_id, 'npr' AS id_space, s.year, s.municipality_code, e.district_code, s.sex,
    s.year - s.birth_year AS age, 1 AS w, s.acute, s.care_level, s.sector, s.main_icd10, s.died,
    s.length_of_stay_days,
    CASE WHEN s.discharge_ready_at IS NOT NULL AND s.discharged_at IS NOT NULL
      THEN greatest(0, date_diff('day', CAST(s.discharge_ready_at AS DATE), CAST(s.discharged_at AS DATE))) END AS discharge_ready_days,
    s.admitted_at, s.discharged_at
  FROM hospital_stay s LEFT JOIN specialist_episode e ON e.episode_id = s.first_episode_id`;

const NPR_REPORTING = `SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode`;

/**
 * Index stays for readmission and follow-up: somatic inpatient stays discharged alive (with a
 * discharge time). `readmitted`: the same person has a new acute somatic inpatient stay admitted
 * more than 8 hours and at most 30 days (720 hours) after this discharge. Stays admitted within
 * 8 hours are already merged into one stay by the 8-hour rule (hospital_stay), so "more than 8
 * hours" is the boundary. Any cause, any hospital.
 */
const INDEX_SQL = `SELECT s.*, EXISTS (
      SELECT 1 FROM hospital_stay r
      WHERE r.person_id = s.person_id AND r.acute AND r.care_level = 'inpatient' AND r.sector = 'somatic'
        AND r.admitted_at > s.discharged_at + INTERVAL 8 HOUR
        AND r.admitted_at <= s.discharged_at + INTERVAL 30 DAY) AS readmitted
  FROM (${STAY_SQL}) s
  WHERE s.care_level = 'inpatient' AND s.sector = 'somatic' AND NOT s.died AND s.discharged_at IS NOT NULL`;

/** The sources by name. */
export const INDICATOR_SOURCES: Record<IndicatorSourceName, IndicatorSource> = {
  hospital_stay: {
    name: 'hospital_stay',
    description:
      'NPR stays (episodes merged by the 8-hour rule), by year of discharge and the municipality of the first episode',
    idSpace: 'npr',
    needsLinkage: false,
    columns: { ...STAY_COLUMNS },
    sums: ['length_of_stay_days', 'discharge_ready_days'],
    sql: STAY_SQL,
    reportingSql: NPR_REPORTING,
    reportingUnit: 'year',
    tables: ['hospital_stay', 'specialist_episode'],
  },
  outpatient_episode: {
    name: 'outpatient_episode',
    description:
      'NPR outpatient consultations (care level outpatient), by year and municipality of residence',
    idSpace: 'npr',
    needsLinkage: false,
    columns: {
      sector: 'string',
      urgency: 'string',
      contact_mode: 'string',
      specialty: 'string',
      main_icd10: 'code',
    },
    sums: [],
    sql: `SELECT person_id, 'npr' AS id_space, year, municipality_code, district_code, sex, year - birth_year AS age, 1 AS w,
        sector, urgency, contact_mode, specialty, main_icd10
      FROM specialist_episode WHERE care_level = 'outpatient'`,
    reportingSql: NPR_REPORTING,
    reportingUnit: 'year',
    tables: ['specialist_episode'],
  },
  specialist_episode: {
    name: 'specialist_episode',
    description:
      'NPR episodes of every care level (activity), by year and municipality of residence',
    idSpace: 'npr',
    needsLinkage: false,
    columns: {
      sector: 'string',
      urgency: 'string',
      contact_mode: 'string',
      care_level: 'string',
      main_icd10: 'code',
    },
    sums: [],
    sql: `SELECT person_id, 'npr' AS id_space, year, municipality_code, district_code, sex, year - birth_year AS age, 1 AS w,
        sector, urgency, contact_mode, care_level, main_icd10
      FROM specialist_episode`,
    reportingSql: NPR_REPORTING,
    reportingUnit: 'year',
    tables: ['specialist_episode'],
  },
  primary_contact: {
    name: 'primary_contact',
    description:
      'KPR-KUHR claims (GP, out-of-hours, …) with the contact type derived from fee codes',
    idSpace: 'kpr',
    needsLinkage: false,
    columns: {
      service: 'string',
      contact_type: 'string',
      out_of_hours_fee: 'boolean',
      main_diagnosis: 'code',
    },
    sums: [],
    sql: `SELECT person_id, 'kpr' AS id_space, year, municipality_code, district_code, sex,
        coalesce(age, year - birth_year) AS age, 1 AS w, service, contact_type, out_of_hours_fee, main_diagnosis
      FROM primary_contact`,
    reportingSql: `SELECT DISTINCT year, municipality_code FROM primary_contact WHERE municipality_code IS NOT NULL`,
    reportingUnit: 'municipality-year',
    tables: ['primary_contact'],
  },
  municipal_service_user: {
    name: 'municipal_service_user',
    description:
      'KPR municipal health and care services: one row per service period and year it was active (Helsedirektoratet’s rule), by the reporting municipality',
    idSpace: 'kpr',
    needsLinkage: false,
    columns: { service_group: 'string', service_code: 'string', hours_per_week: 'number' },
    sums: ['hours_per_week'],
    sql: `SELECT ms.person_id, 'kpr' AS id_space, y.year, ms.municipality_code, CAST(NULL AS VARCHAR) AS district_code,
        p.sex, y.year - p.birth_year AS age, 1 AS w, ms.service_group, ms.service_code, ms.hours_per_week
      FROM municipal_service ms
      JOIN (SELECT unnest(range(min(year(from_date)), max(greatest(year(from_date), coalesce(year(to_date), 0))) + 1)) AS year FROM municipal_service) y
        ON service_active_in_year(ms.from_date, ms.to_date, y.year)
      LEFT JOIN person p ON p.id_space = 'kpr' AND p.person_id = ms.person_id`,
    reportingSql: `SELECT DISTINCT y.year, ms.municipality_code FROM municipal_service ms
      JOIN (SELECT unnest(range(min(year(from_date)), max(greatest(year(from_date), coalesce(year(to_date), 0))) + 1)) AS year FROM municipal_service) y
        ON service_active_in_year(ms.from_date, ms.to_date, y.year) WHERE ms.municipality_code IS NOT NULL`,
    reportingUnit: 'municipality-year',
    tables: ['municipal_service', 'person'],
  },
  readmission_index: {
    name: 'readmission_index',
    description:
      'index stays for 30-day readmission: somatic inpatient stays discharged alive; readmitted = a new acute somatic inpatient stay > 8 h and ≤ 30 days after discharge',
    idSpace: 'npr',
    needsLinkage: false,
    columns: { ...STAY_COLUMNS, readmitted: 'boolean' },
    sums: ['length_of_stay_days'],
    sql: INDEX_SQL,
    reportingSql: NPR_REPORTING,
    reportingUnit: 'year',
    tables: ['hospital_stay', 'specialist_episode'],
    materialise: true,
  },
  post_discharge: {
    name: 'post_discharge',
    description:
      'index stays (as readmission_index) of persons with a non-conflicting NPR–KPR link; gp_contact_3d = a GP or out-of-hours claim from the discharge date to 3 days after',
    // One KPR id per NPR id: min = max is "exactly one distinct non-null kpr_id" (as
    // count(DISTINCT kpr_id) = 1) without a distinct set per id (national: 3.8 s -> 1.3 s), and
    // only for the NPR ids that have stays (the join below keeps no others).
    idSpace: 'npr',
    needsLinkage: true,
    columns: { ...STAY_COLUMNS, gp_contact_3d: 'boolean' },
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
  acute_admission_30d: {
    name: 'acute_admission_30d',
    description:
      'each person’s first acute somatic inpatient stay of the year; died_30d = death date (NPR person) within 30 days of admission',
    idSpace: 'npr',
    needsLinkage: false,
    columns: { ...STAY_COLUMNS, died_30d: 'boolean' },
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
  population: {
    name: 'population',
    description: 'SSB population 1 January (municipality × sex × age); w = head count',
    idSpace: 'none',
    needsLinkage: false,
    columns: { age: 'number', sex: 'string' },
    sums: [],
    sql: `SELECT CAST(NULL AS VARCHAR) AS person_id, 'none' AS id_space, year, municipality_code, CAST(NULL AS VARCHAR) AS district_code,
        sex, age, population AS w FROM population`,
    reportingSql: `SELECT DISTINCT year, municipality_code FROM population`,
    reportingUnit: 'municipality-year',
    tables: ['population'],
  },
};

/** Source names, for the JSON Schema and messages. */
export const INDICATOR_SOURCE_NAMES = Object.keys(INDICATOR_SOURCES) as IndicatorSourceName[];
