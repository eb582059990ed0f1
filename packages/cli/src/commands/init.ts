import type { Command } from 'commander';
import { geographyCounts, Workspace } from '@felles/core';
import { log, out, outJson, progressReporter, type GlobalOptions } from '../context.js';

export function registerInit(program: Command, globals: () => GlobalOptions): void {
  program
    .command('init')
    .summary('create a workspace')
    .description(
      'Create a workspace folder with felles.json (settings), felles.duckdb (all data) and runs/ (one ' +
        'manifest per command that changes the workspace). The bundled geography (municipalities, ' +
        'code changes, catchment areas, the 19 helsefellesskap) is loaded at once.',
    )
    .argument('[dir]', 'folder to create (default: the --workspace folder)')
    .option('--structure-year <year>', 'municipality structure to harmonise codes to', '2024')
    .option('--threshold <n>', 'suppress counts from 1 up to n in every output', '4')
    .option(
      '--allow-below-convention',
      'allow a threshold below 4, the published convention (every output will say so)',
    )
    .option(
      '--force',
      'allow a folder that is not empty (an existing workspace is never overwritten)',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ felles init vestfold-2024
  $ felles init ws --threshold 5`,
    )
    .action(
      async (
        dir: string | undefined,
        opts: {
          structureYear: string;
          threshold: string;
          allowBelowConvention?: boolean;
          force?: boolean;
        },
      ) => {
        const g = globals();
        const target = dir ?? g.workspace;
        const progress = progressReporter(g);
        const ws = await Workspace.init(target, {
          config: {
            structureYear: Number(opts.structureYear),
            disclosure: {
              threshold: Number(opts.threshold),
              ...(opts.allowBelowConvention ? { allowBelowConvention: true } : {}),
            },
          },
          allowNonEmpty: opts.force ?? false,
          progress,
        });
        try {
          const counts = Object.entries(await geographyCounts(ws.db)).map(([t, n]) => ({ t, n }));
          if (g.json)
            outJson({
              workspace: ws.dir,
              config: ws.config,
              tables: Object.fromEntries(counts.map((r) => [r.t, r.n])),
            });
          else {
            out(`created workspace ${ws.dir}`);
            for (const r of counts) out(`  ${r.t}: ${r.n}`);
          }
          log(g, `next: felles -w ${target} ingest population <file>`);
        } finally {
          progress.stop();
          ws.close();
        }
      },
    );
}
