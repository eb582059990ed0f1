/**
 * The canonical data model of a workspace (docs/architecture.md), as DuckDB DDL.
 *
 * Conventions:
 * - `sex` is `'M'` (male) or `'F'` (female); unknown is NULL. Projections may carry `'T'` (total).
 * - Municipality codes are 4-character strings in the workspace's structure year; the raw code
 *   as delivered is kept beside it (`*_raw`). City districts are 6-character strings (`030101`).
 * - Person ids are pseudonymous strings in the id space of their source: NPR tables carry NPR
 *   ids, KPR tables (claims, municipal services, IPLOS, dental) carry KPR ids; `person_link`
 *   pairs them. Nothing here holds a national identity number.
 * - Every person-level row keeps `file_id` and `line` so it can be traced to its input file.
 */
export const SCHEMA_VERSION = 2;

export const SCHEMA_DDL = `
CREATE TABLE IF NOT EXISTS meta (
  key VARCHAR PRIMARY KEY,
  value VARCHAR
);

-- Bookkeeping: every file ever loaded, and every input row that could not be used.
CREATE TABLE IF NOT EXISTS ingest_file (
  file_id INTEGER PRIMARY KEY,
  run_id VARCHAR NOT NULL,
  kind VARCHAR NOT NULL,
  path VARCHAR NOT NULL,
  sha256 VARCHAR NOT NULL,
  bytes BIGINT NOT NULL,
  rows_read BIGINT NOT NULL,
  rows_loaded BIGINT NOT NULL,
  rows_rejected BIGINT NOT NULL,
  loaded_at TIMESTAMP NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS ingest_file_seq START 1;

CREATE TABLE IF NOT EXISTS reject (
  file_id INTEGER NOT NULL,
  kind VARCHAR NOT NULL,
  line BIGINT,
  column_name VARCHAR,
  raw_value VARCHAR,
  reason VARCHAR NOT NULL
);

-- Reference: geography (loaded by geo/install.ts from datasets/reference/geography; see
-- docs/geography.md). Codes are those of the structure year (1 January).
CREATE TABLE IF NOT EXISTS municipality (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  short_name VARCHAR NOT NULL,
  county_code VARCHAR NOT NULL,
  county_name VARCHAR NOT NULL,
  hff_code VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS municipality_change (
  year INTEGER NOT NULL,
  old_code VARCHAR NOT NULL,
  old_name VARCHAR,
  new_code VARCHAR NOT NULL,
  new_name VARCHAR,
  change_type VARCHAR NOT NULL,
  split_weight DOUBLE,
  is_primary BOOLEAN NOT NULL DEFAULT TRUE
);
-- Every code ever valid, resolved through the change chain to the structure year's code.
-- A split gives several rows; weight is the documented share (1 for all other changes) and
-- exactly one row per code has is_primary (the successor that gets person-level data).
CREATE TABLE IF NOT EXISTS municipality_map (
  code VARCHAR NOT NULL,
  target_code VARCHAR NOT NULL,
  weight DOUBLE NOT NULL,
  is_split BOOLEAN NOT NULL,
  rule VARCHAR NOT NULL,
  is_primary BOOLEAN NOT NULL,
  name VARCHAR,
  valid_to INTEGER,
  path VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS district (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  municipality_code VARCHAR NOT NULL,
  valid_to INTEGER,
  current_code VARCHAR
);
CREATE TABLE IF NOT EXISTS helsefellesskap (
  code VARCHAR PRIMARY KEY,
  name VARCHAR NOT NULL,
  short_name VARCHAR NOT NULL,
  rhf_code VARCHAR NOT NULL,
  rhf_name VARCHAR NOT NULL,
  health_trusts VARCHAR NOT NULL,
  sort_order INTEGER NOT NULL
);
-- Municipality or city district -> local hospital area -> health trust -> RHF -> helsefellesskap.
-- One row per municipality, except Oslo, which has one row per city district (a partition:
-- summing over the rows counts every resident once).
CREATE TABLE IF NOT EXISTS catchment (
  structure_year INTEGER NOT NULL,
  area_code VARCHAR NOT NULL,
  area_name VARCHAR NOT NULL,
  area_level VARCHAR NOT NULL,
  municipality_code VARCHAR NOT NULL,
  hospital_area VARCHAR NOT NULL,
  hf_code VARCHAR NOT NULL,
  hf_name VARCHAR NOT NULL,
  rhf_code VARCHAR NOT NULL,
  rhf_name VARCHAR NOT NULL,
  hff_code VARCHAR NOT NULL
);

-- Reference: population (1 January) and projections.
CREATE TABLE IF NOT EXISTS population (
  year INTEGER NOT NULL,
  municipality_code VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  age INTEGER NOT NULL,
  population BIGINT NOT NULL,
  file_id INTEGER
);
CREATE TABLE IF NOT EXISTS population_district (
  year INTEGER NOT NULL,
  district_code VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  age INTEGER NOT NULL,
  population BIGINT NOT NULL,
  file_id INTEGER
);
CREATE TABLE IF NOT EXISTS population_projection (
  table_id VARCHAR NOT NULL,
  vintage INTEGER NOT NULL,
  alternative VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  region_level VARCHAR NOT NULL,
  region_code VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  age_from INTEGER NOT NULL,
  age_to INTEGER,
  population DOUBLE NOT NULL,
  is_demo BOOLEAN NOT NULL DEFAULT FALSE,
  file_id INTEGER
);

-- Reference: code lists.
CREATE TABLE IF NOT EXISTS codelist (
  list_id VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  system VARCHAR NOT NULL,
  code VARCHAR NOT NULL,
  match VARCHAR NOT NULL DEFAULT 'prefix',
  condition VARCHAR,
  organ_system VARCHAR,
  weight DOUBLE,
  exclude BOOLEAN NOT NULL DEFAULT FALSE,
  description VARCHAR
);
`;
