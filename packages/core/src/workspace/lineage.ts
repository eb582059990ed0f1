/**
 * Lineage: the chain from a file felles wrote (or a run) back to the ingest runs and the extract
 * files behind it, read from the run manifests alone (`runs/<id>/manifest.json`), so that it
 * works while another felles process holds the workspace database.
 *
 * An output file is found by its SHA-256 among the outputs the manifests list; a file changed
 * after it was written is found by the run manifest id it records (CSV column, JSON and sidecar
 * metadata, Parquet and Arrow metadata, the XLSX metadata sheet, the report's methods appendix).
 */
import { existsSync, statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../kernel/errors.js';
import { sha256File } from '../kernel/util/hash.js';
import type { ManifestInput, ManifestOutput, RunManifest } from './manifest.js';
import { readRunManifest } from './run-inputs.js';

/** One run in a lineage chain. */
export interface LineageRun {
  id: string;
  command: string;
  status: RunManifest['status'];
  startedAt: string;
  toolVersion: string;
  /** Steps from the target run (0 = the target run itself). */
  depth: number;
  /** The runs that read this one, and what they read of it. */
  readBy: Array<{ run: string; read: string[] }>;
  definitions: RunManifest['definitions'];
  codelists: RunManifest['codelists'];
  ssbTables: RunManifest['ssbTables'];
  /** False when `runs/<id>/manifest.json` is missing (the chain stops there). */
  found: boolean;
}

/** A file an ingest run (or the target run itself) read directly. */
export interface LineageFile extends ManifestInput {
  /** The run that read it. */
  readBy: string;
  /** With `verify`: whether the file is still there with the same SHA-256. */
  now?: 'unchanged' | 'changed' | 'missing';
}

/** The whole chain. */
export interface Lineage {
  target: {
    /** What was asked for: a run id or a file path. */
    query: string;
    kind: 'run' | 'file';
    path?: string;
    sha256?: string;
    /** How the run was found: by the file's hash, by the run id recorded in it, or by run id. */
    foundBy: 'hash' | 'manifest-id' | 'run-id';
    /** The file differs from what the run wrote (found by the id recorded in it). */
    changed?: boolean;
  };
  runs: LineageRun[];
  files: LineageFile[];
}

const RUN_ID = /\b\d{8}T\d{9}Z-[0-9a-f]{4}\b/g;

async function allManifests(runsDir: string): Promise<RunManifest[]> {
  if (!existsSync(runsDir)) return [];
  const out: RunManifest[] = [];
  for (const id of (await readdir(runsDir)).sort()) {
    const m = await readRunManifest(runsDir, id);
    if (m) out.push(m);
  }
  return out;
}

/** Older manifests listed outputs as bare paths. */
function outputsOf(m: RunManifest): ManifestOutput[] {
  return (m.outputs as Array<ManifestOutput | string>).map((o) =>
    typeof o === 'string' ? { path: o } : o,
  );
}

/** Run ids recorded in a file: read as text (first 64 MB), or an XLSX workbook's metadata sheet. */
async function recordedRunIds(file: string): Promise<string[]> {
  const fh = await open(file, 'r');
  let text: string;
  try {
    const size = Math.min(statSync(file).size, 64 * 1024 * 1024);
    const buf = Buffer.alloc(size);
    await fh.read(buf, 0, size, 0);
    text = buf.toString('latin1');
  } finally {
    await fh.close();
  }
  const ids = new Set(text.match(RUN_ID) ?? []);
  if (ids.size === 0 && text.startsWith('PK')) {
    try {
      const { default: ExcelJS } = await import('exceljs');
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      wb.getWorksheet('metadata')?.eachRow((row) => {
        for (const v of String(row.getCell(2).value ?? '').match(RUN_ID) ?? []) ids.add(v);
      });
    } catch {
      // not a workbook: nothing recorded
    }
  }
  return [...ids];
}

/** Find the run that wrote `file` (see the module comment). */
async function runOfFile(
  file: string,
  manifests: RunManifest[],
): Promise<{
  run: RunManifest;
  sha256: string;
  foundBy: 'hash' | 'manifest-id';
  changed: boolean;
}> {
  const abs = resolve(file);
  const { sha256 } = await sha256File(abs);
  const byHash = manifests.filter((m) => outputsOf(m).some((o) => o.sha256 === sha256));
  const hit =
    byHash.find((m) => outputsOf(m).some((o) => o.sha256 === sha256 && o.path === abs)) ??
    byHash.at(-1);
  if (hit) return { run: hit, sha256, foundBy: 'hash', changed: false };
  const ids = await recordedRunIds(abs);
  const recorded = manifests.filter((m) => ids.includes(m.id));
  const run = recorded.find((m) => outputsOf(m).some((o) => o.path === abs)) ?? recorded.at(-1);
  if (run) return { run, sha256, foundBy: 'manifest-id', changed: true };
  throw new UsageError(
    'LINEAGE_NOT_FOUND',
    `no run of this workspace wrote ${abs}: no run manifest lists its SHA-256 (${sha256.slice(0, 12)}…) and it records no run id of this workspace. Is it from another workspace? Name that one with --workspace`,
    { file: abs, sha256 },
  );
}

/**
 * The lineage of `target` — a run id of the workspace in `dir`, or a file — back to the extract
 * files. With `verify`, every file read directly by a run in the chain is hashed again and marked
 * `unchanged`, `changed` or `missing`.
 *
 * @throws UsageError `LINEAGE_NOT_FOUND` when neither a run nor a file of that name is known.
 */
export async function lineage(
  dir: string,
  target: string,
  options: { verify?: boolean } = {},
): Promise<Lineage> {
  const runsDir = join(resolve(dir), 'runs');
  const manifests = await allManifests(runsDir);
  const byId = new Map(manifests.map((m) => [m.id, m]));
  let start: RunManifest;
  let head: Lineage['target'];
  const asRun = byId.get(target.trim());
  if (asRun) {
    start = asRun;
    head = { query: target, kind: 'run', foundBy: 'run-id' };
  } else if (existsSync(target) && statSync(target).isFile()) {
    const f = await runOfFile(target, manifests);
    start = f.run;
    head = {
      query: target,
      kind: 'file',
      path: resolve(target),
      sha256: f.sha256,
      foundBy: f.foundBy,
      ...(f.changed ? { changed: true } : {}),
    };
  } else {
    throw new UsageError(
      'LINEAGE_NOT_FOUND',
      `"${target}" is neither a run of this workspace (runs/<id>) nor a file; give a file felles wrote or a run id`,
      { target },
    );
  }
  const runs = new Map<string, LineageRun>();
  const queue: Array<{ id: string; depth: number; from?: string; read?: string[] }> = [
    { id: start.id, depth: 0 },
  ];
  while (queue.length) {
    const q = queue.shift()!;
    const seen = runs.get(q.id);
    if (seen) {
      if (q.from) seen.readBy.push({ run: q.from, read: q.read ?? [] });
      continue;
    }
    const m = byId.get(q.id);
    runs.set(q.id, {
      id: q.id,
      command: m?.command ?? '?',
      status: m?.status ?? 'failed',
      startedAt: m?.startedAt ?? '',
      toolVersion: m?.toolVersion ?? '',
      depth: q.depth,
      readBy: q.from ? [{ run: q.from, read: q.read ?? [] }] : [],
      definitions: m?.definitions ?? [],
      codelists: m?.codelists ?? [],
      ssbTables: m?.ssbTables ?? [],
      found: m !== undefined,
    });
    if (!m) continue;
    const refs = new Map((m.inputRuns ?? []).map((r) => [r.id, r.read]));
    // Manifests that list workspace files without inputRuns still name the loading run.
    for (const i of m.inputs) if (i.run && !refs.has(i.run)) refs.set(i.run, [i.path]);
    for (const [id, read] of refs) queue.push({ id, depth: q.depth + 1, from: m.id, read });
  }
  const files: LineageFile[] = [];
  for (const r of runs.values()) {
    for (const i of byId.get(r.id)?.inputs ?? []) {
      if (i.run) continue; // read through the workspace: listed under the run that loaded it
      const f: LineageFile = { ...i, readBy: r.id };
      if (options.verify) {
        const h = existsSync(i.path) ? await sha256File(i.path).catch(() => undefined) : undefined;
        f.now = !h ? 'missing' : h.sha256 === i.sha256 ? 'unchanged' : 'changed';
      }
      files.push(f);
    }
  }
  return { target: head, runs: [...runs.values()], files };
}
