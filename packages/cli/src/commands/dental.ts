import { Option, type Command } from 'commander';
import { readFileSync } from 'node:fs';
import {
  classifySql,
  exportTables,
  loadPriorityGroups,
  prepareOutputFolder,
  recordWorkspaceInputs,
  resolveCounties,
  rulesTableSql,
  UsageError,
  EXPORT_FORMATS,
  type DisclosedTable,
  type Workspace,
} from '@felles/core';
import { dentalAnalysis, type DentalOptions, type ProductivityRatios } from '@felles/pipelines';
import { log, out, outJson, withWorkspace, type GlobalOptions } from '../context.js';
import { parseYears } from '../options.js';
import { printAnalysis } from './dental-print.js';

interface DentalOpts {
  county?: string;
  year?: string;
  format: string;
  out?: string;
  force?: boolean;
  rules?: string;
  referenceDate?: string;
  demand: boolean;
  horizon?: string;
  alternatives?: string;
  productivity?: string;
  cohorts?: string;
  explain?: boolean;
}

const list = (v: string | undefined): string[] =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** County codes or names (any case) → 2-digit codes. */
async function countyCodes(ws: Workspace, v: string | undefined): Promise<string[] | undefined> {
  return v ? resolveCounties(ws.db, list(v)) : undefined;
}

/** The productivity ratios of `--productivity <file>`, checked. */
function readProductivity(file: string): ProductivityRatios {
  let productivity: ProductivityRatios;
  try {
    productivity = JSON.parse(readFileSync(file, 'utf8')) as ProductivityRatios;
  } catch (e) {
    throw new UsageError(
      'BAD_OPTION',
      `--productivity: cannot read ${file}: ${(e as Error).message}`,
    );
  }
  for (const k of ['dentistPersonsPerFte', 'hygienistPersonsPerFte'] as const)
    if (!(Number(productivity[k]) > 0))
      throw new UsageError('BAD_OPTION', `--productivity: ${k} must be a number > 0`);
  if (typeof productivity.hygienistShare !== 'object' || productivity.hygienistShare === null)
    throw new UsageError(
      'BAD_OPTION',
      '--productivity: hygienistShare must be an object such as {"a": 0.5, "*": 0.2}',
    );
  return productivity;
}

/** `felles dental`: public dental service analysis for county dental leaders. */
export function registerDental(program: Command, globals: () => GlobalOptions): void {
  program
    .command('dental')
    .summary('public dental service: priority groups, utilisation, caries, recall and demand')
    .description(
      'Analyse the public dental service (DOT) records in the workspace for county dental leaders: every record is placed in the priority group of tannhelsetjenesteloven § 1-3 in force on its date (age as "the year one turns N"); the entitled population per group and county (SSB population for the age groups, KPR long-stay and home health care for group c, DOT registrations for b, e and f); persons under supervision, examined and treated with Wilson limits, by county and by clinic; the share of the entitled not seen for two years; recall intervals; caries at the status examinations at 3, 5, 12, 15 and 18 years (share dmft/DMFT = 0, mean with t-interval, DMFT < 4 and > 9 at 18, SiC at 12) with the share examined beside every figure; dental use among the frail elderly, the complex multimorbid, children with long-term needs and people with diabetes; and demand to 2040 under the SSB alternatives with dentist and hygienist FTEs. Every table passes disclosure control together with everything the workspace published before, and what is printed or written is recorded in a run manifest.',
    )
    .option(
      '--county <counties>',
      'county codes or names, comma separated (default: all and Norway)',
    )
    .option(
      '--year <years>',
      'year, span (2022-2024) or list (default: every year with DOT records)',
    )
    .option(
      '--out <dir>',
      'write every table to this new or empty folder (through disclosure control)',
    )
    .option(
      '--force',
      'with --out, write into a folder that already holds files, replacing files of the same name',
    )
    .addOption(
      new Option('--format <format>', 'file format with --out')
        .choices(EXPORT_FORMATS)
        .default('csv'),
    )
    .option(
      '--rules <file>',
      'priority-group definition file (default: the built-in, definitions/dental/priority-groups.json)',
    )
    .option(
      '--reference-date <MM-DD>',
      'date whose rule decides the yearly entitled population',
      '12-31',
    )
    .option('--no-demand', 'skip the demand projection')
    .option('--horizon <year>', 'last projection year', '2040')
    .option('--alternatives <list>', 'SSB alternatives, e.g. MMMM,LLML,HHMH (default: all loaded)')
    .option(
      '--productivity <file>',
      'JSON with dentistPersonsPerFte, hygienistPersonsPerFte, hygienistShare {group: share, "*": default}',
    )
    .option(
      '--cohorts <ids>',
      'cohorts for the cross-sector table (default: frail elderly, complex multimorbid, children, dementia)',
    )
    .option(
      '--explain',
      'print the SQL of the priority-group rules and the record classification, and stop',
    )
    .addHelpText(
      'after',
      `
Examples:
  $ felles dental
  $ felles dental --county Telemark --year 2024
  $ felles dental --county 40,03 --year 2022-2024 --out results --format xlsx
  $ felles --json dental --year 2024 --no-demand
  $ felles dental --productivity my-ratios.json --alternatives MMMM,LLML,HHMH
  $ felles dental --explain

Run "felles cohorts run" first for the cross-sector table; load an SSB population projection for the demand table. Methods and the rule file format: docs/dental.md.`,
    )
    .action(async (opts: DentalOpts) => runDental(globals(), opts));
}

async function runDental(g: GlobalOptions, opts: DentalOpts): Promise<void> {
  const def = opts.rules ? loadPriorityGroups(opts.rules) : loadPriorityGroups();
  if (opts.explain) {
    out(`-- priority groups ${def.id} ${def.version}`);
    out(`${rulesTableSql(def)};`);
    out(classifySql(parseYears(opts.year)));
    return;
  }
  const horizon = Number(opts.horizon);
  if (!Number.isInteger(horizon))
    throw new UsageError('BAD_OPTION', `--horizon must be a year, got ${opts.horizon}`);
  const productivity = opts.productivity ? readProductivity(opts.productivity) : undefined;
  // Where the files go is checked before anything is computed. Printing the tables publishes
  // them too: the workspace opens for writing so that every publication is recorded (run
  // manifest, ledger) and disclosed against the earlier ones.
  const outDir = opts.out
    ? await prepareOutputFolder(opts.out, { overwrite: opts.force ?? false })
    : undefined;
  await withWorkspace(g, {}, async (ws) => {
    const counties = await countyCodes(ws, opts.county);
    const years = parseYears(opts.year);
    const alternatives = list(opts.alternatives);
    const cohorts = list(opts.cohorts);
    const options: DentalOptions = {
      definition: def,
      ...(years ? { years } : {}),
      ...(counties ? { counties } : {}),
      ...(opts.referenceDate ? { referenceDate: opts.referenceDate } : {}),
      ...(cohorts.length ? { cohorts } : {}),
      demand: opts.demand
        ? {
            horizon,
            ...(alternatives.length ? { alternatives } : {}),
            ...(productivity ? { productivity } : {}),
          }
        : false,
    };
    let files: string[] = [];
    const runOpts = outDir ? { ...opts, out: outDir } : { ...opts };
    const { result: analysis } = await ws.run('dental', runOpts, async (run) => {
      await recordWorkspaceInputs(ws, run, { cohorts: {} });
      const a = await dentalAnalysis(ws, options);
      run.addDefinition(a.definition.id, a.definition.version);
      for (const w of a.warnings) run.note(w);
      const tables = Object.values(a.tables) as DisclosedTable[];
      for (const t of tables) run.count(t.name, t.rows.length);
      if (outDir)
        files = await exportTables(tables, {
          format: opts.format,
          out: outDir,
          overwrite: opts.force ?? false,
          manifestId: run.id,
          run,
          baseName: 'dental',
          metadata: { title: `felles dental ${a.years.join(', ')}`, command: 'dental' },
        });
      const disclosure = await a.publication!.record(run);
      if (disclosure.notice) log(g, disclosure.notice);
      return a;
    });
    for (const w of analysis.warnings) log(g, `warning: ${w}`);
    if (g.json) {
      outJson({
        definition: analysis.definition,
        years: analysis.years,
        warnings: analysis.warnings,
        tables: Object.fromEntries(Object.entries(analysis.tables).map(([k, t]) => [k, t.rows])),
        files,
      });
      return;
    }
    printAnalysis(analysis);
    for (const f of files) log(g, `wrote ${f}`);
  });
}
