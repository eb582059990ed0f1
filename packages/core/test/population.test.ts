import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../src/kernel/errors.js';
import { ingestPopulation, ingestProjection } from '../src/intake/index.js';
import {
  parseAgeGroups,
  populationSummary,
  populationSummaryArrow,
} from '../src/reference/population/index.js';
import type { Workspace } from '../src/workspace/index.js';
import { FIX, PUBLISHED, newWorkspace, tmp } from './ssb-helpers.js';

describe('parseAgeGroups', () => {
  it('parses ranges, single ages and an open end', () => {
    expect(parseAgeGroups('0-19,20-66,67-79,80+')).toEqual([
      { label: '0-19', from: 0, to: 19 },
      { label: '20-66', from: 20, to: 66 },
      { label: '67-79', from: 67, to: 79 },
      { label: '80+', from: 80 },
    ]);
    expect(parseAgeGroups('0, 1-5')).toEqual([
      { label: '0', from: 0, to: 0 },
      { label: '1-5', from: 1, to: 5 },
    ]);
  });
  it('refuses overlaps, reversed ranges and junk', () => {
    expect(() => parseAgeGroups('0-19,19-30')).toThrow(/overlaps "0-19"/);
    expect(() => parseAgeGroups('80+,90+')).toThrow(UsageError);
    expect(() => parseAgeGroups('10-5')).toThrow(/ends before it starts/);
    expect(() => parseAgeGroups('young')).toThrow(/not understood/);
  });
});

describe('small fixtures, values worked out by hand', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await newWorkspace();
  });
  afterAll(() => ws.close());

  it('Norwegian StatBank file with 2020–2023 codes (3806, 3807) lands on 2024 codes (4001, 4003)', async () => {
    const res = await ingestPopulation(ws, [join(FIX, 'statbank-nb-utf8bom.csv')]);
    expect(res.files[0]).toMatchObject({
      years: [2023],
      cellsRead: 12,
      cellsLoaded: 12,
      personsLoaded: 1816,
      rowsWritten: 12,
    });
    expect(res.files[0]!.harmonised).toEqual([
      { code: '3806', targets: ['4001'], split: false },
      { code: '3807', targets: ['4003'], split: false },
    ]);
    expect(
      await ws.db.all(
        `SELECT municipality_code, sex, sum(population)::BIGINT AS n FROM population WHERE year = 2023 GROUP BY ALL ORDER BY ALL`,
      ),
    ).toEqual([
      { municipality_code: '4001', sex: 'F', n: 297 },
      { municipality_code: '4001', sex: 'M', n: 311 },
      { municipality_code: '4003', sex: 'F', n: 598 },
      { municipality_code: '4003', sex: 'M', n: 610 },
    ]);
  });

  it('summary for a helsefellesskap by age group and sex', async () => {
    const s = await populationSummary(ws, {
      hf: 'telemark',
      year: 2023,
      ageGroups: '0-19,20-66,67-79,80+',
    });
    expect(s.area).toMatch(/Telemark/);
    expect(s.municipalities).toHaveLength(17);
    const pick = (g: string, sex: string) =>
      s.rows.find((r) => r.age_group === g && r.sex === sex)!;
    expect(pick('0-19', 'M').population).toBe(920); // 150 + 160 + 300 + 310
    expect(pick('0-19', 'F').population).toBe(890); // 140 + 155 + 290 + 305
    expect(pick('0-19', 'T').population).toBe(1810);
    expect(pick('20-66', 'T').population).toBe(0);
    expect(pick('80+', 'M').population).toBe(1);
    expect(pick('80+', 'F').population).toBe(5);
    expect(pick('Total', 'T').population).toBe(1816);
    expect(pick('0-19', 'M').share).toBeCloseTo(920 / 921, 12);
    expect(s.rows.map((r) => `${r.age_group}/${r.sex}`).slice(0, 4)).toEqual([
      '0-19/M',
      '0-19/F',
      '0-19/T',
      '20-66/M',
    ]);
    expect(s.rows).toHaveLength(15);
  });

  it('summary by municipality, for one municipality, and as Arrow', async () => {
    const by = await populationSummary(ws, {
      hf: 'TELEMARK',
      year: 2023,
      ageGroups: '0-19,20+',
      byMunicipality: true,
    });
    expect(
      by.rows
        .filter((r) => r.age_group === 'Total' && r.sex === 'T')
        .map((r) => [r.municipality_code, r.municipality_name, r.population]),
    ).toEqual([
      ['4001', 'Porsgrunn', 608],
      ['4003', 'Skien', 1208],
    ]);
    const one = await populationSummary(ws, {
      municipalities: ['4001'],
      year: 2023,
      ageGroups: '0,1-104,105+',
    });
    expect(one.area).toBe('Porsgrunn');
    expect(one.rows.filter((r) => r.sex === 'T').map((r) => [r.age_group, r.population])).toEqual([
      ['0', 290],
      ['1-104', 315],
      ['105+', 3],
      ['Total', 608],
    ]);
    const table = await populationSummaryArrow(ws, { hf: 'TELEMARK', year: 2023 });
    expect(table.numRows).toBe(15);
    expect(table.schema.fields.map((f) => f.name)).toContain('population');
  });

  it('summary errors: unknown community, year not loaded, municipality outside the community', async () => {
    await expect(populationSummary(ws, { hf: 'Atlantis', year: 2023 })).rejects.toMatchObject({
      code: 'UNKNOWN_AREA',
      kind: 'usage',
    });
    await expect(populationSummary(ws, { hf: 'TELEMARK', year: 1999 })).rejects.toMatchObject({
      code: 'NO_POPULATION',
      message: expect.stringMatching(/loaded years: 2023/),
    });
    await expect(
      populationSummary(ws, { hf: 'TELEMARK', municipalities: ['0301'], year: 2023 }),
    ).rejects.toMatchObject({ code: 'UNKNOWN_AREA' });
  });

  it('wide ISO-8859-1 file: two years, a split municipality shared exactly, K-Rest reported with its persons', async () => {
    const res = await ingestPopulation(ws, [join(FIX, 'statbank-en-wide-latin1.csv')]);
    const f = res.files[0]!;
    expect(f).toMatchObject({
      years: [2022, 2023],
      cellsRead: 10,
      cellsLoaded: 8,
      cellsReported: 2,
      personsRead: 1984,
      personsLoaded: 1977,
      personsReported: 7,
    });
    expect(f.reported).toEqual([
      {
        label: 'K-Rest Divided municalities and unknown',
        reason: expect.stringMatching(/not a municipality/),
        cells: 2,
        persons: 7,
        firstLine: 8,
      },
    ]);
    // 1507 Ålesund split 0.5/0.5 into 1508 (primary, gets the odd person) and 1580.
    expect(
      await ws.db.all(
        `SELECT year, municipality_code, sex, population FROM population WHERE municipality_code IN ('1508', '1580') ORDER BY ALL`,
      ),
    ).toEqual([
      { year: 2022, municipality_code: '1508', sex: 'F', population: 145 },
      { year: 2022, municipality_code: '1508', sex: 'M', population: 151 },
      { year: 2022, municipality_code: '1580', sex: 'F', population: 145 },
      { year: 2022, municipality_code: '1580', sex: 'M', population: 150 },
      { year: 2023, municipality_code: '1508', sex: 'F', population: 140 },
      { year: 2023, municipality_code: '1508', sex: 'M', population: 156 },
      { year: 2023, municipality_code: '1580', sex: 'F', population: 140 },
      { year: 2023, municipality_code: '1580', sex: 'M', population: 155 },
    ]);
    expect(
      await ws.db.value(
        `SELECT sum(population)::BIGINT FROM population WHERE municipality_code = '3118'`,
      ),
    ).toBe(200 + 190 + 210 + 195);
  });

  it('API CSV population with region names: names matched (with county for twins), the country row reported', async () => {
    const f = join(tmp(), 'api.csv');
    writeFileSync(
      f,
      [
        'region,kjønn,alder,statistikkvariabel,år,value',
        'Porsgrunn,Menn,0 år,Personer,2021,10',
        'Porsgrunn,Kvinner,0 år,Personer,2021,11',
        'Herøy (Nordland),Menn,0 år,Personer,2021,3',
        'Herøy (Møre og Romsdal),Menn,0 år,Personer,2021,4',
        'Hele landet,Menn,0 år,Personer,2021,27000',
      ].join('\n'),
    );
    const res = await ingestPopulation(ws, [f], { tableId: '07459' });
    expect(res.files[0]).toMatchObject({
      format: 'api-csv',
      cellsLoaded: 4,
      personsLoaded: 28,
      personsReported: 27000,
    });
    expect(res.files[0]!.reported).toEqual([
      {
        label: 'Hele landet',
        reason: 'county or country total (aggregate)',
        cells: 1,
        persons: 27000,
        firstLine: 6,
      },
    ]);
    expect(
      await ws.db.all(
        `SELECT municipality_code, population FROM population WHERE year = 2021 AND sex = 'M' ORDER BY 1`,
      ),
    ).toEqual([
      { municipality_code: '1515', population: 4 },
      { municipality_code: '1818', population: 3 },
      { municipality_code: '4001', population: 10 },
    ]);
  });

  it('JSON-stat2 population', async () => {
    const res = await ingestPopulation(ws, [join(FIX, 'jsonstat2-population.json')]);
    expect(res.files[0]).toMatchObject({
      format: 'json-stat2',
      tableId: '07459',
      years: [2024],
      personsLoaded: 938,
      rowsWritten: 8,
    });
    expect(
      await ws.db.value(
        `SELECT population FROM population WHERE year = 2024 AND municipality_code = '4003' AND sex = 'F' AND age = 105`,
      ),
    ).toBe(4);
  });

  it('StatBank projection file: alternatives and years from the value headers, county by F- code', async () => {
    // The vintage comes from the title line: "… (2024-framskrivingen)".
    const res = await ingestProjection(ws, [join(FIX, 'statbank-projection-nb.csv')]);
    expect(res.files[0]).toMatchObject({
      tableId: '14288',
      vintage: 2024,
      cellsRead: 8,
      rowsWritten: 8,
    });
    expect(
      await ws.db
        .all(`SELECT alternative, region_level, region_code, sex, age_from, age_to, population FROM population_projection
      WHERE table_id = '14288' AND year = 2030 AND (age_from = 67 OR region_level = 'county') ORDER BY ALL`),
    ).toEqual([
      {
        alternative: 'LLML',
        region_level: 'county',
        region_code: '40',
        sex: 'T',
        age_from: 0,
        age_to: 19,
        population: 34000,
      },
      {
        alternative: 'LLML',
        region_level: 'municipality',
        region_code: '4001',
        sex: 'T',
        age_from: 67,
        age_to: null,
        population: 7400,
      },
      {
        alternative: 'MMMM',
        region_level: 'county',
        region_code: '40',
        sex: 'T',
        age_from: 0,
        age_to: 19,
        population: 35000,
      },
      {
        alternative: 'MMMM',
        region_level: 'municipality',
        region_code: '4001',
        sex: 'T',
        age_from: 67,
        age_to: null,
        population: 7500,
      },
    ]);
  });

  it('a projection whose table id says demo is marked is_demo; SSB tables are not', async () => {
    const f = join(tmp(), 'demo.csv');
    writeFileSync(
      f,
      ['region,statistikkvariabel,år,alder,value', '4001,DEMO projection (MMMM),2030,0 år,5'].join(
        '\n',
      ),
    );
    await ingestProjection(ws, [f], { tableId: 'felles-demo', vintage: 2024 });
    expect(
      await ws.db.all(
        `SELECT table_id, bool_and(is_demo) AS demo FROM population_projection GROUP BY 1 ORDER BY 1`,
      ),
    ).toEqual([
      { table_id: '14288', demo: false },
      { table_id: 'felles-demo', demo: true },
    ]);
  });

  it('JSON-stat2 projection with sex and fractional values', async () => {
    const res = await ingestProjection(ws, [join(FIX, 'jsonstat2-projection.json')], {
      vintage: 2024,
    });
    expect(res.files[0]).toMatchObject({
      format: 'json-stat2',
      tableId: '14288',
      cellsRead: 8,
      personsLoaded: 1800.4 + 2500 + 1850 + 2600 + 2300 + 3100 + 2350 + 3200,
    });
    expect(
      await ws.db.all(
        `SELECT alternative, year, sex, population FROM population_projection WHERE region_code = '4003' AND age_from = 80 ORDER BY ALL`,
      ),
    ).toEqual([
      { alternative: 'HHMH', year: 2030, sex: 'F', population: 2350 },
      { alternative: 'HHMH', year: 2030, sex: 'M', population: 1850 },
      { alternative: 'HHMH', year: 2040, sex: 'F', population: 3200 },
      { alternative: 'HHMH', year: 2040, sex: 'M', population: 2600 },
      { alternative: 'MMMM', year: 2030, sex: 'F', population: 2300 },
      { alternative: 'MMMM', year: 2030, sex: 'M', population: 1800.4 },
      { alternative: 'MMMM', year: 2040, sex: 'F', population: 3100 },
      { alternative: 'MMMM', year: 2040, sex: 'M', population: 2500 },
    ]);
  });
});

describe('summary on the real 2022 population', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await newWorkspace();
    await ingestPopulation(ws, [join(PUBLISHED, '07459_by_sex_age_2022_reduced.csv')]);
  });
  afterAll(() => ws.close());

  it('Telemark 2022 equals csdata’s county 40 total; the 19 communities sum to 1,381,124', async () => {
    const s = await populationSummary(ws, { hf: 'TELEMARK', year: 2022 });
    const total = s.rows.find((r) => r.age_group === 'Total' && r.sex === 'T')!.population;
    const expected = await ws.db
      .value(`SELECT sum(population::BIGINT)::BIGINT FROM read_csv('${join(PUBLISHED, 'csdata_population_2022_reduced.csv')}', all_varchar = true)
      WHERE year = '2022' AND municipality_code IN (SELECT code FROM municipality WHERE county_code = '40')`);
    expect(total).toBe(expected);
    expect(total).toBe(173_970); // the 17 municipalities 3806–3825 (not 3811) of the file, by awk
    const groups = s.rows
      .filter((r) => r.sex === 'T' && r.age_group !== 'Total')
      .reduce((a, r) => a + r.population, 0);
    expect(groups).toBe(total);
    const all = await populationSummary(ws, { year: 2022, ageGroups: '0+' });
    // Every person of the file: the sum of its municipality rows (SOURCES.md).
    expect(all.rows.find((r) => r.age_group === 'Total' && r.sex === 'T')!.population).toBe(
      1_381_124,
    );
  });
});
