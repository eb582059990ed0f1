import { Help, type Command } from 'commander';
import type { GlobalOptions } from '../context.js';

/** How a command module adds its command(s) to a parent. */
type Register = (parent: Command, globals: () => GlobalOptions) => void;

/**
 * One top-level command as `felles --help` lists it, and the modules that define it. The modules
 * (and with them @felles/core, DuckDB, the report and chart libraries) are imported only for the
 * command that runs: `felles --help` and `felles --version` import none of them.
 */
interface CommandEntry {
  name: string;
  /** What the help line shows after the name, as commander prints it for the full command. */
  term: string;
  summary: string;
  load: () => Promise<Register>;
}

const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'demo',
    term: '[options]',
    summary: 'run the synthetic demo end to end',
    load: async () => (await import('./demo.js')).registerDemo,
  },
  {
    name: 'init',
    term: '[options] [dir]',
    summary: 'create a workspace',
    load: async () => (await import('./init.js')).registerInit,
  },
  {
    name: 'ingest',
    term: '',
    summary: 'load files into the workspace',
    load: async () => {
      const [ssb, registry, remove] = await Promise.all([
        import('./ingest-ssb.js'),
        import('./ingest-registry.js'),
        import('./ingest-remove.js'),
      ]);
      return (program, globals) => {
        const ingest = program
          .command('ingest')
          .summary('load files into the workspace')
          .description(
            'Load SSB population/projection files or registry extracts into the workspace, or take loaded files out again (ingest remove). Each load is one transaction; every input row is loaded or rejected with a reason.',
          );
        ssb.registerIngestSsb(ingest, globals);
        registry.registerIngestRegistry(ingest, globals);
        remove.registerIngestRemove(ingest, globals);
      };
    },
  },
  {
    name: 'validate',
    term: '[options]',
    summary: 'run the data-quality checks on the loaded extracts',
    load: async () => (await import('./validate.js')).registerValidate,
  },
  {
    name: 'geo',
    term: '[options] [area]',
    summary: 'show what a municipality, district or health community maps to',
    load: async () => (await import('./geo.js')).registerGeo,
  },
  {
    name: 'population',
    term: '[options]',
    summary: 'population by age group and sex for a helsefellesskap',
    load: async () => (await import('./population.js')).registerPopulation,
  },
  {
    name: 'cohorts',
    term: '',
    summary: 'priority-group cohorts defined as data',
    load: async () => (await import('./cohorts.js')).registerCohorts,
  },
  {
    name: 'risk',
    term: '[options]',
    summary: 'risk of emergency admission: model, validation and counts by risk band',
    load: async () => (await import('./risk.js')).registerRisk,
  },
  {
    name: 'benefit',
    term: '[options]',
    summary:
      'measure what an intervention changed: matched comparison and difference-in-differences',
    load: async () => (await import('./benefit.js')).registerBenefit,
  },
  {
    name: 'indicators',
    term: '',
    summary: 'indicators for the partnership meeting, compared across the 19 communities',
    load: async () => (await import('./indicators.js')).registerIndicators,
  },
  {
    name: 'project',
    term: '[options]',
    summary: 'project demand for hospital and municipal services to 2040 (or 2050)',
    load: async () => (await import('./project.js')).registerProject,
  },
  {
    name: 'forecast',
    term: '[options]',
    summary: 'forecast monthly activity 1–12 months ahead, with an honest backtest',
    load: async () => (await import('./forecast.js')).registerForecast,
  },
  {
    name: 'dental',
    term: '[options]',
    summary: 'public dental service: priority groups, utilisation, caries, recall and demand',
    load: async () => (await import('./dental.js')).registerDental,
  },
  {
    name: 'report',
    term: '[options]',
    summary: 'write the self-contained HTML steering report per helsefellesskap',
    load: async () => (await import('./report.js')).registerReport,
  },
  {
    name: 'lineage',
    term: '[options] <target>',
    summary: 'trace a file or run back to the ingest runs and extract files behind it',
    load: async () => (await import('./lineage.js')).registerLineage,
  },
  {
    name: 'synth',
    term: '[options]',
    summary: 'generate synthetic registry extracts (demo, tests, benchmarks)',
    load: async () => (await import('./synth.js')).registerSynth,
  },
  {
    name: 'sql',
    term: '[options] <query>',
    summary: 'run a read-only SQL query on the workspace',
    load: async () => (await import('./sql.js')).registerSql,
  },
];

/** The names of the top-level commands, in the order `felles --help` lists them. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((c) => c.name);

/**
 * Add the top-level commands to `program`. Without `only`, every command is defined in full.
 * With `only`, that command is defined in full and every other one by its name, help line and
 * summary alone, enough for `felles --help` and for commander's "unknown command" suggestions;
 * `only: null` defines none in full (`felles --help`, `--version`, a mistyped command).
 */
export async function registerCommands(
  program: Command,
  globals: () => GlobalOptions,
  only?: string | null,
): Promise<void> {
  const terms = new Map<Command, string>();
  for (const entry of COMMANDS) {
    if (only === undefined || only === entry.name) {
      (await entry.load())(program, globals);
    } else {
      const stub = program
        .command(entry.name)
        .summary(entry.summary)
        .action(() => {
          // Unreachable: the command that runs is always defined in full (commandInArgs).
          throw new Error(`felles: the command '${entry.name}' was not loaded`);
        });
      terms.set(stub, `${entry.name}${entry.term ? ` ${entry.term}` : ''}`);
    }
  }
  if (terms.size === 0) return;
  const help = new Help();
  program.configureHelp({ subcommandTerm: (cmd) => terms.get(cmd) ?? help.subcommandTerm(cmd) });
}

/** Global options that take a value (the word after them is not a command). */
const VALUE_OPTIONS = new Set(['-w', '--workspace']);

/**
 * The top-level command `argv` (as `process.argv`) runs, found the way commander finds it: the
 * first word that is neither an option nor the value of `-w`/`--workspace`; for `help <command>`
 * the command after it. `null` when there is none or it is no felles command.
 */
export function commandInArgs(argv: readonly string[]): string | null {
  const words = argv.slice(2);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--') return null;
    if (VALUE_OPTIONS.has(w)) {
      i++;
      continue;
    }
    // Short flags together (-qw DIR): the value follows when -w comes last.
    if (/^-[^-]/.test(w)) {
      if (w.endsWith('w') && w.length > 2 && /^-[a-zA-Z]+$/.test(w)) i++;
      continue;
    }
    if (w.startsWith('--')) continue;
    const name = w === 'help' ? (words[i + 1] ?? null) : w;
    return name !== null && COMMAND_NAMES.includes(name) ? name : null;
  }
  return null;
}
