/**
 * JSON writer: one `<baseName>.json` with the metadata document (manifest id, tool version,
 * disclosure rule, and per table its definitions and versions, methods, data vintage, threshold,
 * summary and columns) and each table's rows as objects. Hidden cells are `null`.
 */
import { join } from 'node:path';
import { assertDisclosedTables, type DisclosedTable } from '../disclosure/disclosed-table.js';
import { exportDocument, type ExportContext } from './context.js';
import { writeAtomic } from './files.js';

/** Write all tables to one JSON file. Returns its path. */
export async function writeJson(
  tables: readonly DisclosedTable[],
  out: string,
  ctx: ExportContext,
): Promise<string[]> {
  assertDisclosedTables(tables, 'writeJson');
  const doc = exportDocument(tables, ctx);
  const body = {
    ...doc,
    tables: doc.tables.map((meta, i) => ({ ...meta, rows: tables[i]!.rows })),
  };
  const file = join(out, `${ctx.baseName}.json`);
  await writeAtomic(file, `${JSON.stringify(body, null, 2)}\n`, ctx.overwrite);
  return [file];
}
