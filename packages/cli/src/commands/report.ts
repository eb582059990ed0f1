import { Option, type Command } from 'commander';
import { relative } from 'node:path';
import { UsageError } from '@felles/core';
import { REPORT_MONTE_CARLO_RUNS, REPORT_MONTE_CARLO_SEED, writeReports } from '@felles/pipelines';
import { text, type Lang } from '@felles/text';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';

interface ReportOpts {
  hf: string;
  year?: string;
  lang: string;
  out?: string;
  force?: boolean;
  runs: string;
  seed: string;
  scenario?: string;
  png: boolean;
  projection: boolean;
  indicators: boolean;
}

/** `felles report`: the self-contained HTML steering report. */
export function registerReport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('report')
    .summary(text('en', 'cli.reportSummary'))
    .description(text('en', 'cli.reportDescription'))
    .requiredOption('--hf <hf>', text('en', 'cli.optHf'))
    .option('--year <year>', text('en', 'cli.optYear'))
    .addOption(
      new Option('--lang <lang>', text('en', 'cli.optLang')).choices(['nb', 'en']).default('nb'),
    )
    .option('--out <dir>', text('en', 'cli.optOut'))
    .option('--force', text('en', 'cli.optForce'))
    .option('--scenario <id|file>', text('en', 'cli.optScenario'))
    .option('--runs <n>', text('en', 'cli.optRuns'), String(REPORT_MONTE_CARLO_RUNS))
    .option('--seed <n>', text('en', 'cli.optSeed'), String(REPORT_MONTE_CARLO_SEED))
    .option('--no-png', text('en', 'cli.optNoPng'))
    .option('--no-projection', text('en', 'cli.optNoProjection'))
    .option('--no-indicators', text('en', 'cli.optNoIndicators'))
    .addHelpText(
      'after',
      `
Examples:
  $ felles -w ws report --hf telemark
  $ felles -w ws report --hf all --lang en --out /tmp/reports
  $ felles -w felles-demo report --hf all --runs 200 --no-png`,
    )
    .action(async (opts: ReportOpts) => {
      const g = globals();
      const year = opts.year === undefined ? undefined : Number(opts.year);
      if (year !== undefined && !Number.isInteger(year))
        throw new UsageError('BAD_OPTION', `--year must be a whole number, got ${opts.year}`);
      const runs = Number(opts.runs);
      if (!Number.isInteger(runs) || runs < 0)
        throw new UsageError('BAD_OPTION', `--runs must be a whole number ≥ 0, got ${opts.runs}`);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed))
        throw new UsageError('BAD_OPTION', `--seed must be a whole number, got ${opts.seed}`);
      const lang = opts.lang as Lang;
      const progress = progressReporter(g);
      try {
        const r = await withWorkspace(g, { readOnly: false }, (ws) =>
          writeReports(ws, {
            hf: opts.hf,
            ...(year !== undefined ? { year } : {}),
            lang,
            ...(opts.out ? { out: opts.out } : {}),
            overwrite: opts.force ?? false,
            runs,
            seed,
            ...(opts.scenario ? { scenario: opts.scenario } : {}),
            png: opts.png,
            projection: opts.projection,
            indicators: opts.indicators,
            progress,
          }),
        );
        progress.stop();
        if (g.json) {
          outJson(r);
          return;
        }
        for (const [section, reason] of Object.entries(r.unavailable))
          log(g, text(lang, 'cli.reportUnavailable', { section, reason: reason ?? '' }));
        for (const [code, file] of Object.entries(r.reports))
          out(`${code}\t${relative(process.cwd(), file) || file}`);
        out(
          text(lang, 'cli.reportWritten', {
            figures: r.figures,
            tables: r.tables.length,
            dir: r.outDir,
            run: r.manifestId,
          }),
        );
        if (r.index) out(text(lang, 'cli.reportIndex', { file: r.index }));
      } finally {
        progress.stop();
      }
    });
}
