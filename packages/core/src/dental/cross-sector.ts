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
import type { Db, Row } from '../db.js';
import { inList } from '../sql.js';

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

/** Compute the cross-sector rows for the years (reads `dtl_py`). */
export async function crossSector(
  db: Db,
  years: readonly number[],
  cohorts: readonly string[] = DEFAULT_CROSS_SECTOR_COHORTS,
): Promise<CrossSectorRow[]> {
  const out: CrossSectorRow[] = [];
  const usableLinks = Number(
    await db.value<number>(`SELECT count(*) FROM person_link WHERE NOT conflict`),
  );
  const hasCohorts = await tableExists(db, 'cohort_member');
  const present = new Map<string, { id_space: string; years: Set<number> }>();
  if (hasCohorts) {
    const rows = await db.all<{ cohort_id: string; id_space: string; year: number } & Row>(
      `SELECT DISTINCT cohort_id, id_space, year FROM cohort_member WHERE cohort_id IN ${inList([...cohorts])}`,
    );
    for (const r of rows) {
      const e = present.get(r.cohort_id) ?? { id_space: r.id_space, years: new Set<number>() };
      e.years.add(Number(r.year));
      present.set(r.cohort_id, e);
    }
  }
  for (const id of cohorts) {
    const p = present.get(id);
    for (const year of years) {
      const base = { year, cohort_id: id, members: null, dental_any: null, examined: null };
      if (!hasCohorts) {
        out.push({ ...base, id_space: '', status: 'unavailable', note: 'no cohort_member table: run felles cohorts run first' });
        continue;
      }
      if (!p || !p.years.has(year)) {
        out.push({ ...base, id_space: p?.id_space ?? '', status: 'unavailable', note: `cohort not run for ${year} (felles cohorts run --id ${id} --year ${year})` });
        continue;
      }
      if (p.id_space !== 'kpr' && usableLinks === 0) {
        out.push({ ...base, id_space: p.id_space, status: 'unavailable', note: `${p.id_space} cohort needs NPR–KPR linkage (person_link); none usable` });
        continue;
      }
      const join =
        p.id_space === 'kpr'
          ? `SELECT DISTINCT person_id AS kpr_id FROM cohort_member WHERE cohort_id = $1 AND year = $2`
          : `SELECT DISTINCT l.kpr_id FROM cohort_member c JOIN person_link l ON l.npr_id = c.person_id AND NOT l.conflict
             WHERE c.cohort_id = $1 AND c.year = $2`;
      const r = await db.one<Row>(
        `WITH m AS (${join}),
         total AS (SELECT count(DISTINCT person_id) AS n FROM cohort_member WHERE cohort_id = $1 AND year = $2)
         SELECT (SELECT n FROM total) AS members, count(DISTINCT m.kpr_id) AS linked,
           count(DISTINCT py.person_id) AS dental_any,
           count(DISTINCT py.person_id) FILTER (WHERE py.examined) AS examined
         FROM m LEFT JOIN dtl_py py ON py.person_id = m.kpr_id AND py.year = $2`,
        [id, year],
      );
      const members = Number(r?.['members'] ?? 0);
      const linked = Number(r?.['linked'] ?? 0);
      out.push({
        ...base,
        id_space: p.id_space,
        status: 'available',
        note:
          p.id_space === 'kpr'
            ? 'KPR cohort: no linkage needed'
            : `members mapped to KPR ids through non-conflicting person_link pairs (${linked} of ${members} members linked; the share uses the linked members)`,
        members: p.id_space === 'kpr' ? members : linked,
        dental_any: Number(r?.['dental_any'] ?? 0),
        examined: Number(r?.['examined'] ?? 0),
      });
    }
  }
  // People with diabetes, KPR only.
  const diab = await db.all<Row>(`
    WITH y AS (SELECT unnest([${years.map((x) => String(Math.trunc(x))).join(', ')}]) AS year),
    d AS (
      SELECT DISTINCT y.year, c.person_id FROM y JOIN primary_contact c ON c.year IN (y.year - 1, y.year)
      WHERE list_has_any(c.icpc2, ['T89', 'T90'])
         OR len(list_filter(c.icd10, x -> x[1:3] IN ('E10', 'E11', 'E12', 'E13', 'E14'))) > 0
    )
    SELECT d.year, count(*) AS members, count(py.person_id) AS dental_any,
      count(py.person_id) FILTER (WHERE py.examined) AS examined
    FROM d LEFT JOIN dtl_py py ON py.person_id = d.person_id AND py.year = d.year
    GROUP BY d.year`);
  const byYear = new Map(diab.map((r) => [Number(r['year']), r]));
  for (const year of years) {
    const r = byYear.get(year);
    out.push({
      year,
      cohort_id: 'diabetes-kpr',
      id_space: 'kpr',
      status: 'available',
      note: 'KPR GP claims with ICPC-2 T89/T90 or ICD-10 E10–E14 in the year or the year before (felles definition)',
      members: r ? Number(r['members']) : 0,
      dental_any: r ? Number(r['dental_any']) : 0,
      examined: r ? Number(r['examined']) : 0,
    });
  }
  return out;
}
