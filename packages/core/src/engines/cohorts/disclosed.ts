/**
 * Cohort results on their way out: counts with prevalence, attrition and overlaps, each passed
 * through disclosure control ({@link disclose}) — the only form in which they leave the workspace.
 */
import { disclose, type DisclosedTable, type DisclosureSchema } from '../../disclosure/index.js';
import { UsageError } from '../../kernel/errors.js';
import { inList, int } from '../../kernel/sql.js';
import type { Workspace } from '../../workspace/workspace.js';
import { cohortOverlap } from './query.js';
import { hasCohortTables } from '../../catalogue/cohort-tables.js';

/** What to show of `cohort_count`. */
export interface CountsView {
  ids?: readonly string[];
  years: readonly number[];
  /** Area level besides the country total (default helsefellesskap). */
  level?: 'municipality' | 'helsefellesskap' | 'country';
  bySex?: boolean;
  byAge?: boolean;
  /** Suppression threshold (default: the workspace's). */
  threshold?: number;
}

/**
 * Members, SSB population and prevalence per 1,000 by area (and optionally sex and age group) from
 * `cohort_count`, disclosed. Prevalence = members / population × 1000 with the population of the
 * same area, sex and age restricted to the cohort's own age/sex range, on one basis: members alive
 * and resident at the reference date, SSB's residents on 1 January after it. NULL when the
 * population is not loaded for every member's municipality (missing is never zero), for score
 * cohorts (see {@link disclosedCohortScores}) and where members exceed the population (never above
 * 1,000 per 1,000; `runCohorts` warns about such cells).
 */
export async function disclosedCohortCounts(
  ws: Workspace,
  view: CountsView,
): Promise<DisclosedTable> {
  const present = await hasCohortTables(ws.db);
  const level = view.level ?? 'helsefellesskap';
  if (!['municipality', 'helsefellesskap', 'country'].includes(level))
    throw new UsageError(
      'BAD_OPTION',
      `level must be municipality, helsefellesskap or country, got ${level}`,
    );
  const where = [
    `c.year IN ${inList(view.years.map((y) => int(y)).map(Number))}`,
    `c.level IN ${inList([level, 'country'])}`,
  ];
  if (view.ids?.length) where.push(`c.cohort_id IN ${inList([...view.ids])}`);
  if (!view.bySex) where.push(`c.sex = 'T'`);
  if (!view.byAge) where.push(`c.age_group = 'all'`);
  const rows = !present
    ? []
    : await ws.db.all(`SELECT c.cohort_id, c.version, c.year, c.level, c.area_code,
      coalesce(h.short_name, m.short_name, CASE c.area_code WHEN 'NO' THEN 'Norway' WHEN 'unknown' THEN 'unknown residence' END) AS area_name,
      c.sex, c.age_group, c.members, c.population, c.population_year,
      CASE WHEN c.population > 0 AND c.members <= c.population THEN round(c.members * 1000.0 / c.population, 2) END AS per_1000
    FROM cohort_count c LEFT JOIN helsefellesskap h ON c.level = 'helsefellesskap' AND h.code = c.area_code
    LEFT JOIN municipality m ON c.level = 'municipality' AND m.code = c.area_code
    LEFT JOIN helsefellesskap ho ON ho.code = c.area_code
    WHERE ${where.join(' AND ')}
    ORDER BY c.cohort_id, c.year, c.level = 'country' DESC, coalesce(ho.sort_order, 999), c.area_code, c.sex, c.age_group`);
  const parents: Record<string, string> = {};
  for (const r of rows) if (r['level'] !== 'country') parents[String(r['area_code'])] = 'NO';
  const schema: DisclosureSchema = {
    name: 'cohort_counts',
    dimensions: [
      'cohort_id',
      'year',
      { column: 'area_code', parents, total: 'NO' },
      { column: 'sex', total: 'T' },
      { column: 'age_group', total: 'all' },
    ],
    counts: ['members'],
    publicCounts: ['population'],
    derived: { per_1000: ['members', 'population'] },
    attributes: ['version', 'level', 'area_name', 'population_year'],
  };
  return disclose(rows, schema, {
    workspace: ws,
    ...(view.threshold !== undefined ? { threshold: view.threshold } : {}),
    metadata: {
      title: 'Cohort members and prevalence per 1 000',
      description:
        'felles cohorts: members by area, population (SSB, 1 January after the reference date) and prevalence per 1 000',
    },
  });
}

/** The attrition table (persons passing each rule, cumulative), disclosed. */
export async function disclosedCohortAttrition(
  ws: Workspace,
  view: { ids?: readonly string[]; years: readonly number[]; threshold?: number },
): Promise<DisclosedTable> {
  const present = await hasCohortTables(ws.db);
  const where = [`year IN ${inList(view.years.map(Number))}`];
  if (view.ids?.length) where.push(`cohort_id IN ${inList([...view.ids])}`);
  const rows = !present
    ? []
    : await ws.db.all(
        `SELECT cohort_id, version, year, step, rule, persons FROM cohort_attrition WHERE ${where.join(' AND ')} ORDER BY cohort_id, year, step`,
      );
  return disclose(
    rows,
    {
      name: 'cohort_attrition',
      dimensions: ['cohort_id', 'year', 'step'],
      counts: ['persons'],
      attributes: ['version', 'rule'],
    },
    {
      workspace: ws,
      ...(view.threshold !== undefined ? { threshold: view.threshold } : {}),
      metadata: {
        title: 'Cohort attrition',
        description: 'persons in the base population and passing each inclusion rule in order',
      },
    },
  );
}

/**
 * Pairwise overlaps per helsefellesskap (and `NO`), disclosed: members of A, of A and B, and the
 * share of A that is also in B (per cent). See {@link cohortOverlap} for how persons are matched.
 */
export async function disclosedCohortOverlap(
  ws: Workspace,
  view: { year: number; ids?: readonly string[]; threshold?: number },
): Promise<DisclosedTable> {
  const all = await cohortOverlap(ws.db, {
    year: view.year,
    ...(view.ids ? { ids: view.ids } : {}),
  });
  const rows = all.map((r) => ({
    hff_code: r.hff_code,
    cohort_a: r.cohort_a,
    cohort_b: r.cohort_b,
    n_a: r.n_a,
    n_both: r.n_both,
    share_pct: r.n_both === null || r.n_a === 0 ? null : Math.round((r.n_both / r.n_a) * 1000) / 10,
  }));
  const t = await disclose(
    rows,
    {
      name: 'cohort_overlap',
      dimensions: [{ column: 'hff_code', total: 'NO' }, 'cohort_a', 'cohort_b'],
      counts: ['n_a', 'n_both'],
      derived: { share_pct: ['n_both', 'n_a'] },
    },
    {
      workspace: ws,
      ...(view.threshold !== undefined ? { threshold: view.threshold } : {}),
      metadata: {
        title: `Cohort overlaps ${view.year}`,
        description: 'share of cohort A (row) also in cohort B (column), per helsefellesskap',
      },
    },
  );
  return t;
}

/** What to show of a score cohort's distribution. */
export interface ScoresView {
  ids: readonly string[];
  years: readonly number[];
  /** Area level besides the country total (default helsefellesskap). */
  level?: 'municipality' | 'helsefellesskap' | 'country';
  threshold?: number;
}

/**
 * Score cohorts (e.g. `charlson`) as what they are: the distribution of the people scored over the
 * score bands, per area and for Norway — persons per band and their share of the people scored in
 * the area (per cent; band `all` = everyone scored), disclosed. Never a prevalence: the people
 * scored are everyone in the cohort's base (e.g. everyone with a specialist contact).
 */
export async function disclosedCohortScores(
  ws: Workspace,
  view: ScoresView,
): Promise<DisclosedTable> {
  const level = view.level ?? 'helsefellesskap';
  const col = level === 'municipality' ? 'municipality_code' : 'hff_code';
  const present = view.ids.length > 0 && (await hasCohortTables(ws.db));
  const area =
    level === 'country'
      ? `'NO'`
      : `CASE WHEN grouping(${col}) = 1 THEN 'NO' ELSE coalesce(${col}, 'unknown') END`;
  const sets =
    level === 'country'
      ? `GROUPING SETS ((cohort_id, year, band), (cohort_id, year))`
      : `GROUPING SETS ((cohort_id, year, ${col}, band), (cohort_id, year, ${col}), (cohort_id, year, band), (cohort_id, year))`;
  const rows = !present
    ? []
    : await ws.db
        .all(`WITH m AS (SELECT cohort_id, year, ${col}, coalesce(band, 'none') AS band FROM cohort_member
        WHERE cohort_id IN ${inList([...view.ids])} AND year IN ${inList(view.years.map((y) => int(y)).map(Number))}),
      g AS (SELECT cohort_id, year, ${area} AS area_code, CASE WHEN grouping(band) = 1 THEN 'all' ELSE band END AS band,
          count(*) AS persons FROM m GROUP BY ${sets})
      SELECT cohort_id, year, area_code, band, persons,
        round(100.0 * persons / max(persons) OVER (PARTITION BY cohort_id, year, area_code), 1) AS share_pct
      FROM g ORDER BY cohort_id, year, area_code = 'NO' DESC, area_code, band = 'all' DESC, band`);
  const parents: Record<string, string> = {};
  for (const r of rows) if (r['area_code'] !== 'NO') parents[String(r['area_code'])] = 'NO';
  return disclose(
    rows,
    {
      name: 'cohort_scores',
      dimensions: [
        'cohort_id',
        'year',
        { column: 'area_code', parents, total: 'NO' },
        { column: 'band', total: 'all' },
      ],
      counts: ['persons'],
      derived: { share_pct: ['persons'] },
    },
    {
      workspace: ws,
      ...(view.threshold !== undefined ? { threshold: view.threshold } : {}),
      metadata: {
        title: 'Score distributions',
        description:
          'felles cohorts that are scores: persons scored per score band by area, and their share of the persons scored (per cent)',
      },
    },
  );
}
