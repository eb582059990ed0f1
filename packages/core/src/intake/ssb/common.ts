import { basename } from 'node:path';
import type { Db } from '../../kernel/db.js';
import type { Workspace } from '../../workspace/workspace.js';
import { noProgress } from '../../kernel/util/progress.js';
import { WorkspaceError } from '../../kernel/errors.js';
import { ident } from '../../kernel/sql.js';
import type { RunRecorder } from '../../workspace/manifest.js';
import type { ProgressFn } from '../../kernel/util/progress.js';
import { nextFileId, recordIngestFile } from '../ingest-file.js';
import type { FileFacts } from '../inspect.js';
import { insertRejects } from '../rejects.js';
import { intakeTempDir, recordInput, runIntake, type IntakeFormat } from '../run.js';
import { dropSsbRead, readSsbFile, type ReadSsbOptions, type SsbRead } from './read.js';

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

/** Store reported cells in `reject` and summarise them by label and reason. */
export async function recordReported(
  db: Db,
  stage: string,
  fileId: number,
  kind: string,
): Promise<ReportedRows[]> {
  await insertRejects(
    db,
    fileId,
    kind,
    `SELECT line, 'region' AS column_name, region_raw AS raw_value, reason FROM ${ident(stage)} WHERE status = 'reported'`,
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

/** The `ingest_file` kind of each target table. */
const KIND_OF: Record<SsbFileReconciliation['target'], string> = {
  population: 'ssb-population',
  population_district: 'ssb-population-district',
  population_projection: 'ssb-projection',
};

/** What a loader of one SSB file gets besides the database and the run. */
export interface SsbFileInput {
  facts: FileFacts;
  /** The file as read before the transaction (its temporary tables are dropped when staged). */
  read: SsbRead;
  fileId: number;
}

/**
 * Load SSB files as one run and one transaction, through the intake: every file is inspected
 * once and refused when it is already loaded (unless `replace`, which takes the earlier load out);
 * the geography must be there; every file is loaded by `loadFile`, then booked in `ingest_file`
 * and the manifest; before the commit every file must still be the one that was hashed. On any
 * error nothing changes. Shared by population and projection ingest.
 */
export async function ingestSsbFiles<O extends IngestSsbOptions>(
  ws: Workspace,
  command: string,
  files: string[],
  options: O,
  loadFile: (
    db: Db,
    run: RunRecorder,
    input: SsbFileInput,
    options: O,
  ) => Promise<SsbFileReconciliation>,
  countAs: (rec: SsbFileReconciliation) => string,
): Promise<IngestSsbResult> {
  const progress = options.progress ?? noProgress;
  const format: IntakeFormat<SsbRead[], SsbFileReconciliation[]> = {
    // Each file is reported as it is loaded (no separate "reading" lines).
    reportReading: false,
    // Every file is read before the transaction: DuckDB's reader is tried first, and a statement
    // that fails inside a transaction would abort it.
    stage: async (_run, facts) => {
      await requireGeography(ws.db);
      const reads: SsbRead[] = [];
      try {
        for (const [i, fa] of facts.entries())
          reads.push(
            await readSsbFile(ws.db, fa, `ssb_read_${i}`, {
              encoding: options.encoding,
              delimiter: options.delimiter,
              format: options.format,
              tempDir: intakeTempDir(ws),
            }),
          );
      } catch (e) {
        for (const r of reads) await dropSsbRead(ws.db, r);
        throw e;
      }
      return reads;
    },
    async load(run, facts, reads, replaced) {
      const out: SsbFileReconciliation[] = [];
      for (const [i, fa] of facts.entries()) {
        progress({
          stage: command,
          phase: 'update',
          done: i,
          total: files.length,
          unit: 'files',
          message: basename(fa.path),
        });
        const input = { facts: fa, read: reads[i]!, fileId: await nextFileId(ws.db) };
        const rec = await loadFile(ws.db, run, input, options);
        rec.replaced = replaced.prior.filter((p) => p.sha256 === fa.sha256).map((p) => p.fileId);
        await book(ws.db, run, fa, rec);
        run.count(countAs(rec), rec.rowsWritten);
        out.push(rec);
      }
      progress({ stage: command, phase: 'end', message: `${files.length} file(s) loaded` });
      return out;
    },
    cleanup: async (reads) => {
      for (const r of reads ?? []) await dropSsbRead(ws.db, r);
    },
  };
  const { result, manifest } = await runIntake(
    ws,
    command,
    { files, ...withoutProgress(options) },
    files,
    options,
    format,
  );
  return { runId: manifest.id, files: result };
}

/** The file's `ingest_file` row, its manifest input (cells read, loaded, reported) and notes. */
async function book(
  db: Db,
  run: RunRecorder,
  facts: FileFacts,
  rec: SsbFileReconciliation,
): Promise<void> {
  const counts = {
    rowsRead: rec.cellsRead,
    rowsLoaded: rec.cellsLoaded,
    rowsRejected: rec.cellsReported,
  };
  const kind = KIND_OF[rec.target];
  await recordIngestFile(db, {
    fileId: rec.fileId,
    runId: run.id,
    kind,
    path: facts.path,
    sha256: facts.sha256,
    bytes: facts.bytes,
    ...counts,
  });
  recordInput(run, facts, kind, rec.fileId, counts);
  recordInManifest(run, rec);
}
