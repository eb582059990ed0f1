/**
 * Dental use in the priority patient groups of the helsefellesskap: members of the cohorts in
 * `cohort_member` (frail elderly, complex multimorbid, children with long-term needs, dementia …)
 * and people with diabetes, with the share who had any DOT record and the share examined in the
 * year.
 *
 * Dental records carry KPR ids. Members of KPR cohorts join directly. Members of NPR or linked
 * cohorts (NPR ids) join through `person_link` pairs that are not flagged as conflicting; without
 * such links those cohorts are reported as `unavailable` with the reason. People with diabetes are
 * found in KPR alone (GP claims with ICPC-2 T89/T90 or ICD-10 E10–E14 in the year or the year
 * before), so that row needs no linkage. Without `cohort_member`, the cohort rows say so.
 */
import type { Db, Row } from '../../kernel/db.js';
import { inList } from '../../kernel/sql.js';

/** Cohorts reported by default (those the dental service's personas describe). */
export const DEFAULT_CROSS_SECTOR_COHORTS = [
  'frail-elderly-function',
  'frail-elderly-hfrs',
  'complex-multimorbidity',
  'children-long-term-needs',
  'dementia',
];

/** One row of the cross-sector table (counts NULL when unavailable). */
export interface CrossSectorRow {
  year: number;
  /** County of residence of the members (cohort_member's municipality; KPR residence for diabetes), `NO` = all. */
  county_code: string;
  cohort_id: string;
  id_space: string;
  status: 'available' | 'unavailable';
  note: string;
  members: number | null;
  dental_any: number | null;
  examined: number | null;
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const n = await db.value<number>(
    `SELECT count(*) FROM information_schema.tables WHERE table_name = $1`,
    [name],
  );
  return Number(n) > 0;
}

/** Members (member id, KPR id, county) → counts per county and for `NO`. */
const countSql = (members: string) => `
  WITH m AS (${members})
  SELECT CASE WHEN grouping(m.county_code) = 1 THEN 'NO' ELSE m.county_code END AS county_code,
    count(DISTINCT m.member_id) AS members,
    count(DISTINCT py.person_id) AS dental_any,
    count(DISTINCT py.person_id) FILTER (WHERE py.examined) AS examined
  FROM m LEFT JOIN dtl_py py ON py.person_id = m.kpr_id AND py.year = $2
  GROUP BY GROUPING SETS ((m.county_code), ())
  ORDER BY grouping(m.county_code), m.county_code`;

type RowBase = Omit<CrossSectorRow, 'county_code' | 'members' | 'dental_any' | 'examined'>;

/** Count rows as cross-sector rows, with a zero `NO` row when no member was counted. */
function countedRows(rows: Row[], base: RowBase): CrossSectorRow[] {
  const out: CrossSectorRow[] = rows.map((r) => ({
    ...base,
    county_code: String(r['county_code']),
    members: Number(r['members']),
    dental_any: Number(r['dental_any']),
    examined: Number(r['examined']),
  }));
  if (!rows.some((r) => r['county_code'] === 'NO'))
    out.push({ ...base, county_code: 'NO', members: 0, dental_any: 0, examined: 0 });
  return out;
}

/** The id space and computed years of each asked cohort present in `cohort_member`. */
async function presentCohorts(
  db: Db,
  cohorts: readonly string[],
): Promise<Map<string, { id_space: string; years: Set<number> }>> {
  const present = new Map<string, { id_space: string; years: Set<number> }>();
  const rows = await db.all<{ cohort_id: string; id_space: string; year: number } & Row>(
    `SELECT DISTINCT cohort_id, id_space, year FROM cohort_member WHERE cohort_id IN ${inList([...cohorts])}`,
  );
  for (const r of rows) {
    const e = present.get(r.cohort_id) ?? { id_space: r.id_space, years: new Set<number>() };
    e.years.add(Number(r.year));
    present.set(r.cohort_id, e);
  }
  return present;
}

const COUNTY = `COALESCE(mu.county_code, 'unknown')`;

/** What the workspace holds for the cohorts: whether they were run, in which id space, linkage. */
interface CohortState {
  hasCohorts: boolean;
  present: Map<string, { id_space: string; years: Set<number> }>;
  usableLinks: number;
  places: string[];
}

/** The rows of one cohort in one year: counted, or unavailable (one per place) with the reason. */
async function cohortYearRows(
  db: Db,
  id: string,
  year: number,
  st: CohortState,
): Promise<CrossSectorRow[]> {
  const p = st.present.get(id);
  const unavailable = (id_space: string, note: string): CrossSectorRow[] =>
    st.places.map((c) => ({
      year,
      county_code: c,
      cohort_id: id,
      id_space,
      status: 'unavailable',
      note,
      members: null,
      dental_any: null,
      examined: null,
    }));
  if (!st.hasCohorts)
    return unavailable('', 'no cohort_member table: run felles cohorts run first');
  if (!p || !p.years.has(year))
    return unavailable(
      p?.id_space ?? '',
      `cohort not run for ${year} (felles cohorts run --id ${id} --year ${year})`,
    );
  if (p.id_space !== 'kpr' && st.usableLinks === 0)
    return unavailable(
      p.id_space,
      `${p.id_space} cohort needs NPR–KPR linkage (person_link); none usable`,
    );
  if (p.id_space === 'kpr') {
    const rows = await db.all(
      countSql(`SELECT DISTINCT c.person_id AS member_id, c.person_id AS kpr_id, ${COUNTY} AS county_code
        FROM cohort_member c LEFT JOIN municipality mu ON mu.code = c.municipality_code
        WHERE c.cohort_id = $1 AND c.year = $2`),
      [id, year],
    );
    return countedRows(rows, {
      year,
      cohort_id: id,
      id_space: 'kpr',
      status: 'available',
      note: 'KPR cohort: no linkage needed',
    });
  }
  const total = Number(
    await db.value<number>(
      `SELECT count(DISTINCT person_id) FROM cohort_member WHERE cohort_id = $1 AND year = $2`,
      [id, year],
    ),
  );
  const rows = await db.all(
    countSql(`SELECT DISTINCT c.person_id AS member_id, l.kpr_id, ${COUNTY} AS county_code
      FROM cohort_member c JOIN person_link l ON l.npr_id = c.person_id AND NOT l.conflict
      LEFT JOIN municipality mu ON mu.code = c.municipality_code
      WHERE c.cohort_id = $1 AND c.year = $2`),
    [id, year],
  );
  const linked = Number(rows.find((r) => r['county_code'] === 'NO')?.['members'] ?? 0);
  return countedRows(rows, {
    year,
    cohort_id: id,
    id_space: p.id_space,
    status: 'available',
    note: `members mapped to KPR ids through non-conflicting person_link pairs (${linked} of ${total} members linked); the shares use the linked members`,
  });
}

/** People with diabetes in the year, from KPR alone (no linkage), by county of KPR residence. */
async function diabetesRows(db: Db, year: number): Promise<CrossSectorRow[]> {
  const rows = await db.all(
    countSql(`SELECT DISTINCT c.person_id AS member_id, c.person_id AS kpr_id, ${COUNTY} AS county_code
      FROM primary_contact c
      LEFT JOIN residence rs ON rs.id_space = 'kpr' AND rs.person_id = c.person_id AND rs.year = $2
      LEFT JOIN municipality mu ON mu.code = rs.municipality_code
      WHERE c.year IN ($2 - 1, $2) AND $1 = 'diabetes-kpr'
        AND (list_has_any(c.icpc2, ['T89', 'T90'])
          OR len(list_filter(c.icd10, x -> x[1:3] IN ('E10', 'E11', 'E12', 'E13', 'E14'))) > 0)`),
    ['diabetes-kpr', year],
  );
  return countedRows(rows, {
    year,
    cohort_id: 'diabetes-kpr',
    id_space: 'kpr',
    status: 'available',
    note: 'KPR GP claims with ICPC-2 T89/T90 or ICD-10 E10–E14 in the year or the year before (felles definition); county of KPR residence',
  });
}

/**
 * Compute the cross-sector rows for the years (reads `dtl_py`), by county of residence and for
 * Norway (`NO`): each cohort year by year, then people with diabetes. Unavailable cohorts get one
 * row per county in `counties` (or `NO`).
 */
export async function crossSector(
  db: Db,
  years: readonly number[],
  cohorts: readonly string[] = DEFAULT_CROSS_SECTOR_COHORTS,
  counties?: readonly string[],
): Promise<CrossSectorRow[]> {
  const hasCohorts = await tableExists(db, 'cohort_member');
  const st: CohortState = {
    hasCohorts,
    present: hasCohorts ? await presentCohorts(db, cohorts) : new Map(),
    usableLinks: Number(
      await db.value<number>(`SELECT count(*) FROM person_link WHERE NOT conflict`),
    ),
    places: counties?.length ? [...counties] : ['NO'],
  };
  const out: CrossSectorRow[] = [];
  for (const id of cohorts)
    for (const year of years) out.push(...(await cohortYearRows(db, id, year, st)));
  for (const year of years) out.push(...(await diabetesRows(db, year)));
  return out;
}
