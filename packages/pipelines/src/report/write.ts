/**
 * The whole steering-report job on an open workspace: gather and disclose the data, export the
 * tables, write the HTML reports and their figures, record the run. See docs/report.md.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  EXPORT_PATHS,
  builtinScenario,
  exportTables,
  findHelsefellesskap,
  loadScenario,
  prepareOutputFolder,
  recordWorkspaceInputs,
  writeAtomic,
  registerExportPath,
  UsageError,
  type DisclosedTable,
  type ExportContext,
  type ProgressFn,
  type Workspace,
} from '@felles/core';
import { buildIndexPage, buildReport, type ReportInput, type ReportTables } from './html/index.js';
import {
  gatherReportData,
  requireReportYear,
  REPORT_MONTE_CARLO_RUNS,
  REPORT_MONTE_CARLO_SEED,
  type ReportData,
  type ReportIndicators,
} from './data/index.js';

/** The export path the report's HTML and figures leave through (name in `EXPORT_PATHS`). */
export const REPORT_EXPORT_PATH = 'report-html';

/** What the report writer needs besides the disclosed tables (passed in `ctx.metadata.report`). */
interface ReportJob {
  data: Omit<ReportData, 'tables'>;
  /** Table name → key of `ReportTables`. */
  keys: Record<string, keyof ReportTables>;
  hfs: string[];
  lang: 'nb' | 'en';
  png: boolean;
  /** Replace files that exist (`--force`). */
  overwrite: boolean;
  manifest: ReportInput['manifest'];
  /** Progress of the rendering (one event per report). */
  progress?: ProgressFn;
  /** Files written, filled by the writer: hf code → report file. */
  files?: Record<string, string>;
  index?: string;
}

/**
 * Register the `report-html` export path once: it takes disclosed tables only (the registry
 * checks that before it runs) and writes `<hf>.html` per community, its figures as SVG, PNG and
 * Vega-Lite JSON under `figures/<hf>/`, and with several communities an `index.html`.
 */
export function ensureReportExportPath(): void {
  if (EXPORT_PATHS.has(REPORT_EXPORT_PATH)) return;
  registerExportPath({
    format: REPORT_EXPORT_PATH,
    description:
      'self-contained HTML steering report per helsefellesskap, its figures as SVG/PNG, and an index page',
    async write(
      tables: readonly DisclosedTable[],
      dir: string,
      ctx: ExportContext,
    ): Promise<string[]> {
      const job = ctx.metadata['report'] as ReportJob | undefined;
      if (!job) throw new UsageError('BAD_OPTION', 'the report export path needs metadata.report');
      const t: ReportTables = {};
      const indicators: DisclosedTable[] = [];
      for (const table of tables) {
        const key = job.keys[table.name];
        if (key === 'indicators') indicators.push(table);
        else if (key) t[key] = table;
      }
      if (indicators.length) t.indicators = indicators;
      const input: ReportInput = { ...job.data, tables: t, manifest: job.manifest };
      const written: string[] = [];
      const files: Record<string, string> = {};
      for (const [i, code] of job.hfs.entries()) {
        job.progress?.({
          stage: 'report',
          phase: i === 0 ? 'start' : 'update',
          done: i,
          total: job.hfs.length,
          unit: 'reports',
          message: code,
        });
        const file = `${code.toLowerCase()}.html`;
        const built = await buildReport(input, {
          hf: code,
          lang: job.lang,
          png: job.png,
          ...(job.hfs.length > 1 ? { indexHref: 'index.html' } : {}),
        });
        const figDir = join(dir, 'figures', code.toLowerCase());
        await mkdir(figDir, { recursive: true });
        for (const f of built.figures) {
          const put = async (name: string, body: string | Uint8Array) => {
            await writeAtomic(join(figDir, name), body, job.overwrite);
            written.push(join(figDir, name));
          };
          await put(`${f.id}.svg`, f.svg);
          await put(`${f.id}.vl.json`, `${JSON.stringify(f.spec, null, 2)}\n`);
          if (f.png) await put(`${f.id}.png`, f.png);
        }
        await writeAtomic(join(dir, file), built.html, job.overwrite);
        written.push(join(dir, file));
        files[code] = file;
      }
      job.progress?.({
        stage: 'report',
        phase: 'end',
        message: `${job.hfs.length} report${job.hfs.length === 1 ? '' : 's'} written`,
      });
      job.files = files;
      if (job.hfs.length > 1) {
        job.index = join(dir, 'index.html');
        await writeAtomic(
          job.index,
          buildIndexPage(input, { lang: job.lang, files }),
          job.overwrite,
        );
        written.push(job.index);
      }
      return written;
    },
  });
}

/** What {@link writeReports} returns. */
export interface WriteReportsResult {
  manifestId: string;
  outDir: string;
  reports: Record<string, string>;
  index?: string;
  tables: string[];
  figures: number;
  unavailable: Partial<Record<string, string>>;
}

/** Options of {@link writeReports}. */
export interface WriteReportsOptions {
  /** A helsefellesskap (code or name) or `all`. */
  hf: string;
  year?: number;
  lang?: 'nb' | 'en';
  /**
   * Output folder (default `<workspace>/out/report`); new or empty unless `overwrite`. Checked
   * before anything is computed.
   */
  out?: string;
  /** Write into a folder that already holds files, replacing files of the same name (`--force`). */
  overwrite?: boolean;
  /** Monte Carlo runs of the projection (default `REPORT_MONTE_CARLO_RUNS`; 0 = none). */
  runs?: number;
  /** Seed of the Monte Carlo draws (default `REPORT_MONTE_CARLO_SEED`). */
  seed?: number;
  scenario?: string;
  png?: boolean;
  projection?: boolean;
  indicators?: boolean;
  /** Indicators computed before for this report (`felles demo`): not computed again. */
  precomputedIndicators?: ReportIndicators;
  progress?: ProgressFn;
}

/**
 * The whole `felles report` run on an open workspace (also used by `felles demo`): gather and
 * disclose the data, export the tables as CSV and XLSX, write the reports and figures through
 * the `report-html` export path, and record everything in a `report` run manifest.
 */
export async function writeReports(
  ws: Workspace,
  options: WriteReportsOptions,
): Promise<WriteReportsResult> {
  const lang = options.lang ?? 'nb';
  const codes =
    options.hf.toLowerCase() === 'all'
      ? (
          await ws.db.all<{ code: string }>(`SELECT code FROM helsefellesskap ORDER BY sort_order`)
        ).map((r) => r.code)
      : [(await findHelsefellesskap(ws.db, options.hf)).code];
  // Checked before anything is computed: the year, then where the files go.
  if (options.year !== undefined) await requireReportYear(ws.db, options.year);
  const outDir = await prepareOutputFolder(options.out ?? join(ws.outDir, 'report'), {
    overwrite: options.overwrite ?? false,
  });
  const scenario =
    options.scenario === undefined
      ? undefined
      : existsSync(options.scenario)
        ? loadScenario(options.scenario)
        : builtinScenario(options.scenario);
  const params = {
    hf: options.hf,
    year: options.year ?? null,
    lang,
    out: outDir,
    runs: options.runs ?? REPORT_MONTE_CARLO_RUNS,
    seed: options.seed ?? REPORT_MONTE_CARLO_SEED,
    scenario: scenario?.id ?? 'baseline',
    png: options.png !== false,
    projection: options.projection !== false,
    indicators: options.indicators !== false,
  };
  const overwrite = options.overwrite ?? false;
  const { result } = await ws.run('report', params, async (run) => {
    await recordWorkspaceInputs(ws, run, { cohorts: {} });
    const data = await gatherReportData(ws, {
      ...(options.year !== undefined ? { year: options.year } : {}),
      ...(scenario ? { scenario } : {}),
      runs: options.runs ?? REPORT_MONTE_CARLO_RUNS,
      seed: options.seed ?? REPORT_MONTE_CARLO_SEED,
      lang,
      skipProjection: options.projection === false,
      skipIndicators: options.indicators === false,
      ...(options.precomputedIndicators ? { indicators: options.precomputedIndicators } : {}),
      run,
      ...(options.progress ? { progress: options.progress } : {}),
    });
    const tables: DisclosedTable[] = [];
    const keys: Record<string, keyof ReportTables> = {};
    for (const [k, v] of Object.entries(data.tables) as Array<
      [keyof ReportTables, DisclosedTable | readonly DisclosedTable[] | undefined]
    >) {
      for (const t of v === undefined ? [] : Array.isArray(v) ? v : [v as DisclosedTable]) {
        tables.push(t);
        keys[t.name] = k;
      }
    }
    const tablesDir = join(outDir, 'tables');
    // CSV and XLSX in the report's language (labels, the reasons a row is hidden)
    const common = { out: tablesDir, manifestId: run.id, run, overwrite, lang };
    const exported = [
      ...(await exportTables(tables, { format: 'csv', ...common })),
      ...(await exportTables(tables, { format: 'xlsx', baseName: 'report-tables', ...common })),
    ];
    ensureReportExportPath();
    const { tables: _omit, ...rest } = data;
    const job: ReportJob = {
      data: rest,
      keys,
      hfs: codes,
      lang,
      png: options.png !== false,
      overwrite,
      ...(options.progress ? { progress: options.progress } : {}),
      manifest: {
        id: run.id,
        definitions: run.manifest.definitions,
        ssbTables: run.manifest.ssbTables,
        startedAt: run.manifest.startedAt,
        toolVersion: run.manifest.toolVersion,
      },
    };
    const written = await exportTables(tables, {
      format: REPORT_EXPORT_PATH,
      out: outDir,
      manifestId: run.id,
      metadata: { title: 'felles report', report: job },
      run,
    });
    for (const [section, reason] of Object.entries(data.unavailable))
      run.note(`report: section ${section} not available: ${reason}`);
    run.count('reports', codes.length);
    return {
      manifestId: run.id,
      outDir,
      reports: Object.fromEntries(
        Object.entries(job.files ?? {}).map(([c, f]) => [c, join(outDir, f)]),
      ),
      ...(job.index ? { index: job.index } : {}),
      tables: exported,
      figures: written.filter((f) => f.endsWith('.svg')).length,
      unavailable: data.unavailable,
    };
  });
  return result;
}
