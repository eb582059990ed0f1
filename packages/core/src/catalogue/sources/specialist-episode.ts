/**
 * NPR episodes (dates and times, care level, urgency, contact mode, sector, diagnoses). See docs/architecture.md ("The canonical data model").
 */
import { inList } from '../../kernel/sql.js';
import { CARE_LEVEL, CONTACT_MODE, LEGAL_BASIS, SECTOR, URGENCY } from '../enumerations.js';
import { icd10ChapterSql } from '../icd10-chapter-sql.js';
import { NPR_REPORTING } from './stay-relations.js';
import type { CanonicalSource } from '../source-types.js';

/**
 * SQL condition (over `specialist_episode` columns) true for the rows that record a contact or
 * stay, false for a referral without a contact: no care level and assessed as no need of
 * specialist care (a rejected referral, docs/extract-formats.md). Activity counts, cohort criteria
 * and projection events read only the rows it admits; the referrals read them all.
 */
export const SPECIALIST_CONTACT = `(care_level IS NOT NULL OR entitlement IS DISTINCT FROM 'not_needed')`;

/**
 * The month an episode counts in: the admission month when it falls in the NPR year (aar), else
 * the discharge month when that does, else none (0).
 */
const EPISODE_MONTH = `coalesce(CASE WHEN year(admission_date) = year THEN month(admission_date)
          WHEN year(discharge_date) = year THEN month(discharge_date) END, 0)::INTEGER`;

/** `specialist_episode` in the catalogue. */
export const SPECIALIST_EPISODE: CanonicalSource = {
  table: 'specialist_episode',
  description: 'NPR episodes of specialist health care',
  idSpace: 'npr',
  columns: {
    care_level: { kind: 'string', values: CARE_LEVEL },
    urgency: { kind: 'string', values: URGENCY },
    contact_mode: { kind: 'string', values: CONTACT_MODE },
    sector: { kind: 'string', values: SECTOR },
    specialty: { kind: 'string' },
    provider: { kind: 'string' },
    drg: { kind: 'string' },
    died: { kind: 'boolean' },
    main_icd10: { kind: 'code' },
    legal_basis: { kind: 'string', values: LEGAL_BASIS },
    coercion: { kind: 'boolean' },
  },
  criteria: {
    eventId: 'CAST(episode_id AS VARCHAR)',
    date: 'admission_date',
    where: SPECIALIST_CONTACT,
    codes: [
      { system: 'icd10', column: 'main_icd10', list: false, position: 'main' },
      { system: 'icd10', column: 'main_icd10_2', list: false, position: 'main' },
      { system: 'icd10', column: 'secondary_icd10', list: true, position: 'secondary' },
    ],
    filters: [
      'care_level',
      'urgency',
      'contact_mode',
      'sector',
      'specialty',
      'provider',
      'drg',
      'died',
    ],
  },
  facts: [
    {
      name: 'outpatient_episode',
      description:
        'NPR outpatient consultations (care level outpatient), by year and municipality of residence',
      idSpace: 'npr',
      needsLinkage: false,
      columns: ['sector', 'urgency', 'contact_mode', 'specialty', 'main_icd10'],
      sums: [],
      sql: `SELECT person_id, 'npr' AS id_space, year, municipality_code, district_code, sex, year - birth_year AS age, 1 AS w,
        sector, urgency, contact_mode, specialty, main_icd10
      FROM specialist_episode WHERE care_level = 'outpatient'`,
      byMonth: `SELECT person_id, 'npr' AS id_space, year, municipality_code, district_code, sex, year - birth_year AS age, 1 AS w,
        sector, urgency, contact_mode, specialty, main_icd10, ${EPISODE_MONTH} AS period_month
      FROM specialist_episode WHERE care_level = 'outpatient'`,
      reportingSql: NPR_REPORTING,
      reportingUnit: 'year',
      tables: ['specialist_episode'],
    },
    {
      name: 'specialist_episode',
      description:
        'NPR episodes of every care level (activity), by year and municipality of residence; legal_basis of a mental-health admission, coercion = one or more coercion decisions during the episode',
      idSpace: 'npr',
      needsLinkage: false,
      columns: [
        'sector',
        'urgency',
        'contact_mode',
        'care_level',
        'main_icd10',
        'legal_basis',
        'coercion',
      ],
      sums: [],
      sql: `SELECT person_id, 'npr' AS id_space, year, municipality_code, district_code, sex, year - birth_year AS age, 1 AS w,
        sector, urgency, contact_mode, care_level, main_icd10, legal_basis, coalesce(coercion_decisions, 0) > 0 AS coercion
      FROM specialist_episode WHERE ${SPECIALIST_CONTACT}`,
      byMonth: `SELECT person_id, 'npr' AS id_space, year, municipality_code, district_code, sex, year - birth_year AS age, 1 AS w,
        sector, urgency, contact_mode, care_level, main_icd10, legal_basis, coalesce(coercion_decisions, 0) > 0 AS coercion,
        ${EPISODE_MONTH} AS period_month
      FROM specialist_episode WHERE ${SPECIALIST_CONTACT}`,
      reportingSql: NPR_REPORTING,
      reportingUnit: 'year',
      tables: ['specialist_episode'],
    },
  ],

  events: {
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.year - t.birth_year AS age, t.care_level, t.urgency, t.contact_mode, t.sector, t.specialty, t.provider,
        t.main_icd10, t.drg, t.died, t.admission_date, t.discharge_date
      FROM specialist_episode t WHERE t.year IN ${inList(years)} AND ${SPECIALIST_CONTACT}`,
    columns: [
      'care_level',
      'urgency',
      'contact_mode',
      'sector',
      'specialty',
      'provider',
      'main_icd10',
      'drg',
      'died',
    ],
    quantities: {
      bed_days: `GREATEST(date_diff('day', admission_date, COALESCE(discharge_date, admission_date)), 0)`,
    },
    splits: { icd10_chapter: icd10ChapterSql('main_icd10'), sector: 'sector' },
    // The episode's year is NPR's reporting year (aar): the admission month when it falls in
    // that year, else the discharge month when that does, else none.
    month: `CASE WHEN year(admission_date) = year THEN admission_date
      WHEN year(discharge_date) = year THEN discharge_date END`,
  },
};
