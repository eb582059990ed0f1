/**
 * Referrals to specialist care (NPR), derived from the episodes that carry a referral date: waiting
 * time to the start of care and the assessment of the referral. See docs/indicators.md
 * ("Waiting times and referrals").
 */
import { ENTITLEMENT, SECTOR } from '../enumerations.js';
import type { CanonicalSource } from '../source-types.js';

/**
 * One row per referral: episodes of the same person and sector with the same referral date are one
 * referral. The latest assessment counts (a referral assessed twice is counted once, as last
 * assessed; ties: the later file and line); the start of care is the earliest start date recorded
 * as started (or without a waiting status). Place, sex and birth year are those of the row with the
 * latest assessment.
 */
export const REFERRAL_SQL = `SELECT *, date_diff('day', referral_date, first_start) AS waiting_days FROM (
    SELECT e.person_id, e.municipality_code, e.district_code, e.sex, e.birth_year, e.sector,
      e.referral_date, e.assessed_date, e.entitlement,
      min(CASE WHEN coalesce(e.waiting_status, 'started') = 'started' THEN e.care_start_date END)
        OVER (PARTITION BY e.person_id, e.sector, e.referral_date) AS first_start
    FROM specialist_episode e WHERE e.referral_date IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY e.person_id, e.sector, e.referral_date
      ORDER BY e.assessed_date DESC NULLS LAST, e.file_id DESC, e.line DESC) = 1)`;

const COMMON = `person_id, 'npr' AS id_space, municipality_code, district_code, sex, 1 AS w, sector`;

/** `referral` in the catalogue (a relation derived from `specialist_episode`). */
export const REFERRAL: CanonicalSource = {
  table: 'referral',
  description:
    'NPR referrals: episodes with a referral date, one row per person, sector and referral date',
  idSpace: 'npr',
  columns: {
    sector: { kind: 'string', values: SECTOR },
    entitlement: { kind: 'string', values: ENTITLEMENT },
    waiting_days: { kind: 'number' },
  },
  facts: [
    {
      name: 'referral_assessed',
      description:
        'NPR referrals by the year of their (latest) assessment; entitlement = the assessment (entitled, needs care without a right, no need of specialist care)',
      idSpace: 'npr',
      needsLinkage: false,
      columns: ['sector', 'entitlement'],
      sums: [],
      sql: `SELECT ${COMMON}, year(assessed_date) AS year, year(assessed_date) - birth_year AS age, entitlement
      FROM (${REFERRAL_SQL}) r WHERE assessed_date IS NOT NULL AND entitlement IS NOT NULL`,
      reportingSql: `SELECT DISTINCT year(assessed_date) AS year, CAST(NULL AS VARCHAR) AS municipality_code
      FROM specialist_episode WHERE assessed_date IS NOT NULL AND entitlement IS NOT NULL`,
      reportingUnit: 'year',
      tables: ['specialist_episode'],
      materialise: true,
    },
    {
      name: 'waiting_time',
      description:
        'NPR referrals whose care started, by the year care started; waiting_days = days from the referral received to the start of care',
      idSpace: 'npr',
      needsLinkage: false,
      columns: ['sector', 'waiting_days'],
      sums: ['waiting_days'],
      sql: `SELECT ${COMMON}, year(first_start) AS year, year(first_start) - birth_year AS age, waiting_days
      FROM (${REFERRAL_SQL}) r WHERE first_start IS NOT NULL`,
      reportingSql: `SELECT DISTINCT year(care_start_date) AS year, CAST(NULL AS VARCHAR) AS municipality_code
      FROM specialist_episode WHERE referral_date IS NOT NULL AND care_start_date IS NOT NULL`,
      reportingUnit: 'year',
      tables: ['specialist_episode'],
      materialise: true,
    },
  ],
};
