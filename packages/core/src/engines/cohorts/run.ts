import type { Db } from '../../kernel/db.js';
import { CheckFailedError, UsageError } from '../../kernel/errors.js';
import { parseAgeGroups, DEFAULT_AGE_GROUPS } from '../../reference/population/age-groups.js';
import { inList, int, lit } from '../../kernel/sql.js';
import { noProgress, type ProgressFn } from '../../kernel/util/progress.js';
import { describeYears } from '../../kernel/util/years.js';
import type { RunManifest } from '../../workspace/manifest.js';
import type { Workspace } from '../../workspace/workspace.js';
import { recordWorkspaceInputs } from '../../workspace/run-inputs.js';
import { loadCodelists } from './codelists.js';
import { compileCohorts, dependencyOrder, type CompiledCohort } from './compile.js';
import { loadCohortLibrary, type CohortLibrary } from './library.js';
import { ensureCohortTables, usableLinks } from '../../catalogue/cohort-tables.js';
import { insertCounts, prevalenceWarnings } from './counts.js';
import { publishCohortTables, type CountsView, type PublishedCohortTables } from './disclosed.js';

/** Options of {@link runCohorts}. */
export interface RunCohortsOptions {
  /** Cohort ids (default: every cohort in the library). */
  ids?: readonly string[];
  years: readonly number[];
  /** Parameter values by cohort id. */
  params?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Age groups of `cohort_count` (default `0-19,20-66,67-79,80+`). */
  ageGroups?: string;
  /**
   * Publish the counts (this view of them) and the attrition table of the cohorts run, disclosed
   * together against what the workspace published before, in the same run and transaction.
   */
  publish?: Omit<CountsView, 'ids' | 'years' | 'scoreIds'>;
  progress?: ProgressFn;
}

/** A cohort that was not run, and why. */
export interface SkippedCohort {
  id: string;
  reason: string;
}

/** What {@link runCohorts} did. */
export interface RunCohortsResult {
  runId: string;
  years: number[];
  cohorts: (CompiledCohort & { members: Record<number, number> })[];
  skipped: SkippedCohort[];
  /**
   * Cells (cohort × year × area × sex × age group) with more members than residents: their
   * prevalence is not shown (see docs/cohorts.md, "Basis"), one message per cohort and year.
   */
  warnings: string[];
  manifest: RunManifest;
  /** With `publish`: the disclosed counts and attrition, and the audit. */
  published?: PublishedCohortTables;
}

/**
 * Compute cohorts for the given years and store `cohort_member`, `cohort_attrition` and
 * `cohort_count` (earlier rows of the same cohort and year are replaced). Loads the code lists
 * into `codelist` first. Cohorts that need NPR–KPR linkage are skipped, with a reason, when the
 * workspace has no usable `person_link` rows; the others run without it. One transaction; the run
 * manifest lists every definition and code list with its version.
 */
export async function runCohorts(
  ws: Workspace,
  options: RunCohortsOptions,
): Promise<RunCohortsResult> {
  const progress = options.progress ?? noProgress;
  const groups = parseAgeGroups(options.ageGroups ?? DEFAULT_AGE_GROUPS);
  await requireDataYears(ws.db, options.years);
  const { result, manifest } = await ws.run(
    'cohorts run',
    { ids: options.ids ?? 'all', years: options.years, params: options.params ?? {} },
    async (run) =>
      ws.db.transaction(async () => {
        const db = ws.db;
        await ensureCohortTables(db);
        await recordWorkspaceInputs(ws, run);
        progress({
          stage: 'cohorts',
          phase: 'start',
          message: 'loading definitions and code lists',
        });
        const lib = await loadCohortLibrary(db, ws.dir);
        const loaded = await loadCodelists(db, lib.codelists);
        for (const c of loaded) {
          run.manifest.codelists.push({ id: c.id, version: c.version });
          run.count(`codelist:${c.id}`, c.rows);
        }
        const requested =
          options.ids && options.ids.length ? [...options.ids] : [...lib.cohorts.keys()];
        const { runnable, skipped } = await linkageGate(db, lib, requested);
        if (runnable.length === 0) {
          throw new CheckFailedError(
            'NO_COHORT_RUNNABLE',
            `no cohort could be run: ${skipped.map((s) => `${s.id}: ${s.reason}`).join('; ')}`,
          );
        }
        const q = compileCohorts(runnable, lib.cohorts, {
          years: options.years,
          ...(options.params ? { params: options.params } : {}),
        });
        for (const c of q.cohorts) run.addDefinition(c.id, c.version);
        for (const s of skipped) run.note(`cohort ${s.id} skipped: ${s.reason}`);
        progress({
          stage: 'cohorts',
          phase: 'log',
          message: `computing ${q.cohorts.filter((c) => c.output).length} cohorts for ${options.years.join(', ')}`,
        });
        await db.exec(`CREATE OR REPLACE TEMP TABLE cohort_eval AS ${q.sql}`);
        const out = q.cohorts.filter((c) => c.output);
        const ids = inList(out.map((c) => c.id));
        const years = inList([...new Set(options.years)]);
        for (const t of ['cohort_member', 'cohort_attrition', 'cohort_count']) {
          await db.run(`DELETE FROM ${t} WHERE cohort_id IN ${ids} AND year IN ${years}`);
        }
        const nRules = `(VALUES ${out.map((c) => `(${lit(c.id)}, ${int(c.steps.length - 1)})`).join(', ')}) r(cohort_id, n)`;
        const members = await db.run(
          `INSERT INTO cohort_member SELECT e.cohort_id, e.version, e.year, e.id_space, e.person_id, e.sex, e.age, e.municipality_code, e.hff_code, e.score, e.band, $1
        FROM cohort_eval e JOIN ${nRules} USING (cohort_id) WHERE e.rules_passed = r.n AND e.person_id IS NOT NULL ORDER BY e.cohort_id, e.year, e.person_id`,
          [run.id],
        );
        run.count('cohort_member', members);
        const steps = `(VALUES ${out.flatMap((c) => c.steps.map((s, i) => `(${lit(c.id)}, ${int(i)}, ${lit(s)})`)).join(', ')}) s(cohort_id, step, rule)`;
        run.count(
          'cohort_attrition',
          await db.run(
            `INSERT INTO cohort_attrition
        SELECT e.cohort_id, any_value(e.version), e.year, s.step, s.rule, CAST(coalesce(sum(e.persons) FILTER (WHERE e.rules_passed >= s.step), 0) AS BIGINT), $1
        FROM cohort_eval e JOIN ${steps} USING (cohort_id) GROUP BY e.cohort_id, e.year, s.step, s.rule`,
            [run.id],
          ),
        );
        run.count(
          'cohort_count',
          await insertCounts(
            db,
            run.id,
            out.map((c) => lib.cohorts.get(c.id)!.definition),
            [...new Set(options.years)],
            groups,
          ),
        );
        const warnings = await prevalenceWarnings(db, run.id);
        for (const w of warnings) run.note(w);
        const perYear = await db.all(
          `SELECT cohort_id, year, count(*) AS n FROM cohort_member WHERE run_id = $1 GROUP BY ALL`,
          [run.id],
        );
        await db.exec('DROP TABLE IF EXISTS cohort_eval');
        progress({ stage: 'cohorts', phase: 'end', message: `${members} memberships` });
        const published = options.publish
          ? await publishCohortTables(ws, run, {
              ...options.publish,
              ids: out.filter((c) => !c.scoreDistribution).map((c) => c.id),
              scoreIds: out.filter((c) => c.scoreDistribution).map((c) => c.id),
              years: [...new Set(options.years)],
            })
          : undefined;
        return {
          runId: run.id,
          years: [...new Set(options.years)].sort((a, b) => a - b),
          cohorts: out.map((c) => ({
            ...c,
            members: Object.fromEntries(
              options.years.map((y) => [
                y,
                Number(perYear.find((r) => r['cohort_id'] === c.id && r['year'] === y)?.['n'] ?? 0),
              ]),
            ),
          })),
          skipped,
          warnings,
          ...(published ? { published } : {}),
        };
      }),
  );
  return { ...result, manifest };
}

/** Split requested cohorts into those that can run and those that need linkage that is missing. */
async function linkageGate(
  db: Db,
  lib: CohortLibrary,
  requested: string[],
): Promise<{ runnable: string[]; skipped: SkippedCohort[] }> {
  const links = await usableLinks(db);
  const skipped: SkippedCohort[] = [];
  const runnable: string[] = [];
  for (const id of [...requested].sort()) {
    const chain = dependencyOrder([id], lib.cohorts);
    const needs = chain.filter((x) => lib.cohorts.get(x)!.idSpace === 'linked');
    if (needs.length > 0 && links === 0) {
      skipped.push({
        id,
        reason: `needs NPR–KPR linkage (${needs.join(', ')} read both NPR and KPR data) and the workspace has no usable person_link rows; load a key file with felles ingest`,
      });
    } else runnable.push(id);
  }
  return { runnable, skipped };
}

/** The latest year with residence data (the default year of `felles cohorts run`). */
/**
 * Refuse years without person-level data (no `residence` rows): a cohort of such a year would be
 * empty, not zero. `NO_DATA_FOR_YEAR` names the years there are.
 */
export async function requireDataYears(db: Db, years: readonly number[]): Promise<void> {
  if (years.length === 0) throw new UsageError('NO_YEARS', 'give at least one year');
  const have = (
    await db.all<{ year: number }>(`SELECT DISTINCT year FROM residence ORDER BY 1`)
  ).map((r) => Number(r.year));
  const missing = years.filter((y) => !have.includes(y));
  if (missing.length === 0) return;
  throw new UsageError(
    'NO_DATA_FOR_YEAR',
    have.length
      ? `no person-level registry data for ${describeYears(missing)}: the workspace has them for ${describeYears(have)}; give --year within those`
      : `no person-level registry data for ${describeYears(missing)}: the workspace has none yet; load registry extracts with felles ingest first`,
    { years: missing, available: have },
  );
}

/** The last year with residence data in the workspace: the default year of `cohorts run`. */
export async function latestDataYear(db: Db): Promise<number> {
  const y = await db.value<number>(`SELECT max(year) FROM residence`);
  if (y === null || y === undefined)
    throw new UsageError(
      'NO_DATA',
      'the workspace has no person-level data yet; load registry extracts with felles ingest, or give --year',
    );
  return Number(y);
}
