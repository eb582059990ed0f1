import type { Db } from '../kernel/db.js';
import { int, str } from '../kernel/sql.js';

/** Characters of a raw value kept in `reject`; a longer value is cut and its length noted. */
export const REJECT_RAW_MAX = 200;

/** A raw value as stored in `reject.raw_value`: at most {@link REJECT_RAW_MAX} characters. */
export function rawValueSql(x: string): string {
  return `CASE WHEN length(${x}) > ${REJECT_RAW_MAX} THEN left(${x}, ${REJECT_RAW_MAX}) || '… (' || length(${x}) || ' characters)' ELSE ${x} END`;
}

/** The same cut in JavaScript, for a text whose full length (`total` `unit`) may be longer. */
export function cutRaw(text: string, total = text.length, unit = 'characters'): string {
  return total > REJECT_RAW_MAX || text.length > REJECT_RAW_MAX
    ? `${text.slice(0, REJECT_RAW_MAX)}… (${total} ${unit})`
    : text;
}

/**
 * The one way rows go into `reject`: `select` yields `line, column_name, raw_value, reason` (one
 * row per problem); every row is written for the file with the raw value cut to
 * {@link REJECT_RAW_MAX} characters (unless `alreadyCut`: values made by {@link cutRaw}).
 */
export async function insertRejects(
  db: Db,
  fileId: number,
  kind: string,
  select: string,
  alreadyCut = false,
): Promise<void> {
  await db.run(
    `INSERT INTO reject (file_id, kind, line, column_name, raw_value, reason)
     SELECT ${int(fileId)}, ${str(kind)}, line, column_name, ${alreadyCut ? 'raw_value' : rawValueSql('raw_value')}, reason
     FROM (${select}) ORDER BY line`,
  );
}

/** The lines a CSV reader could not read (`line, reason, raw`), as rejects without a column. */
export async function insertParseRejects(
  db: Db,
  fileId: number,
  kind: string,
  rejectsTable: string,
): Promise<void> {
  await insertRejects(
    db,
    fileId,
    kind,
    `SELECT line, NULL::VARCHAR AS column_name, raw AS raw_value, reason FROM ${rejectsTable}`,
    true,
  );
}

/**
 * From a check table with a `probs` list column (problem structs of `column_name`, `raw_value`,
 * `reason`), write one reject per problem and return the number of rows with a problem.
 */
export async function insertProblemRejects(
  db: Db,
  fileId: number,
  kind: string,
  checkTable: string,
): Promise<number> {
  await insertRejects(
    db,
    fileId,
    kind,
    `SELECT line, p.column_name AS column_name, p.raw_value AS raw_value, p.reason AS reason
     FROM (SELECT line, unnest(probs) AS p FROM ${checkTable} WHERE len(probs) > 0)`,
  );
  return Number(await db.value(`SELECT count(*) FROM ${checkTable} WHERE len(probs) > 0`));
}

/** Rejected rows of a file per reason (a row with two problems counts under both). */
export async function rejectReasons(db: Db, fileId: number): Promise<Record<string, number>> {
  const rows = await db.all<{ reason: string; n: number }>(
    `SELECT reason, count(*) AS n FROM reject WHERE file_id = $1 GROUP BY reason ORDER BY n DESC, reason`,
    [fileId],
  );
  return Object.fromEntries(rows.map((r) => [r.reason, Number(r.n)]));
}
