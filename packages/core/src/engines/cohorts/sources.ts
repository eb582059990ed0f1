/**
 * The canonical tables a cohort criterion may read, with their id space, event date, codes and
 * the columns a definition may filter on (with the allowed values, from person-schema.ts).
 */

/** A filterable column: its SQL type and, for enumerations, the allowed values. */
export interface FilterColumn {
  type: 'string' | 'boolean';
  values?: readonly string[];
}

/** One code column of a source: a scalar or a list, its code system and diagnosis position. */
export interface CodeColumn {
  system: 'icd10' | 'icpc2';
  column: string;
  list: boolean;
  /** `main`, `secondary`, or `main_if_flagged` (main when equal to the source's main-diagnosis column). */
  position: 'main' | 'secondary' | 'main_if_flagged';
}

/** A source table as the compiler sees it. */
export interface SourceSpec {
  table: string;
  idSpace: 'npr' | 'kpr';
  /** SQL expression (over the table's columns) that identifies one event. */
  eventId: string;
  /** SQL expression of the event date (DATE). */
  date: string;
  /** For interval sources: the end date (NULL = ongoing). */
  endDate?: string;
  codes: readonly CodeColumn[];
  /** Column holding the main diagnosis, for `main_if_flagged`. */
  mainFlagColumn?: string;
  filters: Readonly<Record<string, FilterColumn>>;
}

const CARE_LEVEL = ['inpatient', 'day', 'outpatient', 'outpatient_during_stay'] as const;
const SECTOR = [
  'somatic',
  'adult_mental',
  'child_mental',
  'substance',
  'rehab',
  'private_specialist',
] as const;

/** Every source a criterion may name. */
export const SOURCES: Readonly<Record<string, SourceSpec>> = {
  specialist_episode: {
    table: 'specialist_episode',
    idSpace: 'npr',
    eventId: 'CAST(episode_id AS VARCHAR)',
    date: 'admission_date',
    codes: [
      { system: 'icd10', column: 'main_icd10', list: false, position: 'main' },
      { system: 'icd10', column: 'main_icd10_2', list: false, position: 'main' },
      { system: 'icd10', column: 'secondary_icd10', list: true, position: 'secondary' },
    ],
    filters: {
      care_level: { type: 'string', values: CARE_LEVEL },
      urgency: { type: 'string', values: ['acute', 'planned', 'return'] },
      contact_mode: { type: 'string', values: ['in_person', 'video', 'telephone'] },
      sector: { type: 'string', values: SECTOR },
      specialty: { type: 'string' },
      provider: { type: 'string' },
      drg: { type: 'string' },
      died: { type: 'boolean' },
    },
  },
  hospital_stay: {
    table: 'hospital_stay',
    idSpace: 'npr',
    eventId: 'CAST(stay_id AS VARCHAR)',
    date: 'CAST(admitted_at AS DATE)',
    codes: [{ system: 'icd10', column: 'main_icd10', list: false, position: 'main' }],
    filters: {
      care_level: { type: 'string', values: ['inpatient', 'day'] },
      acute: { type: 'boolean' },
      died: { type: 'boolean' },
      sector: { type: 'string', values: SECTOR },
    },
  },
  primary_contact: {
    table: 'primary_contact',
    idSpace: 'kpr',
    eventId: 'claim_id',
    date: 'contact_date',
    mainFlagColumn: 'main_diagnosis',
    codes: [
      { system: 'icpc2', column: 'icpc2', list: true, position: 'main_if_flagged' },
      { system: 'icd10', column: 'icd10', list: true, position: 'main_if_flagged' },
    ],
    filters: {
      service: {
        type: 'string',
        values: [
          'gp',
          'out_of_hours',
          'physio',
          'chiropractor',
          'dentist',
          'orthodontist',
          'dental_hygienist',
          'other',
        ],
      },
      contact_type: {
        type: 'string',
        values: [
          'home_visit',
          'physical',
          'e_consultation',
          'interdisciplinary',
          'simple_present',
          'simple_remote',
          'administrative',
        ],
      },
      out_of_hours_fee: { type: 'boolean' },
    },
  },
  municipal_service: {
    table: 'municipal_service',
    idSpace: 'kpr',
    eventId: `CAST(file_id AS VARCHAR) || ':' || CAST(line AS VARCHAR)`,
    date: 'from_date',
    endDate: 'to_date',
    codes: [],
    filters: {
      service_code: { type: 'string' },
      service_group: {
        type: 'string',
        values: [
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
        ],
      },
    },
  },
  function_assessment: {
    table: 'function_assessment',
    idSpace: 'kpr',
    eventId: `CAST(file_id AS VARCHAR) || ':' || CAST(line AS VARCHAR)`,
    date: 'assessment_date',
    codes: [],
    filters: {
      need_level: { type: 'string', values: ['limited', 'moderate_to_large', 'extensive'] },
    },
  },
  dental_record: {
    table: 'dental_record',
    idSpace: 'kpr',
    eventId: `CAST(file_id AS VARCHAR) || ':' || CAST(line AS VARCHAR)`,
    date: 'record_date',
    codes: [],
    filters: {
      priority_group: { type: 'string', values: ['a', 'b', 'c', 'd', 'e', 'f'] },
      examined: { type: 'boolean' },
      treated: { type: 'boolean' },
      under_supervision: { type: 'boolean' },
    },
  },
};

/** The source names, sorted. */
export const SOURCE_NAMES: readonly string[] = Object.keys(SOURCES).sort();
