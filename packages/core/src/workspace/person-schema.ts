/**
 * Person-level canonical tables (docs/architecture.md), written by `ingestRegistry`
 * (intake, `ingestRegistry`) and read by cohorts and indicators. Pseudonymous ids only.
 *
 * Conventions every table follows:
 * - **Id spaces.** NPR tables carry NPR ids (`lopenr`); KPR tables (claims, municipal services,
 *   IPLOS, dental) carry KPR ids (`kpr_lnr`); `person_link` pairs them. `person` and `residence`
 *   have an `id_space` column ('npr' | 'kpr').
 * - **Tracing.** Every row loaded from a file keeps `file_id` (→ `ingest_file.file_id`) and `line`:
 *   the 1-based line of the input file (the header is line 1; equal to the physical line unless a
 *   quoted field contains a line break — then it counts records; Parquet: 1-based row number).
 * - **Sex** is 'M' | 'F' | NULL (unknown; registry 0/9 and invalid codes become NULL).
 * - **Municipality** columns hold the code harmonised to the workspace's structure year
 *   (`municipality_code`, NULL when the raw code is unknown or missing) beside the code as
 *   delivered (`municipality_raw`). A split municipality resolves to its primary successor.
 * - **Codes** are normalised: ICD-10 and ICPC-2 upper case without dot or spaces (`I50.0` → `I500`).
 *   Unknown codes are kept and flagged, never dropped.
 * - **Derived tables** (`person`, `residence`, `hospital_stay`) are rebuilt from the loaded rows
 *   after every ingest, so they always agree with the source tables.
 *
 * Enumerations (values are lower-case English words, never registry digits):
 * - care_level: 'inpatient' (omsorgsniva 1) | 'day' (2) | 'outpatient' (3) | 'outpatient_during_stay' (8)
 * - urgency: 'acute' (innmateHast 1–3) | 'planned' (4) | 'return' (5)
 * - contact_mode: 'in_person' | 'video' (kontakttype 6) | 'telephone' (7)
 * - sector: 'somatic' (1) | 'adult_mental' (2) | 'child_mental' (3) | 'substance' (4) | 'rehab' (5) |
 *   'private_specialist' (6)
 * - waiting_status: 'waiting' (ventestatus 1) | 'started' (2: care started) | 'left' (3: left the
 *   list without care)
 * - entitlement: 'entitled' (rettighetsvurdering 1: right to necessary care) | 'needs_care' (2: needs
 *   specialist care, no right) | 'not_needed' (3: no need of specialist care; the referral rejected)
 * - legal_basis: 'voluntary' (hjemmelInn 1) | 'observation' (2: § 3-2) | 'compulsory' (3: § 3-3) |
 *   'other' (9)
 * - primary service: 'gp' (1) | 'out_of_hours' (2) | 'physio' (3, 4) | 'chiropractor' (5) |
 *   'dentist' (6) | 'orthodontist' (7) | 'dental_hygienist' (8) | 'other' (9 and anything else)
 * - primary contact_type (from fee codes, definitions/ingest/kuhr-contact-type.csv; the most
 *   resource-heavy wins, in this order): 'home_visit' > 'physical' > 'e_consultation' >
 *   'interdisciplinary' > 'simple_present' > 'simple_remote' > 'administrative'; NULL = no mapped fee code
 * - municipal service_group: 'practical_help' | 'home_health_care' | 'short_stay' | 'long_stay' |
 *   'respite' | 'day_care' | 'housing' | 'safety_alarm' | 'support' | 'care_allowance' |
 *   'coercion' | 'other' (definitions/ingest/iplos-services.csv)
 * - need_level: 'limited' (bistandsbehov 1) | 'moderate_to_large' (2) | 'extensive' (3)
 * - person_link.conflict_reason: 'npr_id_has_several_kpr_ids' | 'kpr_id_has_several_npr_ids' | 'both'
 */
export const PERSON_DDL = `
CREATE SEQUENCE IF NOT EXISTS specialist_episode_seq START 1;

-- One row per person per id space. Rebuilt after every ingest from the rows of that id space.
-- Rule (docs/ingest.md): sex and birth year are the value recorded most often across the
-- person's rows; a tie goes to the value of the latest row (by date, then file, then line).
-- *_conflict is TRUE when more than one distinct non-missing value was recorded.
CREATE TABLE IF NOT EXISTS person (
  id_space VARCHAR NOT NULL,          -- 'npr' | 'kpr'
  person_id VARCHAR NOT NULL,
  sex VARCHAR,                        -- 'M' | 'F' | NULL
  birth_year INTEGER,
  death_date DATE,                    -- NPR: earliest discharge date of an episode with utTilstand = 2 (dead)
  sex_conflict BOOLEAN NOT NULL DEFAULT FALSE,
  birth_year_conflict BOOLEAN NOT NULL DEFAULT FALSE,
  rows INTEGER NOT NULL DEFAULT 0     -- source rows the person was seen in
);

-- One row per person per id space per calendar year in which a municipality was recorded.
-- Sources: specialist_episode (admission date), primary_contact (contact date),
-- function_assessment (assessment date), municipal_service (from date). Only rows whose
-- municipality harmonised to a known code count. Rule = workspace config residenceRule:
-- 'last' (default; latest dated row wins), 'first', or 'most_frequent' (tie → latest).
CREATE TABLE IF NOT EXISTS residence (
  id_space VARCHAR NOT NULL,
  person_id VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  municipality_code VARCHAR NOT NULL, -- structure-year code
  district_code VARCHAR,              -- 6-digit city district when recorded on the winning row
  municipality_raw VARCHAR,           -- the code as delivered on the winning row
  rule VARCHAR NOT NULL               -- the residenceRule used
);

-- NPR: one row per episode (contact or stay in one unit).
CREATE TABLE IF NOT EXISTS specialist_episode (
  episode_id BIGINT NOT NULL,         -- felles' own sequence number
  person_id VARCHAR NOT NULL,         -- NPR id (lopenr)
  sex VARCHAR,                        -- as recorded on this row (kjonn)
  birth_year INTEGER,                 -- as recorded on this row (fodselsar)
  municipality_code VARCHAR,          -- komnrhjem2 harmonised (6-digit komnrhjem2 = district)
  municipality_raw VARCHAR,
  district_code VARCHAR,              -- from a 6-digit komnrhjem2 or komnrhjem2 + bydel2
  year INTEGER NOT NULL,              -- aar, or the admission year when aar is missing
  admission_date DATE NOT NULL,
  admission_time TIME,
  discharge_date DATE,
  discharge_time TIME,
  admitted_at TIMESTAMP NOT NULL,     -- admission date + time (00:00 when time missing)
  discharged_at TIMESTAMP,            -- discharge date + time (00:00 when time missing)
  care_level VARCHAR,                 -- see enumerations
  urgency VARCHAR,
  contact_mode VARCHAR NOT NULL,
  sector VARCHAR,
  specialty VARCHAR,                  -- episodefag as delivered
  provider VARCHAR,                   -- behandlingsstedkode as delivered
  main_icd10 VARCHAR,                 -- tilstand_1_1 normalised
  main_icd10_2 VARCHAR,               -- tilstand_1_2 normalised
  secondary_icd10 VARCHAR[] NOT NULL, -- tilstand_2_1 … tilstand_N_1 normalised, in column order, empties dropped
  main_icd10_raw VARCHAR,
  icd10_unknown BOOLEAN NOT NULL DEFAULT FALSE, -- any of the codes fails the ICD-10 validity list
  drg VARCHAR,
  died BOOLEAN NOT NULL DEFAULT FALSE,          -- utTilstand = 2
  discharge_ready_at TIMESTAMP,       -- utskrKlarDato/-Tid or an npr-time row (typeTidspunkt 2)
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL,
  referral_date DATE,                 -- henvisningMottattDato: the referral received (waiting starts)
  assessed_date DATE,                 -- vurderingDato: the referral assessed
  care_start_date DATE,               -- tjenesteStartDato: care started (planned or actual, see waiting_status)
  waiting_status VARCHAR,             -- see enumerations
  entitlement VARCHAR,                -- see enumerations (rettighetsvurdering)
  legal_basis VARCHAR,                -- see enumerations (mental health care: hjemmelInn)
  coercion_decisions INTEGER          -- tvangsvedtak: decisions on coercive measures during the episode
);

-- Episodes merged into stays (rebuilt after every npr ingest). Only inpatient and day episodes
-- (care_level 'inpatient' | 'day') with a discharge time form stays. An episode joins the current
-- stay of the same person when it is admitted no later than stayMergeHours (config, default 8)
-- after the latest discharge so far. Keeps first admission, last discharge, the highest care
-- level (inpatient > day), acute if any episode was acute, died if any episode says so.
CREATE TABLE IF NOT EXISTS hospital_stay (
  stay_id BIGINT NOT NULL,
  person_id VARCHAR NOT NULL,         -- NPR id
  sex VARCHAR,
  birth_year INTEGER,
  municipality_code VARCHAR,          -- of the first episode
  year INTEGER NOT NULL,              -- of the discharge (admission when no discharge)
  admitted_at TIMESTAMP NOT NULL,
  discharged_at TIMESTAMP,
  length_of_stay_days INTEGER,        -- discharge date − admission date (0 = same day)
  care_level VARCHAR,                 -- highest of the merged episodes
  acute BOOLEAN NOT NULL,
  died BOOLEAN NOT NULL,
  episodes INTEGER NOT NULL,
  first_episode_id BIGINT NOT NULL,
  last_episode_id BIGINT NOT NULL,    -- the episode with the last discharge
  sector VARCHAR,                     -- of the first episode
  main_icd10 VARCHAR,                 -- of the first episode
  discharge_ready_at TIMESTAMP        -- latest discharge-ready time of the merged episodes
);

-- KPR-KUHR: one row per claim (bill), with its diagnoses and fee codes folded in.
CREATE TABLE IF NOT EXISTS primary_contact (
  claim_id VARCHAR NOT NULL,          -- enkeltregning_lnr
  person_id VARCHAR NOT NULL,         -- KPR id
  contact_date DATE NOT NULL,
  year INTEGER NOT NULL,
  sex VARCHAR,                        -- kjonn, or kjonnK when kjonn is missing/unknown
  birth_year INTEGER,
  age INTEGER,                        -- alder as delivered
  municipality_code VARCHAR,          -- kommuneNr harmonised; kommunenrPB when kommuneNr is -1/missing
  municipality_raw VARCHAR,           -- the raw code actually used
  municipality_from_pb BOOLEAN NOT NULL DEFAULT FALSE, -- the population-register fallback was used
  district_code VARCHAR,
  service VARCHAR NOT NULL,           -- see enumerations
  contact_type VARCHAR,               -- see enumerations
  out_of_hours_fee BOOLEAN NOT NULL DEFAULT FALSE, -- a fee code was an out-of-hours (k) variant
  fee_codes VARCHAR[] NOT NULL,       -- lower case, sorted, distinct
  icpc2 VARCHAR[] NOT NULL,           -- ICPC-2 and ICPC-2B codes, normalised
  icd10 VARCHAR[] NOT NULL,           -- ICD-10 codes, normalised
  icd_da3 VARCHAR[] NOT NULL,         -- ICD-DA-3 codes (dental), normalised
  main_diagnosis VARCHAR,             -- the code flagged erHoveddiagnose = 1 (normalised)
  main_diagnosis_system VARCHAR,      -- 'icpc2' | 'icpc2b' | 'icd10' | 'icd_da3'
  diagnosis_unknown BOOLEAN NOT NULL DEFAULT FALSE, -- an ICPC-2/ICD-10 code fails the validity list
  file_id INTEGER NOT NULL,           -- bills file
  line BIGINT NOT NULL,               -- line in the bills file
  diag_file_id INTEGER,               -- diagnoses file
  fee_file_id INTEGER                 -- fees file
);

-- KPR helse og omsorg: one row per service decision period. Rows with from > to, or from before
-- 1980, are rejected at ingest. A row counts in year Y when from <= 31.12.Y and (to IS NULL or
-- to >= 1.1.Y): use service_active_in_year(from_date, to_date, Y) (Helsedirektoratet's rule).
CREATE TABLE IF NOT EXISTS municipal_service (
  person_id VARCHAR NOT NULL,         -- KPR id
  service_code VARCHAR NOT NULL,      -- after recoding obsolete codes (12, 13 → 29)
  service_code_raw VARCHAR NOT NULL,
  service_group VARCHAR NOT NULL,     -- see enumerations
  service_code_known BOOLEAN NOT NULL, -- code is on the service list
  from_date DATE NOT NULL,
  to_date DATE,                       -- NULL = ongoing
  hours_per_week DOUBLE,
  municipality_code VARCHAR,
  municipality_raw VARCHAR,
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);
CREATE OR REPLACE MACRO service_active_in_year(f, t, y) AS
  f >= DATE '1980-01-01' AND f <= make_date(CAST(y AS BIGINT), 12, 31)
  AND (t IS NULL OR (t >= f AND t >= make_date(CAST(y AS BIGINT), 1, 1)));

-- IPLOS function assessments. Scores 1–5; NULL = not assessed or 9 (not relevant).
CREATE TABLE IF NOT EXISTS function_assessment (
  person_id VARCHAR NOT NULL,         -- KPR id
  assessment_date DATE NOT NULL,
  year INTEGER NOT NULL,
  municipality_code VARCHAR,
  municipality_raw VARCHAR,
  social_participation INTEGER,       -- sosialDeltakelse
  daily_decisions INTEGER,            -- beslutningerDagligliv
  behaviour_control INTEGER,          -- styreAtferd
  memory INTEGER,                     -- hukommelse
  communication INTEGER,              -- kommunikasjon
  own_health INTEGER,                 -- ivaretaEgenHelse
  housework INTEGER,                  -- alminneligHusarbeid
  shopping INTEGER,                   -- skaffeVarer
  cooking INTEGER,                    -- lageMat
  personal_hygiene INTEGER,           -- personligHygiene
  dressing INTEGER,                   -- kleAvOgPaa
  eating INTEGER,                     -- spise
  toileting INTEGER,                  -- toalett
  mobility_indoors INTEGER,           -- bevegeSegInne
  mobility_outdoors INTEGER,          -- bevegeSegUte
  vision INTEGER,                     -- syn
  hearing INTEGER,                    -- horsel
  not_relevant_count INTEGER NOT NULL, -- variables scored 9
  mean_score DOUBLE,                  -- mean of the scored variables except vision and hearing
  need_level VARCHAR,                 -- see enumerations; NULL when it cannot be determined
  need_level_computed BOOLEAN NOT NULL DEFAULT FALSE, -- TRUE when derived by felles (docs/ingest.md)
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);

-- Public dental service (DOT) records.
CREATE TABLE IF NOT EXISTS dental_record (
  person_id VARCHAR NOT NULL,         -- KPR id
  record_date DATE NOT NULL,
  year INTEGER NOT NULL,
  county_code VARCHAR,                -- fylkeNr, 2 digits
  clinic VARCHAR,
  priority_group VARCHAR,             -- 'a'..'f' (lower case), as defined on record_date
  under_supervision BOOLEAN,
  examined BOOLEAN,
  treated BOOLEAN,
  dmft INTEGER,                       -- primary teeth (dmft); status examinations only
  dmft_permanent INTEGER,             -- permanent teeth (DMFT)
  age INTEGER,
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL
);

-- Every row of every key file loaded (the history person_link is rebuilt from).
CREATE TABLE IF NOT EXISTS link_row (
  npr_id VARCHAR NOT NULL,
  kpr_id VARCHAR NOT NULL,
  file_id INTEGER NOT NULL,
  line BIGINT NOT NULL,
  death_date DATE                     -- dodsdato: date of death from the population register (optional)
);

-- NPR id ↔ KPR id pairs, merged over every key file loaded (one row per distinct pair).
-- conflict = the NPR id has several KPR ids or the KPR id several NPR ids; such pairs are
-- excluded from linked indicators.
CREATE TABLE IF NOT EXISTS person_link (
  npr_id VARCHAR NOT NULL,
  kpr_id VARCHAR NOT NULL,
  conflict BOOLEAN NOT NULL DEFAULT FALSE,
  conflict_reason VARCHAR,
  file_id INTEGER NOT NULL,           -- first file the pair was seen in
  line BIGINT NOT NULL
);
`;
