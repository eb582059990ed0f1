import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Db } from '../src/kernel/db.js';
import { detectEncoding, scanEncoding, stageSsbFile } from '../src/intake/index.js';
import {
  ageFromSql,
  ageToSql,
  alternativeSql,
  regionCodeSql,
  sexSql,
} from '../src/intake/ssb/labels.js';
import { list as sqlList } from '../src/kernel/sql.js';
import { ingestPopulation, ingestProjection } from '../src/intake/index.js';
import type { Workspace } from '../src/workspace/index.js';
import { FIX, PUBLISHED, newWorkspace } from './ssb-helpers.js';

describe('SSB readers', () => {
  let db: Db;
  beforeEach(async () => {
    db = await Db.open(':memory:');
  });
  afterEach(() => db.close());

  it('understands SSB labels: ages, sexes, alternatives, region codes', async () => {
    const q = async (expr: (e: string) => string, xs: string[]) =>
      (
        await db.all<{ v: unknown }>(
          `SELECT ${expr('x')} AS v FROM (SELECT unnest(${sqlList(xs)}) AS x)`,
        )
      ).map((r) => r.v);
    expect(
      await q(alternativeSql, [
        'Hovedalternativet (MMMM)',
        'Lav nasjonal vekst LLML',
        'Middels nasjonal vekst (Alternativ MMMM)',
        'HHMH',
        'Ingen flytting (MM00)',
        'Personer',
      ]),
    ).toEqual(['MMMM', 'LLML', 'MMMM', 'HHMH', 'MM00', null]);
    const ages = [
      '0 years',
      '1 year',
      '105 years or older',
      '0 år',
      '1-5 år',
      '90 år eller eldre',
      '90+',
      'Alle aldre',
    ];
    expect(await q(ageFromSql, ages)).toEqual([0, 1, 105, 0, 1, 90, 90, 0]);
    expect(await q(ageToSql, ages)).toEqual([0, 1, null, 0, 5, null, null, null]);
    expect(
      await q(sexSql, ['Males', 'Females', 'Menn', 'Kvinner', 'Begge kjønn', '1', 'x']),
    ).toEqual(['M', 'F', 'M', 'F', 'T', 'M', null]);
    expect(
      await q(regionCodeSql, [
        'K-3001 Halden',
        '3001 Halden',
        'F-40 Telemark',
        '030101a Gamle Oslo',
        'K-Rest Divided municalities and unknown',
        'K-21-22 Svalbard and Jan Mayen',
        'Porsgrunn',
      ]),
    ).toEqual(['3001', '3001', '40', '030101a', '', '', '']);
  });

  it('detects Latin-1 even when the first thousands of lines are ASCII', async () => {
    // SSB's 07459 export by sex and age is pure ASCII until "Indre Østfold" on line 2124.
    const bySex = join(PUBLISHED, '07459_by_sex_age_2022_reduced.csv');
    expect(await detectEncoding(bySex)).toBe('latin-1');
    expect(await scanEncoding(bySex)).toEqual({ encoding: 'latin-1', firstNonUtf8Line: 2124 });
    expect(await detectEncoding(join(FIX, 'statbank-nb-utf8bom.csv'))).toBe('utf-8');
    expect(await detectEncoding(join(PUBLISHED, 'telemark_projection_2024_reduced.csv'))).toBe(
      'utf-8',
    );
  });

  it('reads 07459 by region × age (no sex): 3 regions × 106 ages, 77,052 persons', async () => {
    const info = await stageSsbFile(db, join(PUBLISHED, '07459_by_age_2022_reduced.csv'), 'cells');
    expect(info).toMatchObject({
      format: 'statbank-csv',
      encoding: 'latin-1',
      delimiter: ';',
      tableId: '07459',
      hasSex: false,
      headerLine: 3,
    });
    // Halden, Indre Østfold and K-Rest; the sum by awk over the file (SOURCES.md).
    expect(info.cells).toBe(3 * 106);
    expect(info.valueSum).toBe(77_052);
    const first = await db.one(
      `SELECT line, region_code, region_name, sex, age_from, age_to, year, value FROM cells ORDER BY line LIMIT 1`,
    );
    expect(first).toEqual({
      line: 4,
      region_code: '3001',
      region_name: 'Halden',
      sex: 'T',
      age_from: 0,
      age_to: 0,
      year: 2022,
      value: 266,
    });
    const open = await db.one(
      `SELECT age_from, age_to FROM cells WHERE age_raw = '105 years or older' LIMIT 1`,
    );
    expect(open).toEqual({ age_from: 105, age_to: null });
  });

  it('reads Norwegian labels, UTF-8 with BOM and CRLF', async () => {
    const info = await stageSsbFile(db, join(FIX, 'statbank-nb-utf8bom.csv'), 'cells');
    expect(info).toMatchObject({
      encoding: 'utf-8',
      tableId: '07459',
      hasSex: true,
      cells: 12,
      valueSum: 1816,
    });
    const r = await db.all(
      `SELECT sex, age_from, age_to, year, value FROM cells WHERE region_code = '3806' ORDER BY line`,
    );
    expect(r[2]).toEqual({ sex: 'M', age_from: 105, age_to: null, year: 2023, value: 1 });
    expect(r[3]).toEqual({ sex: 'F', age_from: 0, age_to: 0, year: 2023, value: 140 });
  });

  it('reads a wide StatBank file (several year columns) in ISO-8859-1', async () => {
    const info = await stageSsbFile(db, join(FIX, 'statbank-en-wide-latin1.csv'), 'cells');
    expect(info).toMatchObject({ encoding: 'latin-1', cells: 10, valueSum: 1984 });
    expect(
      await db.all(`SELECT year, sum(value) AS v FROM cells GROUP BY year ORDER BY year`),
    ).toEqual([
      { year: 2022, v: 981 },
      { year: 2023, v: 1003 },
    ]);
    expect(await db.value(`SELECT region_name FROM cells WHERE region_code = '3014' LIMIT 1`)).toBe(
      'Indre Østfold',
    );
  });

  it('reads JSON-stat2 (row-major cells, codes and labels)', async () => {
    const info = await stageSsbFile(db, join(FIX, 'jsonstat2-population.json'), 'cells');
    expect(info).toMatchObject({
      format: 'json-stat2',
      tableId: '07459',
      hasSex: true,
      cells: 8,
      valueSum: 938,
    });
    expect(
      await db.all(
        `SELECT region_code, sex, age_from, age_to, value FROM cells WHERE region_code = '4003' ORDER BY line`,
      ),
    ).toEqual([
      { region_code: '4003', sex: 'M', age_from: 0, age_to: 0, value: 320 },
      { region_code: '4003', sex: 'M', age_from: 105, age_to: null, value: 0 },
      { region_code: '4003', sex: 'F', age_from: 0, age_to: 0, value: 300 },
      { region_code: '4003', sex: 'F', age_from: 105, age_to: null, value: 4 },
    ]);
  });

  it('reads the API CSV of the Telemark projections (names, alternatives, age groups)', async () => {
    const info = await stageSsbFile(
      db,
      join(PUBLISHED, 'telemark_projection_2026_reduced.csv'),
      'cells',
    );
    expect(info).toMatchObject({
      format: 'api-csv',
      delimiter: ',',
      tableId: '14746',
      vintage: 2026,
      hasSex: false,
      cells: 1710, // 19 regions × 3 alternatives × 3 years × 10 age groups
    });
    expect(await db.all(`SELECT DISTINCT alternative FROM cells ORDER BY 1`)).toEqual([
      { alternative: 'HHMH' },
      { alternative: 'LLML' },
      { alternative: 'MMMM' },
    ]);
    expect(
      await db.all(
        `SELECT DISTINCT age_raw, age_from, age_to FROM cells WHERE age_from IN (0, 1, 90) ORDER BY age_from`,
      ),
    ).toEqual([
      { age_raw: '0 år', age_from: 0, age_to: 0 },
      { age_raw: '1-5 år', age_from: 1, age_to: 5 },
      { age_raw: '90 år eller eldre', age_from: 90, age_to: null },
    ]);
  });
});

describe('ingestPopulation on the real SSB exports', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await newWorkspace();
  });
  afterEach(() => ws.close());

  it('loads 07459 by sex and age 2022 to exactly 1,381,124 persons, harmonised to 2024', async () => {
    const res = await ingestPopulation(ws, [join(PUBLISHED, '07459_by_sex_age_2022_reduced.csv')]);
    const f = res.files[0]!;
    expect(f).toMatchObject({
      target: 'population',
      tableId: '07459',
      years: [2022],
      cellsRead: 6996,
      cellsLoaded: 6360,
      cellsReported: 636,
    });
    // 33 regions × 212 cells; 30 municipalities, 1507 split in two: 31 at 2024 borders (SOURCES.md).
    expect(f.personsRead).toBe(1_381_124);
    expect(f.personsLoaded).toBe(1_381_124);
    expect(f.rowsWritten).toBe(31 * 2 * 106);
    // firstLine is the physical line in the file (grep -n finds K-Rest first on line 6788).
    expect(f.reported.map((r) => [r.label, r.cells, r.persons, r.firstLine])).toEqual([
      ['K-21-22 Svalbard and Jan Mayen', 212, 0, 6364],
      ['K-23 Continental shelf', 212, 0, 6576],
      ['K-Rest Divided municalities and unknown', 212, 0, 6788],
    ]);
    expect(f.harmonised.find((h) => h.code === '1507')).toEqual({
      code: '1507',
      targets: ['1508', '1580'],
      split: true,
    });
    expect(f.harmonised.find((h) => h.code === '3001')).toEqual({
      code: '3001',
      targets: ['3101'],
      split: false,
    });
    expect(
      await ws.db.value(`SELECT sum(population)::BIGINT FROM population WHERE year = 2022`),
    ).toBe(1_381_124);
    expect(
      await ws.db.value(`SELECT count(DISTINCT municipality_code)::BIGINT FROM population`),
    ).toBe(31);
    // Reported rows are kept in the reject table and the manifest.
    expect(
      await ws.db.value(`SELECT count(*)::BIGINT FROM reject WHERE file_id = ${f.fileId}`),
    ).toBe(636);
    const manifest = (await ws.runs()).at(-1)!;
    expect(manifest.ssbTables).toEqual([{ tableId: '07459', vintage: 2022 }]);
    expect((manifest['reported'] as unknown[]).length).toBe(3);
    expect(manifest.inputs[0]).toMatchObject({
      rowsRead: 6996,
      rowsLoaded: 6360,
      rowsRejected: 636,
    });

    // Cross-check against csdata's redistricted 07459, 2022, the same 31 municipalities
    // (SOURCES.md): every cell matches outside 1508/1580, where csdata's own 50/50 split differs.
    const mismatch = await ws.db.value(`
      SELECT count(*)::BIGINT FROM population p
      FULL JOIN (SELECT municipality_code, CASE sex WHEN 'male' THEN 'M' ELSE 'F' END AS sex, age::INTEGER AS age, population::BIGINT AS population
                 FROM read_csv('${join(PUBLISHED, 'csdata_population_2022_reduced.csv')}', all_varchar = true) WHERE year = '2022') c
        USING (municipality_code, sex, age)
      WHERE municipality_code NOT IN ('1508', '1580') AND p.population IS DISTINCT FROM c.population`);
    expect(mismatch).toBe(0);
    const alesund = await ws.db.all(
      `SELECT municipality_code, sum(population)::BIGINT AS n FROM population WHERE municipality_code IN ('1508', '1580') GROUP BY 1 ORDER BY 1`,
    );
    const n1508 = Number(alesund[0]!['n']);
    const n1580 = Number(alesund[1]!['n']);
    expect(Math.abs(n1508 - n1580)).toBeLessThanOrEqual(212); // each cell differs by at most 1
  });

  it('refuses 07459_Personer2022.csv (no sex) with MISSING_COLUMN and loads nothing', async () => {
    await expect(
      ingestPopulation(ws, [join(PUBLISHED, '07459_by_age_2022_reduced.csv')]),
    ).rejects.toMatchObject({
      code: 'MISSING_COLUMN',
      exitCode: 3,
      location: { column: 'sex', line: 3 },
    });
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM population`)).toBe(0);
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM ingest_file`)).toBe(0);
  });

  it('loads the city-district file 10826 into population_district; districts sum to the city totals', async () => {
    const res = await ingestPopulation(ws, [join(PUBLISHED, '10826_districts_2022_reduced.csv')]);
    const f = res.files[0]!;
    expect(f.target).toBe('population_district');
    expect(f.tableId).toBe('10826');
    const cities = await ws.db
      .all(`SELECT substr(district_code, 1, 4) AS m, count(DISTINCT district_code)::BIGINT AS d, sum(population)::BIGINT AS n
      FROM population_district WHERE year = 2022 GROUP BY 1 ORDER BY 1`);
    // The "… total" rows of the file: Oslo 699,827, Stavanger 144,699, Bergen 286,930, Trondheim 210,496.
    expect(cities).toEqual([
      { m: '0301', d: 18, n: 699_827 },
      { m: '1103', d: 10, n: 144_699 },
      { m: '4601', d: 9, n: 286_930 },
      { m: '5001', d: 5, n: 210_496 },
    ]);
    expect(f.personsLoaded).toBe(699_827 + 144_699 + 286_930 + 210_496);
    // Reported: the four city totals and the districts whose period ended before 2022 (all zero in 2022).
    const totals = f.reported.filter((r) => r.reason.startsWith('municipality total'));
    expect(totals.map((r) => [r.label, r.persons])).toEqual([
      ['030100aa Oslo total', 699_827],
      ['110300a Stavanger total', 144_699],
      ['460100 Bergen total', 286_930],
      ['500100 Trondheim total', 210_496],
    ]);
    expect(f.personsReported - totals.reduce((a, r) => a + r.persons, 0)).toBe(0);
    expect(f.personsRead).toBe(f.personsLoaded + f.personsReported);
  });

  it('Oslo districts equal Oslo in 07459 (two tables, one total)', async () => {
    await ingestPopulation(ws, [
      join(PUBLISHED, '10826_districts_2022_reduced.csv'),
      join(PUBLISHED, '07459_by_sex_age_2022_reduced.csv'),
    ]);
    const oslo = await ws.db.value(
      `SELECT sum(population)::BIGINT FROM population WHERE municipality_code = '0301' AND year = 2022`,
    );
    expect(oslo).toBe(699_827);
  });

  it('refuses to load the same file twice; --replace reloads without doubling', async () => {
    const file = join(PUBLISHED, '07459_by_sex_age_2022_reduced.csv');
    await ingestPopulation(ws, [file]);
    await expect(ingestPopulation(ws, [file])).rejects.toMatchObject({
      code: 'ALREADY_LOADED',
      kind: 'usage',
    });
    expect(await ws.db.value(`SELECT sum(population)::BIGINT FROM population`)).toBe(1_381_124);
    const res = await ingestPopulation(ws, [file], { replace: true });
    expect(res.files[0]!.replaced).toEqual([1]);
    expect(await ws.db.value(`SELECT sum(population)::BIGINT FROM population`)).toBe(1_381_124);
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM population`)).toBe(31 * 212);
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM ingest_file`)).toBe(1);
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM reject`)).toBe(636);
  });
});

describe('ingestProjection on the real Telemark exports', () => {
  let ws: Workspace;
  beforeEach(async () => {
    ws = await newWorkspace();
  });
  afterEach(() => ws.close());

  it('loads both rounds; the 17 municipalities sum to the county in every year and alternative', async () => {
    const res = await ingestProjection(ws, [
      join(PUBLISHED, 'telemark_projection_2024_reduced.csv'),
      join(PUBLISHED, 'telemark_projection_2026_reduced.csv'),
    ]);
    expect(res.files.map((f) => [f.tableId, f.vintage, f.cellsRead, f.rowsWritten])).toEqual([
      ['14288', 2024, 1710, 1710],
      ['14746', 2026, 1710, 1710],
    ]);
    const levels = await ws.db.all(
      `SELECT table_id, region_level, count(DISTINCT region_code)::BIGINT AS n FROM population_projection GROUP BY ALL ORDER BY ALL`,
    );
    expect(levels).toEqual([
      { table_id: '14288', region_level: 'country', n: 1 },
      { table_id: '14288', region_level: 'county', n: 1 },
      { table_id: '14288', region_level: 'municipality', n: 17 },
      { table_id: '14746', region_level: 'country', n: 1 },
      { table_id: '14746', region_level: 'county', n: 1 },
      { table_id: '14746', region_level: 'municipality', n: 17 },
    ]);
    expect(
      await ws.db.value(
        `SELECT count(*)::BIGINT FROM population_projection WHERE region_level = 'municipality' AND region_code NOT IN (SELECT code FROM municipality WHERE county_code = '40')`,
      ),
    ).toBe(0);
    const check = await ws.db.all(`
      SELECT table_id, alternative, year, age_from, sum(population) FILTER (region_level = 'municipality') AS kommuner,
             sum(population) FILTER (region_level = 'county' AND region_code = '40') AS fylke
      FROM population_projection GROUP BY ALL`);
    expect(check.length).toBe((3 + 3) * 3 * 10); // base year, 2040 and 2050 of each round
    expect(check.filter((r) => r['kommuner'] !== r['fylke'])).toEqual([]);
    // Base years equal SSB's published population of Norway on 1 January: 5,550,203 (2024),
    // 5,627,400 (2026) (SOURCES.md).
    const base = await ws.db
      .all(`SELECT vintage, sum(population)::BIGINT AS n FROM population_projection
      WHERE region_level = 'country' AND alternative = 'MMMM' AND year = vintage GROUP BY 1 ORDER BY 1`);
    expect(base).toEqual([
      { vintage: 2024, n: 5_550_203 },
      { vintage: 2026, n: 5_627_400 },
    ]);
    expect((await ws.runs()).at(-1)!.ssbTables).toEqual([
      { tableId: '14288', vintage: 2024 },
      { tableId: '14746', vintage: 2026 },
    ]);
  });

  it('refuses a reload, replaces with --replace', async () => {
    const f = join(PUBLISHED, 'telemark_projection_2026_reduced.csv');
    await ingestProjection(ws, [f]);
    await expect(ingestProjection(ws, [f])).rejects.toMatchObject({ code: 'ALREADY_LOADED' });
    await ingestProjection(ws, [f], { replace: true });
    expect(await ws.db.value(`SELECT count(*)::BIGINT FROM population_projection`)).toBe(1710);
  });
});
