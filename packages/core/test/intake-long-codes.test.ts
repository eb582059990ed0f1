/**
 * Over-long codes: one is rejected at ingest (codes are bounded to 16 characters), and one already
 * in a workspace costs the cohort engine no more than a short one (its prefixes stop at the
 * longest list code). Before, a 1 MB code expanded to a million prefixes and the cohorts ran out
 * of memory for good.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestRegistry, type Workspace } from '../src/internal.js';
import { members, newWorkspace, person, run } from './cohort-fixtures.js';
import { tempDir } from './fixtures/registry/helpers.js';

let ws: Workspace;
beforeAll(async () => {
  ws = await newWorkspace('long-codes');
  const defs = join(ws.dir, 'definitions', 'cohorts');
  mkdirSync(defs, { recursive: true });
  writeFileSync(
    join(defs, 'dementia-npr.json'),
    JSON.stringify({
      id: 'dementia-npr',
      version: '0.1.0',
      title: 'dementia in NPR',
      source: 'test',
      idSpace: 'npr',
      codeSets: { d: { codelist: 'dementia', systems: ['icd10'] } },
      rules: [
        {
          name: 'd',
          criterion: {
            type: 'events',
            source: 'specialist_episode',
            codeSet: 'd',
            window: { months: 12 },
          },
        },
      ],
    }),
  );
});
afterAll(() => ws.close());

let ep = 0;
async function episode(id: string, code: string): Promise<void> {
  ep++;
  await ws.db.run(
    `INSERT INTO specialist_episode (episode_id, person_id, year, admission_date, admitted_at, contact_mode, main_icd10, secondary_icd10, file_id, line)
     VALUES ($1, $2, 2024, DATE '2024-05-01', TIMESTAMP '2024-05-01', 'in_person', $3, [], 1, $1)`,
    [ep, id, code],
  );
}

describe('over-long codes', () => {
  it('a 100-character diagnosis code is rejected at ingest', async () => {
    const f = join(tempDir('felles-long-'), 'npr.csv');
    const long = `F00${'X'.repeat(97)}`;
    writeFileSync(f, `lopenr;inndato;tilstand_1_1\nL1;2024-05-01;F000\nL2;2024-05-01;${long}\n`);
    const r = await ingestRegistry(ws, 'npr', [f]);
    expect(r.files[0]).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(await ws.db.all(`SELECT line, column_name, reason FROM reject`)).toEqual([
      { line: 3, column_name: 'tilstand_1_1', reason: 'value longer than 16 characters' },
    ]);
    await ws.db.exec(`DELETE FROM specialist_episode; DELETE FROM person; DELETE FROM residence`);
  });

  it('cohorts run on a workspace holding a 100-character and a 1 MB code, matching them by prefix', async () => {
    for (const id of ['P1', 'P2', 'P3', 'P4', 'P5'])
      await person(ws.db, 'npr', id, { birthYear: 1940 });
    await episode('P1', 'F000');
    await episode('P2', 'G309');
    await episode('P5', 'I500');
    await run(ws, ['dementia-npr']);
    expect(Object.keys(await members(ws.db, 'dementia-npr')).sort()).toEqual(['P1', 'P2']);
    // The long codes start with a dementia category (F00) and so match it, like any longer code.
    await episode('P3', `F00${'X'.repeat(97)}`);
    await episode('P4', `F00${'X'.repeat(1_000_000)}`);
    await episode('P5', `I50${'X'.repeat(1_000_000)}`);
    await run(ws, ['dementia-npr']);
    expect(Object.keys(await members(ws.db, 'dementia-npr')).sort()).toEqual([
      'P1',
      'P2',
      'P3',
      'P4',
    ]);
  });
});
