import type { Db } from '../../kernel/db.js';
import { InputDataError } from '../../kernel/errors.js';
import { ident } from '../../kernel/sql.js';
import { MAX_CELL_VALUE } from '../limits.js';
import type { SsbRoles } from './columns.js';

/**
 * The checks every staged SSB cell must pass, in this order; the first cell (by line) that fails
 * one stops the load with its file, line, column and value:
 * a value that is not a number, a negative count, a count above {@link MAX_CELL_VALUE}, an age,
 * sex or year label not understood.
 */
export async function checkCells(
  db: Db,
  table: string,
  file: string,
  lineIsCell: boolean,
  r: SsbRoles,
): Promise<void> {
  // One scan finds which checks fail at all; only those look for their first line.
  const conds = [
    `value IS NULL OR NOT isfinite(value)`,
    `value < 0`,
    `value > ${MAX_CELL_VALUE}`,
    `NOT age_ok`,
    ...(r.sex ? [`sex IS NULL`] : []),
    `year IS NULL`,
  ];
  const failing = await db.one<Record<string, boolean>>(
    `SELECT ${conds.map((c, i) => `bool_or(${c}) AS f${i}`).join(', ')} FROM ${ident(table)}`,
  );
  const failed = new Set(conds.filter((_, i) => failing?.[`f${i}`] === true));
  const fail = async (
    code: string,
    where: string,
    column: (row: Record<string, unknown>) => string,
    valueCol: string,
    reason: string,
  ) => {
    if (!failed.has(where)) return;
    const bad = await db.one<Record<string, string | number>>(
      `SELECT line, value_column, ${valueCol} AS v, * EXCLUDE (line, value_column) FROM ${ident(table)} WHERE ${where} ORDER BY line LIMIT 1`,
    );
    if (bad)
      throw new InputDataError(
        code,
        reason,
        location(
          file,
          lineIsCell,
          Number(bad['line']),
          column(bad),
          bad['v'] === null ? '' : String(bad['v']),
        ),
      );
  };
  const valueColumn = (row: Record<string, unknown>) => String(row['value_column']);
  await fail(
    'NOT_A_NUMBER',
    `value IS NULL OR NOT isfinite(value)`,
    valueColumn,
    'value_raw',
    'the value is not a number (SSB symbols such as ".." or ":" mean the figure is missing; download the table without them)',
  );
  await fail(
    'NEGATIVE_COUNT',
    `value < 0`,
    valueColumn,
    'value_raw',
    'a population count cannot be negative',
  );
  await fail(
    'IMPLAUSIBLE_VALUE',
    `value > ${MAX_CELL_VALUE}`,
    valueColumn,
    'value_raw',
    `a count of more than ${MAX_CELL_VALUE.toLocaleString('en-GB')} persons in one cell is not a population figure (Norway has about 5.6 million people)`,
  );
  await fail(
    'BAD_AGE',
    `NOT age_ok`,
    () => r.age.name,
    'age_raw',
    'age label not understood (expected e.g. "0 years", "1-5 år", "105 years or older", "90+")',
  );
  if (r.sex)
    await fail(
      'BAD_SEX',
      `sex IS NULL`,
      () => r.sex!.name,
      'sex_raw',
      'sex label not understood (expected Males/Females, Menn/Kvinner or Both sexes)',
    );
  await fail(
    'BAD_YEAR',
    `year IS NULL`,
    (row) => (r.value ? (r.year?.name ?? 'year') : String(row['value_column'])),
    'year_raw',
    'year not understood (expected four digits)',
  );
}

/**
 * Refuse a staged cell whose year is outside `[from, to]` (`IMPLAUSIBLE_YEAR`), naming its line,
 * the year column (`yearColumn`; a wide file's value column when undefined) and the value; `why`
 * says what the bounds are.
 */
export async function checkYears(
  db: Db,
  table: string,
  file: string,
  lineIsCell: boolean,
  yearColumn: string | undefined,
  bounds: { from: number; to: number },
  why: string,
): Promise<void> {
  const bad = await db.one<{ line: number; value_column: string; year_raw: string; year: number }>(
    `SELECT line, value_column, year_raw, year FROM ${ident(table)} WHERE year < $1 OR year > $2 ORDER BY line LIMIT 1`,
    [bounds.from, bounds.to],
  );
  if (bad)
    throw new InputDataError(
      'IMPLAUSIBLE_YEAR',
      `the year ${bad.year} is outside ${bounds.from}–${bounds.to}: ${why}`,
      location(
        file,
        lineIsCell,
        Number(bad.line),
        yearColumn ?? bad.value_column,
        String(bad.year_raw),
      ),
    );
}

/** An input location; for JSON-stat the "line" is a cell position, named in the column instead. */
export function location(
  file: string,
  lineIsCell: boolean,
  line: number,
  column: string,
  value: string,
) {
  return lineIsCell
    ? { file, column: `${column} (cell ${line - 1})`, value }
    : { file, line, column, value };
}
