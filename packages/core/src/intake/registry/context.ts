import type { Db } from '../../kernel/db.js';
import { ident, int, str } from '../../kernel/sql.js';
import type { WorkspaceConfig } from '../../workspace/config.js';
import type { DateWindow } from '../limits.js';
import { insertParseRejects, insertProblemRejects } from '../rejects.js';
import { problem } from './expr.js';
import type { RegistryKind } from './profile.js';
import type { StagedFile } from './stage.js';

/** What every loader gets. */
export interface LoadContext {
  db: Db;
  kind: RegistryKind;
  config: WorkspaceConfig;
  /** No geography installed: municipality codes pass through unchecked. */
  passThrough: boolean;
  /** The workspace has a `district` table with rows (city districts are checked against it). */
  hasDistricts: boolean;
  /** Dates of events must fall in this window (1900-01-01 to the extract date). */
  window: DateWindow;
}

/** A staged file with the id it got in `ingest_file`. */
export interface StagedInput extends StagedFile {
  fileId: number;
}

/** Per-file outcome counted by a loader (lines the CSV reader could not read included). */
export interface LoadCounts {
  fileId: number;
  rowsLoaded: number;
  rowsRejected: number;
}

/** Write the lines of a staged file that could not be read into `reject`. */
export async function writeParseRejects(ctx: LoadContext, f: StagedInput): Promise<void> {
  if (f.parseRejects) await insertParseRejects(ctx.db, f.fileId, ctx.kind, f.rejectsTable);
}

/**
 * From a check table with a `probs` list column (see expr.ts `problems`), write one `reject` row
 * per problem and return the number of rows with at least one problem.
 */
export async function writeRejects(ctx: LoadContext, fileId: number, chk: string): Promise<number> {
  return insertProblemRejects(ctx.db, fileId, ctx.kind, chk);
}

/**
 * One problem per present column of a staged file: a value longer than the column's bound
 * (profile `maxLength`, docs/ingest.md "Bounds"). Column expressions are `s.<column>`.
 */
export function lengthProblems(f: Pick<StagedFile, 'bounds'>): string[] {
  return f.bounds.map((b) =>
    problem(
      `length(s.${ident(b.column)}) > ${int(b.maxLength)}`,
      b.name,
      `s.${ident(b.column)}`,
      `value longer than ${b.maxLength} characters`,
    ),
  );
}

/**
 * A problem for an event date outside the load's window: before 1900-01-01, or after the extract
 * date. `date` is the parsed DATE expression, `raw` the raw text.
 */
export function dateWindowProblem(
  ctx: Pick<LoadContext, 'window'>,
  date: string,
  column: string,
  raw: string,
): string {
  const { from, to } = ctx.window;
  return problem(
    `${date} < DATE ${str(from)} OR ${date} > DATE ${str(to)}`,
    column,
    raw,
    `date outside ${from} … ${to} (before 1900 or after the extract date)`,
  );
}

/** Count of rows in a table for one file. */
export async function countFor(
  db: Db,
  table: string,
  fileId: number,
  column = 'file_id',
): Promise<number> {
  return Number(await db.value(`SELECT count(*) FROM ${table} WHERE ${column} = ${int(fileId)}`));
}
