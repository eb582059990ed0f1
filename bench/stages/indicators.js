// Indicators: the whole catalogue for the last year with data at every geography level, as
// `felles indicators run --year <year>` does (runIndicators: compute, compare, disclose; no files).
// Issue 10's target at national scale, 1 year: ≤ 1 minute.
import { performance } from 'node:perf_hooks';
import { openWorkspace, profileNotes, profiled } from '../lib/workspace.js';

export const description = 'felles indicators run: the whole catalogue, every level, last year';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const { core, log } = ctx;
  const ws = await openWorkspace(ctx);
  try {
    const t0 = performance.now();
    const { result, slowest } = await profiled(ws, async () => {
      const year = await core.latestDataYear(ws.db);
      log(`indicators for ${year}`);
      const res = await core.runIndicators(ws, {
        years: [year],
        peers: 0,
        progress: (e) => e.phase === 'log' && e.message && log(e.message),
      });
      return { year, res };
    });
    const seconds = (performance.now() - t0) / 1000;
    const items = result.res.indicators;
    return {
      seconds,
      metrics: [
        { name: 'year', value: result.year },
        { name: 'indicators', value: items.length },
        { name: 'with a table', value: items.filter((i) => i.table).length },
        { name: 'result rows', value: items.reduce((s, i) => s + i.rows, 0) },
      ],
      notes: profileNotes(slowest),
    };
  } finally {
    ws.close();
  }
}
