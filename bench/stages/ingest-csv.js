// Ingest from native CSV: the same extracts as ingest-parquet, converted to `;`-separated CSV with
// DuckDB COPY beforehand (by the floor stage, or here when missing; the conversion is not timed),
// loaded into a second fresh workspace (<workDir>/ws-csv, removed afterwards unless --keep).
import { ingestAll } from '../lib/ingest.js';
import { ensureCsvCopies, requireManifest } from '../lib/synth.js';
import { WS_CSV } from '../lib/workspace.js';

export const description = 'ingest the same extracts from native CSV (conversion not timed)';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const convert = await ensureCsvCopies(ctx, requireManifest(ctx));
  const r = await ingestAll(ctx, 'csv', WS_CSV, { removeAfter: !ctx.keep });
  if (convert > 0)
    r.metrics.push({ name: 'CSV copies made (not timed)', value: convert, unit: 's' });
  return r;
}
