// Scan floor of the workspace: for each canonical table the stages after ingest read
// (specialist_episode, primary_contact, …, population), the time DuckDB takes for
// `SELECT count(*)` and one GROUP BY, on the ingest-parquet workspace opened read-only with the
// same DuckDB settings the stages get. Adds `workspace` to <workDir>/floor.json.
import { performance } from 'node:perf_hooks';
import { WORKSPACE_TABLES, scanOnce, writeFloors } from '../lib/floor.js';
import { openWorkspace } from '../lib/workspace.js';

export const description = 'scan floor: count(*) and one GROUP BY per workspace table';

/** @param {import('../run.js').StageContext} ctx */
export async function run(ctx) {
  const ws = await openWorkspace(ctx, { readOnly: true });
  const set = [];
  const t0 = performance.now();
  try {
    const present = new Set(
      (await ws.db.all(`SELECT table_name FROM duckdb_tables()`)).map((r) => String(r.table_name)),
    );
    for (const t of WORKSPACE_TABLES) {
      if (!present.has(t)) continue;
      const cols = (
        await ws.db.all(`SELECT column_name FROM duckdb_columns() WHERE table_name = $1`, [t])
      ).map((r) => String(r.column_name));
      const r = await scanOnce(ws.db, ctx.core.sql.ident(t), cols, ctx.core.sql);
      ctx.log(`${t}: ${r.rows} rows, ${r.seconds.toFixed(2)} s (group by ${r.groupBy})`);
      set.push({ input: t, format: 'table', ...r });
    }
  } finally {
    ws.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  writeFloors(ctx.workDir, { workspace: set });
  return {
    seconds,
    rows: set.reduce((s, x) => s + x.rows, 0),
    metrics: [{ name: 'floor, all workspace tables', value: seconds, unit: 's' }],
    floor: { workspace: set },
    notes: [],
  };
}
