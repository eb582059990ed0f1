// Scan floor of the input files: for every file the ingest stages read (the generator's Parquet
// extracts, their native-CSV copies, the SSB-shaped population and projection CSVs), the time
// DuckDB takes for `SELECT count(*)` and one GROUP BY. Makes the CSV copies first (not timed).
// Writes <workDir>/floor.json; bench/run.js divides stage times by these floors.
import { basename, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileSource, scanOnce, writeFloors } from '../lib/floor.js';
import { duckdbOptions, ensureCsvCopies, inputFiles, requireManifest } from '../lib/synth.js';

export const description = 'scan floor: count(*) and one GROUP BY per input file (Parquet and CSV)';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const manifest = requireManifest(ctx);
  const convertSeconds = await ensureCsvCopies(ctx, manifest);
  const db = await ctx.core.Db.open(
    ':memory:',
    duckdbOptions(ctx, join(ctx.workDir, '.floor-tmp')),
  );
  const t0 = performance.now();
  const sets = {};
  try {
    for (const format of ['parquet', 'csv']) {
      sets[format] = [];
      for (const f of inputFiles(ctx.workDir, manifest, format)) {
        const source = fileSource(ctx.core.sql, f);
        const cols = await db.columns(`SELECT * FROM ${source}`);
        const r = await scanOnce(db, source, cols, ctx.core.sql);
        ctx.log(
          `${basename(f.path)}: ${r.rows} rows, ${r.seconds.toFixed(2)} s (group by ${r.groupBy})`,
        );
        sets[format].push({ input: basename(f.path), role: f.role, format: f.format, ...r });
      }
    }
  } finally {
    db.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  writeFloors(ctx.workDir, sets);
  const total = (set) => set.reduce((s, x) => s + x.seconds, 0);
  const rows = (set) => set.reduce((s, x) => s + x.rows, 0);
  return {
    seconds,
    rows: rows(sets.parquet) + rows(sets.csv),
    metrics: [
      { name: 'floor, Parquet extracts + SSB CSVs', value: total(sets.parquet), unit: 's' },
      { name: 'floor, CSV extracts + SSB CSVs', value: total(sets.csv), unit: 's' },
      { name: 'CSV copies made (not timed)', value: convertSeconds, unit: 's' },
    ],
    floor: sets,
    notes: [],
  };
}
