import type { Command } from 'commander';
import {
  populationSummary,
  isSyntheticWorkspace,
  UsageError,
  DEFAULT_AGE_GROUPS,
} from '@felles/core';
import { out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { formatTable } from '../format.js';

interface PopOpts {
  hf?: string;
  year: string;
  ageGroups: string;
  municipality?: string[];
  byMunicipality?: boolean;
}

/** `felles population`: population by age group and sex for a helsefellesskap or municipalities. */
export function registerPopulation(program: Command, globals: () => GlobalOptions): void {
  program
    .command('population')
    .summary('population by age group and sex for a helsefellesskap')
    .description(
      'Print the population on 1 January of a year by age group and sex (M, F and T for both) for a helsefellesskap (code or name, any case), for some municipalities, or for the whole country, from the SSB population loaded with "felles ingest population". Each row also gives the share of the area\'s population of that sex. With --by-municipality there is one block per municipality. Opens the workspace read-only.',
    )
    .option('--hf <hf>', 'helsefellesskap code or name, e.g. TELEMARK or "Vestre Viken"')
    .requiredOption('--year <year>', 'year (population on 1 January)')
    .option('--age-groups <groups>', 'age groups, comma separated', DEFAULT_AGE_GROUPS)
    .option(
      '--municipality <code...>',
      'municipality code(s) instead of, or within, the helsefellesskap',
    )
    .option('--by-municipality', 'one block of rows per municipality')
    .addHelpText(
      'after',
      `
Examples:
  $ felles population --hf Telemark --year 2024
  $ felles population --hf TELEMARK --year 2024 --age-groups 0-5,6-15,16-66,67-79,80-89,90+
  $ felles population --hf Telemark --year 2024 --by-municipality
  $ felles population --municipality 4001 --year 2024 --json`,
    )
    .action(async (opts: PopOpts) => {
      const g = globals();
      const year = Number(opts.year);
      if (!Number.isInteger(year))
        throw new UsageError('BAD_OPTION', `--year must be a year such as 2024, got ${opts.year}`);
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        const s = await populationSummary(ws, {
          ...(opts.hf ? { hf: opts.hf } : {}),
          ...(opts.municipality ? { municipalities: opts.municipality } : {}),
          year,
          ageGroups: opts.ageGroups,
          byMunicipality: opts.byMunicipality ?? false,
        });
        const source = isSyntheticWorkspace(ws.dir)
          ? 'SYNTHETIC felles demo population, not SSB'
          : 'SSB';
        if (g.json) {
          outJson({
            area: s.area,
            year: s.year,
            source,
            municipalities: s.municipalities,
            ageGroups: s.ageGroups,
            rows: s.rows,
          });
          return;
        }
        out(
          `${s.area}, population 1 January ${s.year} (${source}), ${s.municipalities.length} municipalities`,
        );
        const cols = [
          ...(opts.byMunicipality ? ['municipality_code', 'municipality_name'] : []),
          'age_group',
          'sex',
          'population',
          'share',
        ];
        out(
          formatTable(
            s.rows.map((r) => ({ ...r, share: `${(r.share * 100).toFixed(1)} %` })),
            cols,
          ),
        );
      });
    });
}
