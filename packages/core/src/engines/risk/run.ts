import { UsageError } from '../../kernel/errors.js';
import { noProgress, type ProgressFn } from '../../kernel/util/progress.js';
import type { Workspace } from '../../workspace/index.js';
import { recordWorkspaceInputs } from '../../workspace/run-inputs.js';
import {
  DisclosureRun,
  WorkspaceLedger,
  areaHierarchy,
  type DisclosedTable,
  type RunAudit,
} from '../../disclosure/index.js';
import { exportTables } from '../../export/index.js';
import { personYearSql, requirePersonYearCodelists } from '../../catalogue/person-year.js';
import { fitRiskModel, scoreGroups, termSupport, type TermSupport } from './fit.js';
import { addRiskTables } from './published.js';
import { riskCountRows, riskCountSchema, storeScores, type RiskLevel } from './tables.js';
import {
  loadRiskModel,
  outcomeSql,
  termsOf,
  type RiskModelDefinition,
  type RiskTerm,
} from './terms.js';
import { validate } from './validation.js';
import type { RiskModelResult } from './types.js';

export type { RiskModelResult } from './types.js';

/** Options of {@link runRisk}. */
export interface RunRiskOptions {
  /** Year of the training predictors (outcome in the next year). Default: latest year − 2. */
  trainYear?: number;
  /** Held-out year of predictors for validation (outcome in the next year). Default: train + 1. */
  validationYear?: number;
  /** Year whose residents are scored for the counts table. Default: the latest year with data. */
  scoreYear?: number;
  /** A model definition file (default: the built-in emergency-admission model). */
  modelFile?: string;
  /** Area level of the counts (default helsefellesskap). */
  level?: RiskLevel;
  /** Write the disclosed tables as files (in the run, so the manifest lists them). */
  export?: { format: string; out: string; overwrite?: boolean };
  progress?: ProgressFn;
}

/** What {@link runRisk} did. Person-level scores stay in the workspace (`risk_score`). */
export interface RiskResult {
  runId: string;
  model: RiskModelDefinition;
  trainYear: number;
  validationYear: number;
  scoreYear: number;
  models: RiskModelResult[];
  /** Terms left out before fitting, with the reason. */
  dropped: { id: string; reason: string }[];
  personsScored: number;
  /** Disclosed tables: risk_counts, risk_coefficients, risk_performance, risk_calibration. */
  tables: DisclosedTable[];
  audit: RunAudit;
  /** Files written (with `export`). */
  files: string[];
}

async function dataYears(ws: Workspace): Promise<number[]> {
  const r = await ws.db.all<{ year: number }>(
    `SELECT DISTINCT year(admitted_at)::INTEGER AS year FROM hospital_stay ORDER BY 1`,
  );
  return r.map((x) => Number(x.year));
}

/** Screen indicator terms: too few persons, or events too few (or too many) to estimate safely. */
function screen(
  support: TermSupport[],
  terms: RiskTerm[],
  min: number,
  t: number,
  all: TermSupport,
) {
  const keep: RiskTerm[] = [];
  const dropped: { id: string; reason: string }[] = [];
  terms.forEach((term, j) => {
    const s = support[j]!;
    const nonEvents = s.persons - s.events;
    if (
      !term.indicator ||
      (s.persons >= min && s.events > t && nonEvents > t && s.persons < all.persons)
    )
      keep.push(term);
    else
      dropped.push({
        id: term.id,
        reason: `${s.persons < min ? `fewer than ${min} persons` : 'events or non-events at or below the disclosure threshold, or everyone'} in the training year`,
      });
  });
  return { keep, dropped };
}

/** Fit the model and the age–sex baseline on the training year, validate on the held-out year. */
async function fitModels(
  ws: Workspace,
  model: RiskModelDefinition,
  trainYear: number,
  validationYear: number,
  progress: ProgressFn,
): Promise<{ models: RiskModelResult[]; dropped: { id: string; reason: string }[] }> {
  const outcome = outcomeSql(model.outcome);
  const threshold = new DisclosureRun({ workspace: ws }).thresholdUsed;
  const intercept: RiskTerm = { id: 'intercept', nb: '', en: '', sql: '1', indicator: false };
  const allS = (await termSupport(ws.db, [intercept], trainYear, outcome))[0]!;
  const models: RiskModelResult[] = [];
  const dropped: { id: string; reason: string }[] = [];
  const specs = [
    ['model', model.terms],
    ['age-sex baseline', model.baselineTerms],
  ] as const;
  for (const [name, ids] of specs) {
    const cand = termsOf(ids);
    const sup = await termSupport(ws.db, cand, trainYear, outcome);
    const { keep, dropped: d } = screen(sup, cand, model.minTermPersons, threshold, allS);
    if (name === 'model') dropped.push(...d);
    progress({
      stage: 'risk',
      phase: 'log',
      message: `fitting the ${name} (${keep.length} terms)`,
    });
    const fit = await fitRiskModel(ws.db, keep, trainYear, outcome, model.ridge);
    const groups = await scoreGroups(ws.db, keep, fit.coefficients, validationYear, outcome);
    models.push({
      name,
      terms: keep,
      fit,
      support: [allS, ...keep.map((t) => sup[cand.indexOf(t)]!)],
      validation: await validate(groups),
    });
  }
  return { models, dropped };
}

/** Check the years against the data and fill in defaults. */
async function resolveYears(ws: Workspace, options: RunRiskOptions) {
  const years = await dataYears(ws);
  const last = years[years.length - 1];
  if (last === undefined)
    throw new UsageError('NO_DATA', 'no NPR data loaded: risk models need hospital stays');
  const trainYear = options.trainYear ?? last - 2;
  const validationYear = options.validationYear ?? trainYear + 1;
  const scoreYear = options.scoreYear ?? last;
  if (validationYear <= trainYear)
    throw new UsageError('BAD_YEARS', 'the validation year must come after the training year');
  for (const [what, y] of [
    ['training', trainYear],
    ['validation', validationYear],
  ] as const)
    if (!years.includes(y) || !years.includes(y + 1))
      throw new UsageError(
        'NO_OUTCOME_YEAR',
        `the ${what} year ${y} needs data for ${y} and ${y + 1}; the workspace has ${years.join(', ')}`,
      );
  if (!years.includes(scoreYear))
    throw new UsageError(
      'NO_DATA',
      `no data for the score year ${scoreYear}; the workspace has ${years.join(', ')}`,
    );
  return { years, trainYear, validationYear, scoreYear };
}

/**
 * Risk stratification: build predictors and outcomes in DuckDB, fit the model on the training
 * year (predictors) → next year (outcome) and an age–sex baseline beside it, validate both on the
 * held-out year, score the residents of the score year (kept in `risk_score`), and disclose the
 * aggregate tables together (one `DisclosureRun` with the workspace ledger); with `export`, write
 * them as files in the same run.
 */
export async function runRisk(ws: Workspace, options: RunRiskOptions = {}): Promise<RiskResult> {
  const progress = options.progress ?? noProgress;
  const model = await loadRiskModel(options.modelFile);
  const { years, trainYear, validationYear, scoreYear } = await resolveYears(ws, options);
  const level = options.level ?? 'helsefellesskap';
  const params = {
    model: model.id,
    version: model.version,
    trainYear,
    validationYear,
    scoreYear,
    level,
  };
  const { result } = await ws.run('risk', params, async (run) => {
    await recordWorkspaceInputs(ws, run);
    run.addDefinition(`risk:${model.id}`, model.version);
    await requirePersonYearCodelists(ws.db);
    progress({ stage: 'risk', phase: 'log', message: 'building predictors and outcomes' });
    const predYears = [...new Set([trainYear, validationYear, scoreYear])].sort();
    for (const s of personYearSql(predYears, years)) await ws.db.exec(s);
    const { models, dropped } = await fitModels(ws, model, trainYear, validationYear, progress);
    progress({ stage: 'risk', phase: 'log', message: `scoring ${scoreYear}` });
    const main = models[0]!;
    const personsScored = await storeScores(
      ws.db,
      model,
      main.terms,
      main.fit.coefficients,
      scoreYear,
      run.id,
    );
    run.count('risk_score', personsScored);
    const ledger = await WorkspaceLedger.open(ws);
    const dr = new DisclosureRun({
      workspace: ws,
      geography: await areaHierarchy(ws.db, ws.config.structureYear),
      ledger,
    });
    await dr.add(await riskCountRows(ws.db, model, scoreYear, level), riskCountSchema(model), {
      metadata: {
        title: model.title.nb,
        definitions: [{ id: `risk:${model.id}`, version: model.version }],
        methods: [main.fit.method],
        unit: 'persons; expected persons with the outcome = Σ predicted probability',
      },
    });
    await addRiskTables(dr, model, models);
    const { tables, audit, publication } = await dr.seal();
    run.manifest['disclosure'] = audit;
    const files = options.export
      ? await exportTables(tables, {
          format: options.export.format,
          out: options.export.out,
          overwrite: options.export.overwrite ?? false,
          manifestId: run.id,
          run,
          baseName: 'risk',
          metadata: { title: `felles risk ${model.id} ${model.version}`, command: 'risk' },
        })
      : [];
    await ledger.record(publication, run.id);
    return {
      runId: run.id,
      model,
      trainYear,
      validationYear,
      scoreYear,
      models,
      dropped,
      personsScored,
      tables,
      audit,
      files,
    };
  });
  return result;
}
