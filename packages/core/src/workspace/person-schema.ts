/**
 * Person-level canonical tables (DESIGN.md). Pseudonymous ids only. NPR tables carry NPR ids;
 * KPR tables (claims, municipal services, IPLOS, dental) carry KPR ids; `person_link` pairs them.
 * Every row keeps `file_id` + `line` (1-based physical line in the input file) for tracing.
 *
 * Enumerations (values are lower-case English words, never registry digits):
 * - care_level: 'inpatient' | 'day' | 'outpatient' | 'outpatient_during_stay'
 * - urgency: 'acute' | 'planned' | 'return'
 * - contact_mode: 'in_person' | 'video' | 'telephone'
 * - sector: 'somatic' | 'adult_mental' | 'child_mental' | 'substance' | 'rehab' | 'private_specialist'
 * - primary service: 'gp' | 'out_of_hours' | 'physio' | 'dentist' | 'orthodontist' | 'dental_hygienist' | 'other'
 * - primary contact_type: 'physical' | 'e_consultation' | 'home_visit' | 'simple_present' |
 *   'simple_remote' | 'interdisciplinary' | 'administrative'
 */
export const PERSON_DDL = `
CREATE TABLE IF NOT EXISTS person (
  id_space VARCHAR NOT NULL,          -- 'npr' | 'kpr'
  person_id VARCHAR NOT NULL,
  sex VARCHAR,                        -- 'M' | 'F' | NULL; reconciled across rows (see docs/ingest.md)
  birth_year INTEGER,
  death_date DATE,
  sex_conflict BOOLEAN NOT NULL DEFAULT FALSE,
  birth_year_conflict BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS residence (
  id_space VARCHAR NOT NULL,
  person_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  municipality_code VARCHAR,          -- structure-year code; NULL when unknown
  district_code VARCHAR,
  municipality_raw VARCHAR
);

CREATE TABLE IF NOT EXISTS specialist_episode (
  episode_id BIGINT NOT NULL,
  person_id VARCHAR NOT NULL,         -- NPR id
  sex VARCHAR,
  birth_year INTEGER,
  municipality_code VARCHAR,
  municipality_raw VARCHAR,
  district_code VARCHAR,
  year INTEGER,
  admission_date DATE NOT NULL,
  admission_time TIME,
  discharge_date DATE,
  discharge_time TIME,
  admitted_at TIMESTAMP,
  discharged_at TIMESTAMP,
  care_level VARCHAR,
  urgency VARCHAR,
  contact_mode VARCHAR,
  sector VARCHAR,
  specialty VARCHAR,
  provider VARCHAR,
  main_icd10 VARCHAR,
  main_icd10_2 VARCHAR,
  secondary_icd10 VARCHAR[],
  main_icd10_raw VARCHAR,
  icd10_unknown BOOLEAN NOT NULL DEFAULT FALSE,
  drg VARCHAR,
  died BOOLEAN NOT NULL DEFAULT FALSE,
  discharge_ready_at TIMESTAMP,
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS hospital_stay (
  stay_id BIGINT NOT NULL,
  person_id VARCHAR NOT NULL,
  municipality_code VARCHAR,
  admitted_at TIMESTAMP NOT NULL,
  discharged_at TIMESTAMP,
  care_level VARCHAR,                 -- highest of the merged episodes
  acute BOOLEAN NOT NULL,
  died BOOLEAN NOT NULL,
  episodes INTEGER NOT NULL,
  first_episode_id BIGINT NOT NULL,
  sector VARCHAR,
  discharge_ready_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS primary_contact (
  claim_id VARCHAR NOT NULL,          -- enkeltregning_lnr
  person_id VARCHAR NOT NULL,         -- KPR id
  contact_date DATE NOT NULL,
  year INTEGER NOT NULL,
  sex VARCHAR,
  birth_year INTEGER,
  municipality_code VARCHAR,
  municipality_raw VARCHAR,
  district_code VARCHAR,
  service VARCHAR NOT NULL,
  contact_type VARCHAR,
  fee_codes VARCHAR[],
  icpc2 VARCHAR[],
  icd10 VARCHAR[],
  main_diagnosis VARCHAR,
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS municipal_service (
  person_id VARCHAR NOT NULL,         -- KPR id
  service_code VARCHAR NOT NULL,      -- IPLOS/KPR service code after recoding obsolete codes
  service_code_raw VARCHAR,
  service_group VARCHAR,              -- 'home_health_care' | 'short_stay' | 'long_stay' | 'practical_help' | 'housing' | ...
  from_date DATE NOT NULL,
  to_date DATE,
  hours_per_week DOUBLE,
  municipality_code VARCHAR,
  municipality_raw VARCHAR,
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS function_assessment (
  person_id VARCHAR NOT NULL,         -- KPR id
  assessment_date DATE NOT NULL,
  variables MAP(VARCHAR, INTEGER),
  need_level VARCHAR,                 -- 'limited' | 'moderate_to_large' | 'extensive'
  need_level_computed BOOLEAN NOT NULL DEFAULT FALSE,
  municipality_code VARCHAR,
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS dental_record (
  person_id VARCHAR NOT NULL,         -- KPR id
  record_date DATE NOT NULL,
  county_code VARCHAR,
  clinic VARCHAR,
  priority_group VARCHAR,
  under_supervision BOOLEAN,
  examined BOOLEAN,
  treated BOOLEAN,
  dmft INTEGER,
  dmft_permanent INTEGER,             -- DMFT (permanent teeth)
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS person_link (
  npr_id VARCHAR NOT NULL,
  kpr_id VARCHAR NOT NULL,
  conflict BOOLEAN NOT NULL DEFAULT FALSE,
  file_id INTEGER
);
`;
