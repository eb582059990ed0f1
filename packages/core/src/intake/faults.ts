import { FellesError } from '../kernel/errors.js';
import { systemError } from '../kernel/system-errors.js';

/** What every resource fault of a load adds to its message. */
const ROLLED_BACK = 'The load was rolled back: nothing of it is in the workspace.';

/** DuckDB could not spill to its temporary folder (its size limit, or the disk, is reached). */
const TEMP_FULL = /failed to offload data block|max_temp_directory_size/i;
/** DuckDB ran out of memory. */
const OUT_OF_MEMORY = /Out of Memory Error|could not allocate/i;

/**
 * A fault of the machine rather than of the input during a load: a full disk (also DuckDB's
 * temporary folder) or DuckDB out of memory. Never to be reported as bad input, nor as a bug.
 */
export function isResourceError(e: unknown): boolean {
  if (e instanceof FellesError) return false;
  const sys = systemError(e);
  if (sys && ['DISK_FULL', 'DISK_QUOTA_EXCEEDED', 'FILE_TOO_LARGE'].includes(sys.code)) return true;
  const msg = e instanceof Error ? e.message : String(e);
  return TEMP_FULL.test(msg) || OUT_OF_MEMORY.test(msg);
}

/**
 * The error to throw for a resource fault during a load (see {@link isResourceError}), exit code
 * 3: the system-error message of felles for a full disk (kernel/system-errors.ts), or `DISK_FULL`
 * for DuckDB's full temporary folder and `OUT_OF_MEMORY`, each saying what to do; the load was one
 * transaction, so nothing of it is in the workspace.
 */
export function resourceError(e: unknown, workspaceDir: string): FellesError {
  const msg = e instanceof Error ? e.message : String(e);
  const first = msg.split('\n')[0] ?? msg;
  const sys = systemError(e);
  if (sys && sys.code !== 'INTERNAL' && !(e instanceof FellesError))
    return new FellesError(sys.code, `${sys.message}. ${ROLLED_BACK}`, sys.kind, sys.details, {
      cause: e,
    });
  if (TEMP_FULL.test(msg))
    return new FellesError(
      'DISK_FULL',
      `DuckDB's temporary folder ${workspaceDir}/.tmp is full (the disk, or the space DuckDB may use there), so the load stopped. ${ROLLED_BACK} Free some disk space, or set a larger duckdb.memoryLimit in felles.json so that less is spilled, and run the command again. (${first})`,
      'input',
      { workspace: workspaceDir },
      { cause: e },
    );
  return new FellesError(
    'OUT_OF_MEMORY',
    `DuckDB ran out of memory, so the load stopped. ${ROLLED_BACK} Set a larger duckdb.memoryLimit in felles.json, free disk space for the temporary folder ${workspaceDir}/.tmp, or load fewer files at a time. (${first})`,
    'input',
    { workspace: workspaceDir },
    { cause: e },
  );
}

/** Run `fn`; a resource fault becomes {@link resourceError}, anything else passes unchanged. */
export async function mapResourceFaults<T>(workspaceDir: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (isResourceError(e)) throw resourceError(e, workspaceDir);
    throw e;
  }
}
