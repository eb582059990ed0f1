import type { Db } from '../../kernel/db.js';
import { lit, str } from '../../kernel/sql.js';
import type { LoadContext } from './context.js';
import type { RegistryKind } from './profile.js';

/** Row counts of the derived tables after a rebuild. */
export type DerivedCounts = Record<string, number>;

/**
 * The person-level tables a person and their residence are observed in: id space, date column,
 * and the sex / birth-year / municipality columns each carries (NULL where it has none).
 */
interface ObservationSource {
  table: string;
  idSpace: 'npr' | 'kpr';
  date: string;
  sex: string;
  birthYear: string;
  municipality: string;
  district: string;
  raw: string;
}

const OBSERVATION_SOURCES: readonly ObservationSource[] = [
  {
    table: 'specialist_episode',
    idSpace: 'npr',
    date: 'admission_date',
    sex: 'sex',
    birthYear: 'birth_year',
    municipality: 'municipality_code',
    district: 'district_code',
    raw: 'municipality_raw',
  },
  {
    table: 'primary_contact',
    idSpace: 'kpr',
    date: 'contact_date',
    sex: 'sex',
    birthYear: 'birth_year',
    municipality: 'municipality_code',
    district: 'district_code',
    raw: 'municipality_raw',
  },
  {
    table: 'function_assessment',
    idSpace: 'kpr',
    date: 'assessment_date',
    sex: 'NULL',
    birthYear: 'NULL',
    municipality: 'municipality_code',
    district: 'NULL',
    raw: 'municipality_raw',
  },
  {
    table: 'municipal_service',
    idSpace: 'kpr',
    date: 'from_date',
    sex: 'NULL',
    birthYear: 'NULL',
    municipality: 'municipality_code',
    district: 'NULL',
    raw: 'municipality_raw',
  },
  {
    table: 'dental_record',
    idSpace: 'kpr',
    date: 'record_date',
    sex: 'NULL',
    birthYear: 'NULL',
    municipality: 'NULL',
    district: 'NULL',
    raw: 'NULL',
  },
];

/** The observation table(s) a registry kind loads into. */
const KIND_TABLES: Partial<Record<RegistryKind, string[]>> = {
  npr: ['specialist_episode'],
  'kpr-claims': ['primary_contact'],
  'kpr-services': ['municipal_service'],
  'iplos-function': ['function_assessment'],
  dental: ['dental_record'],
};

/**
 * One sortable BIGINT per source row standing for (date, file id, line) — the order "latest row"
 * means everywhere below: days since 1800-01-01 in the top 17 bits (a missing date sorts after
 * every date, as it did in the struct comparison this replaces), the file id in the next 15, the
 * line in the low 31.
 */
function rowKey(date: string): string {
  return `((coalesce(date_diff('day', DATE '1800-01-01', ${date}), 131071)::BIGINT << 46) | (file_id::BIGINT << 31) | line::BIGINT)`;
}

/**
 * Per-source summaries the person and residence tables are built from, so that loading one
 * extract re-reads only its own table (the others' summaries are kept): per person, sex and
 * birth year seen, the rows and the latest row key; per person, year and municipality, the rows,
 * the first and latest row keys and the district / raw code on those rows.
 */
export const DERIVED_PARTS_DDL = `
CREATE TABLE IF NOT EXISTS derived_person_part (
  source VARCHAR NOT NULL, id_space VARCHAR NOT NULL, person_id VARCHAR NOT NULL,
  sex VARCHAR, birth_year INTEGER, n BIGINT NOT NULL, latest BIGINT NOT NULL
);
CREATE TABLE IF NOT EXISTS derived_residence_part (
  source VARCHAR NOT NULL, id_space VARCHAR NOT NULL, person_id VARCHAR NOT NULL, year INTEGER NOT NULL,
  municipality_code VARCHAR NOT NULL, n BIGINT NOT NULL, first_key BIGINT NOT NULL, last_key BIGINT NOT NULL,
  first_v STRUCT(dc VARCHAR, r VARCHAR), last_v STRUCT(dc VARCHAR, r VARCHAR)
);
CREATE TABLE IF NOT EXISTS derived_part_state (source VARCHAR PRIMARY KEY, rows BIGINT NOT NULL);
`;

/** Recompute the summaries of one source table. */
async function refreshParts(db: Db, src: ObservationSource): Promise<void> {
  const key = rowKey(src.date);
  await db.exec(`
    DELETE FROM derived_person_part WHERE source = ${str(src.table)};
    DELETE FROM derived_residence_part WHERE source = ${str(src.table)};
    DELETE FROM derived_part_state WHERE source = ${str(src.table)};
    INSERT INTO derived_person_part
    SELECT ${str(src.table)}, ${str(src.idSpace)}, person_id, ${src.sex}, ${src.birthYear}, count(*), max(${key})
    FROM ${src.table} GROUP BY ALL;
  `);
  if (src.municipality !== 'NULL') {
    await db.exec(`
      INSERT INTO derived_residence_part
      SELECT ${str(src.table)}, ${str(src.idSpace)}, person_id, year(${src.date}), ${src.municipality}, count(*), min(k), max(k),
        arg_min({'dc': dc, 'r': r}, k), arg_max({'dc': dc, 'r': r}, k)
      FROM (SELECT person_id, ${src.date}, ${src.municipality}, ${src.district} AS dc, ${src.raw} AS r, ${key} AS k FROM ${src.table}
            WHERE ${src.municipality} IS NOT NULL AND ${src.date} IS NOT NULL)
      GROUP BY ALL;
    `);
  }
  await db.run(
    `INSERT INTO derived_part_state SELECT ${str(src.table)}, count(*) FROM ${src.table}`,
  );
}

/**
 * Bring the per-source summaries up to date: the tables of `kinds` always (their rows changed),
 * and any source whose summary is missing or whose row count no longer matches (a workspace made
 * before the summaries existed, or rows removed by a replace). The persons whose summaries may
 * have changed (before and after) are collected in the temporary table `derived_touched`.
 * Returns whether person and residence may be updated for those persons only: not in a workspace
 * whose person table was built before the summaries existed.
 */
async function refreshStaleParts(db: Db, changed: readonly string[]): Promise<boolean> {
  await db.exec(DERIVED_PARTS_DDL);
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE derived_touched (id_space VARCHAR, person_id VARCHAR)`,
  );
  const state = new Map(
    (
      await db.all<{ source: string; rows: number }>(`SELECT source, rows FROM derived_part_state`)
    ).map((r) => [r.source, Number(r.rows)]),
  );
  // Summaries kept since person/residence were last built from them: updating the touched
  // persons is exact. A workspace with persons but no summaries yet predates them: rebuild all.
  const incremental = state.size > 0 || Number(await db.value(`SELECT count(*) FROM person`)) === 0;
  const touch = (table: string) =>
    db.exec(
      `INSERT INTO derived_touched SELECT DISTINCT id_space, person_id FROM derived_person_part WHERE source = ${str(table)}`,
    );
  for (const src of OBSERVATION_SOURCES) {
    const rows = Number(await db.value(`SELECT count(*) FROM ${src.table}`));
    if (!changed.includes(src.table) && state.get(src.table) === rows) continue;
    await touch(src.table);
    await refreshParts(db, src);
    await touch(src.table);
  }
  return incremental;
}

/**
 * How to rebuild a derived table: everyone (clear it, read every summary row), or, incremental,
 * only the persons in `derived_touched` (delete their rows, read their summary rows).
 */
function rebuildScope(
  incremental: boolean,
  table: string,
  parts: string,
): { clear: string; parts: string } {
  if (!incremental) return { clear: `DELETE FROM ${table}`, parts };
  const touched = `(SELECT DISTINCT id_space, person_id FROM derived_touched)`;
  return {
    clear: `DELETE FROM ${table} USING ${touched} t WHERE ${table}.id_space = t.id_space AND ${table}.person_id = t.person_id`,
    parts: `(SELECT p.* FROM ${parts} p SEMI JOIN ${touched} t USING (id_space, person_id))`,
  };
}

/**
 * Rebuild \`person\` from every row of every id space (through the per-source summaries). Sex and
 * birth year: the value seen on most rows; a tie goes to the latest row (date, then file id, then
 * line). Conflict flags when more than one distinct value was seen. Death date: the earliest
 * discharge (else admission) date of an NPR episode with discharge status dead. `changed`: the
 * tables whose rows changed (their summaries are recomputed, and any stale one); `null` uses the
 * summaries as they are. `incremental`: only the persons in `derived_touched` (see
 * {@link rebuildDerived}).
 */
export async function rebuildPerson(
  db: Db,
  changed: readonly string[] | null = [],
  incremental = false,
): Promise<number> {
  if (changed) await refreshStaleParts(db, changed);
  const only = rebuildScope(incremental, 'person', 'derived_person_part');
  const parts = only.parts;
  await db.exec(`
    ${only.clear};
    INSERT INTO person
    WITH parts AS (SELECT * FROM ${parts}),
    sx AS (SELECT id_space, person_id, sex, sum(n) AS n, max(latest) AS latest FROM parts WHERE sex IS NOT NULL GROUP BY ALL),
    sxp AS (SELECT id_space, person_id, arg_max(sex, {'n': n, 'latest': latest}) AS sex, count(*) > 1 AS conflict FROM sx GROUP BY ALL),
    byr AS (SELECT id_space, person_id, birth_year, sum(n) AS n, max(latest) AS latest FROM parts WHERE birth_year IS NOT NULL GROUP BY ALL),
    byp AS (SELECT id_space, person_id, arg_max(birth_year, {'n': n, 'latest': latest}) AS birth_year, count(*) > 1 AS conflict FROM byr GROUP BY ALL),
    dd AS (SELECT person_id, min(coalesce(discharge_date, admission_date)) AS death_date FROM specialist_episode WHERE died GROUP BY ALL),
    p AS (SELECT id_space, person_id, sum(n) AS rows FROM parts GROUP BY ALL)
    SELECT p.id_space, p.person_id, sxp.sex, byp.birth_year, CASE WHEN p.id_space = 'npr' THEN dd.death_date END,
      coalesce(sxp.conflict, FALSE), coalesce(byp.conflict, FALSE), p.rows
    FROM p
    LEFT JOIN sxp USING (id_space, person_id)
    LEFT JOIN byp USING (id_space, person_id)
    LEFT JOIN dd ON dd.person_id = p.person_id;
  `);
  return Number(await db.value(`SELECT count(*) FROM person`));
}

/**
 * Rebuild \`residence\`: per person, id space and calendar year, the municipality by \`rule\`
 * ('last': the latest dated row with a known municipality; 'first': the earliest;
 * 'most_frequent': the code on most rows, tie → latest), with the district and raw code of that
 * row (for most_frequent: of the latest row with that code). `incremental` as for
 * {@link rebuildPerson} (ignored when rows of another rule are present).
 */
export async function rebuildResidence(
  db: Db,
  rule: 'last' | 'first' | 'most_frequent',
  changed: readonly string[] | null = [],
  incremental = false,
): Promise<number> {
  if (changed) await refreshStaleParts(db, changed);
  const sameRule =
    incremental &&
    Number(await db.value(`SELECT count(*) FROM residence WHERE rule <> ${str(rule)}`)) === 0;
  const only = rebuildScope(sameRule, 'residence', 'derived_residence_part');
  const parts = only.parts;
  const pick =
    rule === 'most_frequent'
      ? `SELECT id_space, person_id, year, arg_max({'m': municipality_code, 'dc': v.dc, 'r': v.r}, {'n': n, 'k': k}) AS v FROM (
           SELECT id_space, person_id, year, municipality_code, sum(n) AS n, max(last_key) AS k, arg_max(last_v, last_key) AS v
           FROM ${parts} GROUP BY ALL) GROUP BY ALL`
      : rule === 'last'
        ? `SELECT id_space, person_id, year, arg_max({'m': municipality_code, 'dc': last_v.dc, 'r': last_v.r}, last_key) AS v FROM ${parts} GROUP BY ALL`
        : `SELECT id_space, person_id, year, arg_min({'m': municipality_code, 'dc': first_v.dc, 'r': first_v.r}, first_key) AS v FROM ${parts} GROUP BY ALL`;
  await db.exec(`
    ${only.clear};
    INSERT INTO residence
    SELECT id_space, person_id, year, v.m, v.dc, v.r, ${str(rule)} FROM (${pick});
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

/**
 * Rebuild the derived tables the given kinds affect (after loading or removing their files), and
 * return their counts: `person_link` after key files; `person` and `residence` (only for the
 * persons whose summaries changed) after person-level kinds; `hospital_stay` after NPR.
 */
export async function rebuildDerived(
  ctx: Pick<LoadContext, 'db' | 'config'>,
  kinds: readonly RegistryKind[],
): Promise<DerivedCounts> {
  const { db, config } = ctx;
  const out: DerivedCounts = {};
  if (kinds.includes('link')) {
    out['person_link'] = await rebuildLinks(db);
    out['person_link.conflicts'] = Number(
      await db.value(`SELECT count(*) FROM person_link WHERE conflict`),
    );
    out['person_link.conflict_npr_ids'] = Number(
      await db.value(`SELECT count(DISTINCT npr_id) FROM person_link WHERE conflict`),
    );
  }
  if (kinds.every((k) => k === 'link')) return out;
  // Only the persons whose summaries changed are recomputed (all, in a workspace that predates
  // the summaries).
  const incremental = await refreshStaleParts(
    db,
    kinds.flatMap((k) => KIND_TABLES[k] ?? []),
  );
  out['person'] = await rebuildPerson(db, null, incremental);
  out['residence'] = await rebuildResidence(db, config.residenceRule, null, incremental);
  await db.exec(`DROP TABLE IF EXISTS derived_touched`);
  if (kinds.includes('npr') || kinds.includes('npr-time'))
    out['hospital_stay'] = await rebuildStays(db, config.stayMergeHours);
  return out;
}
