// The bench workspaces (<workDir>/ws-parquet, the one every stage after ingest reads; and
// <workDir>/ws-csv) and --profile: the ten slowest statements of a stage.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';

export const WS_PARQUET = 'ws-parquet';
export const WS_CSV = 'ws-csv';

const MEMORY = /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i;

/** Remove an earlier bench workspace (only a folder that is one) and create a fresh one. */
export async function freshWorkspace(ctx, name) {
  const dir = join(ctx.workDir, name);
  if (existsSync(join(dir, 'felles.json'))) await rm(dir, { recursive: true, force: true });
  const config = ctx.memoryLimit ? { duckdb: { memoryLimit: ctx.memoryLimit } } : undefined;
  return ctx.core.Workspace.init(dir, config ? { config } : {});
}

/** Open the bench workspace the ingest-parquet stage made; `--memory-limit` applies here too. */
export async function openWorkspace(ctx, { readOnly = false, name = WS_PARQUET } = {}) {
  const dir = join(ctx.workDir, name);
  if (!existsSync(join(dir, 'felles.json')))
    throw new Error(`no bench workspace in ${dir}: run the ingest-parquet stage first`);
  const ws = await ctx.core.Workspace.open(dir, { readOnly });
  if (ctx.memoryLimit) {
    if (!MEMORY.test(ctx.memoryLimit)) throw new Error(`bad --memory-limit ${ctx.memoryLimit}`);
    await ws.db.exec(`SET memory_limit = '${ctx.memoryLimit}'`);
  }
  return ws;
}

/**
 * Run `fn` and, with --profile (FELLES_PROFILE=1), return the ten slowest statements: from the
 * manifests of the runs `fn` wrote (the workspace's own per-statement timings), and for
 * read-only work, which writes no run, from the connection's own profile.
 */
export async function profiled(ws, fn) {
  if (process.env.FELLES_PROFILE !== '1') return { result: await fn(), slowest: [] };
  const runsDir = join(ws.dir, 'runs');
  const list = () => (existsSync(runsDir) ? readdirSync(runsDir) : []);
  const before = new Set(list());
  const own = ws.readOnly && !ws.db.profiling;
  if (own) ws.db.startProfile();
  let result;
  let timings = [];
  try {
    result = await fn();
  } finally {
    if (own) timings = ws.db.stopProfile().map((t) => ({ ...t, run: '(read-only)' }));
  }
  for (const id of list()) {
    if (before.has(id)) continue;
    const f = join(runsDir, id, 'manifest.json');
    if (!existsSync(f)) continue;
    const m = JSON.parse(readFileSync(f, 'utf8'));
    for (const t of m.profile?.slowest ?? []) timings.push({ ...t, run: `${m.command} ${m.id}` });
  }
  return { result, slowest: timings.sort((a, b) => b.ms - a.ms).slice(0, 10) };
}

/** The slowest statements as result notes. */
export const profileNotes = (slowest) =>
  slowest.map((t, i) => `slow #${i + 1}: ${(t.ms / 1000).toFixed(2)} s [${t.run}] ${t.sql}`);
