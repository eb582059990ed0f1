// Projection benchmark: `felles project --hf all --to 2040` for all 19 communities with every
// alternative of the loaded projection, deterministic, and then with Monte Carlo runs. Uses the
// workspace the `demo` stage left (scale demo); issue 7 asks for the deterministic run in under a
// minute on a 2-core machine.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const description = 'project all 19 communities to 2040 (deterministic, then Monte Carlo)';

/** @param {{ scale: string, workDir: string, core: any, log: (m: string) => void }} ctx */
export async function run({ scale, workDir, core, log }) {
  const dir = join(workDir, 'demo-ws');
  if (!existsSync(join(dir, 'felles.json'))) {
    return {
      metrics: [],
      notes: [`no demo workspace in ${dir} (run with the demo stage, scale demo; now: ${scale})`],
    };
  }
  const runs = Number(process.env.FELLES_BENCH_MC_RUNS ?? 200);
  const ws = await core.Workspace.open(dir, { readOnly: true });
  try {
    let t0 = performance.now();
    const det = await core.project(ws, { areas: 'all', horizon: 2040 });
    const detSeconds = (performance.now() - t0) / 1000;
    log(`deterministic: ${detSeconds.toFixed(1)} s`);
    t0 = performance.now();
    await core.project(ws, { areas: 'all', horizon: 2040, runs, seed: 1 });
    const mcSeconds = (performance.now() - t0) / 1000;
    log(`Monte Carlo (${runs} runs): ${mcSeconds.toFixed(1)} s`);
    const areas = new Set(det.series.map((r) => r.area_code)).size;
    const alternatives = [...new Set(det.series.map((r) => r.alternative))].sort();
    return {
      metrics: [
        {
          name: 'deterministic, all areas to 2040',
          value: Math.round(detSeconds * 10) / 10,
          unit: 's',
        },
        { name: `Monte Carlo, ${runs} runs`, value: Math.round(mcSeconds * 10) / 10, unit: 's' },
        { name: 'areas', value: areas },
        { name: 'target deterministic (issue 7)', value: 60, unit: 's' },
      ],
      notes: [
        `alternatives: ${alternatives.join(', ')}; service lines: ${new Set(det.series.map((r) => r.line_id)).size}`,
      ],
    };
  } finally {
    ws.close();
  }
}
