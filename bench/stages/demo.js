// Demo benchmark: `felles demo` end to end, in this process so that the peak memory is the
// demo's — generate the demo extracts, load them through the real ingest path, run the cohorts
// and indicators, and write the 19 HTML reports (as the CLI's demo command does: the indicators
// computed by the demo are handed to the report, and no PNGs are written). The target is
// under 3 minutes on a 2-core machine. Runs only at scale `demo`; the workspace it leaves in
// <workDir>/demo-ws is used by the `project` stage.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

export const description =
  'felles demo end to end: generate, ingest, cohorts, indicators, 19 reports';

/** @param {{ scale: string, workDir: string, core: any, pipelines: any, log: (m: string) => void }} ctx */
export async function run({ scale, workDir, core, pipelines, log }) {
  if (scale !== 'demo') return { metrics: [], notes: ['the demo stage runs at scale demo only'] };
  const dir = join(workDir, 'demo-ws');
  const t0 = performance.now();
  const since = () => `${((performance.now() - t0) / 1000).toFixed(1)} s`;
  const progress = (e) =>
    e.phase !== 'update' && e.message && log(`${since()} ${e.stage}: ${e.message}`);
  const result = await pipelines.runDemo({ dir, progress });
  const tData = (performance.now() - t0) / 1000;
  const { writeReports } = pipelines;
  const ws = await core.Workspace.open(dir);
  let reports = 0;
  try {
    // As `felles demo` does: the indicators the demo computed are passed on, no PNGs.
    const rep = await writeReports(ws, {
      hf: 'all',
      overwrite: true,
      png: false,
      ...(result.indicators ? { precomputedIndicators: result.indicators } : {}),
      progress,
    });
    reports = Object.keys(rep.reports).length;
  } finally {
    ws.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  const failed = result.steps
    .filter((s) => s.status === 'failed')
    .map((s) => `${s.step}: ${s.detail}`);
  return {
    metrics: [
      {
        name: 'extracts, ingest, cohorts, indicators',
        value: Math.round(tData * 10) / 10,
        unit: 's',
      },
      { name: 'reports (19)', value: Math.round((seconds - tData) * 10) / 10, unit: 's' },
      { name: 'reports written', value: reports },
      { name: 'target', value: 180, unit: 's' },
    ],
    notes: [`workspace ${dir}`, ...failed.map((f) => `FAILED ${f}`)],
  };
}
