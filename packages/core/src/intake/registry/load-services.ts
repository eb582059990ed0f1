import { ident, int, str } from '../../kernel/sql.js';
import { dateExpr, numExpr, problem, problems, unreadable } from './expr.js';
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

/**
 * Load KPR municipal services into `municipal_service`. Rejected: missing person or service code,
 * unparseable dates or hours, to-date before from-date, from-date before 1980 (Helsedirektoratet's
 * validity rule; such a record is valid in no year). Obsolete service codes are recoded
 * (definitions/ingest/iplos-services.csv: 12, 13 → 29); codes not on the list are kept and flagged.
 */
export async function loadServices(ctx: LoadContext, f: StagedInput): Promise<LoadCounts> {
  const { db } = ctx;
  const chk = `${f.table}_chk`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${chk} AS
    SELECT *, ${problems([
      problem(`${c('kpr_lnr')} IS NULL`, 'kpr_lnr', c('kpr_lnr'), 'missing person id'),
      problem(`code IS NULL`, 'tjenesteType', c('tjenestetype'), 'missing or invalid service code'),
      problem(
        `fd IS NULL`,
        'tjenesteStartDato',
        c('tjenestestartdato'),
        'missing or invalid from-date',
      ),
      unreadable(c('tjenestesluttdato'), 'tjenesteSluttDato', 'td', 'invalid to-date'),
      problem(`td < fd`, 'tjenesteSluttDato', c('tjenestesluttdato'), 'to-date before from-date'),
      problem(
        `fd < DATE '1980-01-01'`,
        'tjenesteStartDato',
        c('tjenestestartdato'),
        'from-date before 1980',
      ),
      dateWindowProblem(ctx, 'fd', 'tjenesteStartDato', c('tjenestestartdato')),
      problem(
        `td < DATE ${str(ctx.window.from)}`,
        'tjenesteSluttDato',
        c('tjenestesluttdato'),
        `to-date before ${ctx.window.from}`,
      ),
      problem(
        `${c('timerperuke')} IS NOT NULL AND (hrs IS NULL OR hrs < 0 OR hrs > 168)`,
        'timerPerUke',
        c('timerperuke'),
        'invalid hours per week (expected 0–168)',
      ),
      problem(
        muniMalformed(c('kommunenr')),
        'kommuneNr',
        c('kommunenr'),
        'invalid municipality code',
      ),
      ...lengthProblems(f),
    ])} AS probs
    FROM (SELECT s.*,
            CASE WHEN regexp_full_match(${c('tjenestetype')}, '[0-9]+') THEN CAST(CAST(${c('tjenestetype')} AS BIGINT) AS VARCHAR) END AS code,
            ${dateExpr(c('tjenestestartdato'))} AS fd, ${dateExpr(c('tjenestesluttdato'))} AS td, ${numExpr(c('timerperuke'))} AS hrs
          FROM ${f.table} s) s;
  `);
  const rejected = await writeRejects(ctx, f.fileId, chk);
  const norm = muniNorm(c('kommunenr'));
  await db.run(`
    INSERT INTO municipal_service
    SELECT ${c('kpr_lnr')}, coalesce(sv.recode_to, s.code), ${c('tjenestetype')},
      coalesce(sv2.service_group, sv.service_group, 'other'), sv.code IS NOT NULL,
      fd, td, hrs, ${muniTarget(norm, ctx.passThrough)}, ${c('kommunenr')}, ${int(f.fileId)}, line
    FROM ${chk} s
    LEFT JOIN ingest_service sv ON sv.code = s.code
    LEFT JOIN ingest_service sv2 ON sv2.code = sv.recode_to
    WHERE len(probs) = 0 ORDER BY line
  `);
  await writeParseRejects(ctx, f);
  await db.exec(`DROP TABLE ${chk}`);
  return {
    fileId: f.fileId,
    rowsLoaded: await countFor(db, 'municipal_service', f.fileId),
    rowsRejected: rejected + f.parseRejects,
  };
}
