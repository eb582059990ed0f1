import type { Db } from '../kernel/db.js';
import { UsageError } from '../kernel/errors.js';
import { inList } from '../kernel/sql.js';
import { forgetTimePoints } from './registry/npr-time.js';

/**
 * Every table whose rows come from a loaded file, with the columns that name the file
 * (`ingest_file.file_id`). Removing a file removes its rows from each; `reject` and `ingest_file`
 * come last.
 */
export const FILE_TABLES: ReadonlyArray<{ table: string; columns: readonly string[] }> = [
  { table: 'specialist_episode', columns: ['file_id'] },
  { table: 'primary_contact', columns: ['file_id', 'diag_file_id', 'fee_file_id'] },
  { table: 'municipal_service', columns: ['file_id'] },
  { table: 'function_assessment', columns: ['file_id'] },
  { table: 'dental_record', columns: ['file_id'] },
  { table: 'link_row', columns: ['file_id'] },
  { table: 'population', columns: ['file_id'] },
  { table: 'population_district', columns: ['file_id'] },
  { table: 'population_projection', columns: ['file_id'] },
  { table: 'reject', columns: ['file_id'] },
  { table: 'ingest_file', columns: ['file_id'] },
];

/** One row of `ingest_file`: a file loaded by a run, with its reconciliation. */
export interface IngestFileRow {
  fileId: number;
  runId: string;
  /** Registry kind (`npr`, `kpr-claims`, …) or `ssb-population`, `ssb-population-district`, `ssb-projection`. */
  kind: string;
  path: string;
  sha256: string;
  bytes: number;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
}

/** A file already in the workspace. */
export interface LoadedFile {
  fileId: number;
  runId: string;
  kind: string;
  path: string;
  sha256: string;
  loadedAt: string;
}

/** A new file id (`ingest_file_seq`). */
export async function nextFileId(db: Db): Promise<number> {
  return Number(await db.value(`SELECT nextval('ingest_file_seq')`));
}

/** Write the `ingest_file` row of a loaded file (the one writer of that table). */
export async function recordIngestFile(db: Db, r: IngestFileRow): Promise<void> {
  await db.run(
    `INSERT INTO ingest_file (file_id, run_id, kind, path, sha256, bytes, rows_read, rows_loaded, rows_rejected, loaded_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, now()::TIMESTAMP)`,
    [
      r.fileId,
      r.runId,
      r.kind,
      r.path,
      r.sha256,
      r.bytes,
      r.rowsRead,
      r.rowsLoaded,
      r.rowsRejected,
    ],
  );
}

/** The loaded files with one of these hashes (any kind), oldest first. */
export async function findLoaded(db: Db, sha256s: readonly string[]): Promise<LoadedFile[]> {
  if (!sha256s.length) return [];
  const rows = await db.all<{
    file_id: number;
    run_id: string;
    kind: string;
    path: string;
    sha256: string;
    loaded_at: string;
  }>(
    `SELECT file_id, run_id, kind, path, sha256, strftime(loaded_at, '%Y-%m-%d %H:%M') AS loaded_at
     FROM ingest_file WHERE sha256 IN ${inList([...sha256s])} ORDER BY file_id`,
  );
  return rows.map((r) => ({
    fileId: Number(r.file_id),
    runId: r.run_id,
    kind: r.kind,
    path: r.path,
    sha256: r.sha256,
    loadedAt: r.loaded_at,
  }));
}

/**
 * The "already loaded" check of every load: the files (by SHA-256) already in the workspace.
 * Without `replace` the first one is refused with `ALREADY_LOADED` (exit 2) before anything
 * changes; with it, the earlier loads are returned for the caller to remove in its transaction.
 */
export async function checkAlreadyLoaded(
  db: Db,
  files: ReadonlyArray<{ path: string; sha256: string }>,
  replace: boolean,
): Promise<LoadedFile[]> {
  const seen = new Map<string, string>();
  for (const f of files) {
    const twin = seen.get(f.sha256);
    if (twin !== undefined)
      throw new UsageError(
        'DUPLICATE_FILE',
        `${f.path} has the same content as ${twin}, given in the same command; give each file once`,
        { file: f.path },
      );
    seen.set(f.sha256, f.path);
  }
  const prior = await findLoaded(
    db,
    files.map((f) => f.sha256),
  );
  if (prior.length && !replace) {
    const p = prior[0]!;
    const file = files.find((f) => f.sha256 === p.sha256)!.path;
    throw new UsageError(
      'ALREADY_LOADED',
      `${file} is already loaded (same content as ${p.path}, loaded ${p.loadedAt} as ${p.kind}, file id ${p.fileId}); nothing was changed. Pass --replace to load it again in place of the earlier load, or take it out with: felles ingest remove ${file}`,
      { file, fileId: p.fileId },
    );
  }
  return prior;
}

/**
 * The files loaded together with these as one `kpr-claims` call (bills + diagnoses + fees): a
 * claim row folds in all three, so they are removed or replaced together.
 */
export async function withClaimGroups(db: Db, fileIds: readonly number[]): Promise<number[]> {
  const ids = new Set<number>(fileIds);
  if (!ids.size) return [];
  const list = inList([...ids]);
  const rows = await db.all<{ a: number; b: number | null; c: number | null }>(
    `SELECT DISTINCT file_id AS a, diag_file_id AS b, fee_file_id AS c FROM primary_contact
     WHERE file_id IN ${list} OR diag_file_id IN ${list} OR fee_file_id IN ${list}`,
  );
  for (const r of rows) for (const x of [r.a, r.b, r.c]) if (x !== null) ids.add(Number(x));
  return [...ids].sort((x, y) => x - y);
}

/** Delete every row these files put in the workspace, their rejects and their `ingest_file` rows. */
export async function dropFiles(db: Db, fileIds: readonly number[]): Promise<void> {
  if (!fileIds.length) return;
  const list = inList(fileIds);
  for (const { table, columns } of FILE_TABLES) {
    await db.run(
      `DELETE FROM ${table} WHERE ${columns.map((c) => `${c} IN ${list}`).join(' OR ')}`,
    );
  }
}

/**
 * Take loaded files out (for `replace` and `felles ingest remove`): a KUHR claim set goes whole,
 * discharge-ready times set by NPR time-point files are put back, then every row of the files is
 * deleted. Returns the file ids removed. The caller rebuilds the derived tables.
 */
export async function removeLoaded(db: Db, fileIds: readonly number[]): Promise<number[]> {
  const ids = await withClaimGroups(db, fileIds);
  await forgetTimePoints(db, ids);
  await dropFiles(db, ids);
  return ids;
}
