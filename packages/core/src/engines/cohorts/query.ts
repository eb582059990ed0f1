import type { Db, Row } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { inList, int } from '../../kernel/sql.js';
import { compileCohorts, type CompileOptions, type CompiledQuery } from './compile.js';
import type { CohortLibrary } from './library.js';
import { hasCohortTables, usableLinks } from '../../catalogue/cohort-tables.js';

/**
 * The SQL of one cohort (with the cohorts it refers to), as `felles cohorts show <id> --sql` prints it.
 * Deterministic: same definitions and years, same text.
 */
export function cohortSql(lib: CohortLibrary, id: string, options: CompileOptions): CompiledQuery {
  if (!lib.cohorts.has(id))
    throw new UsageError('UNKNOWN_COHORT', `unknown cohort "${id}"; see felles cohorts list`);
  return compileCohorts([id], lib.cohorts, options);
}

/**
 * Ask DuckDB to plan a compiled query (`EXPLAIN`), proving that it parses and binds against the
 * workspace's tables. The code lists must be in `codelist` (see {@link loadCodelists}); on a
 * read-only workspace an empty temporary `codelist` is enough for planning.
 * Returns the plan text.
 */
export async function explainCohortSql(db: Db, sql: string): Promise<string> {
  const rows = await db.all(`EXPLAIN ${sql}`);
  return rows.map((r) => String(r['explain_value'] ?? Object.values(r).join(' '))).join('\n');
}

/** One cell of the overlap matrix. */
export interface OverlapRow extends Row {
  hff_code: string;
  cohort_a: string;
  cohort_b: string;
  /** Members of A. */
  n_a: number;
  /** Members of both A and B; NULL when A and B have different person ids and no linkage exists. */
  n_both: number | null;
}

/**
 * Pairwise overlaps of the cohorts in `cohort_member` for a year, per helsefellesskap and for the
 * country (`NO`): for each ordered pair (A, B), members of A and members of both. Persons are
 * compared on NPR ids: KPR-only cohorts are mapped through non-conflicting `person_link` rows
 * (members without a link keep their KPR id and so match only other KPR-only cohorts). A pair of a
 * KPR-only and an NPR/linked cohort gets `n_both = NULL` when the workspace has no usable links.
 * The helsefellesskap is A's member's.
 */
export async function cohortOverlap(
  db: Db,
  options: { year: number; ids?: readonly string[] },
): Promise<OverlapRow[]> {
  if (!(await hasCohortTables(db))) return [];
  const links = await usableLinks(db);
  const filter =
    options.ids && options.ids.length ? `AND cohort_id IN ${inList([...options.ids])}` : '';
  const rows = await db.all<OverlapRow>(`
    WITH lnk AS (SELECT kpr_id, min(npr_id) AS npr_id FROM person_link WHERE NOT conflict GROUP BY kpr_id HAVING min(npr_id) = max(npr_id)),
    mm AS (SELECT DISTINCT m.cohort_id, m.id_space, coalesce(m.hff_code, 'unknown') AS hff_code,
        CASE WHEN m.id_space = 'kpr' THEN coalesce('npr:' || lnk.npr_id, 'kpr:' || m.person_id) ELSE 'npr:' || m.person_id END AS pkey
      FROM cohort_member m LEFT JOIN lnk ON lnk.kpr_id = m.person_id
      WHERE m.year = ${int(options.year)} ${filter}),
    sp AS (SELECT DISTINCT cohort_id, id_space FROM mm),
    a AS (SELECT cohort_id, hff_code, count(*) AS n FROM mm GROUP BY GROUPING SETS ((cohort_id, hff_code), (cohort_id))),
    ab AS (SELECT x.cohort_id AS cohort_a, y.cohort_id AS cohort_b, x.hff_code, count(*) AS n FROM mm x JOIN mm y ON x.pkey = y.pkey
      GROUP BY GROUPING SETS ((x.cohort_id, y.cohort_id, x.hff_code), (x.cohort_id, y.cohort_id)))
    SELECT coalesce(a.hff_code, 'NO') AS hff_code, a.cohort_id AS cohort_a, b.cohort_id AS cohort_b, a.n AS n_a,
      CASE WHEN ${links === 0 ? 'TRUE' : 'FALSE'} AND (sa.id_space = 'kpr') <> (sb.id_space = 'kpr') THEN NULL ELSE coalesce(ab.n, 0) END AS n_both
    FROM a JOIN sp b ON TRUE JOIN sp sa ON sa.cohort_id = a.cohort_id JOIN sp sb ON sb.cohort_id = b.cohort_id
    LEFT JOIN ab ON ab.cohort_a = a.cohort_id AND ab.cohort_b = b.cohort_id AND ab.hff_code IS NOT DISTINCT FROM a.hff_code
    ORDER BY a.hff_code IS NULL DESC, a.hff_code, a.cohort_id, b.cohort_id`);
  return rows.map((r) => ({
    ...r,
    n_a: Number(r.n_a),
    n_both: r.n_both === null ? null : Number(r.n_both),
  }));
}
