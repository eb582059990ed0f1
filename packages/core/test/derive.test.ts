// person and residence are rebuilt from per-source summaries (derive.ts). These cases are worked
// by hand: which sex, birth year and municipality each rule must pick, ties included, and that a
// second load of another kind (and a replace) brings the summaries up to date.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ingestRegistry,
  rebuildPerson,
  rebuildResidence,
  type Workspace,
} from '../src/internal.js';
import { freshWorkspace } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const HEAD = 'lopenr;kjonn;fodselsar;komnrhjem2;aar;inndato;utdato;omsorgsniva;innmateHast;sektor';
// Person A in 2023: Oslo on 10 Jan and 10 Jul (latest), Larvik (3909) on 10 Mar, 10 May, 1 Jun:
//   last → 0301 (10 Jul), first → 0301 (10 Jan), most_frequent → 3909 (3 rows against 2).
//   Sex: M on 2 rows, F on 3 → F, conflict. Birth year 1950 on 4 rows, 1951 on 1 → 1950, conflict.
// Person B: M on 1 Jan, F on 1 Feb (a tie of one row each → the latest row: F), in Larvik in 2023
//   and in Skien (4003) in 2024.
// Person C in 2023: Oslo on 1 Mar, Larvik on 1 Apr (a tie → latest: 3909 for most_frequent too).
const NPR = [
  HEAD,
  'A;1;1950;0301;2023;2023-01-10;2023-01-11;1;1;1',
  'A;1;1950;3909;2023;2023-03-10;2023-03-11;1;1;1',
  'A;2;1951;3909;2023;2023-05-10;2023-05-11;1;1;1',
  'A;2;1950;0301;2023;2023-07-10;2023-07-11;1;1;1',
  'A;2;1950;3909;2023;2023-06-01;2023-06-02;1;1;1',
  'B;1;1990;3909;2023;2023-01-01;2023-01-02;3;4;1',
  'B;2;1990;4003;2024;2023-02-01;2023-02-02;3;4;1',
  'C;2;1980;0301;2023;2023-03-01;2023-03-01;3;4;1',
  'C;2;1980;3909;2023;2023-04-01;2023-04-01;3;4;1',
].join('\n');

function file(name: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'felles-derive-'));
  const f = join(dir, name);
  writeFileSync(f, `${text}\n`);
  return f;
}

async function residence(w: Workspace) {
  return w.db.all(
    `SELECT id_space, person_id, year, municipality_code, rule FROM residence ORDER BY id_space, person_id, year`,
  );
}

describe('person and residence from per-source summaries', () => {
  it('sex and birth year: the value on most rows, a tie to the latest row, conflicts flagged', async () => {
    ws = await freshWorkspace();
    await ingestRegistry(ws, 'npr', [file('npr.csv', NPR)]);
    expect(
      await ws.db.all(
        `SELECT person_id, sex, birth_year, sex_conflict, birth_year_conflict, rows FROM person ORDER BY person_id`,
      ),
    ).toEqual([
      {
        person_id: 'A',
        sex: 'F',
        birth_year: 1950,
        sex_conflict: true,
        birth_year_conflict: true,
        rows: 5,
      },
      {
        person_id: 'B',
        sex: 'F',
        birth_year: 1990,
        sex_conflict: true,
        birth_year_conflict: false,
        rows: 2,
      },
      {
        person_id: 'C',
        sex: 'F',
        birth_year: 1980,
        sex_conflict: false,
        birth_year_conflict: false,
        rows: 2,
      },
    ]);
  });

  it.each([
    ['last', { A: '0301', C: '3909' }],
    ['first', { A: '0301', C: '0301' }],
    ['most_frequent', { A: '3909', C: '3909' }],
  ] as const)('residenceRule %s', async (rule, want) => {
    ws = await freshWorkspace({ residenceRule: rule });
    await ingestRegistry(ws, 'npr', [file('npr.csv', NPR)]);
    // B's second episode has aar 2024 but is dated 2023: residence years come from the dates.
    expect(await residence(ws)).toEqual([
      { id_space: 'npr', person_id: 'A', year: 2023, municipality_code: want.A, rule },
      {
        id_space: 'npr',
        person_id: 'B',
        year: 2023,
        municipality_code: rule === 'first' ? '3909' : '4003',
        rule,
      },
      { id_space: 'npr', person_id: 'C', year: 2023, municipality_code: want.C, rule },
    ]);
  });

  it('a later load of another kind keeps the earlier summaries; a replace refreshes its own', async () => {
    ws = await freshWorkspace();
    const first = file('npr.csv', NPR);
    await ingestRegistry(ws, 'npr', [first]);
    const bills = file(
      'bills.csv',
      [
        'kpr_lnr;enkeltregning_lnr;dato;kjonn;fodselsaar;kommuneNr;tjenestetype',
        'K1;B1;2023-02-01;1;1960;4003;1',
        'K1;B2;2023-09-01;1;1960;3909;1',
      ].join('\n'),
    );
    const r = await ingestRegistry(ws, 'kpr-claims', [bills]);
    expect(r.derived).toMatchObject({ person: 4, residence: 4 });
    expect(await residence(ws)).toEqual([
      { id_space: 'kpr', person_id: 'K1', year: 2023, municipality_code: '3909', rule: 'last' },
      { id_space: 'npr', person_id: 'A', year: 2023, municipality_code: '0301', rule: 'last' },
      { id_space: 'npr', person_id: 'B', year: 2023, municipality_code: '4003', rule: 'last' },
      { id_space: 'npr', person_id: 'C', year: 2023, municipality_code: '3909', rule: 'last' },
    ]);
    // A second NPR file adds a row for C (Skien in December, now the latest); loading the first
    // file again with replace swaps its rows instead of doubling them.
    const more = file(
      'npr2.csv',
      [HEAD, 'C;2;1980;4003;2023;2023-12-01;2023-12-01;3;4;1'].join('\n'),
    );
    await ingestRegistry(ws, 'npr', [more]);
    await ingestRegistry(ws, 'npr', [first], { replace: true });
    expect(await ws.db.all(`SELECT id_space, person_id, rows FROM person ORDER BY 1, 2`)).toEqual([
      { id_space: 'kpr', person_id: 'K1', rows: 2 },
      { id_space: 'npr', person_id: 'A', rows: 5 },
      { id_space: 'npr', person_id: 'B', rows: 2 },
      { id_space: 'npr', person_id: 'C', rows: 3 },
    ]);
    expect(await ws.db.value(`SELECT municipality_code FROM residence WHERE person_id = 'C'`)).toBe(
      '4003',
    );
    // Each load above updated only the persons it touched; a full rebuild gives the same tables.
    const snap = async () => ({
      person: await ws!.db.all(`SELECT * FROM person ORDER BY id_space, person_id`),
      residence: await ws!.db.all(`SELECT * FROM residence ORDER BY id_space, person_id, year`),
    });
    const incremental = await snap();
    await ws.db.exec(`DELETE FROM person; DELETE FROM residence`);
    await rebuildPerson(ws.db);
    await rebuildResidence(ws.db, 'last');
    expect(await snap()).toEqual(incremental);
    expect(incremental.person).toHaveLength(4);
  });
});
