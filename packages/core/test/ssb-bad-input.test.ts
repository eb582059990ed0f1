import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputDataError, UsageError } from '../src/kernel/errors.js';
import { ingestPopulation, ingestProjection } from '../src/intake/index.js';
import type { Workspace } from '../src/workspace/index.js';
import { FIX, newWorkspace, tmp } from './ssb-helpers.js';

const TITLE = '"07459: Befolkning, etter region, kjønn, alder, statistikkvariabel og år"';
const HEADER = '"region";"kjønn";"alder";"Personer 2023"';
const GOOD = [
  '"K-4001 Porsgrunn";"Menn";"0 år";150',
  '"K-4001 Porsgrunn";"Kvinner";"0 år";140',
  '"K-4003 Skien";"Menn";"0 år";300',
];

/** Write a StatBank-style file: title (line 1), blank (2), header (3), data from line 4. */
function statbank(dir: string, name: string, data: string[], header = HEADER): string {
  const f = join(dir, name);
  writeFileSync(f, [TITLE, '', header, ...data].join('\r\n') + '\r\n');
  return f;
}

describe('bad SSB input: one InputDataError naming file, line, column and value; workspace unchanged', () => {
  let ws: Workspace;
  let dir: string;
  beforeEach(async () => {
    ws = await newWorkspace();
    dir = tmp();
  });
  afterEach(() => ws.close());

  async function expectBad(
    file: string,
    expected: { code: string; line?: number; column?: string; value?: string },
    message: RegExp,
  ) {
    const err = await ingestPopulation(ws, [file]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(InputDataError);
    const e = err as InputDataError;
    expect(e.code).toBe(expected.code);
    expect(e.exitCode).toBe(3);
    expect(e.location.file).toBe(file);
    if (expected.line !== undefined) expect(e.location.line).toBe(expected.line);
    if (expected.column !== undefined) expect(e.location.column).toBe(expected.column);
    if (expected.value !== undefined) expect(e.location.value).toBe(expected.value);
    expect(e.message).toMatch(message);
    expect(
      e.message.startsWith(`${file}${expected.line !== undefined ? `:${expected.line}` : ''}`),
    ).toBe(true);
    // Nothing changed, and the failed run has a manifest that says so.
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM population`)).toBe(0);
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM ingest_file`)).toBe(0);
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM reject`)).toBe(0);
    const last = (await ws.runs()).at(-1)!;
    expect(last).toMatchObject({
      command: 'ingest population',
      status: 'failed',
      error: { code: expected.code },
    });
  }

  it('wrong delimiter in the header', async () => {
    const f = join(dir, 'pipes.csv');
    writeFileSync(
      f,
      ['"region"|"sex"|"age"|"Persons 2022"', '"K-4001 Porsgrunn"|"Males"|"0 years"|150'].join(
        '\n',
      ),
    );
    await expectBad(
      f,
      { code: 'WRONG_DELIMITER', line: 1, value: '"region"|"sex"|"age"|"Persons 2022"' },
      /only one field/,
    );
  });

  it('wrong delimiter on a data line', async () => {
    const f = statbank(dir, 'mixed.csv', [...GOOD, '"K-4003 Skien","Kvinner","0 år",290']);
    await expectBad(f, { code: 'WRONG_DELIMITER', line: 7 }, /expected 4 fields separated by ";"/);
  });

  it('unknown encoding (UTF-16)', async () => {
    const f = join(dir, 'utf16.csv');
    writeFileSync(
      f,
      Buffer.concat([
        Buffer.from([0xff, 0xfe]),
        Buffer.from([TITLE, '', HEADER, ...GOOD].join('\r\n'), 'utf16le'),
      ]),
    );
    await expectBad(f, { code: 'UNKNOWN_ENCODING', line: 1 }, /UTF-16/);
  });

  it('--encoding utf-8 on an ISO-8859-1 file names the first line that is not UTF-8', async () => {
    const f = join(dir, 'latin1.csv');
    writeFileSync(
      f,
      Buffer.from(
        [
          TITLE,
          '',
          HEADER,
          ...GOOD,
          '"K-4020 Midt-Telemark";"Menn";"0 år";1',
          '"K-3118 Indre Østfold";"Menn";"0 år";2',
        ].join('\r\n'),
        'latin1',
      ),
    );
    const err = (await ingestPopulation(ws, [f], { encoding: 'utf-8' }).catch(
      (e: unknown) => e,
    )) as InputDataError;
    expect(err).toBeInstanceOf(InputDataError);
    expect(err.code).toBe('WRONG_ENCODING');
    expect(err.location.line).toBe(1); // the title's "ø" in "kjønn"
    expect(err.message).toMatch(/pass --encoding latin-1/);
    await ingestPopulation(ws, [f]); // detected as ISO-8859-1 when left out
    expect(
      await ws.db.value(`SELECT population FROM population WHERE municipality_code = '3118'`),
    ).toBe(2);
  });

  it('a data line with too few fields', async () => {
    const f = statbank(dir, 'short.csv', [...GOOD, '"K-4003 Skien";"Kvinner";290']);
    await expectBad(f, { code: 'WRONG_DELIMITER', line: 7 }, /expected 4 fields/);
  });

  it('an encoding name felles does not know is a usage error', async () => {
    const f = statbank(dir, 'ok.csv', GOOD);
    await expect(ingestPopulation(ws, [f], { encoding: 'ebcdic' })).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it('missing column', async () => {
    const f = statbank(
      dir,
      'noage.csv',
      ['"K-4001 Porsgrunn";"Menn";150'],
      '"region";"kjønn";"Personer 2023"',
    );
    await expectBad(
      f,
      { code: 'MISSING_COLUMN', line: 3, column: 'age' },
      /no age \(alder\) column/,
    );
  });

  it('unknown municipality code', async () => {
    const f = statbank(dir, 'unknown.csv', [...GOOD, '"K-9876 Atlantis";"Menn";"0 år";12']);
    await expectBad(
      f,
      { code: 'UNKNOWN_MUNICIPALITY', line: 7, column: 'region', value: 'K-9876 Atlantis' },
      /unknown municipality code/,
    );
  });

  it('duplicate cell', async () => {
    const f = statbank(dir, 'dup.csv', [...GOOD, '"K-4001 Porsgrunn";"Kvinner";"0 år";141']);
    await expectBad(
      f,
      { code: 'DUPLICATE_CELL', line: 7, column: 'region', value: 'K-4001 Porsgrunn' },
      /appear twice \(first on line 5/,
    );
  });

  it('duplicate cell after harmonisation of an old code is not a duplicate (3806 and 4001 are both Porsgrunn)', async () => {
    // Different codes for the same municipality in one file are summed, as a merge would be.
    const f = statbank(dir, 'oldnew.csv', [
      '"K-4001 Porsgrunn";"Menn";"0 år";150',
      '"K-3806 Porsgrunn";"Menn";"0 år";2',
    ]);
    await ingestPopulation(ws, [f]);
    expect(
      await ws.db.value(
        `SELECT population FROM population WHERE municipality_code = '4001' AND sex = 'M' AND age = 0`,
      ),
    ).toBe(152);
  });

  it('negative count', async () => {
    const f = statbank(dir, 'neg.csv', [...GOOD.slice(0, 2), '"K-4003 Skien";"Menn";"0 år";-5']);
    await expectBad(
      f,
      { code: 'NEGATIVE_COUNT', line: 6, column: 'Personer 2023', value: '-5' },
      /cannot be negative/,
    );
  });

  it('non-numeric value', async () => {
    const f = statbank(dir, 'nan.csv', [
      GOOD[0]!,
      '"K-4001 Porsgrunn";"Kvinner";"0 år";..',
      GOOD[2]!,
    ]);
    await expectBad(
      f,
      { code: 'NOT_A_NUMBER', line: 5, column: 'Personer 2023', value: '..' },
      /not a number/,
    );
  });

  it('an age label that is not understood', async () => {
    const f = statbank(dir, 'age.csv', [GOOD[0]!, '"K-4001 Porsgrunn";"Kvinner";"null år";5']);
    await expectBad(
      f,
      { code: 'BAD_AGE', line: 5, column: 'alder', value: 'null år' },
      /age label/,
    );
  });

  it('a bad second file leaves the first one unloaded too (one transaction)', async () => {
    const good = statbank(dir, 'good.csv', GOOD);
    const bad = statbank(dir, 'bad.csv', ['"K-4001 Porsgrunn";"Menn";"1 år";-1']);
    await expect(ingestPopulation(ws, [good, bad])).rejects.toMatchObject({
      code: 'NEGATIVE_COUNT',
      location: { file: bad, line: 4 },
    });
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM population`)).toBe(0);
  });

  it('a second file with figures already loaded is refused unless replace', async () => {
    const a = statbank(dir, 'a.csv', GOOD);
    const b = statbank(dir, 'b.csv', ['"K-4001 Porsgrunn";"Menn";"0 år";151']);
    await ingestPopulation(ws, [a]);
    await expect(ingestPopulation(ws, [b])).rejects.toMatchObject({
      code: 'POPULATION_ALREADY_LOADED',
      kind: 'usage',
    });
    await ingestPopulation(ws, [b], { replace: true });
    // --replace swaps the whole year × municipality block: Porsgrunn now comes from b only.
    expect(
      await ws.db.all(`SELECT municipality_code, sex, population FROM population ORDER BY 1, 2`),
    ).toEqual([
      { municipality_code: '4001', sex: 'M', population: 151 },
      { municipality_code: '4003', sex: 'M', population: 300 },
    ]);
  });

  it('JSON-stat2 problems name the cell', async () => {
    const f = join(dir, 'neg.json');
    const ds = JSON.parse(
      await import('node:fs').then((fs) =>
        fs.readFileSync(join(FIX, 'jsonstat2-population.json'), 'utf8'),
      ),
    ) as { value: number[] };
    ds.value[5] = -3;
    writeFileSync(f, JSON.stringify(ds));
    await expect(ingestPopulation(ws, [f])).rejects.toMatchObject({
      code: 'NEGATIVE_COUNT',
      location: { file: f, column: 'value (cell 6)', value: '-3' },
    });
  });

  it('projection: unknown region name', async () => {
    const f = join(dir, 'proj.csv');
    writeFileSync(
      f,
      [
        'region,statistikkvariabel,år,alder,value,Framskriving,Tabell',
        'Porsgrunn,Hovedalternativet (MMMM),2030,0 år,300,2024,14288',
        'Atlantis,Hovedalternativet (MMMM),2030,0 år,12,2024,14288',
      ].join('\n'),
    );
    await expect(ingestProjection(ws, [f])).rejects.toMatchObject({
      code: 'UNKNOWN_REGION',
      exitCode: 3,
      location: { file: f, line: 3, column: 'region', value: 'Atlantis' },
    });
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM population_projection`)).toBe(0);
  });
});
