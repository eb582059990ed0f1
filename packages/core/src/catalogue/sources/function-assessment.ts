/**
 * IPLOS function assessments (variables and need level). See docs/architecture.md ("The canonical data model").
 */
import { NEED_LEVEL } from '../enumerations.js';
import type { CanonicalSource } from '../source-types.js';

/** `function_assessment` in the catalogue. */
export const FUNCTION_ASSESSMENT: CanonicalSource = {
  table: 'function_assessment',
  description: 'IPLOS function assessments',
  idSpace: 'kpr',
  columns: {
    need_level: { kind: 'string', values: NEED_LEVEL },
  },
  criteria: {
    eventId: `CAST(file_id AS VARCHAR) || ':' || CAST(line AS VARCHAR)`,
    date: 'assessment_date',
    codes: [],
    filters: ['need_level'],
  },
};
