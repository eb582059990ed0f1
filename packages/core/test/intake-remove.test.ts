import { copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ingestPopulation,
  ingestProjection,
  ingestRegistry,
  removeIngested,
  UsageError,
  type Workspace,
} from '../src/internal.js';
import { freshWorkspace, fx, tempDir } from './fixtures/registry/helpers.js';
import { FIX as SSB_FIX } from './ssb-helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const dir = () => tempDir('felles-intake-remove-');
const TIME_HEADER = 'lopenr;inndato;inntid;typeTidspunkt;dato;tid';

/** Every table a registry load touches, as sorted rows (ids and file ids left out). */
async function snapshot(w: Workspace): Promise<Record<string, unknown[]>> {
  const q = (sql: string) => w.db.all(sql);
  return {
    person: await q(`SELECT * FROM person ORDER BY ALL`),
    residence: await q(`SELECT * FROM residence ORDER BY ALL`),
    episode: await q(
      `SELECT * EXCLUDE (episode_id, file_id) FROM specialist_episode ORDER BY person_id, admitted_at, line`,
    ),
    stay: await q(
      `SELECT * EXCLUDE (stay_id, first_episode_id, last_episode_id) FROM hospital_stay ORDER BY ALL`,
    ),
    claims: await q(
      `SELECT * EXCLUDE (file_id, diag_file_id, fee_file_id) FROM primary_contact ORDER BY ALL`,
    ),
    links: await q(
      `SELECT npr_id, kpr_id, conflict, conflict_reason FROM person_link ORDER BY ALL`,
    ),
  };
}

describe('felles ingest remove: a loaded file taken out again', () => {
  it('removing an extract leaves the workspace as if it had never been loaded', async () => {
    // Reference: only the KPR claims and the key files.
    const ref = await freshWorkspace();
    await ingestRegistry(ref, 'kpr-claims', [fx('kpr-bills.csv'), fx('kpr-diagnoses.csv')]);
    await ingestRegistry(ref, 'link', [fx('link-1.csv')]);
    const expected = await snapshot(ref);
    ref.close();

    ws = await freshWorkspace();
    const npr = await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    await ingestRegistry(ws, 'kpr-claims', [fx('kpr-bills.csv'), fx('kpr-diagnoses.csv')]);
    await ingestRegistry(ws, 'link', [fx('link-1.csv'), fx('link-2.csv')]);
    expect(await ws.db.value(`SELECT count(*) FROM person WHERE id_space = 'npr'`)).toBeGreaterThan(
      0,
    );

    const res = await removeIngested(ws, [fx('npr.csv'), fx('link-2.csv')]);
    expect(res.removed.map((f) => [f.kind, f.path])).toEqual([
      ['npr', fx('npr.csv')],
      ['link', fx('link-2.csv')],
    ]);
    expect(res.removed[0]!.rows).toEqual({
      specialist_episode: npr.files[0]!.rowsLoaded,
      reject: npr.files[0]!.rowsRejected,
    });
    expect(await snapshot(ws)).toEqual(expected);
    expect(await ws.db.value(`SELECT count(*) FROM reject`)).toBe(
      await ws.db.value(`SELECT sum(rows_rejected) FROM ingest_file`),
    );
    const m = (await ws.runs()).at(-1)!;
    expect(m).toMatchObject({ command: 'ingest remove', status: 'ok' });
    expect((m['removed'] as { sha256: string }[]).map((r) => r.sha256)).toEqual([
      npr.files[0]!.sha256,
      expect.stringMatching(/^[0-9a-f]{64}$/),
    ]);
    // The file can be loaded again and gives what it gave the first time.
    const again = await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    expect(again.files[0]).toMatchObject({
      rowsRead: npr.files[0]!.rowsRead,
      rowsLoaded: npr.files[0]!.rowsLoaded,
      rowsRejected: npr.files[0]!.rowsRejected,
    });
  });

  it('one file of a claim set takes the whole set; a file no longer on disk is found by its path', async () => {
    ws = await freshWorkspace();
    const d = dir();
    const fees = join(d, 'fees.csv');
    copyFileSync(fx('kpr-fees.csv'), fees);
    await ingestRegistry(ws, 'kpr-claims', [fx('kpr-bills.csv'), fx('kpr-diagnoses.csv'), fees]);
    rmSync(fees);
    const res = await removeIngested(ws, [fees]);
    expect(res.removed.map((f) => f.path).sort()).toEqual(
      [fx('kpr-bills.csv'), fx('kpr-diagnoses.csv'), fees].sort(),
    );
    for (const t of ['primary_contact', 'ingest_file', 'reject', 'person', 'residence'])
      expect(await ws.db.value(`SELECT count(*) FROM ${t}`), t).toBe(0);
  });

  it('an NPR time-point file: its discharge-ready times are put back', async () => {
    ws = await freshWorkspace();
    const d = dir();
    const t1 = join(d, 't1.csv');
    const t2 = join(d, 't2.csv');
    // Episode 2 of P1 has no own time; episode 1 has its own (2023-03-04 15:00).
    writeFileSync(
      t1,
      `${TIME_HEADER}\nP1;2023-03-05;18:00;2;2023-03-07;14:30\nP1;2023-03-01;10:00;2;2023-03-04;20:00\n`,
    );
    writeFileSync(t2, `${TIME_HEADER}\nP1;2023-03-05;18:00;2;2023-03-06;10:00\n`);
    await ingestRegistry(ws, 'npr', [fx('npr.csv')]);
    const ready = () =>
      ws!.db.all(
        `SELECT strftime(admitted_at, '%m-%d %H:%M') AS adm, strftime(discharge_ready_at, '%m-%d %H:%M') AS ready
         FROM specialist_episode WHERE person_id = 'P1' AND admitted_at < TIMESTAMP '2023-03-06' ORDER BY admitted_at`,
      );
    const own = [
      { adm: '03-01 10:00', ready: '03-04 15:00' },
      { adm: '03-05 18:00', ready: null },
    ];
    expect(await ready()).toEqual(own);
    await ingestRegistry(ws, 'npr-time', [t1]);
    await ingestRegistry(ws, 'npr-time', [t2]);
    expect(await ready()).toEqual([
      { adm: '03-01 10:00', ready: '03-04 20:00' },
      { adm: '03-05 18:00', ready: '03-06 10:00' },
    ]);
    await removeIngested(ws, [t1]);
    expect(await ready()).toEqual([
      { adm: '03-01 10:00', ready: '03-04 15:00' },
      { adm: '03-05 18:00', ready: '03-06 10:00' },
    ]);
    expect(
      await ws.db.value(
        `SELECT strftime(discharge_ready_at, '%m-%d %H:%M') FROM hospital_stay WHERE person_id = 'P1' AND admitted_at = TIMESTAMP '2023-03-01 10:00'`,
      ),
    ).toBe('03-06 10:00');
    await removeIngested(ws, [t2]);
    expect(await ready()).toEqual(own);
  });

  it('SSB population and projection files', async () => {
    ws = await freshWorkspace();
    await ingestPopulation(ws, [join(SSB_FIX, 'statbank-nb-utf8bom.csv')]);
    await ingestProjection(ws, [join(SSB_FIX, 'statbank-projection-nb.csv')], { tableId: '14288' });
    expect(await ws.db.value(`SELECT count(*) FROM population`)).toBeGreaterThan(0);
    const res = await removeIngested(ws, [
      join(SSB_FIX, 'statbank-nb-utf8bom.csv'),
      join(SSB_FIX, 'statbank-projection-nb.csv'),
    ]);
    expect(res.removed.map((r) => r.kind)).toEqual(['ssb-population', 'ssb-projection']);
    for (const t of ['population', 'population_projection', 'ingest_file', 'reject'])
      expect(await ws.db.value(`SELECT count(*) FROM ${t}`), t).toBe(0);
  });

  it('a file that is not loaded is a usage error and nothing changes', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'link', [fx('link-1.csv')]);
    const before = await snapshot(ws);
    const e1 = await removeIngested(ws, [fx('link-1.csv'), fx('link-2.csv')]).catch(
      (e: unknown) => e,
    );
    expect(e1).toBeInstanceOf(UsageError);
    expect(e1).toMatchObject({ code: 'NOT_LOADED', exitCode: 2 });
    expect((e1 as Error).message).toBe(
      `${fx('link-2.csv')} is not loaded in this workspace (no loaded file has its content); nothing was changed`,
    );
    const gone = join(dir(), 'gone.csv');
    await expect(removeIngested(ws, [gone])).rejects.toMatchObject({ code: 'NOT_LOADED' });
    expect(await snapshot(ws)).toEqual(before);
    expect(await ws.db.value(`SELECT count(*) FROM ingest_file`)).toBe(1);
  });
});
