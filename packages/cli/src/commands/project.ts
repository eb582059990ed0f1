import { localText } from '@felles/text';
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import {
  builtinScenario,
  builtinServiceLines,
  exportTables,
  Publication,
  projectionTables,
  PROJECTION_TABLE_ORDER,
  findHelsefellesskap,
  helsefellesskapMunicipalities,
  lineEventsSql,
  loadScenario,
  loadServiceLines,
  matchesPattern,
  prepareOutputFolder,
  project,
  recordWorkspaceInputs,
  baseYearsOf,
  UsageError,
  EXPORT_FORMATS,
  type DisclosedProjection,
  type ProjectOptions,
  type Scenario,
  type Workspace,
} from '@felles/core';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';
import type { PrintLang } from '../number-format.js';
import { hindcastPopulation, runHindcastCommand } from './project-hindcast.js';
import { printSummary } from './project-print.js';

interface ProjectOpts {
  hf: string;
  scenario?: string;
  to?: string;
  base?: string;
  exclude?: string;
  baseYears?: string;
  alternatives?: string;
  vintage?: string;
  lines?: string;
  linesFile?: string[];
  ageBands?: string;
  byMunicipality?: boolean;
  runs?: string;
  seed?: string;
  format?: string;
  out?: string;
  force?: boolean;
  baseRates?: boolean;
  explain?: boolean;
  subLines?: boolean;
  hindcast?: string | boolean;
  lang: PrintLang;
}

const int = (name: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n))
    throw new UsageError('BAD_OPTION', `${name} must be a whole number, got ${v}`);
  return n;
};

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);

function readScenario(arg: string | undefined): Scenario {
  if (!arg) return builtinScenario('baseline');
  if (existsSync(arg)) return loadScenario(arg);
  return builtinScenario(arg);
}

/** Resolve `--hf` (all, or codes/names separated by commas) to area codes. */
async function resolveAreas(
  ws: Workspace,
  hf: string,
  byMunicipality: boolean,
): Promise<string[] | 'all'> {
  if (hf.trim().toLowerCase() === 'all') return 'all';
  const codes: string[] = [];
  for (const q of list(hf) ?? []) codes.push((await findHelsefellesskap(ws.db, q)).code);
  if (!byMunicipality) return codes;
  const muns: string[] = [];
  for (const c of codes)
    muns.push(...(await helsefellesskapMunicipalities(ws.db, c)).map((m) => m.code));
  return muns;
}

function buildOptions(opts: ProjectOpts, scenario: Scenario): ProjectOptions {
  const o: ProjectOptions = { scenario };
  const exclude = list(opts.exclude)?.map((y) => int('--exclude', y)!);
  const count = int('--base-years', opts.baseYears);
  if (opts.base) {
    const m = /^(\d{4})(?:-(\d{4}))?$/.exec(opts.base.trim());
    if (!m)
      throw new UsageError(
        'BAD_OPTION',
        `--base must be a year or a span such as 2019-2023, got ${opts.base}`,
      );
    o.basePeriod = {
      from: Number(m[1]),
      to: Number(m[2] ?? m[1]),
      exclude: exclude ?? scenario.basePeriod?.exclude ?? [],
    };
  } else if (exclude || count !== undefined) {
    o.basePeriod = {
      ...(scenario.basePeriod ?? {}),
      ...(exclude ? { exclude } : {}),
      ...(count !== undefined ? { years: count } : {}),
    };
  }
  const to = int('--to', opts.to);
  if (to !== undefined) o.horizon = to;
  const alts = list(opts.alternatives);
  if (alts) o.alternatives = alts;
  const vintage = int('--vintage', opts.vintage);
  if (vintage !== undefined) o.vintage = vintage;
  const bands = list(opts.ageBands);
  if (bands) o.ageBands = bands.map((b) => int('--age-bands', b)!);
  const runs = int('--runs', opts.runs);
  if (runs !== undefined) {
    if (runs < 0 || runs > 100_000)
      throw new UsageError('BAD_OPTION', `--runs must be 0–100000, got ${runs}`);
    o.runs = runs;
  }
  const seed = int('--seed', opts.seed);
  if (seed !== undefined) o.seed = seed;
  let defs = opts.linesFile?.length
    ? [...builtinServiceLines(), ...loadServiceLines(opts.linesFile)]
    : builtinServiceLines();
  // Later definitions override earlier ones with the same id.
  defs = [...new Map(defs.map((d) => [d.id, d])).values()];
  const patterns = list(opts.lines);
  if (patterns) {
    defs = defs.filter((d) => patterns.some((p) => matchesPattern(d.id, p)));
    if (defs.length === 0)
      throw new UsageError('BAD_OPTION', `--lines ${opts.lines} matches no service line`);
  }
  o.serviceLines = defs;
  if (opts.byMunicipality) o.areaLevel = 'municipality';
  return o;
}

/** `felles project`: demand projection for service lines of hospital and municipality. */
export function registerProject(program: Command, globals: () => GlobalOptions): void {
  program
    .command('project')
    .summary('project demand for hospital and municipal services to 2040 (or 2050)')
    .description(
      "Project the use of hospital and municipal services for one or all helsefellesskap: base-period use rates per service line, sex and age band, times SSB's projected population for each alternative loaded, then the named change factors of a scenario file (trend, healthier ageing, task transfer, inpatient-to-day shift, length of stay, efficiency), with the change split into demography, each factor and the interaction, and the capacity it needs (beds, rooms, places, FTEs). With --runs, a seeded Monte Carlo gives P10, P50 and P90. Prints a summary per service line (base, horizon, change %); with --out writes the yearly results, decomposition, capacity and quantiles as files. Every figure passes disclosure control first, together with everything the workspace published before; rates are computed on base-period cells with no events or more than the disclosure threshold (age bands, sexes and areas merged where fewer). What is printed or written is recorded in a run manifest.",
    )
    .requiredOption(
      '--hf <hf>',
      'helsefellesskap code or name, several separated by commas, or "all"',
    )
    .option('--scenario <file|id>', 'scenario file (JSON) or built-in scenario id', 'baseline')
    .option('--to <year>', "horizon, at most 2050 (default: the scenario's, else 2040)")
    .option(
      '--base <years>',
      "base period, e.g. 2019-2023 (default: the scenario's, else the latest 3 years with data)",
    )
    .option('--exclude <years>', 'base years to leave out, e.g. 2020')
    .option('--base-years <n>', 'without --base: pool the latest n years with data (default 3)')
    .option('--alternatives <list>', 'SSB alternatives, e.g. MMMM,LLML,HHMH (default: all loaded)')
    .option('--vintage <year>', 'projection vintage (default: the newest loaded)')
    .option(
      '--lines <patterns>',
      'service lines to project, ids or patterns with *, comma separated',
    )
    .option('--lines-file <file...>', 'extra service-line definition files (override built-in ids)')
    .option('--age-bands <bounds>', 'lower bounds of the age bands, e.g. 0,20,67,80,90')
    .option(
      '--by-municipality',
      'project each municipality of the helsefellesskap instead of the community as a whole',
    )
    .option('--runs <n>', 'Monte Carlo runs (0 = deterministic only)', '0')
    .option('--seed <n>', 'Monte Carlo seed (same seed → same result)', '1')
    .option(
      '--out <dir>',
      'write the full results as files to this new or empty folder (through disclosure control)',
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
      '--base-rates',
      'with --out, also write the base rates (by rate area, sex and age band)',
    )
    .option(
      '--sub-lines',
      'also print the sub-lines (ICD-10 chapters, need levels, priority groups); files always have them',
    )
    .option(
      '--hindcast [population]',
      'project from an earlier base period (--base, default the first two years) to the years already observed and compare: population "observed" (default, the registered population) or "projection" (SSB\'s projection loaded, --vintage)',
    )
    .addOption(
      new Option('--lang <lang>', 'language of the printed tables')
        .choices(['nb', 'en'])
        .default('nb'),
    )
    .option('--explain', 'print the SQL of every service line and stop')
    .addHelpText(
      'after',
      `
Examples:
  $ felles project --hf Telemark
  $ felles project --hf all --to 2040 --alternatives MMMM,LLML,HHMH
  $ felles project --hf TELEMARK --scenario my-scenario.json --runs 1000 --seed 42
  $ felles project --hf Telemark --base 2019-2023 --exclude 2020 --out results --format xlsx
  $ felles project --hf Telemark --lines "hospital.inpatient.*" --explain
  $ felles project --hf all --hindcast --base 2020-2021 --runs 200

Scenario files: packages/core/definitions/scenarios (baseline and one example per change factor); the format and every formula are in docs/projections.md.`,
    )
    .action(async (opts: ProjectOpts) => runProject(globals(), opts));
}

/** `--explain`: the SQL of every service line for the base years. */
function explainLines(options: ProjectOptions, scenario: Scenario): void {
  const period = options.basePeriod ?? scenario.basePeriod;
  if (period?.from === undefined || period.to === undefined) {
    throw new UsageError(
      'NO_BASE_PERIOD',
      'give --base (e.g. --base 2022-2024) to see the SQL for those years',
    );
  }
  const years = baseYearsOf({
    from: period.from,
    to: period.to,
    exclude: period.exclude ?? [],
  });
  for (const d of options.serviceLines ?? []) {
    out(`-- ${d.id} (version ${d.version}): ${localText(d.label, 'en')}`);
    out(`${lineEventsSql(d, years)};`);
    out('');
  }
}

async function runProject(g: GlobalOptions, opts: ProjectOpts): Promise<void> {
  const scenario = readScenario(opts.scenario);
  const options = buildOptions(opts, scenario);
  if (opts.explain) {
    explainLines(options, scenario);
    return;
  }
  // Where the files go is checked before anything is computed.
  const outDir = opts.out
    ? await prepareOutputFolder(opts.out, { overwrite: opts.force ?? false })
    : undefined;
  const progress = progressReporter(g);
  try {
    // Printing the summary publishes it too: the workspace opens for writing so that every
    // publication is recorded (run manifest, ledger) and disclosed against the earlier ones.
    await withWorkspace(g, {}, async (ws) => {
      options.areas = await resolveAreas(ws, opts.hf, opts.byMunicipality ?? false);
      options.progress = progress;
      if (opts.baseRates) options.includeBaseRates = true;
      options.disclosureThreshold = ws.config.disclosure.threshold;
      let files: string[] = [];
      const runOpts = outDir ? { ...opts, out: outDir } : { ...opts };
      if (opts.hindcast !== undefined) {
        await runHindcastCommand(ws, g, options, {
          population: hindcastPopulation(opts.hindcast),
          lang: opts.lang,
          format: opts.format ?? 'csv',
          force: opts.force ?? false,
          runOptions: runOpts,
          progress,
          ...(outDir ? { outDir } : {}),
        });
        return;
      }
      const { result: res } = await ws.run('project', runOpts, async (run) => {
        await recordWorkspaceInputs(ws, run, { cohorts: {} });
        const result = await project(ws, options);
        run.addDefinition(`scenario:${result.meta.scenario.id}`, result.meta.scenario.version);
        for (const l of result.meta.serviceLines)
          run.addDefinition(`service-line:${l.id}`, l.version);
        run.addSsbTable(result.meta.population.tableId, result.meta.population.vintage);
        for (const w of result.warnings) run.note(w.message);
        run.manifest['rateCells'] = result.meta.rateCells;
        const pub = await Publication.open(ws);
        const parts = projectionTables(result, {
          threshold: pub.threshold,
          baseRates: opts.baseRates ?? false,
        });
        const keys = PROJECTION_TABLE_ORDER.filter((k) => parts[k]);
        await pub.addAll(keys.map((k) => parts[k]!));
        const { tables } = await pub.seal();
        const disclosed = Object.fromEntries(
          keys.map((k, i) => [k, tables[i]!]),
        ) as unknown as DisclosedProjection;
        for (const t of tables) run.count(t.name, t.rows.length);
        if (outDir) {
          files = await exportTables(tables, {
            format: opts.format ?? 'csv',
            out: outDir,
            overwrite: opts.force ?? false,
            manifestId: run.id,
            run,
            baseName: 'projection',
            metadata: {
              title: `felles projection, scenario ${result.meta.scenario.id} ${result.meta.scenario.version}`,
              command: 'project',
            },
          });
        }
        const disclosure = await pub.record(run);
        if (disclosure.notice) log(g, disclosure.notice);
        return { result, disclosed };
      });
      progress.stop();
      for (const w of res.result.warnings) log(g, `warning: ${w.message}`);
      if (g.json) {
        outJson({
          meta: res.result.meta,
          warnings: res.result.warnings,
          summary: res.disclosed.summary.rows,
          files,
        });
        return;
      }
      printSummary(res.result, res.disclosed, opts.subLines ?? false, opts.lang);
      for (const f of files) log(g, `wrote ${f}`);
    });
  } finally {
    progress.stop();
  }
}
