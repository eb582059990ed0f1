/**
 * Members of the cohorts (priority groups) per year, as the cohort engine writes them. See docs/architecture.md ("The canonical data model").
 */
import { inList } from '../../kernel/sql.js';
import type { CanonicalSource } from '../source-types.js';

/** `cohort_member` in the catalogue. */
export const COHORT_MEMBER: CanonicalSource = {
  table: 'cohort_member',
  description: 'members of cohorts per year',
  idSpace: 'npr',
  columns: {
    cohort_id: { kind: 'string' },
    version: { kind: 'string' },
  },
  events: {
    // Members of a cohort (priority group) per year, as written by runCohorts; one row per member.
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.age, t.cohort_id, t.version
      FROM cohort_member t WHERE t.year IN ${inList(years)}`,
    columns: ['cohort_id', 'version'],
    quantities: {},
    splits: {},
  },
};
