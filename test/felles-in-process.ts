import { vi } from 'vitest';
import { main } from '../packages/cli/src/main.js';

/** What one in-process CLI run printed and returned. */
export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Run the `felles` CLI in this process, on the sources, against workspace `dir`, capturing stdout
 * and stderr. The exit code is what `main()` returns (0 ok, 1 unexpected, 2 usage, 3 input,
 * 4 check). `quiet` adds `-q` (no progress or log lines).
 */
export async function fellesInProcess(
  dir: string,
  args: string[],
  options: { quiet?: boolean } = {},
): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const o = vi
    .spyOn(process.stdout, 'write')
    .mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi
    .spyOn(process.stderr, 'write')
    .mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main([
      'node',
      'felles',
      '-w',
      dir,
      ...(options.quiet ? ['-q'] : []),
      ...args,
    ]);
    return { code, stdout, stderr };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}
