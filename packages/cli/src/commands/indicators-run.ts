/**
 * `felles indicators run`: compute indicators for years at every level, compare the areas, apply
 * disclosure control, print the communities' figures and write files.
 */
import { localText } from '@felles/text';
import { Option, type Command } from 'commander';
import {
  indicatorBreakdowns,
  EXPORT_FORMATS,
  INDICATOR_LEVELS,
  UsageError,
  runIndicators,
  type Grain,
  type IndicatorLevel,
  type RunIndicatorsResult,
} from '@felles/core';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';
import { formatTable } from '../format.js';
import { parseIdList, parseYears } from '../options.js';

/** The options of `felles indicators run`. */
interface RunOptions {
  id?: string[];
  tag?: string[];
  year?: string[];
  level?: IndicatorLevel[];
  hf?: string;
  format?: string;
  out?: string;
  force?: boolean;
  peers: string;
  grain: Grain;
}

/**
 * Print each indicator's table: the rows of the levels asked for with --level (and the country),
 * or else the communities (with --hf, that one and its municipalities) and the country; rows of
 * breakdowns other than their total are left to the files.
 */
function printIndicators(
  res: RunIndicatorsResult,
  hf: string | undefined,
  levels: readonly IndicatorLevel[] | undefined,
  grain: Grain = 'year',
): void {
  // With a sub-year grain every month (or quarter) is printed, the other breakdowns at their total.
  const split: string[] = grain === 'year' ? [] : [grain];
  for (const i of res.indicators) {
    out(`${i.id} ${i.version} — ${localText(i.title, 'en')}`);
    if (!i.table) {
      out(`  ${i.note ?? 'no table'}`);
      out();
      continue;
    }
    const breakdowns = indicatorBreakdowns(i.table);
    const shown = i.table.rows.filter((r) => {
      if (
        breakdowns.some(
          (b) => !split.includes(b.column) && b.total !== undefined && r[b.column] !== b.total,
        )
      )
        return false;
      // The levels asked for with --level are printed as they are (the run kept
      // only those and the country); otherwise the communities and the country.
      if (levels) return r['level'] === 'national' || levels.includes(r['level'] as IndicatorLevel);
      return (
        r['level'] === 'national' ||
        (hf
          ? r['level'] === 'helsefellesskap' && r['area_code'] === hf
          : r['level'] === 'helsefellesskap') ||
        (hf !== undefined && r['level'] === 'municipality')
      );
    });
    const cols = [
      'year',
      ...split,
      'area_name',
      ...breakdowns.filter((b) => b.total === undefined).map((b) => b.column),
      'numerator',
      'denominator',
      'value',
      'lower',
      'upper',
      'significance',
      'status',
      'suppressed',
    ];
    out(formatTable(shown as Record<string, unknown>[], cols));
    const method = i.table.metadata.methods?.[0];
    if (method) out(`  method: ${method}; unit: ${i.table.metadata.unit ?? ''}`);
    out();
  }
}

/** Adds `felles indicators run` to the `indicators` command. */
export function registerIndicatorsRun(ind: Command, globals: () => GlobalOptions): void {
  ind
    .command('run')
    .summary('compute indicators, compare, and export through disclosure control')
    .description(
      `Compute indicators for one or more years (default: every year with registry data) at every level, add the comparison frame (each area against the country and the others of its level: significance, rank with limits, funnel position, optionally peers of similar size), apply disclosure control, print the helsefellesskap figures and, with --format, write files (${EXPORT_FORMATS.join(', ')}): CSV and Parquet/Arrow per indicator, one XLSX workbook with a sheet per indicator plus a metadata sheet, or one JSON file with definitions, versions, methods and data vintage. Every file records the run manifest id; the manifest lists every indicator id and version.`,
    )
    .option('--id <id...>', 'indicator id(s) (default: all)')
    .option('--tag <tag...>', 'only indicators with this tag')
    .option('--year <year...>', 'year(s), e.g. 2024 or 2022-2024')
    .addOption(
      new Option(
        '--level <level...>',
        'levels to output (default all; national is always kept)',
      ).choices(INDICATOR_LEVELS),
    )
    .option(
      '--hf <code>',
      'one helsefellesskap: its municipalities and health trusts, all 19 communities, the RHFs and the country',
    )
    .addOption(new Option('--format <format>', 'export format').choices(EXPORT_FORMATS))
    .option(
      '--out <dir>',
      'output folder for --format, new or empty (default <workspace>/out/indicators); checked before anything is computed',
    )
    .option(
      '--force',
      'write into a folder that already holds files, replacing files of the same name',
    )
    .option(
      '--peers <n>',
      'compare each area with the n areas of its level nearest in population size',
      '0',
    )
    .addOption(
      new Option(
        '--grain <grain>',
        'year (default), or quarter or month as a breakdown of each year: for the indicators whose months add up to the year',
      )
        .choices(['year', 'quarter', 'month'])
        .default('year'),
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles indicators run --year 2024\n  $ felles indicators run --year 2024 --grain month --id gp-consultations --hf TELEMARK\n  $ felles indicators run --year 2022-2024 --hf TELEMARK --format xlsx --out rapport\n  $ felles indicators run --id readmission-30d --id video-telephone-share --level helsefellesskap --format csv\n  $ felles indicators run --tag samhandling --peers 4 --format json',
    )
    .action(async (opts: RunOptions) => runIndicatorsCommand(globals(), opts));
}

async function runIndicatorsCommand(g: GlobalOptions, opts: RunOptions): Promise<void> {
  if (opts.out && !opts.format)
    throw new UsageError(
      'BAD_OPTION',
      `--out needs --format (${EXPORT_FORMATS.join(', ')}) to say what to write`,
    );
  const peers = Number(opts.peers);
  if (!Number.isInteger(peers) || peers < 0)
    throw new UsageError('BAD_OPTION', `--peers takes a whole number ≥ 0, got ${opts.peers}`);
  const progress = progressReporter(g);
  try {
    await withWorkspace(g, {}, async (ws) => {
      const years = parseYears(opts.year);
      const levels = opts.level?.length ? [...new Set(opts.level)] : undefined;
      const ids = parseIdList(opts.id);
      const tags = parseIdList(opts.tag);
      const res = await runIndicators(ws, {
        ...(ids ? { ids } : {}),
        ...(tags ? { tags } : {}),
        ...(years ? { years } : {}),
        ...(levels ? { levels } : {}),
        ...(opts.hf ? { hf: opts.hf } : {}),
        ...(opts.format ? { format: opts.format } : {}),
        ...(opts.out ? { out: opts.out } : {}),
        overwrite: opts.force ?? false,
        peers,
        grain: opts.grain,
        progress,
      });
      for (const n of res.noGrain) log(g, `no ${opts.grain}ly figures: ${n.id} (${n.reason})`);
      if (g.json) {
        outJson({
          runId: res.runId,
          years: res.years,
          grain: opts.grain,
          noGrain: res.noGrain,
          files: res.files,
          indicators: res.indicators.map((i) => ({
            id: i.id,
            version: i.version,
            title: i.title,
            rows: i.rows,
            status: i.status,
            note: i.note ?? null,
            rowsOut: i.table?.rows ?? [],
          })),
        });
        return;
      }
      printIndicators(res, opts.hf?.toUpperCase(), levels, opts.grain);
      for (const f of res.files) log(g, `wrote ${f}`);
      log(
        g,
        `run ${res.runId}; counts 1–${res.indicators.find((i) => i.table)?.table?.threshold ?? ws.config.disclosure.threshold} are suppressed; missing values are empty, never 0`,
      );
    });
  } finally {
    progress.stop();
  }
}
