import type { Db } from '../../kernel/db.js';
import { ident, inList, int } from '../../kernel/sql.js';
import {
  type LoadContext,
  type LoadCounts,
  type StagedInput,
  dateWindowProblem,
  lengthProblems,
  writeParseRejects,
  writeRejects,
} from './context.js';
import { dateExpr, problem, problems, timeExpr, unreadable } from './expr.js';

const c = (name: string) => `s.${ident(name)}`;

/**
 * The log of discharge-ready times set by NPR time-point files: per episode and file, the value
 * before and after. The file itself leaves no rows of its own, so this is what lets it be taken
 * out again.
 */
const CHANGE_DDL = `CREATE TABLE IF NOT EXISTS npr_time_change (
  episode_id BIGINT NOT NULL, file_id INTEGER NOT NULL, old_value TIMESTAMP, new_value TIMESTAMP)`;

/**
 * Apply an NPR time-point file: rows with `typeTidspunkt` 2 (discharge ready) set
 * `discharge_ready_at` on every episode of the same person with equal admission date and time.
 * Other time-point types and rows matching no episode are rejected with the reason.
 */
export async function loadNprTime(ctx: LoadContext, f: StagedInput): Promise<LoadCounts> {
  const { db } = ctx;
  const chk = `${f.table}_chk`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${chk} AS
    SELECT s.*, ${problems([
      problem(`${c('lopenr')} IS NULL`, 'lopenr', c('lopenr'), 'missing person id'),
      problem(`adm_date IS NULL`, 'inndato', c('inndato'), 'missing or invalid admission date'),
      unreadable(c('inntid'), 'inntid', 'adm_time', 'invalid admission time'),
      problem(`at_date IS NULL`, 'dato', c('dato'), 'missing or invalid date'),
      dateWindowProblem(ctx, 'adm_date', 'inndato', c('inndato')),
      dateWindowProblem(ctx, 'at_date', 'dato', c('dato')),
      unreadable(c('tid'), 'tid', 'at_time', 'invalid time'),
      problem(
        `coalesce(${c('typetidspunkt')}, '') <> '2'`,
        'typeTidspunkt',
        c('typetidspunkt'),
        'time-point type not used by felles (only 2 = discharge ready)',
      ),
      problem(
        `adm_date IS NOT NULL AND ${c('typetidspunkt')} = '2' AND NOT EXISTS (SELECT 1 FROM specialist_episode e WHERE e.person_id = ${c('lopenr')} AND e.admission_date = adm_date AND e.admission_time IS NOT DISTINCT FROM adm_time)`,
        'inndato',
        `${c('inndato')} || coalesce(' ' || ${c('inntid')}, '')`,
        'no episode of this person with this admission date and time',
      ),
      ...lengthProblems(f),
    ])} AS probs
    FROM (SELECT s.*, ${dateExpr(c('inndato'))} AS adm_date, ${timeExpr(c('inntid'))} AS adm_time,
            ${dateExpr(c('dato'))} AS at_date, ${timeExpr(c('tid'))} AS at_time FROM ${f.table} s) s;
  `);
  const rejected = await writeRejects(ctx, f.fileId, chk);
  // Each change is logged (old and new value), so that taking the file out can undo it.
  await db.exec(`
    ${CHANGE_DDL};
    CREATE OR REPLACE TEMP TABLE ${chk}_ready AS
      SELECT ${c('lopenr')} AS pid, adm_date, adm_time, max(at_date + coalesce(at_time, TIME '00:00')) AS ready
      FROM ${chk} s WHERE len(probs) = 0 GROUP BY ALL;
    INSERT INTO npr_time_change
      SELECT e.episode_id, ${int(f.fileId)}, e.discharge_ready_at, t.ready FROM specialist_episode e JOIN ${chk}_ready t
      ON e.person_id = t.pid AND e.admission_date = t.adm_date AND e.admission_time IS NOT DISTINCT FROM t.adm_time;
    UPDATE specialist_episode e SET discharge_ready_at = t.ready FROM ${chk}_ready t
    WHERE e.person_id = t.pid AND e.admission_date = t.adm_date AND e.admission_time IS NOT DISTINCT FROM t.adm_time;
    DROP TABLE ${chk}_ready;
  `);
  const loaded = Number(await db.value(`SELECT count(*) FROM ${chk} WHERE len(probs) = 0`));
  await writeParseRejects(ctx, f);
  await db.exec(`DROP TABLE ${chk}`);
  return { fileId: f.fileId, rowsLoaded: loaded, rowsRejected: rejected + f.parseRejects };
}

/**
 * Before the files `fileIds` are removed: undo what NPR time-point files among them set, and drop
 * the log of episodes that go with removed NPR episode files. An episode gets the value of the
 * latest time-point file still loaded, else the value it had before any (its own
 * `utskrKlarDato`).
 */
export async function forgetTimePoints(db: Db, fileIds: readonly number[]): Promise<void> {
  if (!fileIds.length) return;
  const exists = Number(
    await db.value(
      `SELECT count(*) FROM duckdb_tables() WHERE table_name = 'npr_time_change' AND NOT temporary`,
    ),
  );
  if (!exists) return;
  const ids = inList([...fileIds]);
  await db.exec(`
    DELETE FROM npr_time_change WHERE episode_id IN (SELECT episode_id FROM specialist_episode WHERE file_id IN ${ids});
    CREATE OR REPLACE TEMP TABLE ntc_own AS
      SELECT episode_id, arg_min_null(old_value, file_id) AS own FROM npr_time_change
      WHERE episode_id IN (SELECT episode_id FROM npr_time_change WHERE file_id IN ${ids}) GROUP BY episode_id;
    DELETE FROM npr_time_change WHERE file_id IN ${ids};
    UPDATE specialist_episode e SET discharge_ready_at = v.value FROM (
      SELECT o.episode_id, coalesce(l.last, o.own) AS value FROM ntc_own o
      LEFT JOIN (SELECT episode_id, arg_max(new_value, file_id) AS last FROM npr_time_change GROUP BY episode_id) l USING (episode_id)
    ) v WHERE e.episode_id = v.episode_id;
    UPDATE npr_time_change c SET old_value = o.own FROM ntc_own o
    WHERE c.episode_id = o.episode_id AND c.file_id = (SELECT min(file_id) FROM npr_time_change x WHERE x.episode_id = o.episode_id);
    DROP TABLE ntc_own;
  `);
}
