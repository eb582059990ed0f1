import { basename, join } from 'node:path';
import { noProgress, type ProgressFn } from '../kernel/util/progress.js';
import type { RunManifest, RunRecorder } from '../workspace/manifest.js';
import type { Workspace } from '../workspace/workspace.js';
import { mapResourceFaults } from './faults.js';
import { checkAlreadyLoaded, removeLoaded, type LoadedFile } from './ingest-file.js';
import { assertUnchanged, inspectFile, type FileFacts } from './inspect.js';

/** What `replace` took out before the load: the earlier loads of the same files, and every file id removed. */
export interface Replaced {
  prior: LoadedFile[];
  fileIds: number[];
}

/**
 * A kind of file plugged into the intake (the registry kinds, the SSB readers): how its inspected
 * files are staged and loaded. {@link runIntake} does the rest, the same for every format.
 */
export interface IntakeFormat<S, R> {
  /** Report "reading <file>" as each file is inspected (else the format reports its own steps). */
  reportReading: boolean;
  /**
   * Before the transaction: check what the format needs and read the files into temporary
   * staging tables; nothing in the workspace changes. Fails fast on a file that cannot be loaded.
   */
  stage(run: RunRecorder, facts: FileFacts[]): Promise<S>;
  /**
   * Inside the transaction, after the earlier loads of the same files were taken out: validate,
   * load, book every file (`ingest_file`, manifest) and rebuild what depends on them.
   */
  load(run: RunRecorder, facts: FileFacts[], staged: S, replaced: Replaced): Promise<R>;
  /** Drop what `stage` made (also after a failure; `staged` is undefined if it failed). */
  cleanup(staged: S | undefined): Promise<void>;
}

/**
 * The intake, the same for every format: one run manifest; every file inspected once (hash,
 * identity, encoding, lines); files already loaded refused unless `replace`; the format stages
 * the files; then, in one transaction, the earlier loads are taken out (`replace`), the format
 * loads, and every file is checked to be the one that was hashed before the commit. A failure at
 * any step leaves the workspace as it was; a full disk is a clear error.
 */
export async function runIntake<S, R>(
  ws: Workspace,
  command: string,
  parameters: Record<string, unknown>,
  files: readonly string[],
  options: { replace?: boolean; progress?: ProgressFn },
  format: IntakeFormat<S, R>,
): Promise<{ result: R; manifest: RunManifest }> {
  return intakeRun(ws, command, parameters, async (run) => {
    const progress = options.progress ?? noProgress;
    const facts = await inspectAll(files, format.reportReading ? progress : noProgress, command);
    const prior = await checkAlreadyLoaded(ws.db, facts, options.replace ?? false);
    let staged: S | undefined;
    try {
      staged = await format.stage(run, facts);
      const s = staged;
      return await ws.db.transaction(async () => {
        const fileIds = await removeLoaded(
          ws.db,
          prior.map((p) => p.fileId),
        );
        const result = await format.load(run, facts, s, { prior, fileIds });
        await assertAllUnchanged(facts);
        return result;
      });
    } finally {
      await format.cleanup(staged);
    }
  });
}

/**
 * The frame of every load (registry extracts and SSB files alike): one run manifest, resource
 * faults (a full disk, memory) turned into a clear error, and the changes made inside `fn` in the
 * caller's transaction, so a failure leaves the workspace as it was.
 */
export async function intakeRun<T>(
  ws: Workspace,
  command: string,
  parameters: Record<string, unknown>,
  fn: (run: RunRecorder) => Promise<T>,
): Promise<{ result: T; manifest: RunManifest }> {
  return ws.run(command, parameters, (run) => mapResourceFaults(ws.dir, () => fn(run)));
}

/** The folder a load may write temporary files to: the workspace's `.tmp` (DuckDB's spill folder). */
export function intakeTempDir(ws: Workspace): string {
  return join(ws.dir, '.tmp');
}

/** Inspect every file once (hash, identity, encoding, lines), reporting each as it is read. */
export async function inspectAll(
  files: readonly string[],
  progress: ProgressFn,
  stage: string,
): Promise<FileFacts[]> {
  const out: FileFacts[] = [];
  for (const [i, f] of files.entries()) {
    progress({
      stage,
      phase: 'log',
      message: `reading ${basename(f)}`,
      done: i,
      total: files.length,
      unit: 'files',
    });
    out.push(await inspectFile(f));
  }
  return out;
}

/**
 * Just before the load commits: every file must still be the one that was hashed, so that the
 * hash recorded is the hash of the bytes loaded (`FILE_CHANGED` otherwise; the load rolls back).
 */
export async function assertAllUnchanged(facts: readonly FileFacts[]): Promise<void> {
  for (const f of facts) await assertUnchanged(f);
}

/** Record a loaded file as an input of the run: path, SHA-256, size, kind, file id and counts. */
export function recordInput(
  run: RunRecorder,
  facts: Pick<FileFacts, 'path' | 'sha256' | 'bytes'>,
  kind: string,
  fileId: number,
  counts: { rowsRead: number; rowsLoaded: number; rowsRejected: number },
): void {
  run.manifest.inputs.push({
    path: facts.path,
    sha256: facts.sha256,
    bytes: facts.bytes,
    kind,
    fileId,
    ...counts,
  });
}
