// Ingest from Parquet: a fresh workspace (<workDir>/ws-parquet), the SSB-shaped population and
// projection files, then every registry kind from the generator's Parquet extracts, through the
// functions `felles ingest …` uses. Every later stage reads this workspace. Issue 10's target at
// national scale, 1 year: ≤ 3 minutes.
import { ingestAll } from '../lib/ingest.js';
import { WS_PARQUET } from '../lib/workspace.js';

export const description = 'ingest population, projection and every registry kind from Parquet';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  return ingestAll(ctx, 'parquet', WS_PARQUET);
}
