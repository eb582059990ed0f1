import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Workspace } from '../src/internal.js';
// The CLI on source (vitest maps @felles/core to packages/core/src), run in-process.
import { FIX, PUBLISHED, tmp } from './ssb-helpers.js';
import { fellesInProcess, type CliRun } from '../../../test/felles-in-process.js';

let dir: string;

beforeAll(async () => {
  dir = join(tmp(), 'ws');
  (await Workspace.init(dir)).close();
});

function felles(...args: string[]): Promise<CliRun> {
  return fellesInProcess(dir, args);
}

describe('felles ingest population|projection and felles population', () => {
  it('has summary, description and examples in --help', async () => {
    for (const cmd of [['ingest', 'population'], ['ingest', 'projection'], ['population']]) {
      const r = await felles(...cmd, '--help');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('Examples:');
      expect(r.stdout).toMatch(/SSB/);
    }
  });

  it('bad input: exit code 3, one message with file:line, column and value, nothing loaded', async () => {
    const f = join(tmp(), 'neg.csv');
    writeFileSync(
      f,
      [
        '"07459: Population"',
        '',
        '"region";"sex";"age";"Persons 2022"',
        '"K-4001 Porsgrunn";"Males";"0 years";-1',
      ].join('\n'),
    );
    const r = await felles('ingest', 'population', f);
    expect(r.code).toBe(3);
    expect(r.stderr).toBe(
      `felles: error: ${f}:4: column "Persons 2022", value "-1": a population count cannot be negative\n`,
    );
    const j = await felles('--json', 'ingest', 'population', f);
    expect(j.code).toBe(3);
    expect(JSON.parse(j.stderr)).toMatchObject({
      error: {
        code: 'NEGATIVE_COUNT',
        kind: 'input',
        details: { file: f, line: 4, column: 'Persons 2022', value: '-1' },
      },
    });
    const s = await felles('--json', 'sql', 'SELECT count(*) AS n FROM population');
    expect(JSON.parse(s.stdout)).toEqual([{ n: 0 }]);
  });

  it('loads the 2022 population, reports K-Rest on stderr, refuses a reload, and summarises', async () => {
    const file = join(PUBLISHED, '07459_by_sex_age_2022_reduced.csv');
    const r = await felles('--json', 'ingest', 'population', file);
    expect(r.code).toBe(0);
    const res = JSON.parse(r.stdout) as {
      files: { personsLoaded: number; cellsReported: number }[];
    };
    expect(res.files[0]).toMatchObject({ personsLoaded: 1_381_124, cellsReported: 636 });
    expect(r.stderr).toContain('reported, not loaded: ');
    expect(r.stderr).toContain('"K-Rest Divided municalities and unknown"');
    expect(r.stderr).toMatch(/split by weight: 1507 → 1508\+1580/);

    const again = await felles('ingest', 'population', file);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/already loaded.*--replace/);

    const p = await felles('population', '--hf', 'telemark', '--year', '2022');
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(
      /^Helsefellesskapet Telemark, population 1 January 2022 \(SSB\), 17 municipalities/,
    );
    expect(p.stdout).toMatch(/80\+\s+T\s+\d+/);
    const pj = await felles(
      '--json',
      'population',
      '--hf',
      'TELEMARK',
      '--year',
      '2022',
      '--age-groups',
      '0-66,67+',
    );
    const body = JSON.parse(pj.stdout) as {
      rows: { age_group: string; sex: string; population: number }[];
    };
    const t = body.rows.filter((x) => x.sex === 'T');
    expect(t.map((x) => x.age_group)).toEqual(['0-66', '67+', 'Total']);
    expect(t[0]!.population + t[1]!.population).toBe(t[2]!.population);

    const bad = await felles(
      'population',
      '--hf',
      'TELEMARK',
      '--year',
      '2022',
      '--age-groups',
      '0-70,60+',
    );
    expect(bad.code).toBe(2);
  });

  it('loads a projection file with a table printed on stdout', async () => {
    const r = await felles(
      'ingest',
      'projection',
      '--vintage',
      '2024',
      join(FIX, 'statbank-projection-nb.csv'),
    );
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /statbank-projection-nb\.csv\s+14288\/2024\s+population_projection\s+2030\s+8\s+8\s+0/,
    );
  });
});
