import type { Db } from '../../kernel/db.js';
import { int, str } from '../../kernel/sql.js';
import type { WorkspaceConfig } from '../../workspace/config.js';
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
}

/** A staged file with the id it got in `ingest_file`. */
export interface StagedInput extends StagedFile {
  fileId: number;
}

/** Per-file outcome counted by a loader (parse rejects of the CSV reader included). */
export interface LoadCounts {
  fileId: number;
  rowsLoaded: number;
  rowsRejected: number;
}

/** Write the CSV reader's parse rejects of a staged file into `reject`. */
export async function writeParseRejects(ctx: LoadContext, f: StagedInput): Promise<void> {
  if (!f.parseRejects.length) return;
  const values = f.parseRejects
    .map(
      (r) =>
        `(${int(f.fileId)}, ${str(ctx.kind)}, ${int(r.line)}, NULL, ${str(r.raw)}, ${str(r.reason)})`,
    )
    .join(', ');
  await ctx.db.run(
    `INSERT INTO reject (file_id, kind, line, column_name, raw_value, reason) VALUES ${values}`,
  );
}

/**
 * From a check table with a `probs` list column (see expr.ts `problems`), write one `reject` row
 * per problem and return the number of rows with at least one problem.
 */
export async function writeRejects(ctx: LoadContext, fileId: number, chk: string): Promise<number> {
  await ctx.db.run(
    `INSERT INTO reject (file_id, kind, line, column_name, raw_value, reason)
     SELECT ${int(fileId)}, ${str(ctx.kind)}, line, p.column_name, p.raw_value, p.reason
     FROM (SELECT line, unnest(probs) AS p FROM ${chk} WHERE len(probs) > 0) ORDER BY line`,
  );
  return Number(await ctx.db.value(`SELECT count(*) FROM ${chk} WHERE len(probs) > 0`));
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
