import { UsageError } from '../../kernel/errors.js';
import { str } from '../../kernel/sql.js';
import { noProgress, type ProgressFn } from '../../kernel/util/progress.js';
import type { Workspace } from '../../workspace/index.js';
import { recordWorkspaceInputs } from '../../workspace/run-inputs.js';
import { personYearSql, requirePersonYearCodelists } from '../../catalogue/person-year.js';
import {
  DisclosureRun,
  WorkspaceLedger,
  type DisclosedTable,
  type RunAudit,
} from '../../disclosure/index.js';
import { differenceInDifferences, type DidResult } from './did.js';
import { ENROLMENT_TABLE, loadEnrolment } from './enrolment.js';
import { matchedComparison, type MatchedResult } from './matched.js';
import { addBenefitTables } from './published.js';

/** Options of {@link runBenefit}. */
export interface RunBenefitOptions {
  /** Name of the intervention (as in the enrolment file). */
  intervention: string;
  /** Load this enrolment file first (see `loadEnrolment`). */
  enrolmentFile?: string;
  /** Municipalities (4-digit codes) running the intervention: enables difference-in-differences. */
  municipalities?: string[];
  /** Comparison municipalities for difference-in-differences (default: every other). */
  comparisonMunicipalities?: string[];
  /** Start year (default: the year of the enrolment dates). */
  startYear?: number;
  progress?: ProgressFn;
}

/** What {@link runBenefit} did. */
export interface BenefitResult {
  runId: string;
  intervention: string;
  startYear: number;
  matched: MatchedResult | null;
  did: DidResult | null;
  tables: DisclosedTable[];
  audit: RunAudit;
}

async function startYearOf(ws: Workspace, intervention: string): Promise<number | null> {
  const exists =
    Number(
      await ws.db.value(
        `SELECT count(*) FROM information_schema.tables WHERE table_name = '${ENROLMENT_TABLE}'`,
      ),
    ) > 0;
  if (!exists) return null;
  const r = await ws.db
    .all(`SELECT min(year(enrolment_date)) AS a, max(year(enrolment_date)) AS b, count(*) AS n
    FROM ${ENROLMENT_TABLE} WHERE intervention = ${str(intervention)}`);
  if (Number(r[0]!['n']) === 0) return null;
  if (r[0]!['a'] !== r[0]!['b'])
    throw new UsageError(
      'ENROLMENT_YEARS',
      `the enrolments of "${intervention}" span ${String(r[0]!['a'])}–${String(r[0]!['b'])}; measure one start year at a time`,
    );
  return Number(r[0]!['a']);
}

/**
 * Benefit measurement for one intervention: a matched comparison of the enrolled against
 * propensity-weighted comparison persons (when enrolments are loaded) and a
 * difference-in-differences between the intervention municipalities and the others (when
 * municipalities are given), with an event study and a placebo start. Everything person-level is
 * computed in DuckDB; the tables are disclosed together.
 */
export async function runBenefit(
  ws: Workspace,
  options: RunBenefitOptions,
): Promise<BenefitResult> {
  const progress = options.progress ?? noProgress;
  const { result } = await ws.run('benefit', { ...options, progress: undefined }, async (run) => {
    await recordWorkspaceInputs(ws, run);
    if (options.enrolmentFile) {
      await run.addInput(options.enrolmentFile, 'enrolment');
      run.count('benefit_enrolment', await loadEnrolment(ws.db, options.enrolmentFile));
    }
    const enrolStart = await startYearOf(ws, options.intervention);
    const start = options.startYear ?? enrolStart;
    if (start === null)
      throw new UsageError(
        'NO_START',
        `no enrolments of "${options.intervention}" and no start year: give an enrolment file or --start-year`,
      );
    if (!enrolStart && !options.municipalities?.length)
      throw new UsageError(
        'NOTHING_TO_MEASURE',
        'give enrolments (matched comparison) or municipalities (difference-in-differences)',
      );
    const years = (
      await ws.db.all(
        `SELECT DISTINCT year(admitted_at)::INTEGER AS y FROM hospital_stay ORDER BY 1`,
      )
    ).map((r) => Number(r['y']));
    if (!years.includes(start) || !years.includes(start - 1))
      throw new UsageError(
        'NO_DATA',
        `benefit measurement needs data for ${start - 1} and ${start}; the workspace has ${years.join(', ')}`,
      );
    await requirePersonYearCodelists(ws.db);
    progress({
      stage: 'benefit',
      phase: 'log',
      message: 'building service use per person and year',
    });
    for (const s of personYearSql(
      years.filter((y) => y <= start),
      years,
    ))
      await ws.db.exec(s);
    const matched = enrolStart ? await matchedComparison(ws.db, options.intervention, start) : null;
    const did = options.municipalities?.length
      ? await differenceInDifferences(
          ws.db,
          options.municipalities,
          start,
          options.comparisonMunicipalities ?? null,
        )
      : null;
    const ledger = await WorkspaceLedger.open(ws);
    const dr = new DisclosureRun({ workspace: ws, ledger });
    await addBenefitTables(dr, options.intervention, matched, did);
    const { tables, audit, publication } = await dr.seal();
    run.manifest['disclosure'] = audit;
    await ledger.record(publication, run.id);
    return {
      runId: run.id,
      intervention: options.intervention,
      startYear: start,
      matched,
      did,
      tables,
      audit,
    };
  });
  return result;
}
