import type { Command } from 'commander';
import { FellesError, Workspace } from '@felles/core';
import { runDemo, writeReports } from '@felles/pipelines';
import { log, out, outJson, progressReporter, type GlobalOptions } from '../context.js';
import { formatCount, formatTable } from '../format.js';

/** `felles demo`: the synthetic demo, end to end. */
export function registerDemo(program: Command, globals: () => GlobalOptions): void {
  program
    .command('demo')
    .summary('run the synthetic demo end to end')
    .description(
      "Create a demo workspace (default ./felles-demo; only in a new or empty folder, which is marked as a demo workspace with felles-demo.json, or in such a demo workspace: a real workspace or a folder of other files is refused), generate synthetic registry extracts for all 357 municipalities and 19 helsefellesskap (2 % of the population, 2020–2024; reused when already there), and load them through the real ingest: the synthetic population (SSB StatBank format), a DEMO population projection (not SSB's), NPR episodes, KPR claims, municipal services, IPLOS, dental records and the key file. Steps already done are skipped, so running it again is quick; then the cohorts of 2024 and the samhandling indicators of 2020–2024 are computed, and the steering reports of all 19 helsefellesskap are written (HTML, SVG figures, CSV/XLSX tables; PNG figures only with --png). Progress goes to stderr, a summary to stdout. The data describe no real person.",
    )
    .option('--out <dir>', 'demo workspace folder', 'felles-demo')
    .option(
      '--fresh',
      'delete the demo workspace and its extracts first (only a folder marked as a demo workspace)',
    )
    .option('--seed <n>', 'seed of the synthetic data', '20240101')
    .option(
      '--png',
      'also write a PNG of every report figure (slower; the HTML and SVG are always written)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ felles demo
  $ felles demo --out /tmp/demo --fresh
  $ felles demo --png
  $ felles -w felles-demo population --year 2024`,
    )
    .action(async (opts: { out: string; fresh?: boolean; seed: string; png?: boolean }) => {
      const g = globals();
      const progress = progressReporter(g);
      const t0 = Date.now();
      try {
        const { indicators, ...r } = await runDemo({
          dir: opts.out,
          fresh: opts.fresh ?? false,
          seed: Number(opts.seed),
          progress,
        });
        // Last step: the steering reports of all 19 communities (the HTML says the data are synthetic).
        let reportIndex: string | undefined;
        try {
          const ws = await Workspace.open(r.dir);
          try {
            // The indicators the demo computed are the report's: not computed again. PNGs only
            // with --png (see docs/decisions.md).
            // The demo workspace is felles' own: its reports are written again on every run.
            const rep = await writeReports(ws, {
              hf: 'all',
              overwrite: true,
              png: opts.png === true,
              ...(indicators ? { precomputedIndicators: indicators } : {}),
              progress,
            });
            reportIndex = rep.index;
            r.steps.push({
              step: 'report',
              status: 'done',
              detail: `${Object.keys(rep.reports).length} reports in ${rep.outDir}`,
            });
          } finally {
            ws.close();
          }
        } catch (e) {
          r.steps.push({
            step: 'report',
            status: 'failed',
            detail: e instanceof Error ? (e.message.split('\n')[0] ?? '') : String(e),
          });
        }
        progress.stop();
        if (g.json) {
          outJson({ ...r, reportIndex, seconds: (Date.now() - t0) / 1000 });
          return;
        }
        if (r.reused)
          log(g, `demo: reusing the existing workspace ${r.dir} (use --fresh to start again)`);
        out(
          `felles demo — SYNTHETIC data, no real person (${((Date.now() - t0) / 1000).toFixed(0)} s)`,
        );
        out(`workspace: ${r.dir}`);
        out(
          formatTable(r.steps.map((s) => ({ step: s.step, status: s.status, detail: s.detail }))),
        );
        out('');
        out(
          formatTable(
            Object.entries(r.tables).map(([table, rows]) => ({ table, rows: formatCount(rows) })),
          ),
        );
        out('');
        out(`next: felles -w ${opts.out} population --year 2024`);
        if (reportIndex) out(`reports: ${reportIndex}`);
        const failed = r.steps.filter((s) => s.status === 'failed');
        if (failed.length)
          throw new FellesError(
            'DEMO_STEP_FAILED',
            `demo steps failed: ${failed.map((s) => `${s.step} (${s.detail})`).join('; ')}`,
          );
      } finally {
        progress.stop();
      }
    });
}
