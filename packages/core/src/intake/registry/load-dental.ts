import { ident, int } from '../../kernel/sql.js';
import { dateExpr, intExpr, problem, problems } from './expr.js';
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

const yesNo = (x: string) => `CASE ${x} WHEN '1' THEN TRUE WHEN '0' THEN FALSE END`;

/** Load public dental service (DOT) records into `dental_record`. */
export async function loadDental(ctx: LoadContext, f: StagedInput): Promise<LoadCounts> {
  const { db } = ctx;
  const chk = `${f.table}_chk`;
  const flag = (col: string, name: string) =>
    problem(
      `${c(col)} IS NOT NULL AND ${c(col)} NOT IN ('0', '1')`,
      name,
      c(col),
      'invalid yes/no value (expected 1 or 0)',
    );
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${chk} AS
    SELECT *, ${problems([
      problem(`${c('kpr_lnr')} IS NULL`, 'kpr_lnr', c('kpr_lnr'), 'missing person id'),
      problem(`d IS NULL`, 'dato', c('dato'), 'missing or invalid date'),
      dateWindowProblem(ctx, 'd', 'dato', c('dato')),
      problem(
        `${c('fylkenr')} IS NOT NULL AND NOT regexp_full_match(${c('fylkenr')}, '[0-9]{1,2}')`,
        'fylkeNr',
        c('fylkenr'),
        'invalid county code',
      ),
      problem(
        `${c('prioritetsgruppe')} IS NOT NULL AND NOT regexp_full_match(lower(${c('prioritetsgruppe')}), '[a-f]')`,
        'prioritetsgruppe',
        c('prioritetsgruppe'),
        'invalid priority group (expected a–f)',
      ),
      flag('undertilsyn', 'underTilsyn'),
      flag('undersokt', 'undersokt'),
      flag('behandlet', 'behandlet'),
      problem(
        `${c('dmft')} IS NOT NULL AND (${intExpr(c('dmft'))} IS NULL OR ${intExpr(c('dmft'))} NOT BETWEEN 0 AND 20)`,
        'dmft',
        c('dmft'),
        'invalid dmft (expected 0–20)',
      ),
      problem(
        `${c('dmft_1')} IS NOT NULL AND (${intExpr(c('dmft_1'))} IS NULL OR ${intExpr(c('dmft_1'))} NOT BETWEEN 0 AND 32)`,
        'DMFT',
        c('dmft_1'),
        'invalid DMFT (expected 0–32)',
      ),
      problem(
        `${c('alder')} IS NOT NULL AND (${intExpr(c('alder'))} IS NULL OR ${intExpr(c('alder'))} NOT BETWEEN 0 AND 130)`,
        'alder',
        c('alder'),
        'invalid age',
      ),
      ...lengthProblems(f),
    ])} AS probs
    FROM (SELECT s.*, ${dateExpr(c('dato'))} AS d FROM ${f.table} s) s;
  `);
  const rejected = await writeRejects(ctx, f.fileId, chk);
  await db.run(`
    INSERT INTO dental_record
    SELECT ${c('kpr_lnr')}, d, year(d), lpad(${c('fylkenr')}, 2, '0'), ${c('klinikk')}, lower(${c('prioritetsgruppe')}),
      ${yesNo(c('undertilsyn'))}, ${yesNo(c('undersokt'))}, ${yesNo(c('behandlet'))},
      ${intExpr(c('dmft'))}, ${intExpr(c('dmft_1'))}, ${intExpr(c('alder'))}, ${int(f.fileId)}, line
    FROM ${chk} s WHERE len(probs) = 0 ORDER BY line
  `);
  await writeParseRejects(ctx, f);
  await db.exec(`DROP TABLE ${chk}`);
  return {
    fileId: f.fileId,
    rowsLoaded: await countFor(db, 'dental_record', f.fileId),
    rowsRejected: rejected + f.parseRejects,
  };
}
