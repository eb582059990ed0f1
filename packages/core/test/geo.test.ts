import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Workspace,
  UsageError,
  sql,
  describeArea,
  findArea,
  findHelsefellesskap,
  geoLookup,
  harmoniseMunicipalityColumn,
  harmonisedMunicipalitySelect,
  listHelsefellesskap,
  lookupAreas,
  municipalityCodeExpr,
  municipalityHistory,
  municipalityTargets,
  type Db,
} from '../src/internal.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
/** csdata's SSB 07459 at 2024 borders, 1 January 2024, summed by municipality (SOURCES.md there). */
const populationFile = join(
  repoRoot,
  'packages/core/test/fixtures/published/csdata_population_2024_by_municipality.csv',
);

let ws: Workspace;
let db: Db;

beforeAll(async () => {
  ws = await Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-geo-')), 'ws'));
  db = ws.db;
});
afterAll(() => ws?.close());

const n = async (q: string, p?: unknown[]) => Number(await db.value(q, p as never));

describe('bundled geography', () => {
  it('has 357 municipalities in 15 counties, 491 code changes and 42 current city districts', async () => {
    expect(await n('SELECT count(*) FROM municipality')).toBe(357);
    expect(await n('SELECT count(DISTINCT county_code) FROM municipality')).toBe(15);
    expect(await n('SELECT count(*) FROM municipality_change')).toBe(491);
    expect(await n(`SELECT count(*) FROM district WHERE valid_to IS NULL`)).toBe(42);
    const perCity = await db.all(
      `SELECT municipality_code AS m, count(*) AS n FROM district WHERE valid_to IS NULL GROUP BY 1 ORDER BY 1`,
    );
    expect(perCity).toEqual([
      { m: '0301', n: 18 },
      { m: '1103', n: 10 },
      { m: '4601', n: 9 },
      { m: '5001', n: 5 },
    ]);
    expect(await db.value(`SELECT name FROM district WHERE code = '030116'`)).toBe('Sentrum');
    expect(await db.value(`SELECT name FROM district WHERE code = '030117'`)).toBe('Marka');
    expect(await db.value(`SELECT name FROM district WHERE code = '460103'`)).toBe('Fana');
    expect(await db.value(`SELECT current_code FROM district WHERE code = '120103'`)).toBe(
      '460103',
    );
  });

  it('resolves the chain 0104 Moss → 3002 (2020) → 3103 (2024)', async () => {
    const t = await municipalityTargets(db, '0104');
    expect(t).toHaveLength(1);
    expect(t[0]).toMatchObject({
      code: '3103',
      name: 'Moss',
      weight: 1,
      isSplit: false,
      isPrimary: true,
      rule: 'merge',
    });
    expect(t[0]!.path).toBe('0104 → 3002 (2020 merge) → 3103 (2024 recode)');
    expect(await db.value(`SELECT valid_to FROM municipality_map WHERE code = '0104'`)).toBe(2019);
  });

  it('documents the 2024 split of Ålesund 1507 into 1508 Ålesund (primary) and 1580 Haram', async () => {
    const t = await municipalityTargets(db, '1507');
    expect(t.map((x) => [x.code, x.weight, x.isSplit, x.isPrimary, x.rule])).toEqual([
      ['1508', 0.5, true, true, 'split'],
      ['1580', 0.5, true, false, 'split'],
    ]);
    // Pre-2020 parts of 1507 are mapped border-exactly: old Haram is new Haram.
    expect(
      (await municipalityTargets(db, '1534')).map((x) => [x.code, x.weight, x.isSplit]),
    ).toEqual([['1580', 1, false]]);
    expect(
      (await municipalityTargets(db, '1504')).map((x) => [x.code, x.weight, x.isSplit]),
    ).toEqual([['1508', 1, false]]);
  });

  it('documents the 2020 splits of Tysfjord and Snillfjord (also through the 2018 recode 1613 → 5012)', async () => {
    expect(
      (await municipalityTargets(db, '1850')).map((x) => [x.code, x.weight, x.isPrimary]),
    ).toEqual([
      ['1806', 0.5, true],
      ['1875', 0.5, false],
    ]);
    for (const code of ['5012', '1613']) {
      const t = await municipalityTargets(db, code);
      expect(t.map((x) => [x.code, x.weight, x.isPrimary, x.isSplit])).toEqual([
        ['5059', 0.3, true, true],
        ['5055', 0.35, false, true],
        ['5056', 0.35, false, true],
      ]);
    }
  });

  it('maps every code in the change list to a 2024 code, with weights summing to 1 and one primary', async () => {
    expect(
      await n(
        `SELECT count(DISTINCT old_code) FROM municipality_change WHERE old_code NOT IN (SELECT code FROM municipality_map)`,
      ),
    ).toBe(0);
    expect(
      await n(
        `SELECT count(*) FROM municipality_map WHERE target_code NOT IN (SELECT code FROM municipality)`,
      ),
    ).toBe(0);
    const bad = await db.all(
      `SELECT code, sum(weight) AS w, count(*) FILTER (WHERE is_primary) AS p FROM municipality_map GROUP BY code
       HAVING abs(sum(weight) - 1) > 1e-9 OR count(*) FILTER (WHERE is_primary) <> 1`,
    );
    expect(bad).toEqual([]);
    // 487 former codes + 357 current ones.
    expect(await n(`SELECT count(DISTINCT code) FROM municipality_map`)).toBe(487 + 357);
    expect(
      await n(
        `SELECT count(*) FROM municipality_map WHERE code = '3103' AND target_code = '3103' AND rule = 'current'`,
      ),
    ).toBe(1);
  });
});

describe('helsefellesskap', () => {
  it('are 19 and cover every municipality exactly once, Oslo whole', async () => {
    const list = await listHelsefellesskap(db);
    expect(list.map((h) => h.code)).toEqual([
      'OSTFOLD',
      'AHUS',
      'OSLO',
      'INNLANDET',
      'VESTRE-VIKEN',
      'VESTFOLD',
      'TELEMARK',
      'SORLANDET',
      'STAVANGER',
      'FONNA',
      'BERGEN',
      'FORDE',
      'MORE-OG-ROMSDAL',
      'ST-OLAVS',
      'NORD-TRONDELAG',
      'HELGELAND',
      'NORDLAND',
      'UNN',
      'FINNMARK',
    ]);
    expect(list.reduce((s, h) => s + h.municipalityCount, 0)).toBe(357);
    expect(await n(`SELECT count(DISTINCT municipality_code) FROM catchment`)).toBe(357);
    // each municipality in exactly one community
    expect(
      await n(
        `SELECT count(*) FROM (SELECT municipality_code FROM catchment GROUP BY 1 HAVING count(DISTINCT hff_code) <> 1)`,
      ),
    ).toBe(0);
    // Oslo: 18 district rows, all OSLO, including the districts SKDE puts in the Ahus area
    expect(
      await db.all(
        `SELECT hff_code, count(*) AS n FROM catchment WHERE municipality_code = '0301' GROUP BY 1`,
      ),
    ).toEqual([{ hff_code: 'OSLO', n: 18 }]);
    expect(await db.value(`SELECT hospital_area FROM catchment WHERE area_code = '030110'`)).toBe(
      'Ahus',
    );
    expect(await n(`SELECT count(*) FROM catchment WHERE structure_year = 2024`)).toBe(374);
    expect(await n(`SELECT count(DISTINCT hf_code) FROM catchment`)).toBe(21);
    const oslo = list.find((h) => h.code === 'OSLO')!;
    expect(oslo.healthTrusts).toEqual([
      'Oslo universitetssykehus HF',
      'Diakonhjemmet Sykehus',
      'Lovisenberg Diakonale Sykehus',
    ]);
    expect(oslo.municipalityCount).toBe(1);
    expect(list.find((h) => h.code === 'TELEMARK')).toMatchObject({
      rhfCode: 'HSO',
      rhfName: 'Helse Sør-Øst RHF',
      municipalityCount: 17,
    });
  });

  it('sum to 5,550,203 residents on 1 January 2024 (Oslo 717,710)', async () => {
    const rows = await db.all<{ hff: string; p: number }>(
      `SELECT m.hff_code AS hff, sum(p.population)::BIGINT AS p
       FROM read_csv(${sql.path(populationFile)}, header = true, types = {'municipality_code': 'VARCHAR'}) p
       JOIN municipality m ON m.code = p.municipality_code
       WHERE p.year = 2024 GROUP BY 1 ORDER BY 1`,
    );
    expect(rows).toHaveLength(19);
    expect(rows.reduce((s, r) => s + r.p, 0)).toBe(5_550_203);
    expect(rows.find((r) => r.hff === 'OSLO')!.p).toBe(717_710);
  });

  it('are found by code, name, health trust and unique prefix, case-insensitively', async () => {
    for (const q of [
      'TELEMARK',
      'telemark',
      'Helsefellesskapet Telemark',
      'sykehuset telemark hf',
      'tele',
    ]) {
      expect((await findHelsefellesskap(db, q)).code).toBe('TELEMARK');
    }
    expect((await findHelsefellesskap(db, 'vestre viken')).code).toBe('VESTRE-VIKEN');
    expect((await findHelsefellesskap(db, 'Lovisenberg')).code).toBe('OSLO');
    expect((await findHelsefellesskap(db, 'st. olavs')).code).toBe('ST-OLAVS');
  });

  it('gives UNKNOWN_AREA with close matches, and AMBIGUOUS_AREA for a shared prefix', async () => {
    const e = await findHelsefellesskap(db, 'Telemrak').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UsageError);
    expect(e).toMatchObject({ code: 'UNKNOWN_AREA' });
    expect((e as UsageError).message).toContain('TELEMARK');
    await expect(findHelsefellesskap(db, 'no such place')).rejects.toMatchObject({
      code: 'UNKNOWN_AREA',
    });
    await expect(findHelsefellesskap(db, 'Helse')).rejects.toMatchObject({
      code: 'AMBIGUOUS_AREA',
    });
  });
});

describe('lookups at every level', () => {
  it('finds a municipality by code forms and name, and what it maps to', async () => {
    for (const q of ['3103', 'K-3103', '3103 Moss', 'moss']) {
      expect(await lookupAreas(db, q)).toEqual([
        { level: 'municipality', code: '3103', name: 'Moss' },
      ]);
    }
    expect(await lookupAreas(db, '301')).toEqual([
      { level: 'municipality', code: '0301', name: 'Oslo - Oslove' },
    ]);
    const [d] = await geoLookup(db, '4001');
    expect(d).toMatchObject({ level: 'municipality', code: '4001', name: 'Porsgrunn' });
    expect(d!.counties).toEqual([{ level: 'county', code: '40', name: 'Telemark' }]);
    expect(d!.hospitalAreas).toEqual([
      {
        code: 'TELEMARK',
        skdeName: 'Telemark',
        healthTrust: 'Sykehuset Telemark HF',
        rhfCode: 'HSO',
      },
    ]);
    expect(d!.helsefellesskap.map((h) => h.code)).toEqual(['TELEMARK']);
  });

  it('finds a former municipality code with its target and history', async () => {
    const [p] = await geoLookup(db, '3806');
    expect(p).toMatchObject({
      level: 'former_municipality',
      code: '3806',
      name: 'Porsgrunn',
      validTo: 2023,
    });
    expect(p!.mapsTo.map((t) => [t.code, t.rule])).toEqual([['4001', 'recode']]);
    const [d] = await geoLookup(db, '0104');
    expect(d).toMatchObject({
      level: 'former_municipality',
      code: '0104',
      name: 'Moss',
      validTo: 2019,
    });
    expect(d!.mapsTo.map((t) => t.code)).toEqual(['3103']);
    expect(d!.helsefellesskap.map((h) => h.code)).toEqual(['OSTFOLD']);
    const h = await municipalityHistory(db, '3103');
    expect(h.map((c) => `${c.year} ${c.oldCode}→${c.newCode}`)).toEqual([
      '2020 0104→3002',
      '2020 0136→3002',
      '2024 3002→3103',
    ]);
  });

  it('finds Oslo districts, counties, hospital areas and RHFs', async () => {
    const grorud = await describeArea(db, await findArea(db, 'Grorud'));
    expect(grorud).toMatchObject({
      level: 'district',
      code: '030110',
      municipality: { code: '0301' },
    });
    expect(grorud.hospitalAreas.map((a) => a.code)).toEqual(['AHUS']);
    expect(grorud.helsefellesskap.map((h) => h.code)).toEqual(['OSLO']);
    const fana = await describeArea(db, await findArea(db, '460103'));
    expect(fana.helsefellesskap.map((h) => h.code)).toEqual(['BERGEN']);
    const oslo = await describeArea(db, { level: 'municipality', code: '0301' });
    expect(oslo.hospitalAreas.map((a) => a.code)).toEqual([
      'AHUS',
      'DIAKONHJEMMET',
      'LOVISENBERG',
      'OUS',
    ]);
    expect(oslo.members).toHaveLength(18);
    expect(await findArea(db, 'Helse Vest', { levels: ['rhf'] })).toEqual({
      level: 'rhf',
      code: 'HV',
      name: 'Helse Vest RHF',
    });
    const nordland = await lookupAreas(db, 'nordland');
    expect(nordland.map((a) => `${a.level}:${a.code}`)).toEqual([
      'helsefellesskap:NORDLAND',
      'county:18',
      'hospital_area:NORDLAND',
    ]);
    const ous = await describeArea(db, { level: 'hospital_area', code: 'OUS' });
    expect(ous.members.every((m) => m.level === 'district')).toBe(true);
    expect(ous.helsefellesskap.map((h) => h.code)).toEqual(['OSLO']);
  });

  it('rejects an unknown area with UNKNOWN_AREA', async () => {
    await expect(geoLookup(db, '9999')).rejects.toMatchObject({
      code: 'UNKNOWN_AREA',
      kind: 'usage',
    });
  });
});

describe('code normalisation and harmonisation', () => {
  it('municipalityCodeExpr handles padding, K- prefixes, trailing names and junk', async () => {
    const rows = await db.all<{ raw: string | null; code: string | null }>(
      `SELECT raw, ${municipalityCodeExpr('raw')} AS code
       FROM (VALUES ('0301'), ('301'), (' K-3001 Halden '), ('k-0104'), ('3001 Halden'), ('3806.0'), ('K-Rest Divided'), ('030101'), (''), (NULL), ('12')) t(raw)`,
    );
    expect(rows.map((r) => r.code)).toEqual([
      '0301',
      '0301',
      '3001',
      '0104',
      '3001',
      '3806',
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  it('harmonises a table in person or weighted mode', async () => {
    await db.exec(
      `CREATE TEMP TABLE raw_counts AS SELECT * FROM (VALUES ('K-0104 Moss', 10), ('1507', 100), ('9999', 1)) t(region, n)`,
    );
    const person = await db.all(
      `SELECT region, municipality_code, municipality_weight FROM (${harmonisedMunicipalitySelect({ from: 'raw_counts', column: 'region' })}) ORDER BY region`,
    );
    expect(person).toEqual([
      { region: '1507', municipality_code: '1508', municipality_weight: 0.5 },
      { region: '9999', municipality_code: null, municipality_weight: 1 },
      { region: 'K-0104 Moss', municipality_code: '3103', municipality_weight: 1 },
    ]);
    const weighted = await db.all(
      `SELECT municipality_code AS m, sum(n * municipality_weight) AS n FROM (${harmonisedMunicipalitySelect({ from: 'raw_counts', column: 'region', mode: 'weighted' })}) GROUP BY 1 ORDER BY 1`,
    );
    expect(weighted).toEqual([
      { m: '1508', n: 50 },
      { m: '1580', n: 50 },
      { m: '3103', n: 10 },
      { m: null, n: 1 },
    ]);
    const report = await harmoniseMunicipalityColumn(db, 'raw_counts', 'region');
    expect(report).toEqual({ changed: 2, unchanged: 0, unknownValues: ['9999'] });
    expect(await db.all(`SELECT region FROM raw_counts ORDER BY region`)).toEqual([
      { region: '1508' },
      { region: '3103' },
      { region: '9999' },
    ]);
  });
});
