/**
 * `felles cohorts run`: compute cohort membership for years, store it in the workspace, and print
 * members, population and prevalence, score bands and attrition after disclosure control.
 */
import { Option, type Command } from 'commander';
import { UsageError, latestDataYear, runCohorts, type DisclosedTable } from '@felles/core';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';
import { formatTable } from '../format.js';
import { parseIdList, parseYears } from '../options.js';

/** The options of `felles cohorts run`. */
interface RunOptions {
  year?: string[];
  id?: string[];
  param?: string[];
  level: string;
  bySex?: boolean;
  byAge?: boolean;
}

type CohortRun = Awaited<ReturnType<typeof runCohorts>>;

function parseParams(values: string[] | undefined): Record<string, Record<string, number>> {
  const out: Record<string, Record<string, number>> = {};
  for (const v of values ?? []) {
    const m = /^([a-z0-9-]+)\.([A-Za-z0-9_]+)=(-?\d+(?:\.\d+)?)$/.exec(v.trim());
    if (!m)
      throw new UsageError(
        'BAD_OPTION',
        `--param takes <cohort>.<name>=<number>, e.g. dho-target.minGpContacts=8; got ${v}`,
      );
    (out[m[1]!] ??= {})[m[2]!] = Number(m[3]);
  }
  return out;
}

function printTable(t: DisclosedTable, columns: string[]): void {
  out(formatTable(t.rows as Record<string, unknown>[], [...columns, 'suppressed']));
}

/** Adds `felles cohorts run` to the `cohorts` command. */
export function registerCohortsRun(cohorts: Command, globals: () => GlobalOptions): void {
  cohorts
    .command('run')
    .summary('compute cohorts: members, counts, prevalence, attrition')
    .description(
      'Compute cohort membership for one or more years (default: the latest year with data) and store it in the workspace (cohort_member, cohort_attrition, cohort_count), then print members, the SSB population and prevalence per 1,000 by helsefellesskap (or --level) — members alive and resident at the reference date against the population on 1 January after it — score cohorts such as charlson as their distribution over the score bands, and the attrition table, after disclosure control. A year without registry data is refused. Cohorts that need NPR–KPR linkage are skipped with a reason when no key file is loaded; the others run.',
    )
    .option('--year <year...>', 'year(s), e.g. 2024 or 2022-2024')
    .option('--id <id...>', 'cohort id(s) (default: all)')
    .option('--param <cohort.name=value...>', 'set a parameter, e.g. dho-target.minGpContacts=8')
    .addOption(
      new Option('--level <level>', 'area level of the counts')
        .choices(['municipality', 'helsefellesskap', 'country'])
        .default('helsefellesskap'),
    )
    .option('--by-sex', 'split counts by sex')
    .option('--by-age', 'split counts by age group')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles cohorts run --year 2024\n  $ felles cohorts run --year 2022-2024 --id frail-elderly-hfrs --id dementia\n  $ felles cohorts run --id dho-target --param dho-target.minGpContacts=8 --level municipality',
    )
    .action(async (opts: RunOptions) => runCohortsCommand(globals(), opts));
}

async function runCohortsCommand(g: GlobalOptions, opts: RunOptions): Promise<void> {
  const progress = progressReporter(g);
  try {
    await withWorkspace(g, {}, async (ws) => {
      const years = parseYears(opts.year) ?? [await latestDataYear(ws.db)];
      const want = parseIdList(opts.id);
      const res = await runCohorts(ws, {
        years,
        ...(want ? { ids: want } : {}),
        params: parseParams(opts.param),
        // printed here: disclosed and recorded with the run, against earlier publications
        publish: {
          level: opts.level as 'helsefellesskap',
          bySex: opts.bySex ?? false,
          byAge: opts.byAge ?? false,
        },
        progress,
      });
      for (const s of res.skipped) log(g, `skipped ${s.id}: ${s.reason}`);
      for (const w of res.warnings) log(g, `warning: ${w}`);
      const { disclosure } = res.published!;
      if (disclosure.notice) log(g, disclosure.notice);
      if (g.json) printRunJson(res, years);
      else printRunText(g, res, opts);
    });
  } finally {
    progress.stop();
  }
}

function printRunJson(res: CohortRun, years: number[]): void {
  const { counts, scores, attrition: attr, disclosure } = res.published!;
  outJson({
    runId: res.runId,
    years,
    cohorts: res.cohorts.map((c) => ({
      id: c.id,
      version: c.version,
      idSpace: c.idSpace,
      needsLinkage: c.needsLinkage,
      codelists: c.codelists,
      params: c.params,
    })),
    skipped: res.skipped,
    warnings: res.warnings,
    counts: counts.rows,
    scores: scores.rows,
    attrition: attr.rows,
    disclosure,
  });
}

function printRunText(g: GlobalOptions, res: CohortRun, opts: RunOptions): void {
  const scored = res.cohorts.filter((c) => c.scoreDistribution).map((c) => c.id);
  const { counts, scores, attrition: attr, disclosure } = res.published!;
  for (const c of res.cohorts)
    out(
      `${c.id} ${c.version} (${c.idSpace} ids${c.needsLinkage ? ', linked NPR–KPR' : ''}; code lists: ${c.codelists.join(', ') || 'none'}${
        Object.keys(c.params).length
          ? `; ${Object.entries(c.params)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}`
          : ''
      })`,
    );
  out();
  printTable(counts, [
    'cohort_id',
    'year',
    'area_code',
    'area_name',
    ...(opts.bySex ? ['sex'] : []),
    ...(opts.byAge ? ['age_group'] : []),
    'members',
    'population',
    'per_1000',
  ]);
  if (scored.length) {
    out();
    out(
      `Scores (${scored.join(', ')}): persons scored per band and their share (%), not a prevalence`,
    );
    printTable(scores, ['cohort_id', 'year', 'area_code', 'band', 'persons', 'share_pct']);
  }
  out();
  printTable(attr, ['cohort_id', 'year', 'step', 'rule', 'persons']);
  log(
    g,
    counts.threshold > 0
      ? `run ${res.runId}; counts 1–${counts.threshold} are suppressed (${disclosure.cellsAudited} hidden cells audited together with earlier publications)`
      : `run ${res.runId}; suppression is switched off (threshold 0)`,
  );
}
