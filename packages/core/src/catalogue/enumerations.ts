/**
 * Allowed values of the coded columns of the canonical tables (what intake writes; see the
 * comments of the schema in workspace/person-schema.ts). Definitions that filter on these columns
 * are checked against these lists.
 */
export const CARE_LEVEL = ['inpatient', 'day', 'outpatient', 'outpatient_during_stay'] as const;
export const URGENCY = ['acute', 'planned', 'return'] as const;
export const CONTACT_MODE = ['in_person', 'video', 'telephone'] as const;
export const SECTOR = [
  'somatic',
  'adult_mental',
  'child_mental',
  'substance',
  'rehab',
  'private_specialist',
] as const;
export const PRIMARY_SERVICE = [
  'gp',
  'out_of_hours',
  'physio',
  'chiropractor',
  'dentist',
  'orthodontist',
  'dental_hygienist',
  'other',
] as const;
export const CONTACT_TYPE = [
  'home_visit',
  'physical',
  'e_consultation',
  'interdisciplinary',
  'simple_present',
  'simple_remote',
  'administrative',
] as const;
export const SERVICE_GROUP = [
  'practical_help',
  'home_health_care',
  'short_stay',
  'long_stay',
  'respite',
  'day_care',
  'housing',
  'safety_alarm',
  'support',
  'care_allowance',
  'coercion',
  'other',
] as const;
export const NEED_LEVEL = ['limited', 'moderate_to_large', 'extensive'] as const;
export const DENTAL_PRIORITY_GROUP = ['a', 'b', 'c', 'd', 'e', 'f'] as const;
export const ENTITLEMENT = ['entitled', 'needs_care', 'not_needed'] as const;
export const LEGAL_BASIS = ['voluntary', 'observation', 'compulsory', 'other'] as const;
