import { FellesError } from '../kernel/errors.js';

/**
 * A fault of the machine rather than of the input: the disk (or DuckDB's temporary space) is
 * full, or DuckDB ran out of memory. Never to be reported as bad input, nor as a bug.
 */
export function isResourceError(e: unknown): boolean {
  if (e instanceof FellesError) return false;
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOSPC' || code === 'EDQUOT' || code === 'EFBIG') return true;
  const msg = e instanceof Error ? e.message : String(e);
  return /No space left on device|Disk quota exceeded|File too large|Out of Memory Error|failed to offload data block|max_temp_directory_size|could not allocate/i.test(
    msg,
  );
}

/**
 * The error to throw for a resource fault during a load (see {@link isResourceError}): code
 * `DISK_FULL` or `OUT_OF_MEMORY`, exit code 3, naming the workspace and what to do. The load was
 * one transaction, so nothing of it is in the workspace.
 */
export function resourceError(e: unknown, workspaceDir: string): FellesError {
  const msg = e instanceof Error ? e.message : String(e);
  const disk =
    /No space left|Disk quota|File too large|failed to offload|max_temp_directory_size/i.test(
      msg,
    ) || ['ENOSPC', 'EDQUOT', 'EFBIG'].includes(String((e as NodeJS.ErrnoException)?.code));
  const first = msg.split('\n')[0] ?? msg;
  return disk
    ? new FellesError(
        'DISK_FULL',
        `the disk holding the workspace ${workspaceDir} (and its temporary folder .tmp) is full, so the load stopped and was rolled back: nothing of it is in the workspace. Free some space (or set duckdb.memoryLimit higher in felles.json, so that less is spilled to disk) and run the command again. (${first})`,
        'input',
        { workspace: workspaceDir },
        { cause: e },
      )
    : new FellesError(
        'OUT_OF_MEMORY',
        `DuckDB ran out of memory and could not spill to disk, so the load stopped and was rolled back: nothing of it is in the workspace ${workspaceDir}. Set a larger duckdb.memoryLimit in felles.json, free disk space for the temporary folder .tmp, or load fewer files at a time. (${first})`,
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
