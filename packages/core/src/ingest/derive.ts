import type { Db } from '../db.js';
import { lit, str } from '../sql.js';
import type { LoadContext } from './context.js';
import type { RegistryKind } from './profile.js';

/** Row counts of the derived tables after a rebuild. */
export type DerivedCounts = Record<string, number>;

/** Dated observations of a person (sex, birth year, municipality) across every person-level table. */
const OBSERVATIONS = `
  SELECT 'npr' AS id_space, person_id, sex, birth_year, admission_date AS d, file_id, line, municipality_code, district_code, municipality_raw FROM specialist_episode
  UNION ALL SELECT 'kpr', person_id, sex, birth_year, contact_date, file_id, line, municipality_code, district_code, municipality_raw FROM primary_contact
  UNION ALL SELECT 'kpr', person_id, NULL, NULL, assessment_date, file_id, line, municipality_code, NULL, municipality_raw FROM function_assessment
  UNION ALL SELECT 'kpr', person_id, NULL, NULL, from_date, file_id, line, municipality_code, NULL, municipality_raw FROM municipal_service
  UNION ALL SELECT 'kpr', person_id, NULL, NULL, record_date, file_id, line, NULL, NULL, NULL FROM dental_record
`;

/**
 * Rebuild `person` from every row of every id space. Sex and birth year: the value seen on most
 * rows; a tie goes to the latest row (date, then file id, then line). Conflict flags when more
 * than one distinct value was seen. Death date: the earliest discharge (else admission) date of an
 * NPR episode with discharge status dead.
 */
export async function rebuildPerson(db: Db): Promise<number> {
  await db.exec(`
    DELETE FROM person;
    INSERT INTO person
    WITH obs AS (${OBSERVATIONS}),
    sx AS (SELECT id_space, person_id, sex, count(*) AS n, max({'d': d, 'f': file_id, 'l': line}) AS latest FROM obs WHERE sex IS NOT NULL GROUP BY ALL),
    sxp AS (SELECT id_space, person_id, arg_max(sex, {'n': n, 'latest': latest}) AS sex, count(*) > 1 AS conflict FROM sx GROUP BY ALL),
    byr AS (SELECT id_space, person_id, birth_year, count(*) AS n, max({'d': d, 'f': file_id, 'l': line}) AS latest FROM obs WHERE birth_year IS NOT NULL GROUP BY ALL),
    byp AS (SELECT id_space, person_id, arg_max(birth_year, {'n': n, 'latest': latest}) AS birth_year, count(*) > 1 AS conflict FROM byr GROUP BY ALL),
    dd AS (SELECT person_id, min(coalesce(discharge_date, admission_date)) AS death_date FROM specialist_episode WHERE died GROUP BY ALL),
    p AS (SELECT id_space, person_id, count(*) AS rows FROM obs GROUP BY ALL)
    SELECT p.id_space, p.person_id, sxp.sex, byp.birth_year, CASE WHEN p.id_space = 'npr' THEN dd.death_date END,
      coalesce(sxp.conflict, FALSE), coalesce(byp.conflict, FALSE), p.rows
    FROM p
    LEFT JOIN sxp USING (id_space, person_id)
    LEFT JOIN byp USING (id_space, person_id)
    LEFT JOIN dd ON p.id_space = 'npr' AND dd.person_id = p.person_id
    ORDER BY p.id_space, p.person_id;
  `);
  return Number(await db.value(`SELECT count(*) FROM person`));
}

/**
 * Rebuild `residence`: per person, id space and calendar year, the municipality by `rule`
 * ('last': the latest dated row with a known municipality; 'first': the earliest;
 * 'most_frequent': the code on most rows, tie → latest).
 */
export async function rebuildResidence(
  db: Db,
  rule: 'last' | 'first' | 'most_frequent',
): Promise<number> {
  const key = `{'d': d, 'f': file_id, 'l': line}`;
  const pick =
    rule === 'most_frequent'
      ? `SELECT id_space, person_id, y, arg_max({'m': municipality_code, 'dc': district_code, 'r': municipality_raw}, {'n': n, 'k': k}) AS v FROM (
           SELECT id_space, person_id, y, municipality_code, count(*) OVER (PARTITION BY id_space, person_id, y, municipality_code) AS n,
             ${key} AS k, district_code, municipality_raw FROM o) GROUP BY ALL`
      : `SELECT id_space, person_id, y, ${rule === 'last' ? 'arg_max' : 'arg_min'}({'m': municipality_code, 'dc': district_code, 'r': municipality_raw}, ${key}) AS v FROM o GROUP BY ALL`;
  await db.exec(`
    DELETE FROM residence;
    INSERT INTO residence
    WITH o AS (SELECT *, year(d) AS y FROM (${OBSERVATIONS}) WHERE municipality_code IS NOT NULL AND d IS NOT NULL)
    SELECT id_space, person_id, y, v.m, v.dc, v.r, ${str(rule)} FROM (${pick}) ORDER BY id_space, person_id, y;
  `);
  return Number(await db.value(`SELECT count(*) FROM residence`));
}

/**
 * Rebuild `hospital_stay` from inpatient and day episodes: per person, ordered by admission, an
 * episode starts a new stay when it is admitted more than `mergeHours` after the latest discharge
 * of the episodes before it; otherwise it joins the stay (transfers, overlaps).
 */
export async function rebuildStays(db: Db, mergeHours: number): Promise<number> {
  const gap = `INTERVAL (${lit(Math.round(mergeHours * 60))}) MINUTE`;
  await db.exec(`
    DELETE FROM hospital_stay;
    INSERT INTO hospital_stay
    WITH e AS (
      SELECT *, coalesce(discharged_at, admitted_at) AS end_at FROM specialist_episode WHERE care_level IN ('inpatient', 'day')
    ), f AS (
      SELECT *, max(end_at) OVER (PARTITION BY person_id ORDER BY admitted_at, episode_id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_end FROM e
    ), g AS (
      SELECT *, sum(CASE WHEN prev_end IS NULL OR admitted_at > prev_end + ${gap} THEN 1 ELSE 0 END)
        OVER (PARTITION BY person_id ORDER BY admitted_at, episode_id ROWS UNBOUNDED PRECEDING) AS grp FROM f
    ), s AS (
      SELECT person_id, grp,
        arg_min(sex, (admitted_at, episode_id)) AS sex, arg_min(birth_year, (admitted_at, episode_id)) AS birth_year,
        arg_min(municipality_code, (admitted_at, episode_id)) AS municipality_code,
        min(admitted_at) AS admitted_at,
        CASE WHEN bool_and(discharged_at IS NOT NULL) THEN max(discharged_at) END AS discharged_at,
        CASE WHEN bool_or(care_level = 'inpatient') THEN 'inpatient' ELSE 'day' END AS care_level,
        bool_or(coalesce(urgency = 'acute', FALSE)) AS acute, bool_or(died) AS died, count(*) AS episodes,
        arg_min(episode_id, (admitted_at, episode_id)) AS first_episode_id,
        arg_max(episode_id, (end_at, episode_id)) AS last_episode_id,
        arg_min(sector, (admitted_at, episode_id)) AS sector,
        arg_min(main_icd10, (admitted_at, episode_id)) AS main_icd10,
        max(discharge_ready_at) AS discharge_ready_at
      FROM g GROUP BY person_id, grp
    )
    SELECT row_number() OVER (ORDER BY person_id, admitted_at, first_episode_id), person_id, sex, birth_year, municipality_code,
      year(coalesce(discharged_at, admitted_at)), admitted_at, discharged_at,
      CASE WHEN discharged_at IS NOT NULL THEN date_diff('day', CAST(admitted_at AS DATE), CAST(discharged_at AS DATE)) END,
      care_level, acute, died, episodes, first_episode_id, last_episode_id, sector, main_icd10, discharge_ready_at
    FROM s ORDER BY 1;
  `);
  return Number(await db.value(`SELECT count(*) FROM hospital_stay`));
}

/**
 * Rebuild `person_link` from every key-file row: one row per distinct (NPR id, KPR id) pair,
 * flagged as a conflict when either id has more than one partner.
 */
export async function rebuildLinks(db: Db): Promise<number> {
  await db.exec(`
    DELETE FROM person_link;
    INSERT INTO person_link
    WITH p AS (SELECT npr_id, kpr_id, min({'f': file_id, 'l': line}) AS first FROM link_row GROUP BY ALL),
    c AS (SELECT *, count(*) OVER (PARTITION BY npr_id) > 1 AS many_kpr, count(*) OVER (PARTITION BY kpr_id) > 1 AS many_npr FROM p)
    SELECT npr_id, kpr_id, many_kpr OR many_npr,
      CASE WHEN many_kpr AND many_npr THEN 'both' WHEN many_kpr THEN 'npr_id_has_several_kpr_ids' WHEN many_npr THEN 'kpr_id_has_several_npr_ids' END,
      first.f, first.l
    FROM c ORDER BY npr_id, kpr_id;
  `);
  return Number(await db.value(`SELECT count(*) FROM person_link`));
}

/** Rebuild the derived tables a kind affects, and return their counts. */
export async function rebuildDerived(ctx: LoadContext, kind: RegistryKind): Promise<DerivedCounts> {
  const { db, config } = ctx;
  const out: DerivedCounts = {};
  if (kind === 'link') {
    out['person_link'] = await rebuildLinks(db);
    out['person_link.conflicts'] = Number(
      await db.value(`SELECT count(*) FROM person_link WHERE conflict`),
    );
    out['person_link.conflict_npr_ids'] = Number(
      await db.value(`SELECT count(DISTINCT npr_id) FROM person_link WHERE conflict`),
    );
    return out;
  }
  out['person'] = await rebuildPerson(db);
  out['residence'] = await rebuildResidence(db, config.residenceRule);
  if (kind === 'npr' || kind === 'npr-time')
    out['hospital_stay'] = await rebuildStays(db, config.stayMergeHours);
  return out;
}
