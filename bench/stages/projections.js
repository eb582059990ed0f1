// Projections: all 19 helsefellesskap to 2040 with every alternative (deterministic), then 1000
// Monte Carlo runs, on the ingest-parquet workspace opened read-only (as `felles project` without
// --out). Issue 10's target at national scale, 1 year: deterministic ≤ 30 s.
import { projectAll } from '../lib/projection.js';
import { openWorkspace } from '../lib/workspace.js';

export const description =
  'felles project --hf all --to 2040: deterministic, then 1000 Monte Carlo runs';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const ws = await openWorkspace(ctx, { readOnly: true });
  try {
    return await projectAll(ctx, ws);
  } finally {
    ws.close();
  }
}
