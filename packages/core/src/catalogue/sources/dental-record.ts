/**
 * Records of the public dental service (county, clinic, priority group, examined, treated). See docs/architecture.md ("The canonical data model").
 */
import { inList } from '../../kernel/sql.js';
import { DENTAL_PRIORITY_GROUP } from '../enumerations.js';
import type { CanonicalSource } from '../source-types.js';

/** `dental_record` in the catalogue. */
export const DENTAL_RECORD: CanonicalSource = {
  table: 'dental_record',
  description: 'public dental service records',
  idSpace: 'kpr',
  columns: {
    priority_group: { kind: 'string', values: DENTAL_PRIORITY_GROUP },
    examined: { kind: 'boolean' },
    treated: { kind: 'boolean' },
    under_supervision: { kind: 'boolean' },
    clinic: { kind: 'string' },
  },
  criteria: {
    eventId: `CAST(file_id AS VARCHAR) || ':' || CAST(line AS VARCHAR)`,
    date: 'record_date',
    codes: [],
    filters: ['priority_group', 'examined', 'treated', 'under_supervision'],
  },
  events: {
    joins: true,
    ownCounty: true,
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, NULL::VARCHAR AS municipality_code, t.county_code, p.sex,
        COALESCE(t.year - p.birth_year, t.age) AS age, t.priority_group, t.under_supervision, t.examined, t.treated, t.clinic
      FROM dental_record t LEFT JOIN person p ON p.id_space = 'kpr' AND p.person_id = t.person_id
      WHERE t.year IN ${inList(years)}`,
    columns: ['priority_group', 'under_supervision', 'examined', 'treated', 'clinic'],
    quantities: {},
    splits: { priority_group: `COALESCE(priority_group, 'unknown')` },
  },
};
