import { ident, int } from '../../kernel/sql.js';
import {
  birthYearOk,
  codeNorm,
  dateExpr,
  icd10AllValid,
  intExpr,
  problem,
  problems,
  sexExpr,
  sexInvalid,
  timeExpr,
  unreadable,
} from './expr.js';
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
import { districtExpr, muniMalformed, muniNorm, muniTarget } from './municipality.js';
import { NPR_WAITING_VALUES, nprWaitingProblems, nprWaitingSelect } from './npr-waiting.js';

const c = (name: string) => `s.${ident(name)}`;

/** Secondary diagnosis columns `tilstand_N_1` (N ≥ 2), ordered by N. */
export function secondaryColumns(patternColumns: string[]): string[] {
  return patternColumns
    .map((col) => ({ col, m: /^tilstand_(\d+)_(\d+)$/.exec(col) }))
    .filter((x) => x.m && Number(x.m[1]) >= 2 && Number(x.m[2]) === 1)
    .sort((a, b) => Number(a.m![1]) - Number(b.m![1]))
    .map((x) => x.col);
}

/**
 * Load a staged NPR episodes file into `specialist_episode`. Episode ids continue from the largest
 * id in the table in file-line order (deterministic whatever order DuckDB's threads read in). Rejects rows without a person id or
 * a usable admission date, with a discharge before the admission, or with a value present but
 * not valid for its coded column (docs/ingest.md lists every reason).
 */
export async function loadNpr(ctx: LoadContext, f: StagedInput): Promise<LoadCounts> {
  const { db } = ctx;
  const chk = `${f.table}_chk`;
  const sec = secondaryColumns(f.patternColumns);
  const secList = sec.length
    ? `list_filter([${sec.map((s) => codeNorm(c(s))).join(', ')}], x -> x IS NOT NULL)`
    : `CAST([] AS VARCHAR[])`;
  const norm = muniNorm(c('komnrhjem2'));
  const target = `(${muniTarget(norm, ctx.passThrough)})`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${chk} AS
    SELECT *,
      ${problems(nprProblems(ctx, f))} AS probs
    FROM (
      SELECT s.*,
        ${c('lopenr')} AS p_id,
        ${dateExpr(c('inndato'))} AS adm_date, ${timeExpr(c('inntid'))} AS adm_time,
        ${dateExpr(c('utdato'))} AS dis_date, ${timeExpr(c('uttid'))} AS dis_time,
        adm_date + coalesce(adm_time, TIME '00:00') AS adm_at,
        greatest(dis_date + coalesce(dis_time, TIME '00:00'), adm_at) AS dis_at,
        coalesce(${intExpr(c('aar'))}, year(adm_date)) AS yr,
        ${intExpr(c('fodselsar'))} AS birth_yr,
        CASE ${c('omsorgsniva')} WHEN '1' THEN 'inpatient' WHEN '2' THEN 'day' WHEN '3' THEN 'outpatient' WHEN '8' THEN 'outpatient_during_stay' END AS care_level,
        CASE WHEN ${c('innmatehast')} IN ('1', '2', '3') THEN 'acute' WHEN ${c('innmatehast')} = '4' THEN 'planned' WHEN ${c('innmatehast')} = '5' THEN 'return' END AS urgency,
        CASE ${c('sektor')} WHEN '1' THEN 'somatic' WHEN '2' THEN 'adult_mental' WHEN '3' THEN 'child_mental' WHEN '4' THEN 'substance' WHEN '5' THEN 'rehab' WHEN '6' THEN 'private_specialist' END AS sector,
        ${dateExpr(c('utskrklardato'))} AS ready_date,
        ${norm} AS muni_norm,
        ${target} AS muni_code,
        ${codeNorm(c('tilstand_1_1'))} AS icd_main,
        ${codeNorm(c('tilstand_1_2'))} AS icd_main2,
        ${secList} AS icd_sec,
        ${nprWaitingSelect()}
      FROM ${f.table} s
    ) s;
  `);
  const rejected = await writeRejects(ctx, f.fileId, chk);
  await db.run(`
    CREATE OR REPLACE TEMP TABLE ${chk}_id AS
    SELECT line, (SELECT coalesce(max(episode_id), 0) FROM specialist_episode) + row_number() OVER (ORDER BY line) AS id
    FROM ${chk} WHERE len(probs) = 0;
    INSERT INTO specialist_episode
    SELECT i.id, p_id, ${sexExpr(c('kjonn'))}, birth_yr,
      muni_code, ${c('komnrhjem2')}, ${districtExpr(c('komnrhjem2'), c('bydel2'), 'muni_code', ctx.hasDistricts)},
      yr, adm_date, adm_time, dis_date, dis_time, adm_at, CASE WHEN dis_date IS NOT NULL THEN dis_at END,
      care_level, urgency,
      CASE ${c('kontakttype')} WHEN '6' THEN 'video' WHEN '7' THEN 'telephone' ELSE 'in_person' END,
      sector, ${c('episodefag')}, ${c('behandlingsstedkode')},
      icd_main, icd_main2, icd_sec, ${c('tilstand_1_1')},
      NOT ${icd10AllValid(`list_filter([icd_main, icd_main2], x -> x IS NOT NULL) || icd_sec`)},
      ${c('drg')}, coalesce(${c('uttilstand')} = '2', FALSE),
      CASE WHEN ready_date IS NOT NULL THEN ready_date + coalesce(${timeExpr(c('utskrklartid'))}, TIME '00:00') END,
      ${int(f.fileId)}, s.line, ${NPR_WAITING_VALUES}
    FROM ${chk} s JOIN ${chk}_id i ON i.line = s.line WHERE len(s.probs) = 0
  `);
  await writeParseRejects(ctx, f);
  await db.exec(`DROP TABLE ${chk}; DROP TABLE ${chk}_id`);
  return {
    fileId: f.fileId,
    rowsLoaded: await countFor(db, 'specialist_episode', f.fileId),
    rowsRejected: rejected + f.parseRejects,
  };
}

/** Why an NPR episode row cannot be used (docs/ingest.md, "Reject reasons"); `s` is the staged row. */
function nprProblems(ctx: LoadContext, f: StagedInput): string[] {
  return [
    problem(`p_id IS NULL`, 'lopenr', 'p_id', 'missing person id'),
    problem(`adm_date IS NULL`, 'inndato', c('inndato'), 'missing or invalid admission date'),
    dateWindowProblem(ctx, 'adm_date', 'inndato', c('inndato')),
    dateWindowProblem(ctx, 'dis_date', 'utdato', c('utdato')),
    dateWindowProblem(ctx, 'ready_date', 'utskrKlarDato', c('utskrklardato')),
    unreadable(c('utdato'), 'utdato', 'dis_date', 'invalid discharge date'),
    unreadable(c('inntid'), 'inntid', 'adm_time', 'invalid admission time'),
    unreadable(c('uttid'), 'uttid', 'dis_time', 'invalid discharge time'),
    problem(
      `dis_date < adm_date OR (dis_date = adm_date AND dis_time < adm_time)`,
      'utdato',
      `${c('utdato')} || coalesce(' ' || ${c('uttid')}, '')`,
      'discharge before admission',
    ),
    problem(
      sexInvalid(c('kjonn')),
      'kjonn',
      c('kjonn'),
      'invalid sex code (expected 1, 2, 0 or 9)',
    ),
    problem(
      `${c('fodselsar')} IS NOT NULL AND (birth_yr IS NULL OR NOT ${birthYearOk('birth_yr', 'yr')})`,
      'fodselsar',
      c('fodselsar'),
      'invalid birth year',
    ),
    problem(
      `${c('aar')} IS NOT NULL AND ${intExpr(c('aar'))} IS NULL`,
      'aar',
      c('aar'),
      'invalid year',
    ),
    problem(
      muniMalformed(c('komnrhjem2')),
      'komnrhjem2',
      c('komnrhjem2'),
      'invalid municipality code',
    ),
    unreadable(
      c('omsorgsniva'),
      'omsorgsniva',
      'care_level',
      'invalid care level (expected 1, 2, 3 or 8)',
    ),
    unreadable(c('innmatehast'), 'innmateHast', 'urgency', 'invalid urgency (expected 1–5)'),
    unreadable(c('sektor'), 'sektor', 'sector', 'invalid sector (expected 1–6)'),
    problem(
      `${c('uttilstand')} IS NOT NULL AND ${c('uttilstand')} NOT IN ('1', '2')`,
      'utTilstand',
      c('uttilstand'),
      'invalid discharge status (expected 1 or 2)',
    ),
    unreadable(c('utskrklardato'), 'utskrKlarDato', 'ready_date', 'invalid discharge-ready date'),
    problem(
      `${c('utskrklartid')} IS NOT NULL AND ${timeExpr(c('utskrklartid'))} IS NULL`,
      'utskrKlarTid',
      c('utskrklartid'),
      'invalid discharge-ready time',
    ),
    ...nprWaitingProblems(ctx),
    ...lengthProblems(f),
  ];
}
