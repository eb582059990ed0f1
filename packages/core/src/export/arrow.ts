/**
 * Arrow IPC writer: one `<name>.arrow` per table in the IPC *file* format (Feather v2), for
 * hand-off to other tools (pyarrow, polars, R arrow). Integers are Int64, figures Float64, text
 * Utf8. The schema metadata carries `manifest_id` and `felles_metadata` (the metadata document).
 */
import { join } from 'node:path';
import {
  Bool,
  Field,
  Float64,
  Int64,
  Schema,
  Table,
  Utf8,
  tableToIPC,
  vectorFromArray,
  type DataType,
  type Vector,
} from 'apache-arrow';
import { assertDisclosedTables, type DisclosedTable } from '../disclosure/disclosed-table.js';
import type { ColumnInfo } from '../disclosure/schema.js';
import { exportDocument, type ExportContext } from './context.js';
import { writeAtomic } from './files.js';

/** Write each table as an Arrow IPC file. Returns the written paths. */
export async function writeArrow(
  tables: readonly DisclosedTable[],
  out: string,
  ctx: ExportContext,
): Promise<string[]> {
  assertDisclosedTables(tables, 'writeArrow');
  const written: string[] = [];
  for (const t of tables) {
    const vectors: Record<string, Vector> = {};
    for (const c of t.columns) vectors[c.name] = column(t, c);
    const plain = new Table(vectors);
    const metadata = new Map([
      ['manifest_id', ctx.manifestId],
      ['felles_metadata', JSON.stringify(exportDocument([t], ctx))],
    ]);
    const fields = plain.schema.fields.map((f) => new Field(f.name, f.type, true));
    const table = new Table(new Schema(fields, metadata), plain.batches);
    const file = join(out, `${t.name}.arrow`);
    await writeAtomic(file, tableToIPC(table, 'file'), ctx.overwrite);
    written.push(file);
  }
  return written;
}

function column(t: DisclosedTable, c: ColumnInfo): Vector {
  const values = t.rows.map((r) => r[c.name] ?? null);
  let type: DataType;
  switch (c.type) {
    case 'integer':
      return vectorFromArray(
        values.map((v) => (v === null ? null : BigInt(v as number))),
        new Int64(),
      );
    case 'number':
      type = new Float64();
      break;
    case 'boolean':
      type = new Bool();
      break;
    default:
      type = new Utf8();
  }
  return vectorFromArray(values, type);
}
