import { ident, int } from '../../kernel/sql.js';
import { dateExpr, problem, problems } from './expr.js';
import {
  type LoadContext,
  type LoadCounts,
  type StagedInput,
  countFor,
  dateWindowProblem,
  lengthProblems,
  writeParseRejects,
  writeRejects,
} from './context.js';
import { muniMalformed, muniNorm, muniTarget } from './municipality.js';

const c = (name: string) => `s.${ident(name)}`;

/** IPLOS function variables: native name → column of `function_assessment`, in table order. */
export const IPLOS_VARIABLES: ReadonlyArray<readonly [string, string]> = [
  ['sosialDeltakelse', 'social_participation'],
  ['beslutningerDagligliv', 'daily_decisions'],
  ['styreAtferd', 'behaviour_control'],
  ['hukommelse', 'memory'],
  ['kommunikasjon', 'communication'],
  ['ivaretaEgenHelse', 'own_health'],
  ['alminneligHusarbeid', 'housework'],
  ['skaffeVarer', 'shopping'],
  ['lageMat', 'cooking'],
  ['personligHygiene', 'personal_hygiene'],
  ['kleAvOgPaa', 'dressing'],
  ['spise', 'eating'],
  ['toalett', 'toileting'],
  ['bevegeSegInne', 'mobility_indoors'],
  ['bevegeSegUte', 'mobility_outdoors'],
  ['syn', 'vision'],
  ['horsel', 'hearing'],
];

/** Variables that enter the need-level mean: all but vision and hearing. */
const NEED_VARIABLES = IPLOS_VARIABLES.filter(([n]) => n !== 'syn' && n !== 'horsel').map(
  ([n]) => n,
);

/** Minimum scored variables for felles to compute a need level. */
export const NEED_LEVEL_MIN_SCORED = 8;

/**
 * The need level felles computes when `bistandsbehov` is absent — a documented approximation
 * (docs/ingest.md), not Helsedirektoratet's published algorithm, which felles could not verify:
 * the mean of the scored (1–5) function variables except vision and hearing, with at least
 * {@link NEED_LEVEL_MIN_SCORED} scored: < 2.5 limited, 2.5–< 3.5 moderate to large, ≥ 3.5 extensive.
 */
export function needLevelSql(mean: string, scored: string): string {
  return `CASE WHEN ${scored} < ${NEED_LEVEL_MIN_SCORED} OR ${mean} IS NULL THEN NULL WHEN ${mean} < 2.5 THEN 'limited' WHEN ${mean} < 3.5 THEN 'moderate_to_large' ELSE 'extensive' END`;
}

/** Load IPLOS function assessments into `function_assessment`; the need level is computed when absent. */
export async function loadIplos(ctx: LoadContext, f: StagedInput): Promise<LoadCounts> {
  const { db } = ctx;
  const chk = `${f.table}_chk`;
  const score = (n: string) =>
    `CASE WHEN ${c(n.toLowerCase())} IN ('1', '2', '3', '4', '5') THEN CAST(${c(n.toLowerCase())} AS INTEGER) END`;
  const scored = NEED_VARIABLES.map((n) => `(${score(n)})`);
  const nScored = scored.map((x) => `CASE WHEN ${x} IS NOT NULL THEN 1 ELSE 0 END`).join(' + ');
  const mean = `list_avg(list_filter([${scored.join(', ')}], x -> x IS NOT NULL))`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${chk} AS
    SELECT *, ${problems([
      problem(`${c('kpr_lnr')} IS NULL`, 'kpr_lnr', c('kpr_lnr'), 'missing person id'),
      problem(
        `d IS NULL`,
        'vurderingDato',
        c('vurderingdato'),
        'missing or invalid assessment date',
      ),
      dateWindowProblem(ctx, 'd', 'vurderingDato', c('vurderingdato')),
      problem(
        muniMalformed(c('kommunenr')),
        'kommuneNr',
        c('kommunenr'),
        'invalid municipality code',
      ),
      ...IPLOS_VARIABLES.map(([n]) =>
        problem(
          `${c(n.toLowerCase())} IS NOT NULL AND ${c(n.toLowerCase())} NOT IN ('1', '2', '3', '4', '5', '9')`,
          n,
          c(n.toLowerCase()),
          'invalid score (expected 1–5 or 9)',
        ),
      ),
      problem(
        `${c('bistandsbehov')} IS NOT NULL AND ${c('bistandsbehov')} NOT IN ('1', '2', '3')`,
        'bistandsbehov',
        c('bistandsbehov'),
        'invalid need level (expected 1, 2 or 3)',
      ),
      ...lengthProblems(f),
    ])} AS probs
    FROM (SELECT s.*, ${dateExpr(c('vurderingdato'))} AS d FROM ${f.table} s) s;
  `);
  const rejected = await writeRejects(ctx, f.fileId, chk);
  const norm = muniNorm(c('kommunenr'));
  const notRelevant = IPLOS_VARIABLES.map(
    ([n]) => `CASE WHEN ${c(n.toLowerCase())} = '9' THEN 1 ELSE 0 END`,
  ).join(' + ');
  await db.run(`
    INSERT INTO function_assessment
    SELECT ${c('kpr_lnr')}, d, year(d), ${muniTarget(norm, ctx.passThrough)}, ${c('kommunenr')},
      ${IPLOS_VARIABLES.map(([n]) => score(n)).join(', ')},
      ${notRelevant}, mean_score,
      coalesce(CASE ${c('bistandsbehov')} WHEN '1' THEN 'limited' WHEN '2' THEN 'moderate_to_large' WHEN '3' THEN 'extensive' END, ${needLevelSql('mean_score', 'n_scored')}),
      ${c('bistandsbehov')} IS NULL AND ${needLevelSql('mean_score', 'n_scored')} IS NOT NULL,
      ${int(f.fileId)}, line
    FROM (SELECT *, ${mean} AS mean_score, ${nScored} AS n_scored FROM ${chk} s WHERE len(probs) = 0) s ORDER BY line
  `);
  await writeParseRejects(ctx, f);
  await db.exec(`DROP TABLE ${chk}`);
  return {
    fileId: f.fileId,
    rowsLoaded: await countFor(db, 'function_assessment', f.fileId),
    rowsRejected: rejected + f.parseRejects,
  };
}
