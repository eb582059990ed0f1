import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableFromIPC } from 'apache-arrow';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  Db,
  DisclosedTable,
  EXPORT_FORMATS,
  EXPORT_PATHS,
  XLSX_METADATA_SHEET,
  auditDisclosedRows,
  disclose,
  exportTables,
  registerExportPath,
  suppressionReasonText,
  writeArrow,
  writeCsv,
  writeJson,
  writeParquet,
  writeXlsx,
  type AggregateRow,
  type ColumnInfo,
  type DisclosureSchema,
  type ExportContext,
} from '../src/internal.js';
import { readWorkbook } from './xlsx-read.js';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const tmp = () => mkdtempSync(join(tmpdir(), 'felles-export-'));
const MANIFEST = '20261122T190000123Z-ab12';

// Municipalities with Norwegian letters (and one name that needs CSV quoting) in two
// helsefellesskap, and the country. Bærum = 3 is primary; Åfjord = 9 is its complement in H1.
const areas: [string, string, number, number][] = [
  ['3201', 'Bærum', 3, 1300],
  ['3203', 'Asker', 20, 950],
  ['5055', 'Åfjord', 9, 320],
  ['5501', 'Tromsø', 40, 780],
  ['5503', 'Oslo; sentrum "øst"', 15, 610],
];
const parents = { '3201': 'H1', '3203': 'H1', '5055': 'H1', '5501': 'H2', '5503': 'H2' };
const areaRows = () => {
  const rows = areas.map(([area, name, n, pop]) => ({
    area,
    area_name: name,
    n,
    population: pop * 10,
  }));
  const sum = (codes: string[]) =>
    rows
      .filter((r) => codes.includes(r.area))
      .reduce((a, r) => ({ n: a.n + r.n, population: a.population + r.population }), {
        n: 0,
        population: 0,
      });
  rows.push({ area: 'H1', area_name: 'Helsefellesskap én', ...sum(['3201', '3203', '5055']) });
  rows.push({ area: 'H2', area_name: 'Helsefellesskap to', ...sum(['5501', '5503']) });
  rows.push({ area: 'NO', area_name: 'Norge', ...sum(areas.map((a) => a[0])) });
  return rows.map((r) => ({
    year: 2024,
    ...r,
    rate: Math.round((r.n / r.population) * 1e5) / 100,
    flag_ok: r.n > 10,
  }));
};
const areaSchema: DisclosureSchema = {
  name: 'acute_admissions',
  dimensions: ['year', { column: 'area', parents, total: 'NO' }],
  counts: ['n'],
  publicCounts: ['population'],
  derived: { rate: ['n', 'population'] },
  attributes: ['area_name', 'flag_ok'],
};
const twoWaySchema: DisclosureSchema = {
  name: 'by_sex_age',
  dimensions: [
    { column: 'sex', total: 'T' },
    { column: 'age', total: 'all' },
  ],
  counts: ['n'],
};
const twoWayRows = [
  ['M', '0-69', 20],
  ['M', '70+', 3],
  ['M', 'all', 23],
  ['F', '0-69', 15],
  ['F', '70+', 12],
  ['F', 'all', 27],
  ['T', '0-69', 35],
  ['T', '70+', 15],
  ['T', 'all', 50],
].map(([sex, age, n]) => ({ sex, age, n }));

let tables: DisclosedTable[];
beforeAll(async () => {
  tables = [
    await disclose(areaRows(), areaSchema, {
      metadata: {
        title: 'Akutte innleggelser per 1 000',
        definitions: [{ id: 'ind.acute_admissions', version: '1.0.0' }],
        methods: ['crude rate per 1 000'],
        dataVintage: 'NPR 2024 (synthetic)',
        unit: 'per 1 000',
      },
    }),
    await disclose(twoWayRows, twoWaySchema, { threshold: 4 }),
    await disclose([], {
      name: 'empty',
      dimensions: ['g'],
      counts: ['n'],
      derived: { share: ['n'] },
    }),
  ];
});

/** Read back what a format wrote: rows per table and the manifest id found in each file. */
type Reader = (
  files: string[],
  tables: DisclosedTable[],
) => Promise<{ rows: Record<string, AggregateRow[]>; manifestIds: string[] }>;

const typed = (v: string, c: ColumnInfo, decimalComma: boolean): AggregateRow[string] => {
  if (v === '') return null;
  if (c.type === 'integer' || c.type === 'number')
    return Number(decimalComma ? v.replace(',', '.') : v);
  if (c.type === 'boolean') return v === 'true';
  return v;
};

function parseCsv(text: string, sep: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let f = '';
  let q = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (q) {
      if (ch === '"' && text[i + 1] === '"') {
        f += '"';
        i++;
      } else if (ch === '"') q = false;
      else f += ch;
    } else if (ch === '"') q = true;
    else if (ch === sep) {
      row.push(f);
      f = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(f);
      out.push(row);
      row = [];
      f = '';
      i++;
    } else f += ch;
  }
  return out;
}

const READERS: Record<string, Reader> = {
  async csv(files, ts) {
    const rows: Record<string, AggregateRow[]> = {};
    const manifestIds: string[] = [];
    for (const t of ts) {
      const file = files.find((f) => f.endsWith(`${t.name}.csv`))!;
      const text = readFileSync(file, 'utf8');
      expect(text.startsWith('\uFEFF')).toBe(true);
      const [header, ...body] = parseCsv(text.slice(1), ';');
      expect(header).toEqual([...t.columnNames, 'manifest_id']);
      rows[t.name] = body.map((cells) =>
        Object.fromEntries(t.columns.map((c, j) => [c.name, typed(cells[j]!, c, true)])),
      );
      manifestIds.push(...new Set(body.map((cells) => cells.at(-1)!)));
      const meta = JSON.parse(
        readFileSync(
          files.find((f) => f.endsWith(`${t.name}.meta.json`))!,
          'utf8',
        ),
      );
      manifestIds.push(meta.manifestId);
    }
    return { rows, manifestIds };
  },
  async parquet(files, ts) {
    const db = await Db.open(':memory:');
    try {
      const rows: Record<string, AggregateRow[]> = {};
      const manifestIds: string[] = [];
      for (const t of ts) {
        const file = files.find((f) => f.endsWith(`${t.name}.parquet`))!;
        rows[t.name] = (await db.all(`SELECT * FROM read_parquet($1)`, [file])) as AggregateRow[];
        const kv = await db.all(
          `SELECT decode(key) AS k, decode(value) AS v FROM parquet_kv_metadata($1)`,
          [file],
        );
        manifestIds.push(kv.find((r) => r.k === 'manifest_id')!.v as string);
        expect(
          JSON.parse(kv.find((r) => r.k === 'felles_metadata')!.v as string).tables[0].threshold,
        ).toBe(t.threshold);
      }
      return { rows, manifestIds };
    } finally {
      db.close();
    }
  },
  async xlsx(files, ts) {
    const back = await readWorkbook(files[0]!);
    for (const t of ts) {
      const ws = back.wb.getWorksheet(back.sheets[t.name]!)!;
      expect((ws.getRow(1).values as unknown[]).slice(1)).toEqual(t.columnNames);
    }
    const manifestIds = back.metadata
      .filter(([k]) => k === 'manifest_id')
      .map(([, v]) => String(v));
    // the reason is written in the workbook's language, one sentence per flag: check it, then
    // compare the rest of the row with the table
    const rows = back.rows as Record<string, AggregateRow[]>;
    for (const t of ts)
      rows[t.name] = rows[t.name]!.map((r, i) => {
        expect(r.suppression_reason ?? '').toBe(
          suppressionReasonText(String(r.suppressed), 'nb', t.threshold),
        );
        return { ...r, suppression_reason: t.rows[i]!.suppression_reason };
      });
    return { rows, manifestIds };
  },
  async json(files) {
    const doc = JSON.parse(readFileSync(files[0]!, 'utf8'));
    return {
      rows: Object.fromEntries(
        doc.tables.map((t: { name: string; rows: AggregateRow[] }) => [t.name, t.rows]),
      ),
      manifestIds: [doc.manifestId],
    };
  },
  async arrow(files, ts) {
    const rows: Record<string, AggregateRow[]> = {};
    const manifestIds: string[] = [];
    for (const t of ts) {
      const table = tableFromIPC(readFileSync(files.find((f) => f.endsWith(`${t.name}.arrow`))!));
      manifestIds.push(table.schema.metadata.get('manifest_id')!);
      rows[t.name] = table.toArray().map((r) => {
        const o = r.toJSON() as Record<string, unknown>;
        return Object.fromEntries(
          Object.entries(o).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]),
        ) as AggregateRow;
      });
    }
    return { rows, manifestIds };
  },
};

/** '' and null are the same empty cell in every format. */
const norm = (rows: readonly Readonly<AggregateRow>[]) =>
  rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v === '' ? null : v])));

describe('export paths', () => {
  it('registers exactly the five table formats, and each has a read-back check here', () => {
    expect([...EXPORT_PATHS.keys()]).toEqual([...EXPORT_FORMATS]);
    for (const format of EXPORT_PATHS.keys())
      expect(READERS[format], `no read-back check for export path "${format}"`).toBeDefined();
  });

  it('the disclosed tables are what the hand-worked rules say', () => {
    const [areaTable] = tables;
    const flags = Object.fromEntries(areaTable!.rows.map((r) => [r.area, r.suppressed]));
    expect(flags).toEqual({
      '3201': 'primary',
      '3203': 'none',
      '5055': 'secondary',
      '5501': 'none',
      '5503': 'none',
      H1: 'none',
      H2: 'none',
      NO: 'none',
    });
  });

  for (const format of EXPORT_FORMATS) {
    it(`${format}: round-trips, records the manifest id, and shows no small or recoverable count`, async () => {
      const out = tmp();
      const recorded: string[] = [];
      const notes: string[] = [];
      const files = await exportTables(tables, {
        format,
        out,
        manifestId: MANIFEST,
        metadata: { workspace: 'demo', command: 'indicators run' },
        run: { addOutput: (f) => recorded.push(f), note: (n) => notes.push(n) },
      });
      expect(notes[0]).toBe(
        `export ${format} acute_admissions: threshold 4; 1 primary, 1 secondary, 2 derived cells hidden of 8 rows`,
      );
      expect(files.length).toBeGreaterThan(0);
      expect(recorded).toEqual(files);
      for (const f of files) expect(resolve(f).startsWith(resolve(out))).toBe(true);
      const back = await READERS[format]!(files, tables);
      expect(back.manifestIds.length).toBeGreaterThan(0);
      expect(new Set(back.manifestIds)).toEqual(new Set([MANIFEST]));
      for (const t of tables) {
        expect(norm(back.rows[t.name]!)).toEqual(norm(t.rows));
        expect(auditDisclosedRows(back.rows[t.name]!, t.schema, t.threshold)).toEqual([]);
        // No count 1..threshold anywhere, and hidden counts are empty, not 0.
        for (const r of back.rows[t.name]!) {
          const n = r.n as number | null;
          expect(n === null || n === 0 || n > t.threshold).toBe(true);
          if (r.suppressed === 'primary' || r.suppressed === 'secondary') expect(n).toBeNull();
        }
      }
    });
  }

  it('refuses anything that did not come from disclose(), on every path and every writer', async () => {
    const out = tmp();
    const ctx: ExportContext = {
      manifestId: MANIFEST,
      metadata: {},
      baseName: 'x',
      csvDialect: 'excel-nb',
    };
    const plain = [{ area: 'A', n: 3 }];
    const lookalike = { ...tables[0]! };
    const proto = Object.create(DisclosedTable.prototype) as DisclosedTable;
    const bad: unknown[] = [
      plain,
      [plain],
      [lookalike],
      [proto],
      [tables[0], plain],
      tables[0],
      null,
      'csv',
    ];
    for (const b of bad) {
      for (const [format, p] of EXPORT_PATHS) {
        await expect(p.write(b as DisclosedTable[], out, ctx), format).rejects.toMatchObject({
          code: 'NOT_DISCLOSED',
        });
        await expect(
          exportTables(b as DisclosedTable[], { format, out, manifestId: MANIFEST }),
        ).rejects.toMatchObject({ code: 'NOT_DISCLOSED' });
      }
      for (const w of [writeCsv, writeParquet, writeXlsx, writeJson, writeArrow]) {
        await expect(w(b as DisclosedTable[], out, ctx)).rejects.toMatchObject({
          code: 'NOT_DISCLOSED',
        });
      }
    }
    expect(readdirSync(out)).toEqual([]);
  });

  it('a path registered later goes through the same door', async () => {
    let called = 0;
    registerExportPath({
      format: 'test-chart-data',
      description: 'test',
      async write() {
        called++;
        return [];
      },
    });
    await expect(
      EXPORT_PATHS.get('test-chart-data')!.write(
        [{}] as unknown as DisclosedTable[],
        tmp(),
        {} as ExportContext,
      ),
    ).rejects.toMatchObject({
      code: 'NOT_DISCLOSED',
    });
    expect(called).toBe(0);
    await EXPORT_PATHS.get('test-chart-data')!.write(tables, tmp(), {} as ExportContext);
    expect(called).toBe(1);
    expect(() =>
      registerExportPath({ format: 'csv', description: '', write: async () => [] }),
    ).toThrow(/already registered/);
  });

  it('refuses a missing manifest id, unknown formats and duplicate names', async () => {
    await expect(
      exportTables(tables, { format: 'csv', out: tmp(), manifestId: '' }),
    ).rejects.toMatchObject({ code: 'BAD_MANIFEST_ID' });
    await expect(
      exportTables(tables, { format: 'docx', out: tmp(), manifestId: MANIFEST }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_FORMAT' });
    await expect(
      exportTables([tables[0]!, tables[0]!], { format: 'json', out: tmp(), manifestId: MANIFEST }),
    ).rejects.toMatchObject({
      code: 'DUPLICATE_TABLE',
    });
  });

  it('CSV: Excel-Norwegian by default (BOM, ;, decimal comma), RFC 4180 on request', async () => {
    const [nb] = await exportTables([tables[0]!], {
      format: 'csv',
      out: tmp(),
      manifestId: MANIFEST,
    });
    const text = readFileSync(nb!, 'utf8');
    expect(text.slice(0, 1)).toBe('\uFEFF');
    expect(text.split('\r\n')[0]).toBe(
      '\uFEFFyear;area;area_name;n;population;rate;flag_ok;suppressed;suppression_reason;manifest_id',
    );
    expect(text).toContain('2024;3203;Asker;20;9500;2,11;true;none;;' + MANIFEST);
    expect(text).toContain('"Oslo; sentrum ""øst"""');
    expect(text).toContain('2024;3201;Bærum;;13000;;false;primary;');
    const [rfc] = await exportTables([tables[0]!], {
      format: 'csv',
      out: tmp(),
      manifestId: MANIFEST,
      csvDialect: 'rfc4180',
    });
    const t2 = readFileSync(rfc!, 'utf8');
    expect(t2.charCodeAt(0)).not.toBe(0xfeff);
    expect(t2).toContain('2024,3203,Asker,20,9500,2.11,true,none,,' + MANIFEST);
  });

  it("CSV with a language (a report's files): the reason a row is hidden in that language", async () => {
    const reasons = async (lang?: 'nb' | 'en') => {
      const [f] = await exportTables([tables[0]!], {
        format: 'csv',
        out: tmp(),
        manifestId: MANIFEST,
        ...(lang ? { lang } : {}),
      });
      const lines = readFileSync(f!, 'utf8').split('\r\n');
      const at = lines[0]!.split(';').indexOf('suppression_reason');
      const row = (area: string) => lines.find((l) => l.startsWith(`2024;${area};`))!;
      // the reason is the last field before the manifest id (quoted when it holds a separator)
      const reason = (area: string) =>
        row(area)
          .slice(0, -(MANIFEST.length + 1))
          .split(';')
          .slice(at)
          .join(';');
      return { bærum: reason('3201'), asker: reason('3203') };
    };
    expect(await reasons('nb')).toEqual({
      bærum: 'et antall fra 1 til 4, eller regnet fra et slikt antall',
      asker: '',
    });
    expect(await reasons('en')).toEqual({
      bærum: 'a count from 1 to 4, or figures derived from one',
      asker: '',
    });
    // without a language, the technical reason as disclosure control wrote it
    expect((await reasons()).bærum).toMatch(/^"?n is between 1 and 4 \(primary\)/);
  });

  it('XLSX: contents, a sheet per table named from its title, labels, filter, formats, "skjult", metadata', async () => {
    const [file] = await exportTables(tables, {
      format: 'xlsx',
      out: tmp(),
      manifestId: MANIFEST,
      baseName: 'pack',
      metadata: { long: 'x'.repeat(70_000), nested: { a: 1, b: 'two' } },
    });
    expect(file!.endsWith('pack.xlsx')).toBe(true);
    const back = await readWorkbook(file!);
    const wb = back.wb;
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      'Innhold',
      'Akutte innleggelser per 1 000',
      'by_sex_age',
      'empty',
      XLSX_METADATA_SHEET,
    ]);
    expect(back.sheets).toEqual({
      acute_admissions: 'Akutte innleggelser per 1 000',
      by_sex_age: 'by_sex_age',
      empty: 'empty',
    });
    const ws = wb.getWorksheet('Akutte innleggelser per 1 000')!;
    // codes, then labels in Norwegian with the filter on them; frozen above the data
    expect((ws.getRow(1).values as unknown[]).slice(1, 4)).toEqual(['year', 'area', 'area_name']);
    expect((ws.getRow(2).values as unknown[]).slice(1, 2)).toEqual(['År']);
    expect(ws.autoFilter).toBe('A2:I10');
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 2 });
    const col = (name: string) => (ws.getRow(1).values as unknown[]).indexOf(name);
    expect(ws.getColumn(col('rate')).numFmt).toBe('#,##0.0');
    expect(ws.getColumn(col('n')).numFmt).toBe('#,##0');
    expect(ws.getColumn(col('year')).numFmt).toBe('0');
    // 3201 is hidden (primary): its count and rate say so in words, never a number
    const r3201 = ws.getRow(3);
    expect(r3201.getCell(col('area')).value).toBe('3201');
    expect(r3201.getCell(col('n')).value).toBe('skjult');
    expect(r3201.getCell(col('rate')).value).toBe('skjult');
    expect(r3201.getCell(col('suppressed')).value).toBe('skjult (lite antall)');
    // why, in the workbook's language (the technical reason stays in the workspace's table)
    expect(r3201.getCell(col('suppression_reason')).value).toBe(
      'et antall fra 1 til 4, eller regnet fra et slikt antall',
    );
    expect(ws.getRow(4).getCell(col('suppression_reason')).value).toBeNull();
    const kv = back.metadata;
    expect(kv).toContainEqual(['definitions', 'ind.acute_admissions 1.0.0']);
    expect(kv).toContainEqual(['methods', 'crude rate per 1 000']);
    expect(kv).toContainEqual(['data_vintage', 'NPR 2024 (synthetic)']);
    expect(kv).toContainEqual(['threshold', 4]);
    expect(kv).toContainEqual(['nested.b', 'two']);
    // a value longer than a cell holds is split over rows, each under Excel's limit
    const long = kv.filter(([k]) => k === 'long').map(([, v]) => String(v));
    expect(long.length).toBe(3);
    expect(long.join('')).toBe('x'.repeat(70_000));
    for (const w of wb.worksheets)
      w.eachRow((r) =>
        r.eachCell((c) => expect(String(c.value ?? '').length).toBeLessThanOrEqual(32_767)),
      );
  });

  it('XLSX: the same tables give the same file byte for byte, written at any time', async () => {
    const write = async (when: string) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(when));
      try {
        const [file] = await exportTables(tables, {
          format: 'xlsx',
          out: tmp(),
          manifestId: MANIFEST,
          baseName: 'same',
        });
        return readFileSync(file!);
      } finally {
        vi.useRealTimers();
      }
    };
    const a = await write('2021-03-04T05:06:07Z');
    const b = await write('2029-11-12T13:14:15Z');
    expect(a.equals(b)).toBe(true);
    // every entry of the zip is dated 1980-01-01 00:00 (DOS date 0x0021, time 0)
    let entries = 0;
    for (let i = 0; i + 4 <= a.length; i++)
      if (a.readUInt32LE(i) === 0x02014b50) {
        entries++;
        expect([a.readUInt16LE(i + 12), a.readUInt16LE(i + 14)]).toEqual([0, 0x21]);
      }
    expect(entries).toBeGreaterThan(5);
  });

  it('JSON: definitions, methods, vintage, threshold and the disclosure rule', async () => {
    const [file] = await exportTables(tables, { format: 'json', out: tmp(), manifestId: MANIFEST });
    const doc = JSON.parse(readFileSync(file!, 'utf8'));
    expect(doc.manifestId).toBe(MANIFEST);
    expect(doc.disclosure.rule).toMatch(/^Counts from 1 to 4 are hidden/);
    expect(doc.tables[0]).toMatchObject({
      name: 'acute_admissions',
      definitions: [{ id: 'ind.acute_admissions', version: '1.0.0' }],
      methods: ['crude rate per 1 000'],
      dataVintage: 'NPR 2024 (synthetic)',
      threshold: 4,
      summary: { primaryCells: 1, secondaryCells: 1 },
    });
  });
});

describe('no way out around the module (source scan)', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
    });
  const sources = ['packages/core/src', 'packages/charts/src', 'packages/cli/src']
    .map((d) => join(REPO, d))
    .flatMap((d) => {
      try {
        return files(d);
      } catch {
        return [];
      }
    })
    .map((p) => relative(REPO, p).replace(/\\/g, '/'));

  it('only the disclosure module (table-io.ts) constructs a DisclosedTable', () => {
    const users = sources.filter((f) =>
      readFileSync(join(REPO, f), 'utf8').includes('sealDisclosedTable'),
    );
    expect(users.sort()).toEqual([
      'packages/core/src/disclosure/disclosed-table.ts',
      'packages/core/src/disclosure/table-io.ts',
    ]);
  });

  it('table file formats are written only by the registered export paths', () => {
    // Synthetic data generation writes fake person-level extracts for demos and tests (never
    // registry data); it is the one documented exception.
    const allowed = ['packages/core/src/export/', 'packages/core/src/synth/'];
    // A DuckDB statement that writes a file names its target right after TO (or EXPORT
    // DATABASE): a quoted path, an interpolated one or a bound parameter. Text that only mentions
    // the statement (a help text saying `felles sql` refuses "COPY … TO") names none.
    const target = String.raw`\s+(?:'|"|\$\{|\?)`;
    const writers = new RegExp(
      String.raw`tableToIPC|RecordBatchWriter|from 'exceljs'|\bCOPY\b[^;\x60]*?\bTO` +
        target +
        String.raw`|\bEXPORT\s+DATABASE` +
        target,
      'i',
    );
    const code = (f: string) =>
      readFileSync(join(REPO, f), 'utf8')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/(^|[^:])\/\/.*$/gm, '$1');
    // the scan sees the writers it allows (so it would see them anywhere else) ...
    for (const f of ['packages/core/src/export/parquet.ts', 'packages/core/src/synth/generate.ts'])
      expect(writers.test(code(f)), f).toBe(true);
    for (const sql of [
      "COPY t TO 'x.csv'",
      'copy (select 1) to ${' + 'path}',
      'COPY t TO ? (FORMAT csv)',
      "EXPORT DATABASE 'dump'",
    ])
      expect(writers.test(sql), sql).toBe(true);
    // ... and not prose that names the statements
    expect(writers.test('no COPY … TO, EXPORT DATABASE, ATTACH or read_csv')).toBe(false);
    const offenders = sources.filter(
      (f) => !allowed.some((a) => f.startsWith(a)) && writers.test(code(f)),
    );
    expect(offenders).toEqual([]);
  });
});
