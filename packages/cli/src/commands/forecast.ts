import { Option, type Command } from 'commander';
import {
  exportTables,
  findHelsefellesskap,
  matchesPattern,
  prepareOutputFolder,
  recordWorkspaceInputs,
  UsageError,
  EXPORT_FORMATS,
} from '@felles/core';
import { monthlyServiceLines, runForecast, type ForecastRun } from '@felles/pipelines';
import { log, outJson, progressReporter, withWorkspace, type GlobalOptions } from '../context.js';
import { backtestSummary, printForecast, type Lang } from './forecast-print.js';

interface ForecastOpts {
  hf: string;
  line: string;
  horizon: string;
  backtest?: boolean;
  lang: Lang;
  out?: string;
  force?: boolean;
  format?: string;
}

const list = (v: string): string[] =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function horizonOf(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 12)
    throw new UsageError(
      'BAD_OPTION',
      `--horizon must be a whole number of months from 1 to 12, got ${v}`,
    );
  return n;
}

function linesOf(v: string) {
  const all = monthlyServiceLines();
  if (v.trim().toLowerCase() === 'all') return all;
  const patterns = list(v);
  const lines = all.filter((d) => patterns.some((p) => matchesPattern(d.id, p)));
  if (lines.length === 0)
    throw new UsageError(
      'BAD_OPTION',
      `--line ${v} matches no service line with monthly figures; these have them: ${all.map((d) => d.id).join(', ')}`,
    );
  return lines;
}

/** `felles forecast`: monthly activity forecast 1–12 months ahead with its backtest. */
export function registerForecast(program: Command, globals: () => GlobalOptions): void {
  program
    .command('forecast')
    .summary('forecast monthly activity 1–12 months ahead, with an honest backtest')
    .description(
      'Count the activity of each helsefellesskap and service line by month (hospital stays and bed days by discharge month, outpatient and day episodes, GP and out-of-hours contacts by date), then forecast it 1–12 months ahead with 80 % and 95 % prediction intervals. Three methods are fitted to each series — seasonal naive (the benchmark), ETS with additive errors chosen by AICc, and their equal-weight combination — and each is tested by rolling origin: refitted on the months before each of 6 origins 2 months apart and scored on the months after (MASE against the seasonal naive scale, and the share of held-out months inside the intervals). The method with the lowest backtest MASE is used, and every forecast prints its backtest. A series needs 36 months of history. Every figure passes disclosure control before it is printed or written. Without --out the workspace is opened read-only.',
    )
    .requiredOption(
      '--hf <hf>',
      'helsefellesskap code or name, several separated by commas, or "all"',
    )
    .option(
      '--line <lines>',
      'service lines, ids or patterns with *, comma separated, or "all"',
      'all',
    )
    .option('--horizon <months>', 'months ahead, 1–12', '12')
    .option('--backtest', 'also print every method’s backtest per series and the origins used')
    .addOption(
      new Option('--lang <lang>', 'language of the printed tables')
        .choices(['nb', 'en'])
        .default('nb'),
    )
    .option(
      '--out <dir>',
      'write the history, forecast and backtest tables to this new or empty folder',
    )
    .option(
      '--force',
      'with --out, write into a folder that already holds files, replacing files of the same name',
    )
    .addOption(
      new Option('--format <format>', 'file format with --out')
        .choices(EXPORT_FORMATS)
        .default('csv'),
    )
    .addHelpText(
      'after',
      `
Examples:
  $ felles forecast --hf Telemark
  $ felles forecast --hf all --horizon 12 --backtest
  $ felles forecast --hf all --line "hospital.inpatient.*,municipality.gp.contacts" --lang en
  $ felles forecast --hf Telemark --out forecast-telemark --format xlsx
  $ felles --json forecast --hf all --horizon 6

Methods, the backtest and the disclosure rule: docs/forecasts.md.`,
    )
    .action(async (opts: ForecastOpts) => {
      const g = globals();
      const horizon = horizonOf(opts.horizon);
      const lines = linesOf(opts.line);
      const outDir = opts.out
        ? await prepareOutputFolder(opts.out, { overwrite: opts.force ?? false })
        : undefined;
      const progress = progressReporter(g);
      try {
        await withWorkspace(g, { readOnly: !outDir }, async (ws) => {
          const hf =
            opts.hf.trim().toLowerCase() === 'all'
              ? ('all' as const)
              : await Promise.all(
                  list(opts.hf).map(async (q) => (await findHelsefellesskap(ws.db, q)).code),
                );
          const compute = () => runForecast(ws, { hf, lines, horizon, progress });
          let run: ForecastRun;
          let files: string[] = [];
          if (outDir) {
            const r = await ws.run('forecast', { ...opts, out: outDir }, async (manifest) => {
              await recordWorkspaceInputs(ws, manifest, { cohorts: {} });
              const res = await compute();
              for (const l of lines) manifest.addDefinition(`service-line:${l.id}`, l.version);
              const tables = [res.tables.history, res.tables.forecast, res.tables.backtest];
              for (const t of tables) manifest.count(t.name, t.rows.length);
              files = await exportTables(tables, {
                format: opts.format ?? 'csv',
                out: outDir,
                overwrite: opts.force ?? false,
                manifestId: manifest.id,
                run: manifest,
                baseName: 'forecast',
                metadata: { title: `felles forecast, ${horizon} months`, command: 'forecast' },
              });
              return res;
            });
            run = r.result;
          } else {
            run = await compute();
          }
          progress.stop();
          if (g.json) {
            outJson({
              horizon,
              summary: backtestSummary(run),
              skipped: run.skipped,
              undated: run.undated,
              forecast: run.tables.forecast.rows,
              backtest: run.tables.backtest.rows,
              files,
            });
            return;
          }
          printForecast(run, opts.lang, opts.backtest ?? false);
          for (const f of files) log(g, `wrote ${f}`);
        });
      } finally {
        progress.stop();
      }
    });
}
