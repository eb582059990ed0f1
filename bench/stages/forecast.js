// Forecasts: `felles forecast --hf all --horizon 12` (every monthly service line of all 19
// communities, each series backtested by rolling origin), on the demo stage's workspace when the
// work folder has one (<workDir>/demo-ws: five years, so every series has history), else on the
// bench workspace. Records the backtest summary the forecast prints: series with enough history,
// the share where the chosen method's MASE is below seasonal naive's, and the coverage of the 80 %
// and 95 % intervals over held-out months. Target at national scale: under 2 minutes.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { openWorkspace } from '../lib/workspace.js';

export const description = 'felles forecast --hf all --horizon 12 with its backtest';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const demo = join(ctx.workDir, 'demo-ws');
  const ws = existsSync(join(demo, 'felles.json'))
    ? await ctx.core.Workspace.open(demo, { readOnly: true })
    : await openWorkspace(ctx, { readOnly: true });
  try {
    const t0 = performance.now();
    const r = await ctx.pipelines.runForecast(ws, { hf: 'all', horizon: 12 });
    const seconds = (performance.now() - t0) / 1000;
    const chosen = r.tables.backtest.rows.filter(
      (x) => x.chosen === true && typeof x.relative_mase === 'number',
    );
    const held = chosen.reduce((s, x) => s + x.held_out, 0);
    const cover = (k) => chosen.reduce((s, x) => s + x[k] * x.held_out, 0) / held;
    const beats = chosen.filter((x) => x.relative_mase < 1).length;
    return {
      seconds,
      metrics: [
        { name: 'series', value: r.series.length },
        { name: 'series with enough history, shown', value: chosen.length },
        { name: 'chosen MASE below seasonal naive', value: beats / chosen.length, unit: 'share' },
        { name: '80 % interval coverage', value: cover('coverage80'), unit: 'share' },
        { name: '95 % interval coverage', value: cover('coverage95'), unit: 'share' },
        { name: 'target (national)', value: 120, unit: 's' },
      ],
      notes: [
        `workspace ${ws.dir}`,
        `methods chosen: ${['snaive', 'ets', 'combination'].map((m) => `${m} ${chosen.filter((x) => x.method === m).length}`).join(', ')}`,
      ],
    };
  } finally {
    ws.close();
  }
}
