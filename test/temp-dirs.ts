/**
 * Temporary folders of the test file that is running, removed when it has run. Test files may
 * share one worker process (vitest.config.ts: `isolate: false`), where a helper module is
 * evaluated once for all of them; the list is emptied by `test/per-file-setup.ts` after each
 * file's own `afterAll` hooks (which close the workspaces in these folders).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

/** A new temporary folder (`<tmp>/<prefix>XXXXXX`), removed when the test file has run. */
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** Remove the folders made by {@link tempDir} since the last call. */
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
