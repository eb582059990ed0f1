/**
 * Indicators leave felles only through disclosure control: a run exported in every format is
 * read back, and no protected count from 1 to 4 is shown and no hidden count can be worked out
 * from the published totals (the area hierarchy and the breakdown totals). Also the CLI, in
 * process on source, with --help for every command.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Db,
  Workspace,
  auditDisclosedRows,
  exportTables,
  presentParents,
  runIndicators,
  type AggregateRow,
  type DisclosedTable,
} from '../src/internal.js';
import { readWorkbook } from './xlsx-read.js';
import { newWorkspace, uniformPopulation } from './indicator-fixtures.js';
import { fellesInProcess, type CliRun } from '../../../test/felles-in-process.js';

let ws: Workspace | undefined;
let dir: string;
const IDS = ['acute-somatic-admissions', 'video-telephone-share', 'readmission-30d'];

beforeAll(async () => {
  ws = await newWorkspace('export');
  dir = ws.dir;
  const db = ws.db;
  await uniformPopulation(db, [2024], 20);
  // municipality k (by code order) gets k mod 9 acute stays (0–8): many small counts, some zeros
  await db.exec(`
    CREATE TEMP TABLE gen AS
      SELECT row_number() OVER () AS id, m.code AS mun, i, m.rn
      FROM (SELECT code, row_number() OVER (ORDER BY code) AS rn FROM municipality) m, range(0, 9) r(i)
      WHERE i < m.rn % 9;
    INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, admitted_at, discharged_at,
        care_level, urgency, contact_mode, sector, main_icd10, secondary_icd10, file_id, line)
      SELECT id, 'p' || id, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END, 1930 + (id * 7) % 90, mun, 2024, DATE '2024-03-01',
        TIMESTAMP '2024-03-01 10:00', TIMESTAMP '2024-03-03 10:00', 'inpatient', 'acute', 'in_person', 'somatic', 'I50', [], 1, id FROM gen;
    INSERT INTO hospital_stay SELECT id, 'p' || id, CASE WHEN i % 2 = 0 THEN 'M' ELSE 'F' END, 1930 + (id * 7) % 90, mun, 2024,
        TIMESTAMP '2024-03-01 10:00', TIMESTAMP '2024-03-03 10:00', 2, 'inpatient', TRUE, FALSE, 1, id, id, 'somatic', 'I50', NULL FROM gen;
    -- readmissions: every third person is readmitted 5 days later
    INSERT INTO hospital_stay SELECT 100000 + id, 'p' || id, 'F', 1930 + (id * 7) % 90, mun, 2024,
        TIMESTAMP '2024-03-08 10:00', TIMESTAMP '2024-03-09 10:00', 1, 'inpatient', TRUE, FALSE, 1, id, id, 'somatic', 'K35', NULL FROM gen WHERE id % 3 = 0;
    -- outpatient: 12 in person and (rn mod 8) video consultations per municipality
    INSERT INTO specialist_episode (episode_id, person_id, sex, birth_year, municipality_code, year, admission_date, admitted_at,
        care_level, urgency, contact_mode, sector, secondary_icd10, file_id, line)
      SELECT 200000 + row_number() OVER (), 'o' || row_number() OVER (), 'F', 1970, m.code, 2024, DATE '2024-05-01', TIMESTAMP '2024-05-01 10:00',
        'outpatient', 'planned', CASE WHEN j < m.rn % 8 THEN 'video' ELSE 'in_person' END, 'somatic', [], 1, 1
      FROM (SELECT code, row_number() OVER (ORDER BY code) AS rn FROM municipality) m, range(0, 12 + 8) r(j) WHERE j < 12 + m.rn % 8;
  `);
  ws.close();
  ws = undefined;
}, 300_000);

afterAll(() => ws?.close());

type Read = Record<string, AggregateRow[]>;

async function readBack(
  format: string,
  files: string[],
  tables: readonly DisclosedTable[],
): Promise<Read> {
  const out: Read = {};
  if (format === 'json') {
    const doc = JSON.parse(readFileSync(files[0]!, 'utf8'));
    for (const t of doc.tables) out[t.name] = t.rows;
    expect(doc.metadata.definitions['readmission-30d'].version).toBe('1.0.0');
    expect(doc.tables[0].definitions[0]).toHaveProperty('version');
    expect(doc.tables[0].dataVintage).toBeTruthy();
    return out;
  }
  if (format === 'csv') {
    for (const t of tables) {
      const text = readFileSync(
        files.find((f) => f.endsWith(`${t.name}.csv`))!,
        'utf8',
      ).replace(/^\uFEFF/, '');
      const [head, ...body] = text.trim().split('\r\n');
      const cols = head!.split(';');
      out[t.name] = body.map((line) => {
        const cells = line.split(';');
        return Object.fromEntries(
          cols.map((c, i) => {
            const info = t.columns.find((x) => x.name === c);
            const v = cells[i] ?? '';
            if (v === '') return [c, null];
            return [
              c,
              info && (info.type === 'integer' || info.type === 'number')
                ? Number(v.replace(',', '.'))
                : v.replace(/^"|"$/g, ''),
            ];
          }),
        );
      });
    }
    return out;
  }
  if (format === 'parquet' || format === 'arrow') {
    const db = await Db.open(':memory:');
    try {
      for (const t of tables) {
        const f = files.find((x) => x.endsWith(`${t.name}.${format}`))!;
        out[t.name] =
          format === 'parquet'
            ? ((await db.all(`SELECT * FROM read_parquet($1)`, [f])) as AggregateRow[])
            : tableFromIPC(readFileSync(f))
                .toArray()
                .map(
                  (r) =>
                    Object.fromEntries(
                      Object.entries(r.toJSON() as Record<string, unknown>).map(([k, v]) => [
                        k,
                        typeof v === 'bigint' ? Number(v) : v,
                      ]),
                    ) as AggregateRow,
                );
      }
    } finally {
      db.close();
    }
    return out;
  }
  const back = await readWorkbook(files[0]!);
  for (const t of tables) out[t.name] = back.rows[t.name] as AggregateRow[];
  return out;
}

describe('indicator exports through disclosure control', () => {
  it('show no count from 1 to 4 and no recoverable cell in any format', async () => {
    const w = await Workspace.open(dir);
    try {
      // one run (CSV through runIndicators), the same disclosed tables through every other writer;
      // one helsefellesskap's municipalities with every community, trust, region and the country
      // (the hierarchy the audit reads), not all 357 municipalities
      const res = await runIndicators(w, {
        ids: IDS,
        years: [2024],
        hf: 'TELEMARK',
        format: 'csv',
        out: join(dir, 'out', 'csv'),
      });
      const tables = res.indicators.map((i) => i.table!);
      for (const format of ['csv', 'parquet', 'arrow', 'xlsx', 'json']) {
        const files =
          format === 'csv'
            ? res.files
            : await exportTables(tables, {
                format,
                out: join(dir, 'out', format),
                manifestId: res.runId,
                baseName: 'indicators',
                metadata: { definitions: { 'readmission-30d': { version: '1.0.0' } } },
              });
        expect(tables.every(Boolean)).toBe(true);
        // the fixture does produce small counts, so suppression is exercised
        expect(tables[0]!.summary.primaryCells).toBeGreaterThan(0);
        expect(tables[0]!.summary.secondaryCells).toBeGreaterThan(0);
        const manifest = JSON.parse(
          readFileSync(join(dir, 'runs', res.runId, 'manifest.json'), 'utf8'),
        );
        expect(manifest.definitions).toEqual(
          expect.arrayContaining(IDS.map((id) => ({ id, version: '1.0.0' }))),
        );
        expect(manifest.outputs.length).toBe(res.files.length);
        const read = await readBack(format, files, tables);
        for (const t of tables) {
          const rows = read[t.name]!;
          expect(rows.length).toBe(t.rows.length);
          for (const r of rows) {
            for (const c of t.schema.counts) {
              const v = r[c];
              expect(v === null || v === 0 || (typeof v === 'number' && v > 4)).toBe(true);
            }
            if (r['suppressed'] !== 'none' && r['suppressed'] !== 'derived')
              expect(r['value']).toBeNull();
          }
          expect(auditDisclosedRows(rows, t.schema, 4)).toEqual([]);
        }
        if (format === 'csv') {
          // every CSV row records the run manifest id
          const text = readFileSync(
            res.files.find((f) => f.endsWith('.csv'))!,
            'utf8',
          );
          expect(text.split('\r\n')[1]).toContain(res.runId);
        }
      }
    } finally {
      w.close();
    }
  });
});

describe('tables that show only some levels', () => {
  it('attach each area to its nearest shown ancestor', () => {
    const pairs: Array<[string, string]> = [
      ['K-1', 'HFF-A'],
      ['HFF-A', 'RHF-X'],
      ['RHF-X', 'NO'],
      ['HF-A', 'HFF-A'],
      ['K-unknown', 'NO'],
    ];
    expect(presentParents(pairs, new Set(['K-1', 'NO'])).sort()).toEqual([['K-1', 'NO']]);
    expect(presentParents(pairs, new Set(['HFF-A', 'HF-A', 'NO'])).sort()).toEqual([
      ['HF-A', 'HFF-A'],
      ['HFF-A', 'NO'],
    ]);
    expect(presentParents(pairs, new Set(['K-1', 'HFF-A', 'RHF-X', 'NO'])).length).toBe(3);
  });

  it('stay protected when only helsefellesskap and the country are exported', async () => {
    const w = await Workspace.open(dir);
    try {
      const res = await runIndicators(w, {
        ids: ['acute-somatic-admissions'],
        years: [2024],
        levels: ['helsefellesskap'],
        format: 'json',
        out: join(dir, 'out', 'hf-only'),
      });
      const t = res.indicators[0]!.table!;
      expect(new Set(t.rows.map((r) => r['level']))).toEqual(
        new Set(['helsefellesskap', 'national']),
      );
      const doc = JSON.parse(readFileSync(res.files[0]!, 'utf8'));
      expect(auditDisclosedRows(doc.tables[0].rows, t.schema, 4)).toEqual([]);
    } finally {
      w.close();
    }
  });
});

function felles(...args: string[]): Promise<CliRun> {
  return fellesInProcess(dir, args, { quiet: true });
}

describe('felles indicators', () => {
  it('--help documents each command with examples', async () => {
    for (const cmd of [
      ['indicators'],
      ['indicators', 'list'],
      ['indicators', 'show'],
      ['indicators', 'run'],
    ]) {
      const r = await felles(...cmd, '--help');
      expect(r.stdout).toMatch(/Usage: felles indicators/);
      if (cmd.length > 1) expect(r.stdout).toMatch(/Examples:\n {2}\$ felles indicators/);
    }
  });

  it('list, show and show --sql', async () => {
    const l = await felles('--json', 'indicators', 'list');
    expect(l.code).toBe(0);
    const rows = JSON.parse(l.stdout) as { id: string; linkage: string }[];
    expect(rows.find((x) => x.id === 'gp-contact-after-discharge')?.linkage).toBe('needed');
    const s = await felles('indicators', 'show', 'readmission-30d');
    expect(s.stdout).toMatch(/^readmission-30d 1\.0\.0 — /);
    expect(s.stdout).toMatch(/source: /);
    const a = await felles(
      'indicators',
      'show',
      'video-telephone-share',
      '--sql',
      '--year',
      '2024',
    );
    const b = await felles(
      'indicators',
      'show',
      'video-telephone-share',
      '--sql',
      '--year',
      '2024',
    );
    expect(a.stdout).toBe(b.stdout);
    expect(a.stdout).toMatch(/GROUPING SETS/);
    expect((await felles('indicators', 'show', 'nope')).code).toBe(2);
  });

  it('run prints disclosed figures and writes an XLSX with a sheet per indicator', async () => {
    const out = join(dir, 'cli-out');
    const r = await felles(
      'indicators',
      'run',
      '--id',
      'video-telephone-share',
      '--id',
      'population-share-80-plus',
      '--year',
      '2024',
      '--hf',
      'TELEMARK',
      '--format',
      'xlsx',
      '--out',
      out,
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/video-telephone-share 1\.0\.0/);
    expect(r.stdout).toMatch(/Telemark/);
    const files = readdirSync(out);
    expect(files).toEqual(['indicators.xlsx']);
    const back = await readWorkbook(join(out, 'indicators.xlsx'));
    expect(back.wb.worksheets.map((s) => s.name)).toEqual([
      'Innhold',
      'Andel video og telefon',
      'Andel 80 år og over',
      'Datakvalitet',
      'Metadata',
    ]);
    expect(Object.keys(back.sheets)).toEqual([
      'video-telephone-share',
      'population-share-80-plus',
      'indicator_quality',
    ]);
    expect((await felles('indicators', 'run', '--format', 'pdf')).code).toBe(2);
    expect((await felles('indicators', 'run', '--level', 'galaxy')).code).toBe(2);
  });
});
