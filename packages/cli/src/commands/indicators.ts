import { localText } from '@felles/text';
import { Option, type Command } from 'commander';
import {
  indicatorBreakdowns,
  EXPORT_FORMATS,
  INDICATOR_LEVELS,
  UsageError,
  compileIndicator,
  indicatorYears,
  loadIndicatorLibrary,
  runIndicators,
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
import { parseYears } from '../options.js';

function list(values: string[] | undefined): string[] | undefined {
  const l = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);
  return l.length ? l : undefined;
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
): void {
  for (const i of res.indicators) {
    out(`${i.id} ${i.version} — ${localText(i.title, 'en')}`);
    if (!i.table) {
      out(`  ${i.note ?? 'no table'}`);
      out();
      continue;
    }
    const breakdowns = indicatorBreakdowns(i.table);
    const shown = i.table.rows.filter((r) => {
      if (breakdowns.some((b) => b.total !== undefined && r[b.column] !== b.total)) return false;
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

/** `felles indicators list | show | run`. */
export function registerIndicators(program: Command, globals: () => GlobalOptions): void {
  const ind = program
    .command('indicators')
    .summary('indicators for the partnership meeting, compared across the 19 communities')
    .description(
      'Indicators are versioned JSON definitions (built in, or your own in <workspace>/definitions/indicators) computed in DuckDB at municipality, helsefellesskap, health trust, RHF and national level for each year: service use of the priority groups, samhandling indicators (readmissions, discharge-ready days, video share, follow-up after discharge), municipal services, demography and the golden rule. Each figure carries its method and confidence limits, is compared with the country and the other communities, and leaves felles only through disclosure control.',
    );

  ind
    .command('list')
    .summary('list the indicator definitions')
    .description(
      "List every indicator in the catalogue: the built-in definitions and the workspace's own (which add indicators or replace a built-in one with the same id), with version, unit, quality dimension, whether NPR–KPR linkage is needed and where the definition comes from. Opens the workspace read-only.",
    )
    .option(
      '--tag <tag...>',
      'only indicators with this tag (e.g. samhandling, priority-groups, demography)',
    )
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles indicators list\n  $ felles indicators list --tag samhandling\n  $ felles --json indicators list',
    )
    .action(async (opts: { tag?: string[] }) => {
      const g = globals();
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        const tags = list(opts.tag);
        const rows = [...loadIndicatorLibrary(ws.dir).values()]
          .filter((l) => !tags || (l.definition.tags ?? []).some((t) => tags.includes(t)))
          .map((l) => ({
            id: l.definition.id,
            version: l.definition.version,
            title: localText(l.definition.title, 'en'),
            unit: l.definition.unit.replace(/_/g, ' '),
            dimension: l.definition.qualityDimension,
            linkage: l.needsLinkage ? 'needed' : 'no',
            origin: l.builtIn ? 'built-in' : 'workspace',
          }));
        if (g.json) outJson(rows);
        else
          out(
            formatTable(rows, ['id', 'version', 'title', 'unit', 'dimension', 'linkage', 'origin']),
          );
      });
    });

  ind
    .command('show <id>')
    .summary('show an indicator definition or its SQL')
    .description(
      'Print an indicator definition — numerator, denominator, shared age/sex restriction, breakdowns, unit, standardisation, confidence method, direction, targets, data sources, caveat and source note — or, with --sql, the DuckDB SQL it compiles to (coverage, numerator and denominator queries, every level in one pass). The SQL is deterministic. Opens the workspace read-only.',
    )
    .option('--sql', 'print the compiled SQL')
    .option('--year <year...>', 'year(s) for the SQL (default: the years with data)')
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles indicators show readmission-30d\n  $ felles indicators show video-telephone-share --sql --year 2024\n  $ felles --json indicators show golden-rule',
    )
    .action(async (id: string, opts: { sql?: boolean; year?: string[] }) => {
      const g = globals();
      await withWorkspace(g, { readOnly: true }, async (ws) => {
        const lib = loadIndicatorLibrary(ws.dir);
        const l = lib.get(id);
        if (!l)
          throw new UsageError(
            'UNKNOWN_INDICATOR',
            `unknown indicator "${id}"; known: ${[...lib.keys()].join(', ')}`,
          );
        const d = l.definition;
        if (opts.sql) {
          let years = parseYears(opts.year) ?? (await indicatorYears(ws.db));
          if (years.length === 0) years = [ws.config.structureYear];
          const q = compileIndicator(d, {
            years,
            structureYear: ws.config.structureYear,
            useDistricts: false,
            strata: d.standardisation === 'direct',
          });
          if (g.json) outJson({ id, version: d.version, years, ...q });
          else
            out(
              `-- felles indicator ${id} ${d.version}, years ${years.join(', ')}\n-- coverage\n${q.cover};\n\n-- numerator\n${q.numerator};\n\n-- denominator\n${q.denominator};`,
            );
          return;
        }
        if (g.json) {
          outJson({ ...d, file: l.file, needsLinkage: l.needsLinkage });
          return;
        }
        out(`${d.id} ${d.version} — ${localText(d.title, 'en')} (${localText(d.title, 'nb')})`);
        out(localText(d.description, 'en'));
        out(
          `unit: ${d.unit.replace(/_/g, ' ')}; standardisation: ${d.standardisation ?? 'none'}; confidence: ${d.confidence ?? 'poisson'}; direction: ${d.direction.replace(/_/g, ' ')}; quality dimension: ${d.qualityDimension}`,
        );
        for (const t of d.targets ?? [])
          out(
            `target from ${t.fromYear}: ${t.comparison} ${t.value}${t.source ? ` (${t.source})` : ''}`,
          );
        out(`data sources: ${d.dataSources.join('; ')}`);
        if (d.caveat) out(`caveat: ${localText(d.caveat, 'en')}`);
        out(`source: ${d.source}`);
        out(`file: ${l.file}${l.needsLinkage ? ' (needs NPR–KPR linkage)' : ''}`);
        out(
          JSON.stringify(
            {
              numerator: d.numerator,
              denominator: d.denominator,
              population: d.population ?? {},
              breakdowns: d.breakdowns ?? [],
            },
            null,
            2,
          ),
        );
      });
    });

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
    .addHelpText(
      'after',
      '\nExamples:\n  $ felles indicators run --year 2024\n  $ felles indicators run --year 2022-2024 --hf TELEMARK --format xlsx --out rapport\n  $ felles indicators run --id readmission-30d --id video-telephone-share --level helsefellesskap --format csv\n  $ felles indicators run --tag samhandling --peers 4 --format json',
    )
    .action(
      async (opts: {
        id?: string[];
        tag?: string[];
        year?: string[];
        level?: IndicatorLevel[];
        hf?: string;
        format?: string;
        out?: string;
        force?: boolean;
        peers: string;
      }) => {
        const g = globals();
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
            const ids = list(opts.id);
            const tags = list(opts.tag);
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
              progress,
            });
            if (g.json) {
              outJson({
                runId: res.runId,
                years: res.years,
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
            printIndicators(res, opts.hf?.toUpperCase(), levels);
            for (const f of res.files) log(g, `wrote ${f}`);
            log(
              g,
              `run ${res.runId}; counts 1–${res.indicators.find((i) => i.table)?.table?.threshold ?? ws.config.disclosure.threshold} are suppressed; missing values are empty, never 0`,
            );
          });
        } finally {
          progress.stop();
        }
      },
    );
}
