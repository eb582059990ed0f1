// Projections on the workspace the `demo` stage leaves (<workDir>/demo-ws, scale demo):
// `node bench/run.js --stage demo --stage project`. The same work as the `projections` stage
// (all 19 communities to 2040, every alternative, deterministic, then 1000 Monte Carlo runs),
// which runs on the bench's own ingest-parquet workspace at any scale.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { projectAll } from '../lib/projection.js';

export const description = 'projections on the demo stage workspace (use with --stage demo)';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const dir = join(ctx.workDir, 'demo-ws');
  if (!existsSync(join(dir, 'felles.json'))) {
    return {
      metrics: [],
      notes: [
        `no demo workspace in ${dir} (run with the demo stage, scale demo; now: ${ctx.scale})`,
      ],
    };
  }
  const ws = await ctx.core.Workspace.open(dir, { readOnly: true });
  try {
    return await projectAll(ctx, ws);
  } finally {
    ws.close();
  }
}
