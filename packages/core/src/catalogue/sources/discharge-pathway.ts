/**
 * The pathway after a hospital discharge across the levels of care: home health care, a GP contact
 * and readmission, for index stays of persons with a usable NPR–KPR link. See docs/indicators.md
 * ("The pathway after discharge").
 */
import { SECTOR } from '../enumerations.js';
import { INDEX_SQL, STAY_COLUMNS } from './stay-relations.js';
import type { CanonicalSource } from '../source-types.js';

/** One KPR id per NPR id (non-conflicting links only), for the NPR ids that have stays. */
const ONE_LINK = `SELECT npr_id, min(kpr_id) AS kpr_id FROM person_link
      WHERE NOT conflict AND npr_id IN (SELECT person_id FROM hospital_stay)
      GROUP BY npr_id HAVING min(kpr_id) = max(kpr_id)`;

/**
 * Index stays (as for readmission) with the days from the discharge date to the first day with
 * home health care (a period active on or after the discharge date: 0 when it runs at discharge)
 * and to the first GP claim on or after the discharge date; NULL when there is none.
 */
export const PATHWAY_SQL = `SELECT s.*,
    (SELECT min(date_diff('day', CAST(s.discharged_at AS DATE), greatest(m.from_date, CAST(s.discharged_at AS DATE))))
       FROM municipal_service m
      WHERE m.person_id = l.kpr_id AND m.service_group = 'home_health_care'
        AND (m.to_date IS NULL OR m.to_date >= CAST(s.discharged_at AS DATE))) AS home_care_days,
    (SELECT min(date_diff('day', CAST(s.discharged_at AS DATE), c.contact_date))
       FROM primary_contact c
      WHERE c.person_id = l.kpr_id AND c.service = 'gp'
        AND c.contact_date >= CAST(s.discharged_at AS DATE)) AS gp_contact_days
  FROM (${INDEX_SQL}) s JOIN (${ONE_LINK}) l ON l.npr_id = s.person_id`;

/** `discharge_pathway` in the catalogue (a relation derived from stays, services and claims). */
export const DISCHARGE_PATHWAY: CanonicalSource = {
  table: 'discharge_pathway',
  description:
    'index stays with the days to home health care and to a GP contact after discharge, and readmission',
  idSpace: 'npr',
  columns: {
    acute: { kind: 'boolean' },
    care_level: { kind: 'string', values: ['inpatient', 'day'] },
    sector: { kind: 'string', values: SECTOR },
    main_icd10: { kind: 'code' },
    died: { kind: 'boolean' },
    length_of_stay_days: { kind: 'number' },
    discharge_ready_days: { kind: 'number' },
    readmitted: { kind: 'boolean' },
    home_care_days: { kind: 'number' },
    gp_contact_days: { kind: 'number' },
  },
  facts: [
    {
      name: 'discharge_pathway',
      description:
        'index stays (as readmission_index) of persons with a non-conflicting NPR–KPR link; home_care_days and gp_contact_days = days from discharge to the first home health care day and GP claim (empty = none)',
      idSpace: 'npr',
      needsLinkage: true,
      columns: [...STAY_COLUMNS, 'readmitted', 'home_care_days', 'gp_contact_days'],
      sums: [],
      sql: PATHWAY_SQL,
      reportingSql: `SELECT DISTINCT year, CAST(NULL AS VARCHAR) AS municipality_code FROM specialist_episode
      WHERE year IN (SELECT DISTINCT year FROM primary_contact)
        AND EXISTS (SELECT 1 FROM municipal_service)`,
      reportingUnit: 'year',
      tables: [
        'hospital_stay',
        'specialist_episode',
        'primary_contact',
        'municipal_service',
        'person_link',
      ],
      materialise: true,
    },
  ],
};
