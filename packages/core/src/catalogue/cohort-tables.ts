import type { Db } from '../kernel/db.js';

/**
 * Output tables of `runCohorts`. Person-level (`cohort_member`) stays in the workspace; the
 * aggregate tables (`cohort_attrition`, `cohort_count`) leave it only through disclosure control.
 */
export const COHORT_DDL = `
-- One row per cohort × version × year × member. person_id is in the id space of id_space
-- ('npr', 'kpr', or 'linked' = NPR ids with KPR data joined through non-conflicting person_link rows).
CREATE TABLE IF NOT EXISTS cohort_member (
  cohort_id VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  id_space VARCHAR NOT NULL,
  person_id VARCHAR NOT NULL,
  sex VARCHAR,
  age INTEGER,                 -- at the reference date: year − birth year
  municipality_code VARCHAR,   -- residence in the year (else the latest earlier year); NULL = unknown
  hff_code VARCHAR,
  score DOUBLE,                -- the first score criterion's score (NULL when the cohort has none)
  band VARCHAR,                -- its band label
  run_id VARCHAR NOT NULL
);
-- Attrition: persons passing the base population (step 0) and each rule in order (cumulative).
CREATE TABLE IF NOT EXISTS cohort_attrition (
  cohort_id VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  step INTEGER NOT NULL,
  rule VARCHAR NOT NULL,
  persons BIGINT NOT NULL,
  run_id VARCHAR NOT NULL
);
-- Members by area (municipality, helsefellesskap, country 'NO'), sex ('M', 'F', 'T' = both,
-- 'unknown') and age group ('all' = every age), with the SSB population of the same area, sex and
-- age restricted to the cohort's own age and sex range (NULL when not loaded).
CREATE TABLE IF NOT EXISTS cohort_count (
  cohort_id VARCHAR NOT NULL,
  version VARCHAR NOT NULL,
  year INTEGER NOT NULL,
  level VARCHAR NOT NULL,
  area_code VARCHAR NOT NULL,
  sex VARCHAR NOT NULL,
  age_group VARCHAR NOT NULL,
  members BIGINT NOT NULL,
  population BIGINT,
  population_year INTEGER,
  run_id VARCHAR NOT NULL
);
`;

/** Create the cohort output tables if missing. */
export async function ensureCohortTables(db: Db): Promise<void> {
  await db.exec(COHORT_DDL);
}

/** Whether `runCohorts` has ever created the cohort tables in this workspace. */
export async function hasCohortTables(db: Db): Promise<boolean> {
  return (
    Number(
      await db.value(
        `SELECT count(*) FROM information_schema.tables WHERE table_name = 'cohort_member'`,
      ),
    ) > 0
  );
}

/** Non-conflicting NPR–KPR links in the workspace. */
export async function usableLinks(db: Db): Promise<number> {
  return Number(await db.value(`SELECT count(*) FROM person_link WHERE NOT conflict`));
}
