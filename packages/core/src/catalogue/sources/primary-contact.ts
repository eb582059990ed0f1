/**
 * KPR-KUHR claims folded with their diagnoses and fee codes (contact type derived from the fee codes). See docs/architecture.md ("The canonical data model").
 */
import { inList } from '../../kernel/sql.js';
import { CONTACT_TYPE, PRIMARY_SERVICE } from '../enumerations.js';
import { periodMonthSql } from '../by-month.js';
import type { CanonicalSource } from '../source-types.js';

/** `primary_contact` in the catalogue. */
export const PRIMARY_CONTACT: CanonicalSource = {
  table: 'primary_contact',
  description: 'KPR-KUHR claims (GP, out-of-hours, …) with the contact type derived from fee codes',
  idSpace: 'kpr',
  columns: {
    service: { kind: 'string', values: PRIMARY_SERVICE },
    contact_type: { kind: 'string', values: CONTACT_TYPE },
    out_of_hours_fee: { kind: 'boolean' },
    main_diagnosis: { kind: 'code' },
  },
  criteria: {
    eventId: 'claim_id',
    date: 'contact_date',
    mainFlagColumn: 'main_diagnosis',
    codes: [
      { system: 'icpc2', column: 'icpc2', list: true, position: 'main_if_flagged' },
      { system: 'icd10', column: 'icd10', list: true, position: 'main_if_flagged' },
    ],
    filters: ['service', 'contact_type', 'out_of_hours_fee'],
  },
  facts: [
    {
      name: 'primary_contact',
      description:
        'KPR-KUHR claims (GP, out-of-hours, …) with the contact type derived from fee codes',
      idSpace: 'kpr',
      needsLinkage: false,
      columns: ['service', 'contact_type', 'out_of_hours_fee', 'main_diagnosis'],
      sums: [],
      sql: `SELECT person_id, 'kpr' AS id_space, year, municipality_code, district_code, sex,
        coalesce(age, year - birth_year) AS age, 1 AS w, service, contact_type, out_of_hours_fee, main_diagnosis
      FROM primary_contact`,
      byMonth: `SELECT person_id, 'kpr' AS id_space, year, municipality_code, district_code, sex,
        coalesce(age, year - birth_year) AS age, 1 AS w, service, contact_type, out_of_hours_fee, main_diagnosis,
        ${periodMonthSql('contact_date')} AS period_month
      FROM primary_contact`,
      reportingSql: `SELECT DISTINCT year, municipality_code FROM primary_contact WHERE municipality_code IS NOT NULL`,
      reportingUnit: 'municipality-year',
      tables: ['primary_contact'],
    },
  ],

  events: {
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.year - t.birth_year AS age, t.service, t.contact_type, t.main_diagnosis, t.contact_date
      FROM primary_contact t WHERE t.year IN ${inList(years)}`,
    columns: ['service', 'contact_type', 'main_diagnosis'],
    quantities: {},
    splits: {},
    month: 'contact_date',
  },
};
