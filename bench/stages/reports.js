// Reports: the 19 HTML steering reports and the index, as `felles report --hf all` does
// (writeReports from the built pipelines package: Norwegian, no Monte Carlo, PNG figures, projection and
// indicators sections), into <workspace>/out/report.
import { performance } from 'node:perf_hooks';
import { openWorkspace, profileNotes, profiled } from '../lib/workspace.js';

export const description = 'felles report --hf all: the 19 reports';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const { writeReports } = ctx.pipelines;
  const ws = await openWorkspace(ctx);
  try {
    const t0 = performance.now();
    const { result, slowest } = await profiled(ws, () =>
      writeReports(ws, {
        hf: 'all',
        // A bench work folder is run again and again: the reports of the last run are replaced.
        overwrite: true,
        lang: 'nb',
        runs: 0,
        progress: (e) => e.phase !== 'update' && e.message && ctx.log(`${e.stage}: ${e.message}`),
      }),
    );
    const seconds = (performance.now() - t0) / 1000;
    return {
      seconds,
      metrics: [
        { name: 'reports written', value: Object.keys(result.reports).length },
        { name: 'figures', value: result.figures },
        { name: 'table files', value: result.tables.length },
      ],
      notes: [
        `reports in ${result.outDir}`,
        ...Object.entries(result.unavailable).map(([s, r]) => `unavailable ${s}: ${r}`),
        ...profileNotes(slowest),
      ],
    };
  } finally {
    ws.close();
  }
}
