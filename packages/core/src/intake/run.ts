import { basename, join } from 'node:path';
import type { ProgressFn } from '../kernel/util/progress.js';
import type { RunManifest, RunRecorder } from '../workspace/manifest.js';
import type { Workspace } from '../workspace/workspace.js';
import { mapResourceFaults } from './faults.js';
import { assertUnchanged, inspectFile, type FileFacts } from './inspect.js';

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
