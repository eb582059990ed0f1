// Validate: the data-quality checks of `felles validate` (validateWorkspace) on the ingest-parquet
// workspace, opened read-only as the CLI does.
import { performance } from 'node:perf_hooks';
import { openWorkspace, profileNotes, profiled } from '../lib/workspace.js';

export const description = 'felles validate: every data-quality check on the workspace';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const ws = await openWorkspace(ctx, { readOnly: true });
  try {
    const t0 = performance.now();
    const { result, slowest } = await profiled(ws, () => ctx.core.validateWorkspace(ws));
    const seconds = (performance.now() - t0) / 1000;
    return {
      seconds,
      metrics: [
        { name: 'checks', value: result.results.length },
        { name: 'errors', value: result.errors },
        { name: 'warnings', value: result.warnings },
      ],
      notes: profileNotes(slowest),
    };
  } finally {
    ws.close();
  }
}
