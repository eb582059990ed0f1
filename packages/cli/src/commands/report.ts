import { Option, type Command } from 'commander';
import { relative } from 'node:path';
import { UsageError } from '@felles/core';
import { writeReports } from '@felles/pipelines';
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
  scenario?: string;
  png: boolean;
  projection: boolean;
  indicators: boolean;
}

/** `felles report`: the self-contained HTML steering report. */
export function registerReport(program: Command, globals: () => GlobalOptions): void {
  program
    .command('report')
    .summary('write the self-contained HTML steering report per helsefellesskap')
    .description(
      'Write one self-contained HTML report per helsefellesskap (all fonts, styles and figures inlined; it opens offline and prints to A4): a summary page, population and its projection, the four priority groups, samhandling indicators, projections with their assumptions, the dental service and a methods appendix. Beside it: every figure as SVG, PNG and Vega-Lite JSON, and every table as CSV and XLSX, all through disclosure control. With --hf all, the 19 reports and an index page comparing them. Sections without data say so instead of failing. The run is recorded in a manifest.',
    )
    .requiredOption('--hf <hf>', 'helsefellesskap code or name, or "all"')
    .option(
      '--year <year>',
      'data year (default: the newest year with cohort counts, else population)',
    )
    .addOption(new Option('--lang <lang>', 'language').choices(['nb', 'en']).default('nb'))
    .option(
      '--out <dir>',
      'output folder, new or empty (default <workspace>/out/report); checked before anything is computed',
    )
    .option(
      '--force',
      'write into a folder that already holds files, replacing files of the same name',
    )
    .option('--scenario <id|file>', 'projection scenario (default the built-in baseline)')
    .option('--runs <n>', 'Monte Carlo runs of the projection (0 = SSB alternatives only)', '0')
    .option('--no-png', 'do not write PNG files of the figures (faster)')
    .option('--no-projection', 'leave out the projection (the slowest step)')
    .option('--no-indicators', 'leave out the samhandling indicators')
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
      const progress = progressReporter(g);
      try {
        const r = await withWorkspace(g, { readOnly: false }, (ws) =>
          writeReports(ws, {
            hf: opts.hf,
            ...(year !== undefined ? { year } : {}),
            lang: opts.lang as 'nb' | 'en',
            ...(opts.out ? { out: opts.out } : {}),
            overwrite: opts.force ?? false,
            runs,
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
          log(g, `report: ${section}: ${reason}`);
        for (const [code, file] of Object.entries(r.reports))
          out(`${code}\t${relative(process.cwd(), file) || file}`);
        out(
          `${r.figures} figures, ${r.tables.length} table files in ${r.outDir}; run ${r.manifestId}`,
        );
        if (r.index) out(`index: ${r.index}`);
      } finally {
        progress.stop();
      }
    });
}
