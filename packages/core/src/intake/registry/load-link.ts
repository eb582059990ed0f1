import { ident, int } from '../../kernel/sql.js';
import { dateExpr, problem, problems, unreadable } from './expr.js';
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

const c = (name: string) => `s.${ident(name)}`;

/**
 * Load an NPR–KPR key file into `link_row` (person_link is rebuilt from all rows afterwards), with
 * the date of death from the population register when the file carries `dodsdato`.
 */
export async function loadLink(ctx: LoadContext, f: StagedInput): Promise<LoadCounts> {
  const { db } = ctx;
  const chk = `${f.table}_chk`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${chk} AS
    SELECT *, ${problems([
      problem(`${c('npr_lopenr')} IS NULL`, 'npr_lopenr', c('npr_lopenr'), 'missing NPR id'),
      problem(`${c('kpr_lnr')} IS NULL`, 'kpr_lnr', c('kpr_lnr'), 'missing KPR id'),
      unreadable(c('dodsdato'), 'dodsdato', 'death', 'invalid date of death'),
      dateWindowProblem(ctx, 'death', 'dodsdato', c('dodsdato')),
      ...lengthProblems(f),
    ])} AS probs FROM (SELECT s.*, ${dateExpr(c('dodsdato'))} AS death FROM ${f.table} s) s;
  `);
  const rejected = await writeRejects(ctx, f.fileId, chk);
  await db.run(
    `INSERT INTO link_row (npr_id, kpr_id, file_id, line, death_date)
     SELECT ${c('npr_lopenr')}, ${c('kpr_lnr')}, ${int(f.fileId)}, line, death FROM ${chk} s WHERE len(probs) = 0 ORDER BY line`,
  );
  await writeParseRejects(ctx, f);
  await db.exec(`DROP TABLE ${chk}`);
  return {
    fileId: f.fileId,
    rowsLoaded: await countFor(db, 'link_row', f.fileId),
    rowsRejected: rejected + f.parseRejects,
  };
}
