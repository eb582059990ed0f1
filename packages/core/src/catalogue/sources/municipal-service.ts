/**
 * KPR municipal health and care services (IPLOS service periods), with the person's need level from the function assessments. See docs/architecture.md ("The canonical data model").
 */
import { SERVICE_GROUP, NEED_LEVEL } from '../enumerations.js';
import { yearsValues } from './years.js';
import type { CanonicalSource } from '../source-types.js';

/** `municipal_service` in the catalogue. */
export const MUNICIPAL_SERVICE: CanonicalSource = {
  table: 'municipal_service',
  description: 'KPR municipal health and care services (IPLOS service periods)',
  idSpace: 'kpr',
  columns: {
    service_code: { kind: 'string' },
    service_group: { kind: 'string', values: SERVICE_GROUP },
    hours_per_week: { kind: 'number' },
    need_level: { kind: 'string', values: NEED_LEVEL },
  },
  criteria: {
    eventId: `CAST(file_id AS VARCHAR) || ':' || CAST(line AS VARCHAR)`,
    date: 'from_date',
    endDate: 'to_date',
    codes: [],
    filters: ['service_code', 'service_group'],
  },
  facts: [
    {
      name: 'municipal_service_user',
      description:
        'KPR municipal health and care services: one row per service period and year it was active (Helsedirektoratet’s rule), by the reporting municipality',
      idSpace: 'kpr',
      needsLinkage: false,
      columns: ['service_group', 'service_code', 'hours_per_week'],
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
  ],

  events: {
    joins: true,
    // A decision counts in year Y when it overlaps 1.1.Y–31.12.Y (Helsedirektoratet's rule);
    // service days are the days of the year it covers; hours = hours per week × days / 7.
    relation: (years) => `SELECT s.*, fa.need_level FROM (
        SELECT t.person_id, yr.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
          p.sex, yr.year - p.birth_year AS age, t.service_code, t.service_group, t.hours_per_week,
          make_date(yr.year, 12, 31) AS year_end,
          date_diff('day', GREATEST(t.from_date, make_date(yr.year, 1, 1)), LEAST(COALESCE(t.to_date, make_date(yr.year, 12, 31)), make_date(yr.year, 12, 31))) + 1 AS days_in_year
        FROM municipal_service t CROSS JOIN ${yearsValues(years)}
        LEFT JOIN person p ON p.id_space = 'kpr' AND p.person_id = t.person_id
        WHERE t.from_date <= make_date(yr.year, 12, 31) AND (t.to_date IS NULL OR t.to_date >= make_date(yr.year, 1, 1))
      ) s ASOF LEFT JOIN (
        SELECT person_id, assessment_date, need_level FROM function_assessment
        QUALIFY row_number() OVER (PARTITION BY person_id, assessment_date ORDER BY file_id DESC, line DESC) = 1
      ) fa ON fa.person_id = s.person_id AND s.year_end >= fa.assessment_date`,
    columns: ['service_code', 'service_group', 'need_level'],
    quantities: {
      service_days: 'days_in_year',
      hours: 'COALESCE(hours_per_week, 0) * days_in_year / 7.0',
    },
    splits: { need_level: `COALESCE(need_level, 'unknown')` },
  },
};
