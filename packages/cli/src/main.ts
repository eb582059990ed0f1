import { CommanderError, type Command } from 'commander';
import { buildProgram } from './program.js';
import { guardBrokenPipes } from './streams.js';

/**
 * Run the CLI with `argv` (as `process.argv`) and return the exit code:
 * 0 ok, 1 unexpected, 2 usage (also: no workspace, or the workspace is in use), 3 bad input data
 * (also: the disk is full), 4 a check failed (docs/architecture.md). Failures of the machine — a full disk,
 * a folder without write access, a file where a folder is wanted — are reported by what could
 * not be written (`systemError`), never as a bug in felles.
 */
export async function main(argv: string[]): Promise<number> {
  guardBrokenPipes();
  let program: Command | undefined;
  try {
    program = await buildProgram(argv);
    await program.parseAsync(argv);
    return 0;
  } catch (e0) {
    if (e0 instanceof CommanderError) {
      // --help and --version end here with code 0; commander has already printed.
      if (
        e0.code === 'commander.helpDisplayed' ||
        e0.code === 'commander.version' ||
        e0.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    // Imported here: `--help` and `--version` never load core.
    const [{ FellesError, systemError }, { errorOutput }] = await Promise.all([
      import('@felles/core'),
      import('./context.js'),
    ]);
    const e = systemError(e0) ?? e0;
    const json = program?.opts<{ json?: boolean }>().json ?? false;
    errorOutput(e, json);
    if (e instanceof FellesError) return e.exitCode;
    return 1;
  }
}
