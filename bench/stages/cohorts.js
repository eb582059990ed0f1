// Cohorts: every built-in cohort for the last year with data, as `felles cohorts run` does
// (runCohorts publishing the disclosed counts per helsefellesskap and the attrition). Issue 10's target
// at national scale, 1 year: ≤ 1 minute.
import { performance } from 'node:perf_hooks';
import { openWorkspace, profileNotes, profiled } from '../lib/workspace.js';

export const description = 'felles cohorts run: all built-in cohorts, last year';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const { core, log } = ctx;
  const ws = await openWorkspace(ctx);
  try {
    const t0 = performance.now();
    const { result, slowest } = await profiled(ws, async () => {
      const year = await core.latestDataYear(ws.db);
      log(`cohorts for ${year}`);
      const res = await core.runCohorts(ws, {
        years: [year],
        // counts per helsefellesskap and the attrition, disclosed and recorded with the run
        publish: { level: 'helsefellesskap', bySex: false, byAge: false },
        progress: (e) => e.phase === 'log' && e.message && log(e.message),
      });
      return { year, res, countRows: res.published.counts.rows.length };
    });
    const seconds = (performance.now() - t0) / 1000;
    const members = result.res.cohorts.reduce((s, c) => s + (c.members[result.year] ?? 0), 0);
    return {
      seconds,
      metrics: [
        { name: 'year', value: result.year },
        { name: 'cohorts run', value: result.res.cohorts.length },
        { name: 'cohorts skipped', value: result.res.skipped.length },
        { name: 'members (all cohorts)', value: members },
      ],
      notes: [
        ...result.res.skipped.map((s) => `skipped ${s.id}: ${s.reason}`),
        ...profileNotes(slowest),
      ],
    };
  } finally {
    ws.close();
  }
}
