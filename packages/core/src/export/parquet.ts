/**
 * Parquet writer: one `<name>.parquet` per table, written by DuckDB (`COPY … (FORMAT parquet)`)
 * from a private in-memory database. The run manifest id and the metadata document are stored as
 * Parquet key–value metadata (`manifest_id`, `felles_metadata`), readable with DuckDB's
 * `parquet_kv_metadata()` or pyarrow's `schema.metadata`.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Db } from '../kernel/db.js';
import { assertDisclosedTables, type DisclosedTable } from '../disclosure/disclosed-table.js';
import type { ColumnType } from '../disclosure/schema.js';
import { ident, lit, path, str } from '../kernel/sql.js';
import { exportDocument, type ExportContext } from './context.js';
import { publishFile } from './files.js';

const SQL_TYPE: Record<ColumnType, string> = {
  string: 'VARCHAR',
  integer: 'BIGINT',
  number: 'DOUBLE',
  boolean: 'BOOLEAN',
};

/** Write each table as Parquet. Returns the written paths. */
export async function writeParquet(
  tables: readonly DisclosedTable[],
  out: string,
  ctx: ExportContext,
): Promise<string[]> {
  assertDisclosedTables(tables, 'writeParquet');
  await mkdir(out, { recursive: true });
  const db = await Db.open(':memory:');
  const written: string[] = [];
  try {
    for (const t of tables) {
      const file = resolve(join(out, `${t.name}.parquet`));
      await db.exec(
        `DROP TABLE IF EXISTS t; CREATE TABLE t (${t.columns.map((c) => `${ident(c.name)} ${SQL_TYPE[c.type]}`).join(', ')})`,
      );
      for (let i = 0; i < t.rows.length; i += 500) {
        const chunk = t.rows.slice(i, i + 500);
        const values = chunk
          .map((r) => `(${t.columns.map((c) => lit(r[c.name] ?? null)).join(', ')})`)
          .join(',\n');
        await db.run(`INSERT INTO t VALUES ${values}`);
      }
      const doc = JSON.stringify(exportDocument([t], ctx));
      const tmp = `${file}.tmp`;
      try {
        await db.run(
          `COPY t TO ${path(tmp)} (FORMAT parquet, KV_METADATA {manifest_id: ${str(ctx.manifestId)}, felles_metadata: ${str(doc)}})`,
        );
      } catch (e) {
        await rm(tmp, { force: true });
        throw e;
      }
      await publishFile(tmp, file, ctx.overwrite);
      written.push(file);
    }
  } finally {
    db.close();
  }
  return written;
}
