/**
 * Data gathering for the steering report: every table the report shows, queried from the
 * workspace and passed through disclosure control, for all 19 helsefellesskap at once (the report
 * compares each community with the others). The HTML is assembled from these disclosed tables
 * (`buildReport`); see docs/report.md. Each part is its own step (`*-step.ts`). The indicators
 * are an `indicators run` of their own (made or reused); the priority-group, projection and dental
 * tables are one publication, disclosed together against it and everything else the workspace
 * published before (`publication.ts`).
 */
import {
  codelistFiles,
  hasCohortTables,
  isSyntheticWorkspace,
  noProgress,
  UsageError,
  type Workspace,
} from '@felles/core';
import { text } from '@felles/text';
import { cohortStep } from './cohort-step.js';
import { dentalStep } from './dental-step.js';
import { indicatorStep } from './indicator-step.js';
import { requireReportYear } from './indicators.js';
import { newestProjection, reportPopulation, reportPopulationTrend } from './population.js';
import { projectionStep } from './projection-step.js';
import { ReportPublication } from './publication.js';
import { provenanceStep } from './provenance.js';
import type { GatherReportOptions, ReportData } from './types.js';

export type {
  GatherReportOptions,
  ReportData,
  ReportDataTables,
  ReportSection,
  ReportDefinition,
  ReportIndicatorInfo,
  ReportScenario,
  DefinitionKind,
} from './types.js';

/** The communities with their counties and municipalities, in their official order. */
async function communities(ws: Workspace): Promise<ReportData['hfs']> {
  const db = ws.db;
  const hfRows = await db.all<{ code: string; name: string; short_name: string }>(
    `SELECT code, name, short_name FROM helsefellesskap ORDER BY sort_order`,
  );
  const muns = await db.all<{
    hff_code: string;
    code: string;
    short_name: string;
    county_code: string;
    county_name: string;
  }>(
    `SELECT hff_code, code, short_name, county_code, county_name FROM municipality ORDER BY hff_code, code`,
  );
  return hfRows.map((h) => {
    const mine = muns.filter((m) => m.hff_code === h.code);
    const counties = new Map(mine.map((m) => [m.county_code, m.county_name]));
    return {
      code: h.code,
      name: h.name,
      shortName: h.short_name,
      counties: [...counties.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([code, name]) => ({ code, name })),
      municipalities: mine.map((m) => ({ code: m.code, name: m.short_name })),
    };
  });
}

/**
 * Query and disclose every table of the report. A part whose data are missing (no cohorts run,
 * no projection loaded, no dental records) is left out and named in `unavailable` with the
 * reason in the report's language; nothing throws for missing data.
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
  const lang = options.lang ?? 'nb';
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
  const data: ReportData = {
    hfs: await communities(ws),
    year,
    populationYear,
    tables: {},
    unavailable: {},
    indicatorInfo: {},
    indicatorLevels: [],
    methods: {
      definitions: [],
      codelists: [],
      serviceLines: {},
      ssbTables: [],
      populationYears: popYears,
      sourceRuns: [],
      notes: [],
    },
    synthetic: false,
  };

  step('population');
  const proj = await newestProjection(ws);
  if (proj) {
    const last = Number(
      await db.value<number>(
        `SELECT max(year) FROM population_projection WHERE table_id = $1 AND vintage = $2`,
        [proj.tableId, proj.vintage],
      ),
    );
    data.horizon = Math.min(options.horizon ?? 2040, last);
    data.methods.ssbTables.push({
      tableId: proj.tableId,
      vintage: proj.vintage,
      isDemo: proj.isDemo,
    });
    options.run?.addSsbTable(proj.tableId, proj.vintage);
  } else data.methods.notes.push(text(lang, 'gather.noProjectionPopulation'));
  if (popYears.length) {
    data.tables.population = await reportPopulation(ws, populationYear, data.horizon, proj);
    data.tables.populationTrend = await reportPopulationTrend(ws, populationYear, proj);
  } else data.unavailable.population = text(lang, 'gather.noPopulation');
  data.methods.ssbTables.unshift({ tableId: '07459' });

  // sealed last: the indicator run recorded before that is in the ledger it is checked against
  const pub = await ReportPublication.open(ws);
  step('priority groups');
  const cohorts = await cohortStep(ws, data, cohortYears, options, pub);
  for (const f of await codelistFiles(ws.dir)) {
    data.methods.codelists.push({
      kind: 'codelist',
      id: f.meta.id,
      version: f.meta.version,
      title: f.meta.title ?? f.meta.id,
      ...(f.meta.description ? { description: f.meta.description } : {}),
      ...(f.meta.source ? { source: f.meta.source } : {}),
    });
  }
  if (options.skipIndicators) data.unavailable.indicators = text(lang, 'gather.indicatorsSkipped');
  else {
    step('indicators');
    await indicatorStep(ws, data, options);
  }
  if (options.skipProjection) data.unavailable.projections = text(lang, 'gather.projectionSkipped');
  else if (!proj) data.unavailable.projections = text(lang, 'gather.noProjectionPopulation');
  else {
    step('projections');
    await projectionStep(ws, data, popYears, options, pub);
  }
  step('dental');
  await dentalStep(ws, data, cohorts, options, pub);
  step('disclosure');
  const record = await pub.seal(options.run);
  if (record?.notice) data.methods.notes.push(record.notice);
  await provenanceStep(ws, data);
  data.synthetic = Boolean(proj?.isDemo) || isSyntheticWorkspace(ws.dir);
  if (data.synthetic) data.methods.notes.push(text(lang, 'gather.synthetic'));
  return data;
}
