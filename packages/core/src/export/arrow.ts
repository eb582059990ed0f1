/**
 * Arrow IPC writer: one `<name>.arrow` per table in the IPC *file* format (Feather v2), for
 * hand-off to other tools (pyarrow, polars, R arrow). Integers are Int64, figures Float64, text
 * Utf8. The schema metadata carries `manifest_id` and `felles_metadata` (the metadata document).
 */
import { join } from 'node:path';
import type { DataType, Vector } from 'apache-arrow';
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
  // Apache Arrow is loaded only when Arrow files are written.
  const arrow = await import('apache-arrow');
  const { Field, Schema, Table, tableToIPC } = arrow;
  const written: string[] = [];
  for (const t of tables) {
    const vectors: Record<string, Vector> = {};
    for (const c of t.columns) vectors[c.name] = column(arrow, t, c);
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

function column(arrow: typeof import('apache-arrow'), t: DisclosedTable, c: ColumnInfo): Vector {
  const { Bool, Float64, Int64, Utf8, vectorFromArray } = arrow;
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
