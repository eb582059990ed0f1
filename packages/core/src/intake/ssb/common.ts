import { basename } from 'node:path';
import type { Db } from '../../kernel/db.js';
import type { Workspace } from '../../workspace/workspace.js';
import { noProgress } from '../../kernel/util/progress.js';
import { UsageError, WorkspaceError } from '../../kernel/errors.js';
import { ident, inList } from '../../kernel/sql.js';
import type { RunRecorder } from '../../workspace/manifest.js';
import type { ProgressFn } from '../../kernel/util/progress.js';
import type { ReadSsbOptions } from './read.js';

/** Options shared by {@link ingestPopulation} and {@link ingestProjection}. */
export interface IngestSsbOptions extends ReadSsbOptions {
  /** Replace what an earlier load of the same file (or of the same cells) put in the workspace. */
  replace?: boolean;
  /** SSB table id when the file does not say (`07459`, `14288`, …). */
  tableId?: string;
  progress?: ProgressFn;
}

/** Rows of a file that were read but not loaded, with the reason (K-Rest, Svalbard, totals, …). */
export interface ReportedRows {
  /** The region (or other) label as in the file. */
  label: string;
  reason: string;
  /** Value cells with this label and reason. */
  cells: number;
  /** Sum of their values (persons). */
  persons: number;
  /** First physical line in the file. */
  firstLine: number;
}

/** What happened to one input file: the reconciliation of read = loaded + reported. */
export interface SsbFileReconciliation {
  file: string;
  sha256: string;
  fileId: number;
  format: string;
  encoding: string;
  tableId?: string;
  vintage?: number;
  /** Target table. */
  target: 'population' | 'population_district' | 'population_projection';
  years: number[];
  cellsRead: number;
  cellsLoaded: number;
  cellsReported: number;
  /** Sum of all values read, loaded (after harmonisation) and reported. read = loaded + reported. */
  personsRead: number;
  personsLoaded: number;
  personsReported: number;
  /** Rows written to the target table (after harmonisation and aggregation). */
  rowsWritten: number;
  reported: ReportedRows[];
  /** Old codes that were harmonised to the structure year: code → targets (several for a split). */
  harmonised: Array<{ code: string; targets: string[]; split: boolean }>;
  /** Earlier loads replaced by this one (file ids). */
  replaced: number[];
}

/** Result of an SSB ingest command. */
export interface IngestSsbResult {
  runId: string;
  files: SsbFileReconciliation[];
}

/** Throw unless the workspace has its municipality map (the geography). */
export async function requireGeography(db: Db): Promise<void> {
  const n = await db.value<number>(`SELECT count(*)::BIGINT FROM municipality_map`);
  if (!n) {
    throw new WorkspaceError(
      'NO_GEOGRAPHY',
      'the workspace has no municipality map, so SSB codes cannot be harmonised; create the workspace with this version of felles (felles init)',
    );
  }
}

/**
 * Refuse a file that is already loaded (same SHA-256, same kind), or with `replace` remove what
 * that earlier load wrote. Returns the file ids removed.
 */
export async function checkAlreadyLoaded(
  db: Db,
  file: string,
  sha256: string,
  kinds: string[],
  tables: string[],
  replace: boolean,
): Promise<number[]> {
  const prev = await db.all<{ file_id: number; path: string; loaded_at: string }>(
    `SELECT file_id, path, loaded_at::VARCHAR AS loaded_at FROM ingest_file WHERE sha256 = $1 AND kind IN ${inList(kinds)} ORDER BY file_id`,
    [sha256],
  );
  if (prev.length === 0) return [];
  if (!replace) {
    const p = prev[0];
    throw new UsageError(
      'ALREADY_LOADED',
      `${file} is already loaded (same content as ${p?.path ?? '?'}, loaded ${p?.loaded_at ?? '?'}); nothing was changed. Pass --replace to load it again in place of the earlier load`,
      { file, fileId: p?.file_id },
    );
  }
  const ids = prev.map((p) => p.file_id);
  for (const t of [...tables, 'reject', 'ingest_file'])
    await db.run(`DELETE FROM ${ident(t)} WHERE file_id IN ${inList(ids)}`);
  return ids;
}

/** Register the file in `ingest_file` (counts filled in later) and return its id. */
export async function registerFile(
  db: Db,
  run: RunRecorder,
  kind: string,
  file: string,
  sha256: string,
  bytes: number,
): Promise<number> {
  const id = await db.value<number>(`SELECT nextval('ingest_file_seq')::INTEGER`);
  await db.run(
    `INSERT INTO ingest_file VALUES ($1, $2, $3, $4, $5, $6, 0, 0, 0, now()::TIMESTAMP)`,
    [id as number, run.id, kind, file, sha256, bytes],
  );
  return id as number;
}

/** Fill in the row counts of a registered file. */
export async function finishFile(
  db: Db,
  fileId: number,
  read: number,
  loaded: number,
  rejected: number,
): Promise<void> {
  await db.run(
    `UPDATE ingest_file SET rows_read = $2, rows_loaded = $3, rows_rejected = $4 WHERE file_id = $1`,
    [fileId, read, loaded, rejected],
  );
}

/** Store reported cells in `reject` and summarise them by label and reason. */
export async function recordReported(
  db: Db,
  stage: string,
  fileId: number,
  kind: string,
): Promise<ReportedRows[]> {
  await db.run(
    `INSERT INTO reject SELECT $1, $2, line, 'region', region_raw, reason FROM ${ident(stage)} WHERE status = 'reported'`,
    [fileId, kind],
  );
  const rows = await db.all<{
    label: string;
    reason: string;
    cells: number;
    persons: number;
    first_line: number;
  }>(
    `SELECT region_raw AS label, reason, count(*)::BIGINT AS cells, sum(value)::DOUBLE AS persons, min(line)::BIGINT AS first_line
     FROM ${ident(stage)} WHERE status = 'reported' GROUP BY ALL ORDER BY first_line`,
  );
  return rows.map((r) => ({
    label: r.label,
    reason: r.reason,
    cells: r.cells,
    persons: r.persons,
    firstLine: r.first_line,
  }));
}

/** Build the manifest entries for a file's reconciliation. */
export function recordInManifest(run: RunRecorder, rec: SsbFileReconciliation): void {
  const list = (run.manifest['reported'] as unknown[] | undefined) ?? [];
  for (const r of rec.reported) list.push({ file: rec.file, ...r });
  run.manifest['reported'] = list;
  const recs = (run.manifest['reconciliation'] as unknown[] | undefined) ?? [];
  recs.push({
    file: rec.file,
    target: rec.target,
    cellsRead: rec.cellsRead,
    cellsLoaded: rec.cellsLoaded,
    cellsReported: rec.cellsReported,
    personsRead: rec.personsRead,
    personsLoaded: rec.personsLoaded,
    personsReported: rec.personsReported,
    rowsWritten: rec.rowsWritten,
  });
  run.manifest['reconciliation'] = recs;
  const m = run.manifest.inputs.find((i) => i.sha256 === rec.sha256);
  if (m) {
    m.rowsRead = rec.cellsRead;
    m.rowsLoaded = rec.cellsLoaded;
    m.rowsRejected = rec.cellsReported;
  }
  if (rec.reported.length)
    run.note(
      `${rec.file}: ${rec.cellsReported} cells (${rec.personsReported} persons) reported, not loaded: ${rec.reported.map((r) => r.label).join('; ')}`,
    );
  const splits = rec.harmonised.filter((h) => h.split);
  if (splits.length)
    run.note(
      `${rec.file}: split municipalities shared by the documented weights: ${splits.map((s) => `${s.code} → ${s.targets.join('+')}`).join(', ')}`,
    );
}

/** Options as recorded in the run manifest: everything but the progress callback. */
export function withoutProgress(o: IngestSsbOptions): Record<string, unknown> {
  const { progress: _p, ...rest } = o;
  return rest;
}

/**
 * Load SSB files as one run and one transaction: the geography must be there, every file is
 * loaded by `loadFile` (which records its input and reconciliation), progress is reported per
 * file, and on any error nothing changes. Shared by population and projection ingest.
 */
export async function ingestSsbFiles<O extends IngestSsbOptions>(
  ws: Workspace,
  command: string,
  files: string[],
  options: O,
  loadFile: (db: Db, run: RunRecorder, file: string, options: O) => Promise<SsbFileReconciliation>,
  countAs: (rec: SsbFileReconciliation) => string,
): Promise<IngestSsbResult> {
  const progress = options.progress ?? noProgress;
  const { result, manifest } = await ws.run(
    command,
    { files, ...withoutProgress(options) },
    async (run) => {
      await requireGeography(ws.db);
      const out: SsbFileReconciliation[] = [];
      await ws.db.transaction(async () => {
        for (const [i, file] of files.entries()) {
          progress({
            stage: command,
            phase: 'update',
            done: i,
            total: files.length,
            unit: 'files',
            message: basename(file),
          });
          const rec = await loadFile(ws.db, run, file, options);
          recordInManifest(run, rec);
          run.count(countAs(rec), rec.rowsWritten);
          out.push(rec);
        }
      });
      progress({ stage: command, phase: 'end', message: `${files.length} file(s) loaded` });
      return out;
    },
  );
  return { runId: manifest.id, files: result };
}
