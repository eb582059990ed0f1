import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ingestPopulation,
  ingestProjection,
  ingestRegistry,
  InputDataError,
  UsageError,
  type ProgressEvent,
  type Workspace,
} from '../src/internal.js';
import { freshWorkspace, fx, tempDir } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const dir = () => tempDir('felles-intake-guards-');
const sha = (f: string) => createHash('sha256').update(readFileSync(f)).digest('hex');

async function empty(w: Workspace): Promise<void> {
  for (const t of ['ingest_file', 'reject', 'population', 'population_projection', 'link_row'])
    expect(await w.db.value(`SELECT count(*) FROM ${t}`), t).toBe(0);
}

/** A StatBank population file (title, blank, header, data from line 4). */
function population(d: string, name: string, year: string, value: string): string {
  const f = join(d, name);
  writeFileSync(
    f,
    [
      '"07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år"',
      '',
      `"region";"kjønn";"alder";"Personer ${year}"`,
      '"K-4001 Porsgrunn";"Menn";"0 år";150',
      `"K-4001 Porsgrunn";"Kvinner";"0 år";${value}`,
    ].join('\r\n'),
  );
  return f;
}

describe('bounds of SSB files', () => {
  it('population for 2199 is refused (the latest year is this year)', async () => {
    ws = await freshWorkspace();
    const f = population(dir(), 'p2199.csv', '2199', '140');
    const e = (await ingestPopulation(ws, [f]).catch((x: unknown) => x)) as InputDataError;
    expect(e).toBeInstanceOf(InputDataError);
    expect(e).toMatchObject({
      code: 'IMPLAUSIBLE_YEAR',
      exitCode: 3,
      location: { file: f, line: 4, column: 'Personer 2199', value: '2199' },
    });
    expect(e.message).toContain(
      `the year 2199 is outside 1900–${new Date().getUTCFullYear()}: population is counted on 1 January of a year that has begun`,
    );
    await empty(ws);
  });

  it('a population value of 1e20 is refused with a clear message', async () => {
    ws = await freshWorkspace();
    const f = population(dir(), 'huge.csv', '2023', '1e20');
    const e = (await ingestPopulation(ws, [f]).catch((x: unknown) => x)) as InputDataError;
    expect(e).toMatchObject({
      code: 'IMPLAUSIBLE_VALUE',
      exitCode: 3,
      location: { line: 5, column: 'Personer 2023', value: '1e20' },
    });
    expect(e.message).toBe(
      `${f}:5: column "Personer 2023", value "1e20": a count of more than 20,000,000 persons in one cell is not a population figure (Norway has about 5.6 million people)`,
    );
    await empty(ws);
  });

  it('a projection round of 1800 is refused, given or in the file', async () => {
    ws = await freshWorkspace();
    const d = dir();
    const f = join(d, 'proj.csv');
    writeFileSync(
      f,
      'region,statistikkvariabel,år,alder,value,Framskriving,Tabell\nPorsgrunn,Hovedalternativet (MMMM),1801,0 år,303,1800,14288\n',
    );
    const e1 = await ingestProjection(ws, [f]).catch((x: unknown) => x);
    expect(e1).toBeInstanceOf(InputDataError);
    expect(e1).toMatchObject({ code: 'IMPLAUSIBLE_VINTAGE', exitCode: 3 });
    expect((e1 as Error).message).toContain('the projection round 1800 is outside 1990–');
    const e2 = await ingestProjection(ws, [f], { vintage: 1800 }).catch((x: unknown) => x);
    expect(e2).toBeInstanceOf(UsageError);
    expect(e2).toMatchObject({ code: 'IMPLAUSIBLE_VINTAGE', exitCode: 2 });
    writeFileSync(
      f,
      'region,statistikkvariabel,år,alder,value,Framskriving,Tabell\nPorsgrunn,Hovedalternativet (MMMM),2199,0 år,303,2024,14288\n',
    );
    await expect(ingestProjection(ws, [f])).rejects.toMatchObject({
      code: 'IMPLAUSIBLE_YEAR',
      location: { line: 2, column: 'år', value: '2199' },
    });
    await empty(ws);
  });
});

describe('dates of registry extracts', () => {
  it('admissions in 1850 and 2099 are rejected; so are dates after a given extract date', async () => {
    ws = await freshWorkspace();
    const f = join(dir(), 'npr.csv');
    writeFileSync(
      f,
      [
        'lopenr;inndato;utdato',
        'P1;1850-03-01;1850-03-02',
        'P2;2099-01-01;2099-01-02',
        'P3;2023-03-01;2023-03-02',
        'P4;2023-05-01;2023-05-02',
      ].join('\n'),
    );
    const r = await ingestRegistry(ws, 'npr', [f], { extractDate: '2023-04-30' });
    expect(r.files[0]).toMatchObject({ rowsRead: 4, rowsLoaded: 1, rowsRejected: 3 });
    expect(
      await ws.db.all(`SELECT line, column_name, raw_value FROM reject ORDER BY line, column_name`),
    ).toEqual([
      { line: 2, column_name: 'inndato', raw_value: '1850-03-01' },
      { line: 2, column_name: 'utdato', raw_value: '1850-03-02' },
      { line: 3, column_name: 'inndato', raw_value: '2099-01-01' },
      { line: 3, column_name: 'utdato', raw_value: '2099-01-02' },
      { line: 5, column_name: 'inndato', raw_value: '2023-05-01' },
      { line: 5, column_name: 'utdato', raw_value: '2023-05-02' },
    ]);
    expect(await ws.db.value(`SELECT DISTINCT reason FROM reject`)).toBe(
      'date outside 1900-01-01 … 2023-04-30 (before 1900 or after the extract date)',
    );
    expect((await ws.runs()).at(-1)!.parameters['dateWindow']).toEqual({
      from: '1900-01-01',
      to: '2023-04-30',
    });
    await expect(
      ingestRegistry(ws, 'npr', [fx('npr.csv')], { extractDate: '2023-02-30' }),
    ).rejects.toMatchObject({ code: 'BAD_OPTION', exitCode: 2 });
  });
});

describe('the hash recorded is the hash of the bytes loaded', () => {
  it('a file replaced between hashing and loading stops the load; loaded again, its own hash is recorded', async () => {
    ws = await freshWorkspace();
    const f = join(dir(), 'links.csv');
    writeFileSync(f, 'npr_lopenr;kpr_lnr\nP1;K1\n');
    const first = sha(f);
    // After the file was hashed, something writes a different file under its name.
    const swap = (e: ProgressEvent) => {
      if (e.message?.startsWith('loading ')) writeFileSync(f, 'npr_lopenr;kpr_lnr\nP2;K2\nP3;K3\n');
    };
    const err = await ingestRegistry(ws, 'link', [f], { progress: swap }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'FILE_CHANGED', exitCode: 3 });
    expect((err as Error).message).toBe(
      `${f}: the file was changed, replaced or removed while felles read it; nothing was loaded. Load it again once nothing writes to it`,
    );
    await empty(ws);
    const r = await ingestRegistry(ws, 'link', [f]);
    expect(r.files[0]).toMatchObject({ sha256: sha(f), rowsLoaded: 2 });
    expect(sha(f)).not.toBe(first);
    expect(await ws.db.value(`SELECT sha256 FROM ingest_file`)).toBe(sha(f));
    expect((await ws.runs()).at(-1)!.inputs[0]).toMatchObject({ sha256: sha(f), fileId: 2 });
  });

  it('the same for an SSB file', async () => {
    ws = await freshWorkspace();
    const f = population(dir(), 'p.csv', '2023', '140');
    const swap = (e: ProgressEvent) => {
      if (e.phase === 'update') writeFileSync(f, readFileSync(f, 'utf8').replace('140', '141'));
    };
    await expect(ingestPopulation(ws, [f], { progress: swap })).rejects.toMatchObject({
      code: 'FILE_CHANGED',
    });
    await empty(ws);
    await ingestPopulation(ws, [f]);
    expect(await ws.db.value(`SELECT sha256 FROM ingest_file`)).toBe(sha(f));
    expect(await ws.db.value(`SELECT sum(population) FROM population`)).toBe(291);
  });
});
