import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  Db,
  sql,
  crudeRate,
  directlyStandardisedRate,
  getStandardPopulation,
  workspaceStandardPopulation,
  resolveStandardPopulation,
  type DsrStratum,
  type StandardPopulation,
} from '../src/internal.js';
import { close } from './stats-helpers.js';

const ESP = [
  5000, 5500, 5500, 5500, 6000, 6000, 6500, 7000, 7000, 7000, 7000, 6500, 6000, 5500, 5000, 4000,
  2500, 1500, 1000,
];
// Fixture: 19 ESP bands, one sex; reference values by the Dobson formula in mpmath (docs/statistics.md).
const O = [2, 0, 1, 3, 5, 4, 6, 8, 10, 12, 15, 20, 28, 35, 44, 50, 48, 37, 25];
const N = [
  3100, 3300, 3250, 3400, 3900, 4200, 4400, 4300, 4100, 4000, 4050, 3900, 3600, 3300, 2800, 2100,
  1400, 800, 350,
];
const band = (i: number): { ageFrom: number; ageTo: number | null } => ({
  ageFrom: 5 * i,
  ageTo: i === 18 ? null : 5 * i + 4,
});
const strata: DsrStratum[] = O.map((o, i) => ({
  ...band(i),
  events: o,
  population: N[i] as number,
}));

describe('ESP 2013 (bundled)', () => {
  it('has 19 bands 0–4 … 90+ summing to 100,000 with the Eurostat weights', () => {
    const esp = getStandardPopulation('esp2013');
    expect(esp.strata.map((s) => s.population)).toEqual(ESP);
    expect(esp.strata.reduce((a, s) => a + s.population, 0)).toBe(100000);
    expect(esp.strata[0]).toEqual({ ageFrom: 0, ageTo: 4, sex: null, population: 5000 });
    expect(esp.strata[18]).toEqual({ ageFrom: 90, ageTo: null, sex: null, population: 1000 });
    expect(esp.source).toMatch(/Eurostat/);
  });
  it('unknown names are a usage error', () => {
    expect(() => getStandardPopulation('who2000')).toThrow(/Unknown standard population/);
  });
});

describe('directly standardised rate (Dobson)', () => {
  it('ESP 2013 by name, 353 events (Byar), 95 %', () => {
    const r = directlyStandardisedRate(strata, { standard: 'esp2013', multiplier: 100000 });
    close(r.value, 647.724351847922);
    close(r.lower, 581.0303706355587);
    close(r.upper, 719.8957386984201);
    expect(r).toMatchObject({
      numerator: 353,
      denominator: 60250,
      standard: 'esp2013',
      methodId: 'dsr/dobson-byar',
    });
    expect(r.method).toBe('Direct standardisation, Dobson (Byar) 95 %, standard: ESP 2013');
  });
  it('99.8 %', () => {
    const r = directlyStandardisedRate(strata, {
      standard: 'esp2013',
      multiplier: 100000,
      confidenceLevel: 0.998,
    });
    close(r.lower, 545.0261763617949);
    close(r.upper, 763.0291246486289);
  });
  it('below 10 events uses exact Poisson limits for the total (restricted to 80+)', () => {
    const small: DsrStratum[] = [
      { ageFrom: 80, ageTo: 84, events: 3, population: 1400 },
      { ageFrom: 85, ageTo: 89, events: 2, population: 800 },
      { ageFrom: 90, events: 2, population: 350 },
    ];
    const r = directlyStandardisedRate(small, { standard: 'esp2013', multiplier: 100000 });
    close(r.value, 296.42857142857144);
    close(r.lower, 114.87719960123826);
    close(r.upper, 618.3859965787259);
    expect(r.methodId).toBe('dsr/dobson-exact');
    expect(r.method).toBe(
      'Direct standardisation, Dobson (exact Poisson (Garwood)) 95 %, standard: ESP 2013',
    );
  });
  it('a single age band reproduces the crude rate and its limits', () => {
    const one = directlyStandardisedRate(
      [{ ageFrom: 0, ageTo: null, events: 353, population: 60250 }],
      { standard: 'esp2013' },
    );
    const crude = crudeRate(353, 60250);
    close(one.value, crude.value as number, 1e-12);
    close(one.lower, crude.lower as number, 1e-12);
    close(one.upper, crude.upper as number, 1e-12);
    const few = directlyStandardisedRate([{ ageFrom: 65, ageTo: 69, events: 4, population: 900 }], {
      standard: 'esp2013',
    });
    close(few.lower, crudeRate(4, 900).lower as number, 1e-12);
  });
  it('zero counts: zero bands contribute 0; zero total gives 0, lower 0 and a finite upper', () => {
    const withZeros = directlyStandardisedRate(
      strata.map((s, i) => (i < 3 ? { ...s, events: 0 } : s)),
      { standard: 'esp2013' },
    );
    expect(withZeros.value).toBeGreaterThan(0);
    const none = directlyStandardisedRate(
      [
        { ageFrom: 80, ageTo: 84, events: 0, population: 1400 },
        { ageFrom: 85, ageTo: 89, events: 0, population: 800 },
      ],
      { standard: 'esp2013', multiplier: 100000 },
    );
    expect(none.value).toBe(0);
    expect(none.lower).toBe(0);
    // 3.688879… × max(2500/1400, 1500/800) / 4000 × 100000
    close(none.upper, ((3.6888794541139363 * (1500 / 800)) / 4000) * 100000, 1e-9);
    expect(none.note).toMatch(/no events/);
    const emptyBand = directlyStandardisedRate(
      [
        { ageFrom: 90, events: 0, population: 0 },
        { ageFrom: 85, ageTo: 89, events: 3, population: 100 },
      ],
      { standard: 'esp2013' },
    );
    close(emptyBand.value, ((1500 * 3) / 100 / 2500) * 1000);
  });
  it('age bands × sex with an explicit sex-specific standard', () => {
    const std: StandardPopulation = {
      id: 'test',
      label: 'Test',
      source: 'test',
      strata: [
        { ageFrom: 0, ageTo: 69, sex: 'M', population: 250000 },
        { ageFrom: 70, ageTo: null, sex: 'M', population: 60000 },
        { ageFrom: 0, ageTo: 69, sex: 'F', population: 245000 },
        { ageFrom: 70, ageTo: null, sex: 'F', population: 90000 },
      ],
    };
    const r = directlyStandardisedRate(
      [
        { ageFrom: 0, ageTo: 69, sex: 'M', events: 30, population: 5000 },
        { ageFrom: 70, sex: 'M', events: 12, population: 800 },
        { ageFrom: 0, ageTo: 69, sex: 'F', events: 40, population: 5200 },
        { ageFrom: 70, sex: 'F', events: 25, population: 1300 },
      ],
      { standard: std, multiplier: 100000 },
    );
    close(r.value, 932.6177698270722);
    close(r.lower, 761.0965309831854);
    close(r.upper, 1130.6667408147266);
  });
  it('coarser subject bands take the sum of the standard bands they cover; misaligned bands are refused', () => {
    const a = directlyStandardisedRate(
      [
        { ageFrom: 0, ageTo: 69, events: 10, population: 1000 },
        { ageFrom: 70, events: 20, population: 500 },
      ],
      { standard: 'esp2013' },
    );
    close(a.value, ((86000 * 0.01 + 14000 * 0.04) / 100000) * 1000);
    expect(() =>
      directlyStandardisedRate([{ ageFrom: 0, ageTo: 66, events: 1, population: 10 }], {
        standard: 'esp2013',
      }),
    ).toThrow(/does not line up/);
    expect(() =>
      directlyStandardisedRate([{ ageFrom: 0, ageTo: 4, events: 1, population: 0 }], {
        standard: 'esp2013',
      }),
    ).toThrow(/population 0/);
    expect(() =>
      directlyStandardisedRate(
        [
          { ageFrom: 0, ageTo: 9, events: 1, population: 10 },
          { ageFrom: 5, ageTo: 9, sex: 'F', events: 1, population: 10 },
        ],
        { standard: 'esp2013' },
      ),
    ).toThrow(/overlap/);
    expect(() => directlyStandardisedRate([], { standard: 'esp2013' })).toThrow(
      /at least one stratum/,
    );
  });
});

describe("the workspace's own population in a given year, from its population table", () => {
  let db: Db;
  beforeAll(async () => {
    db = await Db.open(':memory:');
    await db.exec(`CREATE TABLE population (year INTEGER, municipality_code VARCHAR, sex VARCHAR, age INTEGER, population BIGINT, file_id INTEGER);
      INSERT INTO population
      SELECT 2024, m, s, a, (a + 1) * (CASE s WHEN 'M' THEN 2 ELSE 3 END) * (CASE m WHEN '0301' THEN 10 ELSE 1 END), NULL
        FROM (VALUES ('0301'), ('1860')) t(m), (VALUES ('M'), ('F')) u(s), range(0, 106) r(a);
      INSERT INTO population VALUES (2023, '0301', 'M', 40, 999, NULL);`);
  });
  afterAll(() => db.close());

  it('builds 5-year bands × sex with a 90+ top band, summed over municipalities', async () => {
    const no = await workspaceStandardPopulation(db, 2024);
    expect(no.id).toBe('workspace-2024');
    expect(no.label).toBe('workspace population 2024');
    expect(no.strata).toHaveLength(38);
    // band 0–4, men: Σ_{a=0..4} (a+1)·2·(10+1) = 15·22 = 330
    expect(no.strata.find((s) => s.sex === 'M' && s.ageFrom === 0)).toEqual({
      ageFrom: 0,
      ageTo: 4,
      sex: 'M',
      population: 330,
    });
    // 90+, women: Σ_{a=90..105} (a+1)·3·11 = 1576·33
    expect(no.strata.find((s) => s.sex === 'F' && s.ageFrom === 90)).toEqual({
      ageFrom: 90,
      ageTo: null,
      sex: 'F',
      population: 1576 * 33,
    });
  });
  it('is then available by name to direct standardisation', async () => {
    await resolveStandardPopulation('workspace-2024', db);
    const r = directlyStandardisedRate(
      [
        { ageFrom: 0, ageTo: 4, sex: 'M', events: 5, population: 100 },
        { ageFrom: 0, ageTo: 4, sex: 'F', events: 1, population: 100 },
      ],
      { standard: 'workspace-2024' },
    );
    close(r.value, ((330 * 0.05 + 495 * 0.01) / 825) * 1000);
    expect(r.method).toBe(
      'Direct standardisation, Dobson (exact Poisson (Garwood)) 95 %, standard: workspace population 2024',
    );
  });
  it('other band layouts, and a year without population is an error', async () => {
    const ten = await workspaceStandardPopulation(db, 2024, { bandWidth: 10, topBand: 80 });
    expect(ten.strata.filter((s) => s.sex === 'M').map((s) => s.ageFrom)).toEqual([
      0, 10, 20, 30, 40, 50, 60, 70, 80,
    ]);
    await expect(workspaceStandardPopulation(db, 1999)).rejects.toThrow(/no population for 1999/);
    await expect(resolveStandardPopulation('workspace-2031')).rejects.toThrow(/pass a Db/);
    // "Norway" is only ever Norway: a year not bundled is not built from the workspace.
    await expect(resolveStandardPopulation('norway-2025', db)).rejects.toThrow(
      'Unknown standard population "norway-2025". Bundled: esp2013, norway-2024; "workspace-YYYY" is built from the workspace\'s own population table.',
    );
    // The bundled Norway 2024 is the same whatever the workspace holds.
    expect((await resolveStandardPopulation('norway-2024', db)).strata).toHaveLength(182);
  });
});

describe('the bundled Norway 2024 against the real SSB population (fixtures/published)', () => {
  // csdata's SSB 07459, 1 January 2024, summed over municipalities by sex × age (SOURCES.md there).
  const file = fileURLToPath(
    new URL('./fixtures/published/csdata_population_2024_norway_by_sex_age.csv', import.meta.url),
  );
  let db: Db;
  beforeAll(async () => {
    db = await Db.open(':memory:');
    await db.exec(`CREATE TABLE population AS
      SELECT year::INTEGER AS year, '0000' AS municipality_code,
             CASE sex WHEN 'male' THEN 'M' WHEN 'female' THEN 'F' END AS sex, age::INTEGER AS age,
             population::BIGINT AS population, NULL::INTEGER AS file_id
        FROM read_csv(${sql.path(file)}, header = true)
       WHERE year = 2024`);
  });
  afterAll(() => db.close());

  it("sums to SSB's 5,550,203 residents on 1 January 2024, by sex × single age, 90+", async () => {
    const no = getStandardPopulation('norway-2024');
    expect(no.label).toBe('Norway 2024');
    expect(no.strata).toHaveLength(182);
    expect(no.strata.reduce((a, s) => a + s.population, 0)).toBe(5550203);
    expect(no.strata.find((s) => s.sex === 'M' && s.ageFrom === 90)?.population).toBe(14408);
    // Every stratum equals the published figures summed the same way.
    const fromFixture = await workspaceStandardPopulation(db, 2024, { bandWidth: 1, topBand: 90 });
    expect(no.strata).toEqual(fromFixture.strata);
    // Standardising Norway's own age-specific rates to Norway gives back the crude rate.
    const strata = no.strata.map((s) => ({
      ageFrom: s.ageFrom,
      ageTo: s.ageTo,
      sex: s.sex,
      population: s.population,
      events: Math.round(s.population * 0.01),
    }));
    const r = directlyStandardisedRate(strata, { standard: no });
    const events = strata.reduce((a, s) => a + s.events, 0);
    close(r.value, (events / 5550203) * 1000, 1e-12);
  });
});
