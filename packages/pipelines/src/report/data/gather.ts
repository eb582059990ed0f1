/**
 * Data gathering for the steering report: every table the report shows, queried from the
 * workspace and passed through disclosure control, for all 19 helsefellesskap at once (the
 * report compares each community with the others). The HTML itself is assembled by
 * `@felles/charts` (`buildReport`) from these disclosed tables; see docs/report.md.
 */
import {
  codelistFiles,
  loadCohortLibrary,
  hasCohortTables,
  disclosedCohortOverlap,
  loadIndicatorLibrary,
  builtinScenario,
  discloseProjection,
  project,
  type Scenario,
  noProgress,
  type ProgressFn,
  type Workspace,
  type RunRecorder,
  isSyntheticWorkspace,
  UsageError,
} from '@felles/core';
import {
  reportCohortPrevalence,
  reportCohortServiceUse,
  type ReportCohortInfo,
} from './cohorts.js';
import { dentalReportSection } from './dental.js';
import {
  computeReportIndicators,
  reportIndicatorsUsable,
  requireReportYear,
  type ReportIndicators,
} from './indicators.js';
import { newestProjection, reportPopulation, reportPopulationTrend } from './population.js';
import { reportText, type ReportLang } from './text.js';
import type { ReportSectionKey, ReportTables } from '../html/types.js';

/** Sections of the report. */
export type ReportSection = ReportSectionKey;

/** Options of {@link gatherReportData}. */
export interface GatherReportOptions {
  /** Data year; default the newest year with cohort counts, else the newest population year. */
  year?: number;
  /** Projection horizon (default 2040, capped by the projection loaded). */
  horizon?: number;
  /** Projection scenario (default the built-in baseline). */
  scenario?: Scenario;
  /** Monte Carlo runs of the projection (default 0: SSB alternatives only). */
  runs?: number;
  /** Language of the "not available" reasons. */
  lang?: ReportLang;
  /** Skip the samhandling indicators. */
  skipIndicators?: boolean;
  /**
   * The indicators already computed for this report ({@link computeReportIndicators}, e.g. by
   * `felles demo`): used instead of computing them again when they are for the same report year
   * and years; otherwise ignored.
   */
  indicators?: ReportIndicators;
  /** Skip the projection (it is the slowest step). */
  skipProjection?: boolean;
  /** The report run: definitions and SSB tables used are recorded in its manifest. */
  run?: RunRecorder;
  progress?: ProgressFn;
}

/** The disclosed tables of the report. */
export type ReportDataTables = ReportTables;

/** Everything the report is built from (plus, from the CLI, the run manifest). */
export interface ReportData {
  hfs: Array<{
    code: string;
    name: string;
    shortName: string;
    counties: Array<{ code: string; name: string }>;
  }>;
  year: number;
  /** Population year of the "now" figures (the report year when loaded). */
  populationYear: number;
  horizon?: number;
  tables: ReportDataTables;
  unavailable: Partial<Record<ReportSection, string>>;
  methods: {
    definitions: Array<{
      kind: string;
      id: string;
      version: string;
      title?: string;
      source?: string;
    }>;
    codelists: Array<{ id: string; version: string; title?: string; source?: string }>;
    scenario?: {
      id: string;
      version: string;
      title: string;
      description?: string;
      basePeriod?: string;
      horizon?: number;
      alternatives?: string[];
      factors: Scenario['factors'];
    };
    ssbTables: Array<{
      tableId: string;
      vintage?: string | number;
      what: string;
      isDemo?: boolean;
    }>;
    standardPopulation?: string;
    sourceRuns: Array<{ id: string; command: string; startedAt: string }>;
    notes: string[];
  };
  /** True when the workspace holds synthetic demo data. */
  synthetic: boolean;
}

const PRIORITY = new Set(['multimorbidity', 'frail-elderly', 'mental-substance', 'children']);

/**
 * Query and disclose every table of the report. A part whose data are missing (no cohorts run,
 * no projection loaded, no dental records) is left out and named in `unavailable` with the
 * reason; nothing throws for missing data.
 *
 * @throws UsageError `NO_POPULATION` when the workspace has no population at all, and
 *   `NO_DATA_FOR_YEAR` when `year` is given and the workspace has no registry data (or, without
 *   any, no population) and no cohorts for it.
 */
export async function gatherReportData(
  ws: Workspace,
  options: GatherReportOptions = {},
): Promise<ReportData> {
  const progress = options.progress ?? noProgress;
  const tx = reportText(options.lang ?? 'nb');
  const db = ws.db;
  const step = (message: string) => progress({ stage: 'report', phase: 'log', message });
  const popYears = (
    await db.all<{ year: number }>(`SELECT DISTINCT year FROM population ORDER BY 1`)
  ).map((r) => Number(r.year));
  const hasCohorts = await hasCohortTables(db);
  const cohortYears = hasCohorts
    ? (await db.all<{ year: number }>(`SELECT DISTINCT year FROM cohort_count ORDER BY 1`)).map(
        (r) => Number(r.year),
      )
    : [];
  if (options.year !== undefined) await requireReportYear(db, options.year, cohortYears);
  const year = options.year ?? cohortYears.at(-1) ?? popYears.at(-1);
  if (year === undefined) {
    throw new UsageError(
      'NO_POPULATION',
      'the workspace has no population yet; load SSB table 07459 with: felles ingest population <file>',
    );
  }
  const populationYear = popYears.includes(year)
    ? year
    : (popYears.filter((y) => y <= year).at(-1) ?? popYears.at(-1) ?? year);
  const hfRows = await db.all<{ code: string; name: string; short_name: string }>(
    `SELECT code, name, short_name FROM helsefellesskap ORDER BY sort_order`,
  );
  const counties = await db.all<{ hff_code: string; county_code: string; county_name: string }>(
    `SELECT DISTINCT hff_code, county_code, county_name FROM municipality ORDER BY 1, 2`,
  );
  const hfs = hfRows.map((h) => ({
    code: h.code,
    name: h.name,
    shortName: h.short_name,
    counties: counties
      .filter((c) => c.hff_code === h.code)
      .map((c) => ({ code: c.county_code, name: c.county_name })),
  }));
  const tables: ReportDataTables = {};
  const unavailable: ReportData['unavailable'] = {};
  const methods: ReportData['methods'] = {
    definitions: [],
    codelists: [],
    ssbTables: [],
    sourceRuns: [],
    notes: [],
  };

  // Population and its projection.
  step('population');
  const proj = await newestProjection(ws);
  const horizon = proj
    ? Math.min(options.horizon ?? 2040, await maxProjectionYear(ws, proj))
    : undefined;
  if (popYears.length) {
    tables.population = await reportPopulation(ws, populationYear, horizon, proj);
    tables.populationTrend = await reportPopulationTrend(ws, populationYear, proj);
  } else unavailable.population = tx.noPopulation;
  if (!proj) methods.notes.push(tx.noProjectionPopulation);
  const popTables = await db
    .all<{ path: string }>(
      `SELECT DISTINCT path FROM ingest_file WHERE kind ILIKE '%population%' ORDER BY 1`,
    )
    .catch(() => []);
  methods.ssbTables.push({
    tableId: '07459',
    what: `${tx.population} (${popYears.join(', ')})${popTables.length ? `; ${popTables.map((p) => p.path.split(/[\\/]/).at(-1)).join(', ')}` : ''}`,
  });
  if (proj) {
    methods.ssbTables.push({
      tableId: proj.tableId,
      vintage: proj.vintage,
      what: `${tx.projection}: ${proj.alternatives.join(', ')}`,
      isDemo: proj.isDemo,
    });
    options.run?.addSsbTable(proj.tableId, proj.vintage);
  }

  // Priority groups.
  step('priority groups');
  const cohorts: ReportCohortInfo[] = [];
  if (hasCohorts && cohortYears.includes(year)) {
    const lib = await loadCohortLibrary(db, ws.dir);
    const present = new Set(
      (
        await db.all<{ cohort_id: string }>(
          `SELECT DISTINCT cohort_id FROM cohort_count WHERE year = $1`,
          [year],
        )
      ).map((r) => r.cohort_id),
    );
    for (const [id, c] of [...lib.cohorts.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const d = c.definition;
      if (!present.has(id)) continue;
      methods.definitions.push({
        kind: 'cohort',
        id,
        version: d.version,
        title: d.title,
        ...(d.source ? { source: String(d.source) } : {}),
      });
      options.run?.addDefinition(`cohort:${id}`, d.version);
      if (!d.priorityGroup || !PRIORITY.has(d.priorityGroup)) continue;
      cohorts.push({
        id,
        version: d.version,
        title: d.title,
        priorityGroup: d.priorityGroup,
        ...(d.population?.age?.min !== undefined ? { ageMin: d.population.age.min } : {}),
        ...(d.population?.age?.max !== undefined ? { ageMax: d.population.age.max } : {}),
        ...(d.population?.sex ? { sexes: d.population.sex } : {}),
      });
    }
    const prev = await reportCohortPrevalence(ws, year, cohorts);
    tables.cohortPrevalence = prev.table;
    if (prev.standard) methods.standardPopulation = prev.standard;
    tables.cohortOverlap = await disclosedCohortOverlap(ws, {
      year,
      ids: cohorts.map((c) => c.id),
    });
    tables.cohortServiceUse = await reportCohortServiceUse(ws, year, cohorts);
  } else {
    unavailable.priorityGroups = hasCohorts ? tx.noCohortYear(year, cohortYears) : tx.noCohorts;
  }
  for (const f of await codelistFiles(ws.dir)) {
    methods.codelists.push({
      id: f.meta.id,
      version: f.meta.version,
      ...(f.meta.title ? { title: f.meta.title } : {}),
      ...(f.meta.source ? { source: f.meta.source } : {}),
    });
  }

  // Samhandling indicators: every indicator of the library at helsefellesskap and national
  // level, the report year and up to four years before it (its own run manifest), or the ones
  // computed before for this report (felles demo).
  if (options.skipIndicators) unavailable.indicators = tx.indicatorsSkipped;
  else {
    step('indicators');
    try {
      const lib = loadIndicatorLibrary(ws.dir);
      const pre =
        options.indicators && (await reportIndicatorsUsable(db, options.indicators, year))
          ? options.indicators
          : undefined;
      const r = pre ? pre.result : (await computeReportIndicators(ws, year, { progress })).result;
      if (pre) options.run?.note(`indicators: computed in run ${r.runId}, not again`);
      options.run?.addInputRun(r.runId, 'indicators run', `indicators ${r.years.join(', ')}`);
      const tabs = r.indicators.flatMap((i) => (i.table ? [i.table] : []));
      if (tabs.length) tables.indicators = tabs;
      else unavailable.indicators = tx.noIndicators;
      for (const i of r.indicators) {
        const d = lib.get(i.id)?.definition;
        const title = (options.lang ?? 'nb') === 'nb' ? (d?.titleNo ?? i.title) : i.title;
        methods.definitions.push({
          kind: 'indicator',
          id: i.id,
          version: i.version,
          title,
          ...(d?.source ? { source: d.source } : {}),
        });
        options.run?.addDefinition(i.id, i.version);
        if (i.note) methods.notes.push(`${i.id}: ${i.note}`);
      }
    } catch (e) {
      unavailable.indicators = `${tx.indicatorsFailed}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  // Projections.
  if (options.skipProjection) unavailable.projections = tx.projectionSkipped;
  else if (!proj) unavailable.projections = tx.noProjectionPopulation;
  else {
    step('projections');
    try {
      const scenario = options.scenario ?? builtinScenario('baseline');
      // The scenario's base period, clipped to the population years loaded (a demo or a short
      // extract may start later than the scenario asks for).
      const bp = scenario.basePeriod;
      const first = popYears[0] ?? year;
      const basePeriod =
        bp?.from !== undefined && bp.to !== undefined && bp.from < first && bp.to >= first
          ? { ...bp, from: first, to: bp.to }
          : undefined;
      if (basePeriod && bp?.from !== undefined)
        methods.notes.push(tx.basePeriodClipped(bp.from, first));
      const r = await project(ws, {
        areas: 'all',
        scenario,
        ...(basePeriod ? { basePeriod } : {}),
        ...(horizon ? { horizon } : {}),
        runs: options.runs ?? 0,
        disclosureThreshold: ws.config.disclosure.threshold,
        progress,
      });
      const d = await discloseProjection(r, { workspace: ws });
      tables.projectionSummary = d.summary;
      tables.projectionSeries = d.series;
      tables.projectionDecomposition = d.decomposition;
      if (d.uncertainty) tables.projectionUncertainty = d.uncertainty;
      methods.scenario = {
        id: scenario.id,
        version: scenario.version,
        title: scenario.title,
        ...(scenario.description ? { description: scenario.description } : {}),
        basePeriod: r.meta.basePeriod.years.join(', '),
        horizon: r.meta.horizon,
        alternatives: r.meta.population.alternatives,
        factors: scenario.factors,
      };
      methods.definitions.push({
        kind: 'scenario',
        id: scenario.id,
        version: scenario.version,
        title: scenario.title,
      });
      options.run?.addDefinition(`scenario:${scenario.id}`, scenario.version);
      for (const l of r.meta.serviceLines) {
        methods.definitions.push({
          kind: 'service line',
          id: l.id,
          version: l.version,
          title: l.label,
        });
        options.run?.addDefinition(`service-line:${l.id}`, l.version);
      }
      for (const w of r.warnings) methods.notes.push(w.message);
    } catch (e) {
      unavailable.projections = `${tx.projectionFailed}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  // Dental service: the dental module's analysis (share examined of the entitled population,
  // caries), restricted to the report year.
  step('dental');
  const dentalRows = Number(
    await db
      .value<number>(`SELECT count(*) FROM dental_record WHERE year = $1`, [year])
      .catch(() => 0),
  );
  if (dentalRows > 0) {
    try {
      const d = await dentalReportSection(ws, {
        year,
        years: [year],
        ...(cohorts.length ? { cohorts: cohorts.map((c) => c.id) } : {}),
      });
      const t = d.analysis.tables;
      tables.dentalUtilisation = t.utilisation;
      tables.dentalCaries = t.caries;
      tables.dentalRecall = t.recall;
      tables.dentalCrossSector = t.crossSector;
      methods.definitions.push({
        kind: 'dental priority groups',
        id: d.definition.id,
        version: d.definition.version,
      });
      options.run?.addDefinition(d.definition.id, d.definition.version);
      for (const w of d.warnings) methods.notes.push(w);
    } catch (e) {
      unavailable.dental = `${tx.dentalFailed}: ${e instanceof Error ? e.message : String(e)}`;
    }
  } else unavailable.dental = tx.noDental(year);

  // Provenance: the runs the numbers come from.
  for (const m of await ws.runs()) {
    if (m.status === 'ok' && m.command !== 'report')
      methods.sourceRuns.push({ id: m.id, command: m.command, startedAt: m.startedAt });
    for (const s of m.status === 'ok' ? m.ssbTables : []) {
      if (!methods.ssbTables.some((x) => x.tableId === s.tableId && x.vintage === s.vintage))
        methods.ssbTables.push({
          tableId: s.tableId,
          ...(s.vintage !== undefined ? { vintage: s.vintage } : {}),
          what: m.command,
        });
    }
  }
  methods.sourceRuns = methods.sourceRuns.slice(-40);
  const synthetic = Boolean(proj?.isDemo) || isSyntheticWorkspace(ws.dir);
  if (synthetic) methods.notes.push(tx.synthetic);
  return {
    hfs,
    year,
    populationYear,
    ...(horizon ? { horizon } : {}),
    tables,
    unavailable,
    methods,
    synthetic,
  };
}

async function maxProjectionYear(
  ws: Workspace,
  proj: { tableId: string; vintage: number },
): Promise<number> {
  return Number(
    await ws.db.value<number>(
      `SELECT max(year) FROM population_projection WHERE table_id = $1 AND vintage = $2`,
      [proj.tableId, proj.vintage],
    ),
  );
}
