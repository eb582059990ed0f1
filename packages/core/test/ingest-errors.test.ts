import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InputDataError,
  UsageError,
  ingestRegistry,
  sql,
  type Workspace,
} from '../src/internal.js';
import { freshWorkspace, fx } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const tmp = () => mkdtempSync(join(tmpdir(), 'felles-ingest-bad-'));
function write(name: string, text: string): string {
  const f = join(tmp(), name);
  writeFileSync(f, text);
  return f;
}

async function nothingLoaded(w: Workspace): Promise<void> {
  for (const t of [
    'ingest_file',
    'reject',
    'specialist_episode',
    'primary_contact',
    'person',
    'hospital_stay',
  ]) {
    expect(await w.db.value(`SELECT count(*) FROM ${t}`), t).toBe(0);
  }
}

describe('bad input fails fast with the file and what was expected', () => {
  it('wrong delimiter', async () => {
    ws = await freshWorkspace();
    const err = await ingestRegistry(ws, 'npr', [fx('npr.csv')], { delimiter: ',' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputDataError);
    expect(err).toMatchObject({ code: 'WRONG_DELIMITER', kind: 'input', exitCode: 3 });
    expect((err as Error).message).toContain(fx('npr.csv'));
    expect((err as Error).message).toContain('the file seems to use ";"');
    await nothingLoaded(ws);
  });

  it('wrong encoding: ISO-8859-1 read as UTF-8, and UTF-8 read as ISO-8859-1', async () => {
    ws = await freshWorkspace();
    const e1 = await ingestRegistry(ws, 'npr', [fx('npr.csv')], { encoding: 'utf-8' }).catch(
      (e: unknown) => e,
    );
    expect(e1).toMatchObject({
      code: 'WRONG_ENCODING',
      location: { file: fx('npr.csv'), line: 2 },
    });
    expect((e1 as Error).message).toMatch(
      /npr\.csv:2: the file is not valid UTF-8.*--encoding latin-1/,
    );
    const e2 = await ingestRegistry(ws, 'dental', [fx('dental.csv')], {
      encoding: 'latin-1',
    }).catch((e: unknown) => e);
    expect(e2).toMatchObject({ code: 'WRONG_ENCODING' });
    expect((e2 as Error).message).toContain('dental.csv');
    await nothingLoaded(ws);
  });

  it('missing required column', async () => {
    ws = await freshWorkspace();
    const f = write('npr-no-date.csv', 'lopenr;kjonn;utdato\nP1;1;2023-01-01\n');
    const err = await ingestRegistry(ws, 'npr', [f]).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'MISSING_COLUMN',
      location: { file: f, line: 1, column: 'inndato' },
    });
    expect((err as Error).message).toContain(
      'missing required column(s) inndato; expected a npr extract with the columns lopenr, inndato',
    );
  });

  it('a file of another kind', async () => {
    ws = await freshWorkspace();
    const e1 = await ingestRegistry(ws, 'npr', [fx('dental.csv')]).catch((e: unknown) => e);
    expect(e1).toMatchObject({ code: 'WRONG_KIND' });
    expect((e1 as Error).message).toContain('The file looks like a "dental" extract.');
    const e2 = await ingestRegistry(ws, 'kpr-services', [fx('kpr-bills.csv')]).catch(
      (e: unknown) => e,
    );
    expect((e2 as Error).message).toContain('looks like a "kpr-claims (bills)" extract');
    await nothingLoaded(ws);
  });

  it('empty file, missing file, unknown kind, two bills files', async () => {
    ws = await freshWorkspace();
    await expect(ingestRegistry(ws, 'npr', [write('empty.csv', '')])).rejects.toMatchObject({
      code: 'EMPTY_FILE',
    });
    await expect(ingestRegistry(ws, 'npr', [join(tmp(), 'nope.csv')])).rejects.toMatchObject({
      code: 'FILE_NOT_FOUND',
    });
    await expect(ingestRegistry(ws, 'nonsense' as 'npr', [fx('npr.csv')])).rejects.toBeInstanceOf(
      UsageError,
    );
    const copy = write('bills2.csv', 'kpr_lnr;enkeltregning_lnr;dato\nK1;X1;2023-01-01\n');
    await expect(
      ingestRegistry(ws, 'kpr-claims', [fx('kpr-bills.csv'), copy]),
    ).rejects.toMatchObject({ code: 'DUPLICATE_ROLE' });
    await nothingLoaded(ws);
  });

  it('lines DuckDB cannot parse are rejected with their line; later lines keep their numbers', async () => {
    ws = await freshWorkspace();
    const f = write(
      'links.csv',
      [
        'npr_lopenr;kpr_lnr',
        'P1;K1',
        'P2;K2;extra',
        'P3',
        'P4;"K4"',
        '"P5;x";K5',
        'P6;K6',
        '',
      ].join('\n'),
    );
    const r = await ingestRegistry(ws, 'link', [f]);
    expect(r.files[0]).toMatchObject({ rowsRead: 6, rowsLoaded: 4, rowsRejected: 2 });
    expect(
      await ws.db.all(
        `SELECT line, raw_value, reason LIKE 'wrong number of fields%' AS fields FROM reject ORDER BY line`,
      ),
    ).toEqual([
      { line: 3, raw_value: 'P2;K2;extra', fields: true },
      { line: 4, raw_value: 'P3', fields: true },
    ]);
    expect(await ws.db.all(`SELECT npr_id, kpr_id, line FROM link_row ORDER BY line`)).toEqual([
      { npr_id: 'P1', kpr_id: 'K1', line: 2 },
      { npr_id: 'P4', kpr_id: 'K4', line: 5 },
      { npr_id: 'P5;x', kpr_id: 'K5', line: 6 },
      { npr_id: 'P6', kpr_id: 'K6', line: 7 },
    ]);
  });
});

describe('re-ingest, transactions, Parquet and profiles', () => {
  it('refuses a file already loaded unless replace, which drops its earlier rows', async () => {
    ws = await freshWorkspace();
    const first = await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    const err = await ingestRegistry(ws, 'npr', [fx('npr.csv')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err).toMatchObject({ code: 'ALREADY_LOADED' });
    expect((err as Error).message).toContain('Pass --replace to load it again');
    const again = await ingestRegistry(ws, 'npr', [fx('npr.csv')], { replace: true });
    expect(again.replaced).toEqual([first.files[0]!.fileId]);
    expect(await ws.db.value(`SELECT count(*) FROM specialist_episode`)).toBe(9);
    expect(await ws.db.value(`SELECT count(*) FROM reject`)).toBe(4);
    expect(await ws.db.all(`SELECT file_id FROM ingest_file`)).toEqual([
      { file_id: again.files[0]!.fileId },
    ]);
    expect(await ws.db.value(`SELECT count(*) FROM hospital_stay`)).toBe(6);
  });

  it('replacing one file of a claim set drops the whole set', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'kpr-claims', [
      fx('kpr-bills.csv'),
      fx('kpr-diagnoses.csv'),
      fx('kpr-fees.csv'),
    ]);
    const r = await ingestRegistry(ws, 'kpr-claims', [fx('kpr-bills.csv')], { replace: true });
    expect(r.replaced).toHaveLength(3);
    expect(await ws.db.value(`SELECT count(*) FROM primary_contact`)).toBe(5);
    expect(await ws.db.value(`SELECT count(*) FROM primary_contact WHERE len(fee_codes) > 0`)).toBe(
      0,
    );
    expect(await ws.db.value(`SELECT count(*) FROM ingest_file`)).toBe(1);
  });

  it('a failure part-way leaves the workspace as it was and writes a failed manifest', async () => {
    ws = await freshWorkspace();
    await ws.db.exec(`DROP TABLE hospital_stay`); // the stay rebuild, after the episodes are inserted, will fail
    await expect(ingestRegistry(ws, 'npr', [fx('npr.csv')])).rejects.toThrow();
    for (const t of ['ingest_file', 'reject', 'specialist_episode', 'person', 'residence']) {
      expect(await ws.db.value(`SELECT count(*) FROM ${t}`), t).toBe(0);
    }
    const m = (await ws.runs()).at(-1)!;
    expect(m).toMatchObject({ command: 'ingest npr', status: 'failed' });
  });

  it('reads Parquet with the same columns (line = row number)', async () => {
    ws = await freshWorkspace();
    const pq = join(tmp(), 'npr.parquet');
    await ws.db.exec(
      `COPY (SELECT * FROM read_csv(${sql.path(fx('npr.csv'))}, all_varchar = true, header = true, delim = ';', encoding = 'latin-1')) TO ${sql.path(pq)} (FORMAT parquet)`,
    );
    const r = await ingestRegistry(ws, 'npr', [pq]);
    expect(r.files[0]).toMatchObject({
      format: 'parquet',
      rowsRead: 13,
      rowsLoaded: 9,
      rowsRejected: 4,
    });
    expect(await ws.db.all(`SELECT line FROM reject ORDER BY line`)).toEqual([
      { line: 9 },
      { line: 10 },
      { line: 11 },
      { line: 12 },
    ]);
    expect(await ws.db.value(`SELECT provider FROM specialist_episode WHERE line = 1`)).toBe(
      'Sykehuset Østfold',
    );
  });

  it('a mapping profile renames columns and recodes values', async () => {
    ws = await freshWorkspace();
    const dir = tmp();
    const data = join(dir, 'npr-local.csv');
    writeFileSync(
      data,
      'PasientNr|Kjonn|Inndato|Omsorg\nA1|K|2024-01-02|Innlagt\nA2|M|2024-01-03|Poliklinikk\n',
    );
    const profile = join(dir, 'profile.json');
    writeFileSync(
      profile,
      JSON.stringify({
        id: 'local-npr',
        version: '1',
        kind: 'npr',
        rename: { lopenr: 'pasientnr', omsorgsniva: 'Omsorg' },
        recode: { omsorgsniva: { Innlagt: '1', Poliklinikk: '3' } },
      }),
    );
    const r = await ingestRegistry(ws, 'npr', [data], { profile });
    expect(r.profile).toEqual({ id: 'local-npr', version: '1' });
    expect(r.files[0]).toMatchObject({ delimiter: '|', rowsLoaded: 2, rowsRejected: 0 });
    expect(
      await ws.db.all(`SELECT person_id, sex, care_level FROM specialist_episode ORDER BY line`),
    ).toEqual([
      { person_id: 'A1', sex: 'F', care_level: 'inpatient' },
      { person_id: 'A2', sex: 'M', care_level: 'outpatient' },
    ]);
    const m = (await ws.runs()).at(-1)!;
    expect(m.definitions).toContainEqual({ id: 'ingest-profile:local-npr', version: '1' });
  });

  it('a bad profile is a usage error', async () => {
    ws = await freshWorkspace();
    const dir = tmp();
    const p1 = join(dir, 'p1.json');
    writeFileSync(
      p1,
      JSON.stringify({ id: 'x', version: '1', kind: 'npr', rename: { lopenr: 3 } }),
    );
    await expect(ingestRegistry(ws, 'npr', [fx('npr.csv')], { profile: p1 })).rejects.toMatchObject(
      { code: 'BAD_PROFILE' },
    );
    const p2 = join(dir, 'p2.json');
    writeFileSync(p2, JSON.stringify({ id: 'x', version: '1', kind: 'dental' }));
    await expect(ingestRegistry(ws, 'npr', [fx('npr.csv')], { profile: p2 })).rejects.toMatchObject(
      { code: 'PROFILE_KIND' },
    );
    await expect(
      ingestRegistry(ws, 'npr', [fx('npr.csv')], { profile: join(dir, 'none.json') }),
    ).rejects.toMatchObject({ code: 'PROFILE_NOT_FOUND' });
  });
});
