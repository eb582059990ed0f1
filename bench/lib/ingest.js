// Load a whole generated data set into a fresh workspace the way the CLI does: `felles init`,
// `felles ingest population` and `… projection` (the SSB-shaped CSVs), then `felles ingest <kind>`
// for every registry kind (ingestRegistry), from the Parquet extracts or their CSV copies.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { REGISTRY_KINDS, inputFiles, requireManifest } from './synth.js';
import { freshWorkspace, profileNotes, profiled } from './workspace.js';

export async function ingestAll(ctx, format, wsName, { removeAfter = false } = {}) {
  const { core, log } = ctx;
  const manifest = requireManifest(ctx);
  const files = inputFiles(ctx.workDir, manifest, format);
  const byRole = Object.fromEntries(files.map((f) => [f.role, f.path]));
  const metrics = [];
  const t0 = performance.now();
  let t = t0;
  const lap = () => {
    const now = performance.now();
    const s = (now - t) / 1000;
    t = now;
    return s;
  };
  const ws = await freshWorkspace(ctx, wsName);
  metrics.push({ name: 'init workspace', value: lap(), unit: 's' });
  const progress = (kind) => (e) => e.phase === 'log' && e.message && log(`${kind}: ${e.message}`);
  let rowsRead = 0;
  let rejected = 0;
  let registrySeconds = 0;
  let slowest = [];
  try {
    const p = await profiled(ws, async () => {
      if (byRole.population) {
        log('population');
        const r = await core.ingestPopulation(ws, [byRole.population], {
          progress: progress('population'),
        });
        const n = r.files.reduce((s, f) => s + Number(f.rowsWritten ?? 0), 0);
        metrics.push(
          { name: 'population', value: lap(), unit: 's' },
          { name: 'population rows', value: n },
        );
      }
      if (byRole.projection) {
        log('projection');
        const r = await core.ingestProjection(ws, [byRole.projection], {
          progress: progress('projection'),
          tableId: core.DEMO_PROJECTION_TABLE,
          vintage: core.DEMO_PROJECTION_BASE,
        });
        const n = r.files.reduce((s, f) => s + Number(f.rowsWritten ?? 0), 0);
        metrics.push(
          { name: 'projection', value: lap(), unit: 's' },
          { name: 'projection rows', value: n },
        );
      }
      for (const [kind, roles] of REGISTRY_KINDS) {
        const paths = roles.map((r) => byRole[r]).filter(Boolean);
        if (!paths.length) continue;
        log(`${kind} (${paths.length} file${paths.length > 1 ? 's' : ''})`);
        const r = await core.ingestRegistry(ws, kind, paths, { progress: progress(kind) });
        const s = lap();
        registrySeconds += s;
        const read = r.files.reduce((a, f) => a + f.rowsRead, 0);
        rowsRead += read;
        rejected += r.files.reduce((a, f) => a + f.rowsRejected, 0);
        metrics.push(
          { name: kind, value: s, unit: 's' },
          { name: `${kind} rate`, value: Math.round(read / s), unit: 'rows/s' },
        );
        if (kind === 'npr')
          metrics.push({ name: 'hospital stays built', value: r.derived.hospital_stay ?? 0 });
      }
    });
    slowest = p.slowest;
  } finally {
    ws.close();
  }
  const seconds = (performance.now() - t0) / 1000;
  metrics.push(
    { name: 'registry kinds only (no SSB files)', value: registrySeconds, unit: 's' },
    { name: 'registry rows read', value: rowsRead },
    { name: 'rows rejected', value: rejected },
  );
  const notes = [`workspace ${join(ctx.workDir, wsName)}`, ...profileNotes(slowest)];
  if (removeAfter) {
    await rm(join(ctx.workDir, wsName), { recursive: true, force: true });
    notes[0] = `workspace ${join(ctx.workDir, wsName)} (removed afterwards; --keep keeps it)`;
  }
  return { seconds, rows: rowsRead, metrics, notes };
}
