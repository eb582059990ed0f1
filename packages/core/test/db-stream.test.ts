/**
 * Reading results in pieces: `db.stream` (plain rows, chunk by chunk) and `db.arrowBatches` /
 * `db.arrow` (Arrow built column by column from DuckDB's chunks). Values worked out by hand from
 * the generating query.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Db } from '../src/kernel/db.js';

let db: Db;
beforeAll(async () => {
  db = await Db.open(':memory:');
});
afterAll(() => db.close());

// 5,000 rows: three DuckDB chunks (2,048 + 2,048 + 904).
const QUERY = `SELECT i, i * 0.5 AS half, i % 3 = 0 AS third,
    CASE WHEN i % 7 = 0 THEN NULL ELSE 'k' || i END AS label,
    DATE '2024-01-01' + CAST(i AS INTEGER) AS day
  FROM range(5000) t(i) ORDER BY i`;

describe('db.stream', () => {
  it('yields every row once, in chunks, with the values db.all gives', async () => {
    const sizes: number[] = [];
    let sum = 0;
    let last: Record<string, unknown> | undefined;
    for await (const rows of db.stream(QUERY)) {
      sizes.push(rows.length);
      for (const r of rows) sum += Number(r['i']);
      last = rows.at(-1);
    }
    expect(sizes).toEqual([2048, 2048, 904]);
    expect(sum).toBe((4999 * 5000) / 2);
    expect(last).toEqual((await db.all(`SELECT * FROM (${QUERY}) WHERE i = 4999`))[0]);
    expect(last).toEqual({
      i: 4999,
      half: 2499.5,
      third: false,
      label: 'k4999',
      day: '2037-09-08',
    });
  });
});

describe('db.arrow', () => {
  it('builds one record batch per chunk with a fixed schema', async () => {
    const batches = [];
    for await (const b of db.arrowBatches(QUERY)) batches.push(b);
    expect(batches.map((b) => b.numRows)).toEqual([2048, 2048, 904]);
    expect(batches[0]!.schema.fields.map((f) => `${f.name}:${String(f.type)}`)).toEqual([
      'i:Float64',
      'half:Float64',
      'third:Bool',
      'label:Utf8',
      'day:Utf8',
    ]);
  });

  it('gives the same values as db.all, nulls included', async () => {
    const t = await db.arrow(QUERY);
    expect(t.numRows).toBe(5000);
    expect(t.get(7)?.toJSON()).toEqual({
      i: 7,
      half: 3.5,
      third: false,
      label: null,
      day: '2024-01-08',
    });
    expect(t.get(3000)?.toJSON()).toEqual({
      i: 3000,
      half: 1500,
      third: true,
      label: 'k3000',
      day: '2032-03-19',
    });
    // 5000 − ⌈5000/7⌉ = 4285 labels.
    expect(t.getChild('label')!.nullCount).toBe(715);
  });

  it('an empty result keeps its columns', async () => {
    const t = await db.arrow(`SELECT 1 AS a, 'x' AS b WHERE false`);
    expect(t.numRows).toBe(0);
    expect(t.schema.fields.map((f) => f.name)).toEqual(['a', 'b']);
  });
});
