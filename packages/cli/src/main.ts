import { CommanderError } from 'commander';
import { FellesError } from '@felles/core';
import { buildProgram } from './program.js';
import { errorOutput } from './context.js';

/**
 * Run the CLI with `argv` (as `process.argv`) and return the exit code:
 * 0 ok, 1 unexpected, 2 usage, 3 bad input data, 4 a check failed (docs/architecture.md).
 */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here with code 0; commander has already printed.
      if (
        e.code === 'commander.helpDisplayed' ||
        e.code === 'commander.version' ||
        e.code === 'commander.help'
      )
        return 0;
      return 2;
    }
    const json = program.opts<{ json?: boolean }>().json ?? false;
    errorOutput(e, json);
    if (e instanceof FellesError) return e.exitCode;
    return 1;
  }
}
