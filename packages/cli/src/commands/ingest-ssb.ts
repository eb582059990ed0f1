import type { Command } from 'commander';
import {
  ingestPopulation,
  ingestProjection,
  UsageError,
  type IngestSsbResult,
  type SsbFileReconciliation,
} from '@felles/core';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';
import { formatCount, formatTable } from '../format.js';

interface SsbOpts {
  replace?: boolean;
  encoding?: string;
  delimiter?: string;
  tableId?: string;
  vintage?: string;
  alternative?: string;
}

/** `felles ingest population` and `felles ingest projection` (SSB files). */
export function registerIngestSsb(ingest: Command, globals: () => GlobalOptions): void {
  const common = (c: Command) =>
    c
      .option(
        '--replace',
        'replace what an earlier load of the same file (or the same figures) put in the workspace',
      )
      .option('--encoding <enc>', 'utf-8 or latin-1 (ISO-8859-1); detected when left out')
      .option(
        '--delimiter <char>',
        'field separator of a CSV file; detected (; , or tab) when left out',
      )
      .option('--table-id <id>', 'SSB table id when the file does not say it (e.g. 07459, 14288)');

  common(
    ingest
      .command('population')
      .summary('load SSB population (table 07459, city districts 10826)')
      .description(
        'Load population on 1 January by municipality, sex and one-year age from SSB files as downloaded: StatBank "semicolon separated with heading" CSV (English or Norwegian labels, ISO-8859-1 or UTF-8), CSV written from the SSB API, or JSON-stat2. Old municipality codes are harmonised to the workspace structure year (a split municipality is shared by the documented weights). Rows that are not municipalities, such as "K-Rest Divided municipalities and unknown", Svalbard or the continental shelf, are reported on stderr and in the run manifest, not loaded. City-district files (table 10826) go to population_district. Everything loads in one transaction; a bad cell stops the load with its file, line, column and value, and the workspace is unchanged.',
      )
      .argument('<file...>', 'SSB files (CSV or JSON-stat2)'),
  )
    .addHelpText(
      'after',
      `
Examples:
  $ felles ingest population 07459_befolkning_2024.csv
  $ felles ingest population 07459_2022.csv 07459_2023.csv 07459_2024.csv
  $ felles ingest population --replace 07459_befolkning_2024.csv     load a corrected download again
  $ felles --json ingest population --encoding latin-1 Personer2024.csv`,
    )
    .action(async (files: string[], opts: SsbOpts) => {
      const g = globals();
      const progress = progressReporter(g);
      try {
        await withWorkspace(g, {}, async (ws) => {
          const res = await ingestPopulation(ws, files, {
            ...(opts.replace ? { replace: true } : {}),
            ...(opts.encoding ? { encoding: opts.encoding } : {}),
            ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
            ...(opts.tableId ? { tableId: opts.tableId } : {}),
            progress,
          });
          report(g, res);
        });
      } finally {
        progress.stop();
      }
    });

  common(
    ingest
      .command('projection')
      .summary('load SSB population projections (tables 14288, 14746)')
      .description(
        'Load SSB regional population projections (municipality, county or country × alternative such as MMMM, LLML, HHMH × year × sex × age or age group) from StatBank CSV, CSV written from the SSB API (region names such as "Porsgrunn" or "Hele landet" are matched to codes of the structure year) or JSON-stat2. The table id and projection round (vintage) are read from the file ("Tabell", "Framskriving", the title line) or given with --table-id and --vintage. Same transaction, reporting and reload rules as "ingest population".',
      )
      .argument('<file...>', 'SSB projection files (CSV or JSON-stat2)'),
  )
    .option(
      '--vintage <year>',
      'projection round, e.g. 2024, when the file does not say (default: its first year)',
    )
    .option(
      '--alternative <code>',
      'alternative code (MMMM, LLML, HHMH, …) when the file has no alternative dimension',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ felles ingest projection Framskrevet_folkemengde_2024-2050.csv
  $ felles ingest projection --table-id 14288 --vintage 2024 14288_telemark.csv
  $ felles ingest projection --alternative MMMM --table-id 14288 main_alternative_only.json`,
    )
    .action(async (files: string[], opts: SsbOpts) => {
      const g = globals();
      let vintage: number | undefined;
      if (opts.vintage !== undefined) {
        vintage = Number(opts.vintage);
        if (!Number.isInteger(vintage) || vintage < 1900)
          throw new UsageError('BAD_OPTION', `--vintage must be a year, got ${opts.vintage}`);
      }
      const progress = progressReporter(g);
      try {
        await withWorkspace(g, {}, async (ws) => {
          const res = await ingestProjection(ws, files, {
            ...(opts.replace ? { replace: true } : {}),
            ...(opts.encoding ? { encoding: opts.encoding } : {}),
            ...(opts.delimiter ? { delimiter: opts.delimiter } : {}),
            ...(opts.tableId ? { tableId: opts.tableId } : {}),
            ...(vintage !== undefined ? { vintage } : {}),
            ...(opts.alternative ? { alternative: opts.alternative } : {}),
            progress,
          });
          report(g, res);
        });
      } finally {
        progress.stop();
      }
    });
}

/** Reported rows on stderr (always, unless --quiet), the reconciliation on stdout. */
function report(g: GlobalOptions, res: IngestSsbResult): void {
  for (const f of res.files) {
    for (const r of f.reported) {
      log(
        g,
        `reported, not loaded: ${f.file}:${r.firstLine}: "${r.label}" — ${r.reason} (${r.cells} cells, ${formatCount(r.persons)} persons)`,
      );
    }
    const splits = f.harmonised.filter((h) => h.split);
    if (f.harmonised.length) {
      log(
        g,
        `harmonised ${f.harmonised.length} old municipality code(s) to the structure year${splits.length ? `; split by weight: ${splits.map((s) => `${s.code} → ${s.targets.join('+')}`).join(', ')}` : ''}`,
      );
    }
  }
  if (g.json) {
    outJson(res);
    return;
  }
  out(
    formatTable(res.files.map(row), [
      'file',
      'table',
      'target',
      'years',
      'cells_read',
      'cells_loaded',
      'cells_reported',
      'persons_read',
      'persons_loaded',
      'persons_reported',
    ]),
  );
  log(g, `run ${res.runId}`);
}

function row(f: SsbFileReconciliation): Record<string, unknown> {
  const years =
    f.years.length > 1 ? `${f.years[0]}-${f.years[f.years.length - 1]}` : String(f.years[0] ?? '');
  return {
    file: f.file.split(/[\\/]/).pop(),
    table: `${f.tableId ?? '?'}${f.vintage !== undefined ? `/${f.vintage}` : ''}`,
    target: f.target,
    years,
    cells_read: f.cellsRead,
    cells_loaded: f.cellsLoaded,
    cells_reported: f.cellsReported,
    persons_read: Math.round(f.personsRead),
    persons_loaded: Math.round(f.personsLoaded),
    persons_reported: Math.round(f.personsReported),
  };
}
