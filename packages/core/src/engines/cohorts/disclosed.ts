/**
 * Cohort results on their way out: counts with prevalence, attrition and overlaps, published
 * through disclosure control as one publication per command ({@link Publication}), their member
 * counts identified as the same cells as the cohort denominators of the indicators.
 */
import { AREA, type DisclosedTable, type DisclosureSchema } from '../../disclosure/index.js';
import { UsageError } from '../../kernel/errors.js';
import { inList, int } from '../../kernel/sql.js';
import { Publication, type PublicationRecord } from '../../export/publication.js';
import type { RunRecorder } from '../../workspace/manifest.js';
import type { Workspace } from '../../workspace/workspace.js';
import { cohortOverlap } from './query.js';
import { hasCohortTables } from '../../catalogue/cohort-tables.js';

/** The measure of cohort members: the same cells in cohort counts and indicator denominators. */
export const COHORT_MEMBERS_MEASURE = 'cohort-members';

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
  /** Score cohorts, published as their distribution over the score bands (not counted). */
  scoreIds?: readonly string[];
}

/** Area id of a `cohort_count` or overlap row, as the run's geography knows it. */
export function cohortAreaId(level: string, code: string): string {
  if (code === 'unknown') return 'K-unknown';
  if (code === 'NO' || level === 'country') return 'NO';
  return level === 'municipality' ? `K-${code}` : `HFF-${code}`;
}

/**
 * Members, SSB population and prevalence per 1,000 by area (and optionally sex and age group) from
 * `cohort_count`, with the schema to disclose them. Prevalence = members / population × 1000 with the population of the
 * same area, sex and age restricted to the cohort's own age/sex range, on one basis: members alive
 * and resident at the reference date, SSB's residents on 1 January after it. NULL when the
 * population is not loaded for every member's municipality (missing is never zero), for score
 * cohorts (see {@link cohortScoresTable}) and where members exceed the population (never above
 * 1,000 per 1,000; `runCohorts` warns about such cells).
 */
export async function cohortCountsTable(
  ws: Workspace,
  view: CountsView,
): Promise<{ rows: Record<string, unknown>[]; schema: DisclosureSchema }> {
  // an empty list of cohorts is none (not every cohort)
  const present = (view.ids === undefined || view.ids.length > 0) && (await hasCohortTables(ws.db));
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
  const groups = !present
    ? []
    : (
        await ws.db.all(
          `SELECT DISTINCT age_group FROM cohort_count c WHERE ${where.join(' AND ')} AND age_group <> 'all' ORDER BY 1`,
        )
      ).map((r) => String(r['age_group']));
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
  const out = rows.map((r) => {
    const { cohort_id, version, year, level: lv, area_code, ...rest } = r;
    return {
      cohort_id,
      version,
      year,
      area_id: cohortAreaId(String(lv), String(area_code)),
      level: lv,
      area_code,
      ...rest,
    };
  });
  return {
    rows: out,
    schema: {
      name: 'cohort_counts',
      dimensions: [
        'cohort_id',
        'year',
        'area_id',
        // the parts are the rows': an unknown sex or age has a row of its own when there is one
        // (a part without a row is no unpublished unknown but none at all)
        { column: 'sex', total: 'T' },
        { column: 'age_group', total: 'all', parts: groups },
      ],
      counts: ['members'],
      publicCounts: ['population'],
      derived: { per_1000: ['members', 'population'] },
      attributes: ['version', 'level', 'area_code', 'area_name', 'population_year'],
      cells: {
        measures: { members: COHORT_MEMBERS_MEASURE },
        coordinates: {
          cohort_id: 'cohort',
          year: 'period',
          area_id: AREA,
          sex: 'sex',
          age_group: 'cohort_age',
        },
      },
    },
  };
}

/** The attrition table (persons passing each rule, cumulative), with the schema to disclose it. */
export async function cohortAttritionTable(
  ws: Workspace,
  view: { ids?: readonly string[]; years: readonly number[] },
): Promise<{ rows: Record<string, unknown>[]; schema: DisclosureSchema }> {
  const present = (view.ids === undefined || view.ids.length > 0) && (await hasCohortTables(ws.db));
  const where = [`year IN ${inList(view.years.map(Number))}`];
  if (view.ids?.length) where.push(`cohort_id IN ${inList([...view.ids])}`);
  const rows = !present
    ? []
    : await ws.db.all(
        `SELECT cohort_id, version, year, step, rule, persons FROM cohort_attrition WHERE ${where.join(' AND ')} ORDER BY cohort_id, year, step`,
      );
  return {
    rows,
    schema: {
      name: 'cohort_attrition',
      dimensions: ['cohort_id', 'year', 'step'],
      counts: ['persons'],
      attributes: ['version', 'rule'],
      cells: {
        measures: { persons: 'cohort-attrition' },
        coordinates: { cohort_id: 'cohort', year: 'period', step: 'cohort_step' },
      },
    },
  };
}

/** The cohort tables of one `cohorts run`, published. */
export interface PublishedCohortTables {
  counts: DisclosedTable;
  /** Score cohorts' distributions (rows only when `scoreIds` were given). */
  scores: DisclosedTable;
  attrition: DisclosedTable;
  disclosure: PublicationRecord;
}

/**
 * Publish the counts and the attrition of a `cohorts run` together (one publication, against
 * everything the workspace published before) and record it in `run`.
 */
export async function publishCohortTables(
  ws: Workspace,
  run: RunRecorder,
  view: CountsView,
): Promise<PublishedCohortTables> {
  const pub = await Publication.open(ws, {
    ...(view.threshold !== undefined ? { threshold: view.threshold } : {}),
  });
  const counts = await cohortCountsTable(ws, view);
  const scores = await cohortScoresTable(ws, {
    ids: view.scoreIds ?? [],
    years: view.years,
    ...(view.level ? { level: view.level } : {}),
  });
  // the attrition of every cohort shown (all when no list is given)
  const attrition = await cohortAttritionTable(ws, {
    years: view.years,
    ...(view.ids || view.scoreIds ? { ids: [...(view.ids ?? []), ...(view.scoreIds ?? [])] } : {}),
  });
  await pub.add(counts.rows, counts.schema, {
    metadata: {
      title: 'Cohort members and prevalence per 1 000',
      description:
        'felles cohorts: members by area, population (SSB, 1 January after the reference date) and prevalence per 1 000',
    },
  });
  await pub.add(scores.rows, scores.schema, {
    metadata: {
      title: 'Score distributions',
      description:
        'felles cohorts that are scores: persons scored per score band by area, and their share of the persons scored (per cent)',
    },
  });
  await pub.add(attrition.rows, attrition.schema, {
    metadata: {
      title: 'Cohort attrition',
      description: 'persons in the base population and passing each inclusion rule in order',
    },
  });
  const { tables } = await pub.seal();
  const disclosure = await pub.record(run);
  return { counts: tables[0]!, scores: tables[1]!, attrition: tables[2]!, disclosure };
}

/**
 * Pairwise overlaps per helsefellesskap (and `NO`) with the schema to disclose them: members of
 * A, of A and B, and the share of A that is also in B (per cent). See {@link cohortOverlap} for
 * how persons are matched.
 */
export async function cohortOverlapTable(
  ws: Workspace,
  view: { year: number; ids?: readonly string[] },
): Promise<{ rows: Record<string, unknown>[]; schema: DisclosureSchema }> {
  const all = await cohortOverlap(ws.db, {
    year: view.year,
    ...(view.ids ? { ids: view.ids } : {}),
  });
  const rows = all.map((r) => ({
    area_id: cohortAreaId('helsefellesskap', r.hff_code),
    hff_code: r.hff_code,
    cohort_a: r.cohort_a,
    cohort_b: r.cohort_b,
    n_a: r.n_a,
    n_both: r.n_both,
    share_pct: r.n_both === null || r.n_a === 0 ? null : Math.round((r.n_both / r.n_a) * 1000) / 10,
  }));
  return {
    rows,
    schema: {
      name: 'cohort_overlap',
      dimensions: ['area_id', 'cohort_a', 'cohort_b'],
      counts: ['n_a', 'n_both'],
      derived: { share_pct: ['n_both', 'n_a'] },
      attributes: ['hff_code'],
      cells: {
        measures: { n_a: 'cohort-overlap-members', n_both: 'cohort-overlap-both' },
        coordinates: { area_id: AREA, cohort_a: 'cohort', cohort_b: 'cohort_b' },
        fixed: { period: String(view.year) },
      },
    },
  };
}

/** The overlap table's metadata. */
export function cohortOverlapMetadata(year: number): { title: string; description: string } {
  return {
    title: `Cohort overlaps ${year}`,
    description: 'share of cohort A (row) also in cohort B (column), per helsefellesskap',
  };
}

/**
 * `felles cohorts overlap`: publish the overlap table of a year as a run of its own (manifest,
 * ledger), against everything the workspace published before.
 */
export async function publishCohortOverlap(
  ws: Workspace,
  view: { year: number; ids?: readonly string[]; threshold?: number },
): Promise<{ table: DisclosedTable; disclosure: PublicationRecord; runId: string }> {
  const { result } = await ws.run(
    'cohorts overlap',
    { year: view.year, ids: view.ids ?? 'all' },
    async (run) => {
      const pub = await Publication.open(ws, {
        ...(view.threshold !== undefined ? { threshold: view.threshold } : {}),
      });
      const t = await cohortOverlapTable(ws, view);
      await pub.add(t.rows, t.schema, { metadata: cohortOverlapMetadata(view.year) });
      const { tables } = await pub.seal();
      return { table: tables[0]!, disclosure: await pub.record(run), runId: run.id };
    },
  );
  return result;
}

/** What to show of a score cohort's distribution. */
export interface ScoresView {
  ids: readonly string[];
  years: readonly number[];
  /** Area level besides the country total (default helsefellesskap). */
  level?: 'municipality' | 'helsefellesskap' | 'country';
  threshold?: number;
}

/** The measure of persons scored by a score cohort (per band). */
export const COHORT_SCORED_MEASURE = 'cohort-scored';

/**
 * Score cohorts (e.g. `charlson`) as what they are: the distribution of the people scored over the
 * score bands, per area and for Norway — persons per band and their share of the people scored in
 * the area (per cent; band `all` = everyone scored), with the schema to disclose them. Never a
 * prevalence: the people scored are everyone in the cohort's base (e.g. everyone with a
 * specialist contact).
 */
export async function cohortScoresTable(
  ws: Workspace,
  view: ScoresView,
): Promise<{ rows: Record<string, unknown>[]; schema: DisclosureSchema }> {
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
  return {
    rows: rows.map((r) => {
      const { cohort_id, year, area_code, ...rest } = r;
      return {
        cohort_id,
        year,
        area_id: cohortAreaId(level, String(area_code)),
        area_code,
        ...rest,
      };
    }),
    schema: {
      name: 'cohort_scores',
      dimensions: ['cohort_id', 'year', 'area_id', { column: 'band', total: 'all' }],
      counts: ['persons'],
      derived: { share_pct: ['persons'] },
      attributes: ['area_code'],
      cells: {
        measures: { persons: COHORT_SCORED_MEASURE },
        coordinates: { cohort_id: 'cohort', year: 'period', area_id: AREA, band: 'score_band' },
      },
    },
  };
}
