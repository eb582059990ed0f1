/**
 * Compile cohort definitions to one deterministic DuckDB query. Each source table is read once
 * (`ev_<source>`), its codes matched once against every code set of every cohort in the query
 * (`hit_<source>`), and all criteria then read those shared results: all cohorts that read the same
 * source are computed in one pass.
 *
 * The query returns, per cohort × year, one row per person of the base population who passed at
 * least the first inclusion rule, with `rules_passed` = how many of the rules (in order) the person
 * passed and `persons` = 1, plus one row with `person_id` NULL, `rules_passed` 0 and `persons` =
 * how many failed the first rule (so person-level rows stay bounded by the first rule). Members are
 * the rows with `rules_passed = rule count`; attrition step k = sum(persons) where rules_passed ≥ k.
 */
import { UsageError } from '../../kernel/errors.js';
import { int, lit } from '../../kernel/sql.js';
import { codeSetCtes, panelCtes, sourceCtes } from './compile-shared.js';
import {
  cohortRefs,
  compileCohort,
  newQueryParts,
  type CompiledCohort,
  type CompileOptions,
  type QueryIndex,
  type QueryParts,
} from './compile-cohort.js';
import type { LoadedCohort } from './types.js';

export { cohortRefs };
export type { CompiledCohort, CompileOptions } from './compile-cohort.js';

/** The compiled query and what it computes. */
export interface CompiledQuery {
  sql: string;
  cohorts: CompiledCohort[];
}

/**
 * Order cohorts so that every cohort comes after the cohorts it refers to; ties by id.
 * @throws UsageError `COHORT_CYCLE` or `UNKNOWN_COHORT`.
 */
export function dependencyOrder(
  requested: readonly string[],
  library: ReadonlyMap<string, LoadedCohort>,
): string[] {
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, chain: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting')
      throw new UsageError(
        'COHORT_CYCLE',
        `cohorts refer to each other in a cycle: ${[...chain, id].join(' → ')}`,
      );
    const c = library.get(id);
    if (!c)
      throw new UsageError(
        'UNKNOWN_COHORT',
        `unknown cohort "${id}"${chain.length ? ` (referred to by ${chain[chain.length - 1]})` : ''}; see felles cohorts list`,
      );
    state.set(id, 'visiting');
    for (const dep of cohortRefs(c.definition).sort()) visit(dep, [...chain, id]);
    state.set(id, 'done');
    out.push(id);
  };
  for (const id of [...requested].sort()) visit(id, []);
  return out;
}

/**
 * Compile the requested cohorts (and the cohorts they refer to) for the given years into one query.
 * Deterministic: the same definitions, code-list ids and years give the same text.
 */
export function compileCohorts(
  requested: readonly string[],
  library: ReadonlyMap<string, LoadedCohort>,
  options: CompileOptions,
): CompiledQuery {
  const years = [...new Set(options.years)].sort((a, b) => a - b);
  if (years.length === 0) throw new UsageError('NO_YEARS', 'give at least one year');
  years.forEach((y) => {
    if (!Number.isInteger(y) || y < 1900 || y > 2200)
      throw new UsageError('BAD_YEAR', `not a year: ${y}`);
  });
  const order = dependencyOrder(requested, library);
  const q: QueryIndex = {
    library,
    index: new Map(order.map((id, i) => [id, i])),
    wanted: new Set(requested),
  };
  const parts = newQueryParts();
  order.forEach((id, ci) => compileCohort(ci, id, q, options, parts));
  const sql = `WITH\n${queryCtes(parts, years).join(',\n')}\n${outputSql(parts).join('\nUNION ALL\n')}`;
  return { sql, cohorts: parts.compiled };
}

/** Every CTE of the query: years, links, code sets, sources, panels, then the cohorts'. */
function queryCtes(parts: QueryParts, years: readonly number[]): string[] {
  const minYear = years[0]!;
  const maxYear = years[years.length - 1]!;
  const ctes: string[] = [];
  ctes.push(`y AS (SELECT * FROM (VALUES ${years.map((y) => `(${int(y)})`).join(', ')}) t(year))`);
  if (parts.needsLink || parts.spaces.has('linked')) {
    ctes.push(
      `lnk AS (SELECT kpr_id, min(npr_id) AS npr_id FROM person_link WHERE NOT conflict GROUP BY kpr_id HAVING min(npr_id) = max(npr_id))`,
    );
  }
  if (parts.codeSets.length > 0) ctes.push(...codeSetCtes(parts.codeSets));
  for (const src of [...parts.sourceUse.keys()].sort()) {
    const use = parts.sourceUse.get(src)!;
    ctes.push(
      ...sourceCtes(src, use.codes, `${minYear - use.lookbackYears - 1}-01-01`, `${maxYear}-12-31`),
    );
  }
  for (const space of [...parts.spaces].sort()) ctes.push(...panelCtes(space));
  ctes.push(...parts.cohortCtes);
  return ctes;
}

/** The query's result: the evaluation rows of every requested cohort, and the base-population remainder. */
function outputSql(parts: QueryParts): string[] {
  // f<i> holds only the persons who passed the first rule (when there is one); those who failed it
  // are counted as the base population minus them.
  return parts.compiled
    .map((c, i) => ({ c, i }))
    .filter((x) => x.c.output)
    .map((x) =>
      parts.ruleCounts[x.i] === 0
        ? `SELECT cohort_id, version, year, id_space, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, count(*) FROM f${x.i} GROUP BY cohort_id, version, year, id_space`
        : `SELECT *, 1 AS persons FROM f${x.i}
UNION ALL
SELECT ${lit(x.c.id)}, ${lit(x.c.version)}, b.year, ${lit(x.c.idSpace)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, b.n - coalesce(f.n, 0)
FROM (SELECT b.year, count(*) AS n FROM panel_${x.c.idSpace} b WHERE ${parts.bases[x.i]} GROUP BY b.year) b LEFT JOIN (SELECT year, count(*) AS n FROM f${x.i} GROUP BY year) f USING (year)
WHERE b.n - coalesce(f.n, 0) > 0`,
    );
}
