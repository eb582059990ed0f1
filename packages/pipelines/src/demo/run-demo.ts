import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import {
  runCohorts,
  ingestRegistry,
  type RegistryKind,
  ingestPopulation,
  ingestProjection,
  noProgress,
  type ProgressFn,
  CONFIG_FILE,
  DB_FILE,
  Workspace,
  generateSynthetic,
  SYNTH_MANIFEST,
  type SynthManifest,
  DEMO_PROJECTION_TABLE,
  DEFAULT_SEED,
  sql,
} from '@felles/core';
import { computeReportIndicators, type ReportIndicators } from '../report/data/indicators.js';
import { claimDemoFolder } from './demo-folder.js';

/** Options of {@link runDemo}. */
export interface DemoOptions {
  /** Workspace folder (default `./felles-demo`). The extracts go to `<dir>/extracts`. */
  dir?: string;
  /**
   * Start again: delete the demo workspace (and its extracts) first. Only a folder carrying the
   * demo marker is ever deleted (see `claimDemoFolder`).
   */
  fresh?: boolean;
  seed?: number;
  /**
   * Sampling fraction of the synthetic population (default the demo's 2 %): a smaller demo for
   * tests and quick previews, through the same steps.
   */
  fraction?: number;
  progress?: ProgressFn;
}

/** What one demo step did. */
export interface DemoStep {
  step: string;
  status: 'done' | 'reused' | 'skipped' | 'failed';
  detail: string;
  rows?: number;
}

/** What {@link runDemo} did: the workspace, each step with its status, and the counts loaded. */
export interface DemoResult {
  dir: string;
  extractsDir: string;
  /** True when the workspace existed and was reused. */
  reused: boolean;
  steps: DemoStep[];
  /** Row counts of the main workspace tables after the demo. */
  tables: Record<string, number>;
  /**
   * The indicators step's result, computed as the steering report needs them (the last year and
   * up to four before it, helsefellesskap and national level): pass it to the report
   * (`gatherReportData`'s `indicators`) so they are not computed twice. Absent when the step failed.
   */
  indicators?: ReportIndicators;
}

const DEMO_STAGES: ReadonlyArray<[RegistryKind, string[]]> = [
  ['npr', ['npr']],
  ['kpr-claims', ['bills', 'diagnoses', 'fees']],
  ['kpr-services', ['kpr-services']],
  ['iplos-function', ['iplos-function']],
  ['dental', ['dental']],
  ['link', ['link']],
];

/**
 * The demo, end to end: create (or reuse) a workspace, generate the synthetic demo extracts (or
 * reuse them when `<dir>/extracts/synth.json` says they were made with the same seed), then load
 * the synthetic population, the demo projection and every registry extract through the real
 * ingest functions. A step whose data are already in the workspace is skipped. Then the cohorts
 * of the last year and the indicators as the steering report shows them (that year and up to
 * four before it) are computed (a failing later stage is reported as a failed step, not thrown).
 * The reports themselves are written by the CLI (`felles demo`), which passes
 * {@link DemoResult.indicators} on so the indicators are computed once.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const dir = resolve(options.dir ?? 'felles-demo');
  const progress = options.progress ?? noProgress;
  const seed = options.seed ?? DEFAULT_SEED;
  const extractsDir = join(dir, 'extracts');
  // Only a new or empty folder, or a demo workspace (refused otherwise, before anything is done).
  await claimDemoFolder(dir, { fresh: options.fresh ?? false });
  const steps: DemoStep[] = [];
  const reused = existsSync(join(dir, CONFIG_FILE));
  // A demo whose workspace creation was cut short left a database without felles.json: it is the
  // demo's own, so it is removed and the workspace made again.
  if (!reused) for (const f of [DB_FILE, `${DB_FILE}.wal`]) await rm(join(dir, f), { force: true });
  const ws = reused
    ? await Workspace.open(dir)
    : await Workspace.init(dir, { allowNonEmpty: true, progress });
  steps.push({ step: 'workspace', status: reused ? 'reused' : 'done', detail: dir });
  try {
    let manifest = await readManifest(extractsDir);
    if (
      manifest &&
      manifest.seed === seed &&
      manifest.scale === 'demo' &&
      (options.fraction === undefined || manifest.fraction === options.fraction)
    ) {
      steps.push({
        step: 'generate',
        status: 'reused',
        detail: `extracts in ${extractsDir} (seed ${seed})`,
      });
    } else {
      progress({ stage: 'demo', phase: 'log', message: 'generating the synthetic demo extracts' });
      manifest = await generateSynthetic({
        outDir: extractsDir,
        scale: 'demo',
        seed,
        ...(options.fraction !== undefined ? { fraction: options.fraction } : {}),
        format: 'parquet',
        progress,
      });
      const residents = Object.values(manifest.residents).at(-1) ?? 0;
      steps.push({
        step: 'generate',
        status: 'done',
        detail: `${residents} synthetic residents, years ${manifest.years.join(', ')}`,
      });
    }
    const fileOf = (role: string) => {
      const f = manifest!.files.find((x) => x.role === role);
      return f ? join(extractsDir, f.file) : undefined;
    };
    const loadedFiles = new Set(
      (await ws.db.all<{ path: string }>(`SELECT path FROM ingest_file`).catch(() => [])).map((r) =>
        resolve(String(r.path)),
      ),
    );
    const already = (files: string[]) => files.every((f) => loadedFiles.has(resolve(f)));
    const pop = fileOf('population');
    if (pop) {
      if (already([pop]))
        steps.push({ step: 'ingest population', status: 'skipped', detail: 'already loaded' });
      else {
        progress({
          stage: 'demo',
          phase: 'log',
          message: 'loading the synthetic population (SSB StatBank format)',
        });
        const r = await ingestPopulation(ws, [pop], { progress });
        steps.push({
          step: 'ingest population',
          status: 'done',
          detail: 'population-statbank.csv',
          rows: r.files.reduce((s, f) => s + Number(f.rowsWritten ?? 0), 0),
        });
      }
    }
    const proj = fileOf('projection-lite');
    if (proj) {
      if (already([proj]))
        steps.push({ step: 'ingest projection', status: 'skipped', detail: 'already loaded' });
      else {
        progress({
          stage: 'demo',
          phase: 'log',
          message: 'loading the DEMO population projection (not SSB)',
        });
        const r = await ingestProjection(ws, [proj], {
          progress,
          tableId: DEMO_PROJECTION_TABLE,
          vintage: 2024,
        });
        steps.push({
          step: 'ingest projection',
          status: 'done',
          detail: 'projection-demo-lite.csv (DEMO, not SSB; 2024, 2030, 2040, 2050)',
          rows: r.files.reduce((s, f) => s + Number(f.rowsWritten ?? 0), 0),
        });
      }
    }
    for (const [kind, roles] of DEMO_STAGES) {
      const files = roles.map(fileOf).filter((f): f is string => f !== undefined);
      if (files.length === 0) continue;
      if (already(files)) {
        steps.push({ step: `ingest ${kind}`, status: 'skipped', detail: 'already loaded' });
        continue;
      }
      progress({ stage: 'demo', phase: 'log', message: `loading ${kind}` });
      const r = await ingestRegistry(ws, kind, files, { progress });
      const loaded = r.files.reduce((s, f) => s + f.rowsLoaded, 0);
      const rejected = r.files.reduce((s, f) => s + f.rowsRejected, 0);
      steps.push({
        step: `ingest ${kind}`,
        status: 'done',
        detail: `${loaded} rows loaded, ${rejected} rejected`,
        rows: loaded,
      });
    }
    // Later stages, on the last generated year. A failure is reported as a failed step (the data
    // stay loaded) so the demo shows everything that works.
    const year = Math.max(...manifest.years);
    const later = async (step: string, fn: () => Promise<string>) => {
      progress({ stage: 'demo', phase: 'log', message: step });
      try {
        steps.push({ step, status: 'done', detail: await fn() });
      } catch (e) {
        steps.push({
          step,
          status: 'failed',
          detail: e instanceof Error ? e.message.split('\n')[0]! : String(e),
        });
      }
    };
    // Cohorts for the last three years: the base period the projection takes by default (its
    // priority-group lines need their cohorts in every base year).
    const cohortYears = manifest.years.filter((y) => y > year - 3).sort((a, b) => a - b);
    const span = cohortYears.length > 1 ? `${cohortYears[0]}–${year}` : `${year}`;
    await later(`cohorts ${span}`, async () => {
      const r = await runCohorts(ws, { years: cohortYears, progress });
      const skipped = r.skipped.length ? `, ${r.skipped.length} skipped` : '';
      return `${r.cohorts.length} cohorts${skipped}`;
    });
    // The indicators as the report shows them (trend over up to five years, per helsefellesskap
    // and the country), computed once here and handed on to the report.
    let indicators: ReportIndicators | undefined;
    await later(`indicators ${year}`, async () => {
      indicators = await computeReportIndicators(ws, year, { progress });
      const ys = indicators.years;
      const span = ys.length > 1 ? `${ys[0]}–${ys.at(-1)}` : `${ys[0]}`;
      return `${indicators.result.indicators.length} indicators, ${span}, per helsefellesskap and national`;
    });
    const tables: Record<string, number> = {};
    for (const t of [
      'population',
      'population_projection',
      'person',
      'specialist_episode',
      'hospital_stay',
      'primary_contact',
      'municipal_service',
      'function_assessment',
      'dental_record',
      'person_link',
      'cohort_member',
    ]) {
      const n = await ws.db
        .value<number>(`SELECT count(*) FROM ${sql.ident(t)}`)
        .catch(() => undefined);
      if (n !== undefined) tables[t] = Number(n);
    }
    return { dir, extractsDir, reused, steps, tables, ...(indicators ? { indicators } : {}) };
  } finally {
    ws.close();
  }
}

async function readManifest(dir: string): Promise<SynthManifest | null> {
  const f = join(dir, SYNTH_MANIFEST);
  if (!existsSync(f)) return null;
  try {
    return JSON.parse(await readFile(f, 'utf8')) as SynthManifest;
  } catch {
    return null;
  }
}
