import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { UsageError } from '../kernel/errors.js';
import { inList } from '../kernel/sql.js';
import { noProgress, type ProgressFn } from '../kernel/util/progress.js';
import type { Workspace } from '../workspace/workspace.js';
import { FILE_TABLES, removeLoaded, withClaimGroups, type LoadedFile } from './ingest-file.js';
import { inspectFile } from './inspect.js';
import { rebuildDerived, type DerivedCounts } from './registry/derive.js';
import { REGISTRY_KINDS, type RegistryKind } from './registry/profile.js';
import { intakeRun } from './run.js';

/** Options of {@link removeIngested}. */
export interface RemoveOptions {
  progress?: ProgressFn;
}

/** One file taken out of the workspace. */
export interface RemovedFile {
  fileId: number;
  kind: string;
  path: string;
  sha256: string;
  /** Rows removed per table (its rejects under `reject`). */
  rows: Record<string, number>;
}

/** What {@link removeIngested} did. */
export interface RemoveResult {
  runId: string;
  removed: RemovedFile[];
  /** Rows of the derived tables after the removal. */
  derived: DerivedCounts;
}

/**
 * Take loaded files out of the workspace again, in one transaction and one run manifest: every
 * row each file put in a table, its rejects and its `ingest_file` row are deleted (a KUHR claim
 * set — bills, diagnoses, fees — goes as a whole; discharge-ready times set by an NPR time-point
 * file are put back), and `person`, `residence`, `hospital_stay` and `person_link` are rebuilt
 * from what is left. A file is named by its path: a file that exists is found by its content
 * (SHA-256), one that no longer exists by the path it was loaded from.
 *
 * Throws `UsageError` `NOT_LOADED` (nothing in the workspace matches) before anything changes.
 */
export async function removeIngested(
  ws: Workspace,
  targets: string[],
  options: RemoveOptions = {},
): Promise<RemoveResult> {
  if (!targets.length) throw new UsageError('NO_FILES', 'name at least one loaded file to remove');
  const progress = options.progress ?? noProgress;
  const { result } = await intakeRun(ws, 'ingest remove', { files: targets }, async (run) => {
    const found = await findTargets(ws, targets);
    const ids = await withClaimGroups(
      ws.db,
      found.map((f) => f.fileId),
    );
    const files = await describe(ws, ids);
    return ws.db.transaction(async () => {
      for (const f of files)
        progress({ stage: 'ingest remove', phase: 'log', message: `removing ${f.path}` });
      await removeLoaded(ws.db, ids);
      const kinds = [...new Set(files.map((f) => f.kind))].filter((k): k is RegistryKind =>
        (REGISTRY_KINDS as readonly string[]).includes(k),
      );
      const derived = kinds.length
        ? await rebuildDerived({ db: ws.db, config: ws.config }, kinds)
        : {};
      run.manifest['removed'] = files;
      for (const f of files) {
        run.note(`removed ${f.path} (${f.kind}, file id ${f.fileId}, SHA-256 ${f.sha256})`);
        for (const [t, n] of Object.entries(f.rows)) run.count(`removed.${t}`, n);
      }
      for (const [k, v] of Object.entries(derived)) run.count(k, v);
      progress({
        stage: 'ingest remove',
        phase: 'end',
        message: `${files.length} file(s) removed`,
      });
      return { runId: run.id, removed: files, derived };
    });
  });
  return result;
}

/** The loaded files each target names (by content if it exists, else by the path it had). */
async function findTargets(ws: Workspace, targets: string[]): Promise<LoadedFile[]> {
  const out: LoadedFile[] = [];
  for (const t of targets) {
    const abs = resolve(t);
    let where: string;
    let param: string;
    if (existsSync(abs) && statSync(abs).isFile()) {
      where = 'sha256 = $1';
      param = (await inspectFile(abs)).sha256;
    } else if (existsSync(abs)) {
      throw new UsageError('NOT_A_FILE', `${abs} is a folder, not a loaded file`, { file: abs });
    } else {
      where = 'path = $1';
      param = abs;
    }
    const rows = await ws.db.all<{
      file_id: number;
      run_id: string;
      kind: string;
      path: string;
      sha256: string;
      loaded_at: string;
    }>(
      `SELECT file_id, run_id, kind, path, sha256, loaded_at::VARCHAR AS loaded_at FROM ingest_file WHERE ${where} ORDER BY file_id`,
      [param],
    );
    if (!rows.length)
      throw new UsageError(
        'NOT_LOADED',
        existsSync(abs)
          ? `${abs} is not loaded in this workspace (no loaded file has its content); nothing was changed`
          : `${abs}: no such file, and no file was loaded from that path; nothing was changed`,
        { file: abs },
      );
    for (const r of rows)
      out.push({
        fileId: Number(r.file_id),
        runId: r.run_id,
        kind: r.kind,
        path: r.path,
        sha256: r.sha256,
        loadedAt: r.loaded_at,
      });
  }
  return out;
}

/** The files to remove with the rows they hold in every table. */
async function describe(ws: Workspace, ids: number[]): Promise<RemovedFile[]> {
  const files = await ws.db.all<{ file_id: number; kind: string; path: string; sha256: string }>(
    `SELECT file_id, kind, path, sha256 FROM ingest_file WHERE file_id IN ${inList(ids)} ORDER BY file_id`,
  );
  const out: RemovedFile[] = [];
  for (const f of files) {
    const rows: Record<string, number> = {};
    for (const { table, columns } of FILE_TABLES) {
      if (table === 'ingest_file') continue;
      const n = Number(
        await ws.db.value(`SELECT count(*) FROM ${table} WHERE ${columns[0]} = $1`, [
          Number(f.file_id),
        ]),
      );
      if (n) rows[table] = n;
    }
    out.push({ fileId: Number(f.file_id), kind: f.kind, path: f.path, sha256: f.sha256, rows });
  }
  return out;
}
