import { createRequire } from 'node:module';
import { Command } from 'commander';
import type { GlobalOptions } from './context.js';
import { commandInArgs, registerCommands } from './commands/index.js';

/**
 * Build the `felles` commander program with global options and its commands. Given `argv`, only
 * the command it runs is defined in full (the others by name and summary, for `--help`), so that
 * a command loads only what it uses; without, every command is.
 */
export async function buildProgram(argv?: readonly string[]): Promise<Command> {
  const program = new Command('felles');
  program
    .summary('one shared picture for a helsefellesskap')
    .description(
      'felles loads registry extracts (NPR, KPR, IPLOS, dental) and SSB population figures into a local ' +
        'workspace, finds the priority patient groups, computes indicators, projects demand and writes ' +
        'reports. Everything runs locally; nothing leaves the machine except through disclosure control.',
    )
    .version(coreVersion(), '-V, --version', 'print the felles version')
    .option(
      '-w, --workspace <dir>',
      'workspace folder; default $FELLES_WORKSPACE or the current folder',
      process.env['FELLES_WORKSPACE'] ?? '.',
    )
    .option('--json', 'print results (and errors) as JSON')
    .option('-q, --quiet', 'no progress or log lines on stderr')
    .option(
      '--profile',
      'time every database statement and write the timings into the run manifest (runs/<id>/manifest.json, "profile")',
    )
    .showHelpAfterError('(add --help for usage)')
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
    })
    .exitOverride()
    .addHelpText(
      'after',
      `
Examples:
  $ felles init my-ws                        create a workspace
  $ felles -w my-ws ingest population 07459.csv
  $ felles -w my-ws population --hf Telemark --year 2024
  $ felles demo                              synthetic demo, end to end
  $ felles -w my-ws lineage out/report/telemark.html   where a file's numbers came from

Exit codes: 0 ok; 1 unexpected error (a bug in felles); 2 usage error, also for a missing
workspace, a workspace in use by another felles process, and an output folder that is a file,
not writable or not empty; 3 bad input data, also for a full disk; 4 a check failed.`,
    );
  const globals = (): GlobalOptions => program.opts<GlobalOptions>();
  await registerCommands(program, globals, argv ? commandInArgs(argv) : undefined);
  // Subcommands inherit exitOverride and output settings.
  for (const c of allCommands(program))
    c.exitOverride().showHelpAfterError('(add --help for usage)');
  return program;
}

function allCommands(c: Command): Command[] {
  return c.commands.flatMap((s) => [s, ...allCommands(s)]);
}

/**
 * The version felles reports everywhere (core's `toolVersion()`), read from core's package.json
 * without importing core.
 */
function coreVersion(): string {
  return (createRequire(import.meta.url)('@felles/core/package.json') as { version: string })
    .version;
}
