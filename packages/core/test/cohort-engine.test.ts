/**
 * The cohort engine beyond the built-ins: validation errors point at JSON paths, workspace
 * definitions and code lists add and override, set operations, counts with population
 * denominators, overlaps, and disclosure of what is printed.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  InputDataError,
  cohortOverlap,
  codelistCatalogue,
  codelistFiles,
  definitionProblems,
  cohortCountsTable,
  publishCohortTables,
  loadCodelists,
  loadCohortLibrary,
  type CodelistCatalogue,
  type Workspace,
} from '../src/internal.js';
import {
  clear,
  episode,
  link,
  members,
  newWorkspace,
  person,
  run,
  stay,
} from './cohort-fixtures.js';

let ws: Workspace;
let cat: CodelistCatalogue;
beforeAll(async () => {
  ws = await newWorkspace('engine');
  cat = await codelistCatalogue(ws.db, await codelistFiles());
});
afterAll(() => ws?.close());
beforeEach(async () => clear(ws.db));

const base = {
  id: 'x',
  version: '1.0.0',
  title: 'x',
  source: 'test',
  codeSets: { chronic: { codelist: 'chronic-conditions', systems: ['icd10'] } },
  rules: [
    {
      name: 'r',
      criterion: {
        type: 'events',
        source: 'specialist_episode',
        codeSet: 'chronic',
        window: { months: 12 },
      },
    },
  ],
};
const problems = (def: unknown) =>
  definitionProblems(def, {
    codelists: cat,
    cohortSpaces: new Map([
      ['dementia', 'linked' as const],
      ['charlson', 'npr' as const],
    ]),
  });

describe('validation points at the JSON path', () => {
  it('accepts a valid definition', () => {
    expect(problems(base)).toEqual([]);
  });
  it('unknown code list', () => {
    const p = problems({ ...base, codeSets: { chronic: { codelist: 'no-such-list' } } });
    expect(p[0]!.path).toBe('/codeSets/chronic/codelist');
    expect(p[0]!.message).toMatch(/unknown code list "no-such-list"/);
  });
  it('unknown column and unknown value in filters', () => {
    const p = problems({
      ...base,
      rules: [
        {
          name: 'r',
          criterion: {
            type: 'events',
            source: 'specialist_episode',
            filters: { care_levl: ['inpatient'], urgency: ['urgent'] },
            window: { months: 12 },
          },
        },
      ],
    });
    expect(p.map((x) => x.path)).toEqual([
      '/rules/0/criterion/filters/care_levl',
      '/rules/0/criterion/filters/urgency/0',
    ]);
    expect(p[0]!.message).toMatch(/unknown column "care_levl" in specialist_episode/);
  });
  it('impossible windows and reference dates', () => {
    const p = problems({
      ...base,
      referenceDate: '02-30',
      rules: [
        {
          name: 'r',
          criterion: { type: 'events', source: 'specialist_episode', window: { months: 0 } },
        },
      ],
    });
    expect(p).toEqual([
      { path: '/referenceDate', message: '"02-30" is not a date that exists every year (MM-DD)' },
      {
        path: '/rules/0/criterion/window/months',
        message: 'impossible window of 0 months (1–240)',
      },
    ]);
    expect(
      problems({
        ...base,
        rules: [
          {
            name: 'r',
            criterion: {
              type: 'events',
              source: 'specialist_episode',
              window: { months: 12, days: 3 },
            },
          },
        ],
      })[0]!.path,
    ).toBe('/rules/0/criterion/window');
  });
  it('schema errors (unknown property, wrong type) carry their path', () => {
    const p = problems({
      ...base,
      rules: [
        {
          name: 'r',
          criterion: {
            type: 'events',
            source: 'specialist_episode',
            window: { months: 12 },
            minEvnts: 2,
          },
        },
      ],
    });
    expect(p.some((x) => x.path === '/rules/0/criterion' && /minEvnts/.test(x.message))).toBe(true);
  });
  it('mixing NPR and KPR needs "idSpace": "linked"; a single source runs without', () => {
    const mixed = {
      ...base,
      rules: [
        ...base.rules,
        {
          name: 'gp',
          criterion: { type: 'events', source: 'primary_contact', window: { months: 12 } },
        },
      ],
    };
    expect(problems(mixed)[0]!.message).toMatch(/declare "idSpace": "linked"/);
    expect(problems({ ...mixed, idSpace: 'linked' })).toEqual([]);
    expect(problems({ ...base, idSpace: 'kpr' })[0]!.message).toMatch(
      /NPR ids but the cohort's idSpace is kpr/,
    );
  });
  it('unknown code set, source, parameter, condition and cohort', () => {
    const p = problems({
      ...base,
      codeSets: { chronic: { codelist: 'chronic-conditions', conditions: ['unicorn_disease'] } },
      rules: [
        {
          name: 'a',
          criterion: { type: 'events', source: 'specialist_episodes', window: { months: 12 } },
        },
        {
          name: 'b',
          criterion: {
            type: 'events',
            source: 'specialist_episode',
            codeSet: 'chronc',
            window: { months: 12 },
            minEvents: { param: 'n' },
          },
        },
        { name: 'c', criterion: { type: 'cohort', op: 'union', cohorts: ['charlson', 'nope'] } },
      ],
    });
    expect(p.map((x) => x.path)).toEqual([
      '/codeSets/chronic/conditions/0',
      '/rules/0/criterion/source',
      '/rules/1/criterion/codeSet',
      '/rules/1/criterion/minEvents',
      '/rules/2/criterion/cohorts/1',
    ]);
  });
});

describe('workspace definitions and code lists', () => {
  it('adds cohorts, overrides built-ins by id, and combines cohorts with set operations', async () => {
    const defs = join(ws.dir, 'definitions', 'cohorts');
    const lists = join(ws.dir, 'definitions', 'codelists');
    mkdirSync(defs, { recursive: true });
    mkdirSync(lists, { recursive: true });
    // A local code list: heart failure only, exact I50.0 plus an exclusion.
    writeFileSync(
      join(lists, 'local-hf.csv'),
      'system,code,match,condition,organ_system,weight,exclude,description\nicd10,I50,prefix,hf,circulatory,,false,heart failure\nicd10,I50.1,exact,hf,circulatory,,true,left ventricular failure excluded\n',
    );
    const hf = {
      id: 'local-hf',
      version: '0.1.0',
      title: 'Heart failure',
      source: 'test',
      idSpace: 'npr',
      codeSets: { hf: { codelist: 'local-hf' } },
      rules: [
        {
          name: 'heart failure, 12 months',
          criterion: {
            type: 'events',
            source: 'specialist_episode',
            codeSet: 'hf',
            window: { months: 12 },
          },
        },
      ],
    };
    const acute = {
      id: 'local-acute',
      version: '0.1.0',
      title: 'Acute stay',
      source: 'test',
      rules: [
        {
          name: 'acute stay',
          criterion: {
            type: 'events',
            source: 'hospital_stay',
            filters: { acute: [true] },
            window: { months: 12 },
          },
        },
      ],
    };
    const both = {
      id: 'local-both',
      version: '0.1.0',
      title: 'x',
      source: 'test',
      rules: [
        {
          name: 'both',
          criterion: { type: 'cohort', op: 'intersection', cohorts: ['local-hf', 'local-acute'] },
        },
      ],
    };
    const either = {
      id: 'local-either',
      version: '0.1.0',
      title: 'x',
      source: 'test',
      rules: [
        {
          name: 'either',
          criterion: { type: 'cohort', op: 'union', cohorts: ['local-hf', 'local-acute'] },
        },
      ],
    };
    const only = {
      id: 'local-only',
      version: '0.1.0',
      title: 'x',
      source: 'test',
      rules: [
        {
          name: 'hf but not acute',
          criterion: { type: 'cohort', op: 'difference', cohorts: ['local-hf', 'local-acute'] },
        },
      ],
    };
    // Override the built-in dementia with a local NPR-only version.
    const dementia = {
      id: 'dementia',
      version: '9.0.0',
      title: 'local dementia',
      source: 'test',
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
    };
    for (const d of [hf, acute, both, either, only, dementia])
      writeFileSync(join(defs, `${d.id}.json`), JSON.stringify(d));
    try {
      const lib = await loadCohortLibrary(ws.db, ws.dir);
      expect(lib.cohorts.get('dementia')!.definition.version).toBe('9.0.0');
      expect(lib.cohorts.get('dementia')!.builtIn).toBe(false);
      expect(lib.cohorts.get('dementia')!.idSpace).toBe('npr');
      expect(lib.cohorts.get('local-both')!.idSpace).toBe('npr');
      expect(lib.catalogue.get('local-hf')!.version).toMatch(/^local-[0-9a-f]{8}$/);

      const db = ws.db;
      for (const id of ['A', 'B', 'C', 'D']) await person(db, 'npr', id, { birthYear: 1950 });
      await episode(db, 'A', '2024-03-01', 'I509'); // hf
      await stay(db, 'A', '2024-03-01', { acute: true }); // + acute
      await episode(db, 'B', '2024-03-01', 'I501'); // excluded exactly → not hf
      await episode(db, 'C', '2024-03-01', 'I500'); // hf only
      await stay(db, 'D', '2024-03-01', { acute: true }); // acute only
      const r = await run(ws, ['local-both', 'local-either', 'local-only', 'dementia']);
      expect(r.cohorts.map((c) => c.id)).toEqual([
        'dementia',
        'local-both',
        'local-either',
        'local-only',
      ]);
      expect(Object.keys(await members(db, 'local-both'))).toEqual(['A']);
      expect(Object.keys(await members(db, 'local-either'))).toEqual(['A', 'C', 'D']);
      expect(Object.keys(await members(db, 'local-only'))).toEqual(['C']);
      expect(r.manifest.definitions).toContainEqual({ id: 'local-hf', version: '0.1.0' });
      expect(r.manifest.codelists.find((c) => c.id === 'local-hf')!.version).toMatch(/^local-/);
      expect(
        Number(
          await db.value(
            `SELECT count(*) FROM codelist WHERE list_id = 'local-hf' AND code = 'I501' AND match = 'exact' AND exclude`,
          ),
        ),
      ).toBe(1);
    } finally {
      rmSync(join(ws.dir, 'definitions'), { recursive: true, force: true });
    }
  });

  it('is injection-safe: quotes in names, values and codes stay data', async () => {
    const defs = join(ws.dir, 'definitions', 'cohorts');
    mkdirSync(defs, { recursive: true });
    const evil = "x'); DROP TABLE person; --";
    const def = {
      id: 'evil',
      version: '0.1.0',
      title: evil,
      source: evil,
      idSpace: 'npr',
      codeSets: { s: { codelist: 'dementia', exclude: [{ system: 'icd10', code: evil }] } },
      rules: [
        {
          name: evil,
          criterion: {
            type: 'events',
            source: 'specialist_episode',
            codeSet: 's',
            filters: { provider: [evil, "O'Brien"] },
            window: { months: 12 },
          },
        },
      ],
    };
    writeFileSync(join(defs, 'evil.json'), JSON.stringify(def));
    try {
      await person(ws.db, 'npr', 'E1', { birthYear: 1940 });
      await ws.db.run(
        `INSERT INTO specialist_episode (episode_id, person_id, year, admission_date, admitted_at, contact_mode, provider, main_icd10, secondary_icd10, file_id, line)
        VALUES (999, 'E1', 2024, DATE '2024-05-01', TIMESTAMP '2024-05-01', 'in_person', $1, 'G309', [], 1, 1)`,
        ["O'Brien"],
      );
      await run(ws, ['evil']);
      expect(Object.keys(await members(ws.db, 'evil'))).toEqual(['E1']);
      expect(Number(await ws.db.value(`SELECT count(*) FROM person`))).toBe(1);
      expect(
        (
          await ws.db.all(`SELECT rule FROM cohort_attrition WHERE cohort_id = 'evil' AND step = 1`)
        )[0]!['rule'],
      ).toBe(evil);
    } finally {
      rmSync(join(ws.dir, 'definitions'), { recursive: true, force: true });
    }
  });

  it('a bad code-list row is reported with file, line, column and value', async () => {
    const dir = join(ws.dir, 'bad');
    mkdirSync(join(dir, 'definitions', 'codelists'), { recursive: true });
    writeFileSync(
      join(dir, 'definitions', 'codelists', 'bad.csv'),
      'system,code,match,condition,organ_system,weight,exclude,description\nicd10,I50,prefix,hf,,,false,ok\nicd9,428,prefix,hf,,,false,bad\n',
    );
    const files = (await codelistFiles(dir)).filter((f) => f.id === 'bad');
    const e = await loadCodelists(ws.db, files).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(InputDataError);
    expect((e as InputDataError).message).toMatch(
      /bad\.csv:3: column "system", value "icd9": system must be icd10 or icpc2/,
    );
  });
});

describe('counts, prevalence, attrition and overlap', () => {
  it('counts by area with the population of 1 January after the reference date, restricted to the cohort ages', async () => {
    const db = ws.db;
    // Population: Oslo 2025 ages 17..19, both sexes 100 each; 2024 different numbers (must not be used).
    for (const year of [2024, 2025])
      for (const age of [17, 18, 19])
        for (const sex of ['M', 'F']) {
          await db.run(
            `INSERT INTO population (year, municipality_code, sex, age, population) VALUES ($1, '0301', $2, $3, $4)`,
            [year, sex, age, year === 2025 ? 100 : 999],
          );
        }
    // Five adults with 3 organ systems in Oslo, one in Porsgrunn, one without residence (not
    // resident: outside the base population, like SSB's population).
    for (let i = 1; i <= 7; i++) {
      const res = i <= 5 ? { 2024: '0301' } : i === 6 ? { 2024: '4001' } : {};
      await person(db, 'npr', `P${i}`, { birthYear: 2005, residence: res, sex: i % 2 ? 'F' : 'M' });
      await episode(db, `P${i}`, '2024-03-01', 'I500', ['E119', 'J449']);
    }
    await run(ws, ['complex-multimorbidity']);
    const rows = await db.all(
      `SELECT level, area_code, members, population, population_year FROM cohort_count WHERE sex = 'T' AND age_group = 'all' ORDER BY level, area_code`,
    );
    // Only Oslo's population is loaded: Porsgrunn (4001) has none, so TELEMARK and Norway — whose
    // members include P6 in 4001 — get no population either (a share would mix bases).
    expect(rows).toEqual([
      { level: 'country', area_code: 'NO', members: 6, population: null, population_year: 2025 },
      {
        level: 'helsefellesskap',
        area_code: 'OSLO',
        members: 5,
        population: 400,
        population_year: 2025,
      },
      {
        level: 'helsefellesskap',
        area_code: 'TELEMARK',
        members: 1,
        population: null,
        population_year: 2025,
      },
      {
        level: 'municipality',
        area_code: '0301',
        members: 5,
        population: 400,
        population_year: 2025,
      },
      {
        level: 'municipality',
        area_code: '4001',
        members: 1,
        population: null,
        population_year: 2025,
      },
    ]);
    // Without suppression: OSLO 5 of 400 = 12.5 per 1,000; areas without population have no rate.
    const plain = await cohortCountsTable(ws, { years: [2024] });
    const p = Object.fromEntries(plain.rows.map((r) => [String(r['area_code']), r]));
    expect([p['OSLO']!['members'], p['OSLO']!['population'], p['OSLO']!['per_1000']]).toEqual([
      5, 400, 12.5,
    ]);
    expect(p['TELEMARK']!['per_1000']).toBeNull();
    expect(p['NO']!['per_1000']).toBeNull();
    // With the default threshold (4), TELEMARK's 1 is hidden.
    const { result: published } = await ws.run('cohorts run', {}, (run) =>
      publishCohortTables(ws, run, { years: [2024] }),
    );
    const t = published.counts;
    const byArea = Object.fromEntries(t.rows.map((r) => [String(r['area_code']), r]));
    expect(byArea['TELEMARK']!['members']).toBeNull();
    expect(byArea['TELEMARK']!['suppressed']).toBe('primary');
    const a = published.attrition;
    expect(a.rows.map((r) => [r['step'], r['persons']])).toEqual([
      [0, 6],
      [1, 6],
      [2, 6],
    ]);
  });

  it('overlap matrix per helsefellesskap; KPR-only cohorts are matched through links', async () => {
    const db = ws.db;
    for (const id of ['A', 'B']) await person(db, 'npr', id, { birthYear: 1940 });
    await episode(db, 'A', '2024-03-01', 'I500', ['E119', 'J449', 'F001', 'R296', 'W19']); // complex + hfrs 13.9
    await episode(db, 'B', '2024-03-01', 'F001'); // hfrs 7.1 only
    await person(db, 'kpr', 'KA', { birthYear: 1940 });
    await link(db, 'A', 'KA');
    await db.run(
      `INSERT INTO function_assessment (person_id, assessment_date, year, not_relevant_count, need_level, file_id, line) VALUES ('KA', DATE '2024-05-01', 2024, 0, 'extensive', 1, 1)`,
    );
    await run(ws, ['complex-multimorbidity', 'frail-elderly-hfrs', 'frail-elderly-function']);
    const o = await cohortOverlap(db, { year: 2024 });
    const cell = (hf: string, a: string, b: string) =>
      o.find((r) => r.hff_code === hf && r.cohort_a === a && r.cohort_b === b);
    expect(cell('NO', 'frail-elderly-hfrs', 'complex-multimorbidity')).toMatchObject({
      n_a: 2,
      n_both: 1,
    });
    expect(cell('OSLO', 'complex-multimorbidity', 'frail-elderly-function')).toMatchObject({
      n_a: 1,
      n_both: 1,
    });
    expect(cell('NO', 'frail-elderly-function', 'frail-elderly-hfrs')).toMatchObject({
      n_a: 1,
      n_both: 1,
    });
  });
});
