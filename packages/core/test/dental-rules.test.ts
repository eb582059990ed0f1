import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  classifyPerson,
  entitledPopulation,
  loadPriorityGroups,
  periodOn,
  prepareDental,
  dropDental,
  validatePriorityGroups,
  type Workspace,
} from '../src/internal.js';
import {
  dentalRow,
  kprPerson,
  newDentalWorkspace,
  population,
  service,
} from './dental-fixtures.js';

const def = loadPriorityGroups();

describe('priority-group definition', () => {
  it('has three periods that meet without gaps', () => {
    expect(def.periods.map((p) => [p.validFrom, p.validTo])).toEqual([
      ['1984-01-01', '2024-06-30'],
      ['2024-07-01', '2025-06-30'],
      ['2025-07-01', null],
    ]);
    expect(periodOn(def, '2024-06-30')?.id).toBe('1984');
    expect(periodOn(def, '2024-07-01')?.id).toBe('2024-07');
    expect(periodOn(def, '2025-07-01')?.id).toBe('2025-07');
    expect(periodOn(def, '1983-12-31')).toBeUndefined();
  });

  it('refuses overlapping periods and bad precedence', () => {
    const bad = structuredClone(def);
    bad.periods[1]!.validFrom = '2024-06-30';
    expect(() => validatePriorityGroups(bad)).toThrow(/must start the day after/);
    const bad2 = structuredClone(def);
    bad2.periods[0]!.precedence = ['a', 'b'];
    expect(() => validatePriorityGroups(bad2)).toThrow(/precedence/);
    expect(() => validatePriorityGroups({ id: 'x' })).toThrow(/BAD|schema|required/);
  });
});

describe('classifyPerson: the rule in force on the date', () => {
  const at = (
    date: string,
    birthYear: number | null,
    recordedGroup: string | null = null,
    services: string[] = [],
  ) => classifyPerson(def, date, { birthYear, recordedGroup, activeServiceGroups: services });

  it('a 24-year-old (turns 24 in 2024): not entitled on 30 June 2024, group d on 1 July 2024', () => {
    expect(at('2024-06-30', 2000)).toBeNull();
    expect(at('2024-07-01', 2000)).toBe('d');
    // a recorded d does not make it so before the change
    expect(at('2024-06-30', 2000, 'd')).toBeNull();
  });

  it('the 21–24 widening: 21 not entitled before, entitled after; 19 and 20 entitled in both', () => {
    expect(at('2024-06-30', 2003)).toBeNull(); // turns 21
    expect(at('2024-07-01', 2003)).toBe('d');
    expect(at('2024-06-30', 2005)).toBe('d'); // turns 19
    expect(at('2024-06-30', 2004)).toBe('d'); // turns 20
  });

  it('25–28: not entitled on 30 June 2025, group d25 (letter d) on 1 July 2025', () => {
    expect(at('2025-06-30', 2000)).toBeNull(); // turns 25
    expect(at('2025-07-01', 2000)).toBe('d25');
    expect(at('2025-06-30', 1997)).toBeNull(); // turns 28
    expect(at('2025-07-01', 1997)).toBe('d25');
    expect(at('2025-07-01', 1996)).toBeNull(); // turns 29
    expect(at('2025-07-01', 2001)).toBe('d'); // turns 24
  });

  it('"the year one turns 18": the whole calendar year, whatever the birthday', () => {
    expect(at('2024-01-01', 2006)).toBe('a'); // turns 18 in 2024, still 17 on 1 January
    expect(at('2024-12-31', 2006)).toBe('a');
    expect(at('2023-12-31', 2005)).toBe('a'); // turns 18 in 2023
    expect(at('2024-01-01', 2005)).toBe('d'); // turns 19 in 2024
    expect(at('2024-01-01', 2024)).toBe('a'); // newborn
  });

  it('substance dependence (e) and prison inmates (f) from 1 July 2024; county-prioritised e before', () => {
    expect(at('2024-06-30', 1970, 'f')).toBeNull();
    expect(at('2024-07-01', 1970, 'f')).toBe('f');
    expect(at('2024-06-30', 1970, 'e')).toBe('e');
    expect(at('2024-07-01', 1970, 'e')).toBe('e');
  });

  it('group c from municipal services or as registered; precedence puts children in a and b before d', () => {
    expect(at('2024-03-01', 1940, null, ['home_health_care'])).toBe('c');
    expect(at('2024-03-01', 1940, null, ['long_stay'])).toBe('c');
    expect(at('2024-03-01', 1940, null, ['practical_help'])).toBeNull();
    expect(at('2024-03-01', 1940, 'c')).toBe('c');
    expect(at('2024-03-01', 2015, null, ['home_health_care'])).toBe('a');
    expect(at('2024-03-01', 2005, 'b')).toBe('b'); // turns 19, registered b: b precedes d
    expect(at('2024-03-01', null, 'a')).toBe('a'); // birth year unknown: the recorded age group
  });
});

describe('SQL engine: the same classification and the entitled population', () => {
  let ws: Workspace;
  beforeAll(async () => {
    ws = await newDentalWorkspace('rules');
    const db = ws.db;
    // Boundary records: [id, birth year, date, recorded group, expected]
    const cases: Array<[string, number | null, string, string | null, string]> = [
      ['B24a', 2000, '2024-06-30', 'd', 'none'],
      ['B24b', 2000, '2024-07-01', 'd', 'd'],
      ['B25a', 2000, '2025-06-30', 'd', 'none'],
      ['B25b', 2000, '2025-07-01', 'd', 'd25'],
      ['B28', 1997, '2025-07-01', 'd', 'd25'],
      ['B29', 1996, '2025-07-01', 'd', 'none'],
      ['B18a', 2006, '2024-01-01', 'a', 'a'],
      ['B18b', 2005, '2023-12-31', 'a', 'a'],
      ['B19', 2005, '2024-01-01', 'a', 'd'],
      ['BF1', 1970, '2024-06-30', 'f', 'none'],
      ['BF2', 1970, '2024-07-01', 'f', 'f'],
      ['BB', 2005, '2024-03-01', 'b', 'b'],
      ['BNA', null, '2024-03-01', 'a', 'a'],
      ['BC1', 1940, '2024-03-01', null, 'c'],
      ['BC2', 1940, '2024-03-01', null, 'none'],
      ['BC3', 2016, '2024-03-01', null, 'a'],
    ];
    for (const [id, by, date, g] of cases) {
      await kprPerson(db, id, by);
      await dentalRow(db, id, date, { group: g });
    }
    // group c from a municipal service active on the record date (nothing recorded)
    await service(db, 'BC1', 'home_health_care', '2024-01-01', null);
    await service(db, 'BC2', 'long_stay', '2022-01-01', '2023-12-31'); // ended before the record
    await service(db, 'BC3', 'home_health_care', '2024-01-01', null); // a child: a
    (globalThis as Record<string, unknown>)['dentalCases'] = cases;
  });
  afterAll(() => ws.close());

  it('classifies every boundary record as classifyPerson does', async () => {
    await prepareDental(ws.db, def, [2023, 2024, 2025], '12-31');
    const rows = await ws.db.all(
      `SELECT person_id, record_date::VARCHAR AS d, rule_group FROM dtl_rec ORDER BY person_id`,
    );
    const got = Object.fromEntries(
      rows.map((r) => [String(r['person_id']), String(r['rule_group'])]),
    );
    const cases = (globalThis as Record<string, unknown>)['dentalCases'] as Array<
      [string, number | null, string, string | null, string]
    >;
    for (const [id, by, date, g, expected] of cases) {
      expect(got[id], id).toBe(expected);
      const services = id === 'BC1' || id === 'BC3' ? ['home_health_care'] : [];
      const js = classifyPerson(def, date, {
        birthYear: by,
        recordedGroup: g,
        activeServiceGroups: services,
      });
      expect(js ?? 'none', id).toBe(expected);
    }
    await dropDental(ws.db);
  });

  it('counts group c from municipal care records (long stay, home health care; active in the year)', async () => {
    const db = ws.db;
    await db.run(`DELETE FROM dental_record`);
    await db.run(`DELETE FROM person`);
    await db.run(`DELETE FROM municipal_service`);
    await kprPerson(db, 'K1', 1940, { 2024: '4001' });
    await service(db, 'K1', 'home_health_care', '2024-03-01', null);
    await kprPerson(db, 'K2', 1935, { 2024: '4001' });
    await service(db, 'K2', 'long_stay', '2023-01-01', '2023-12-31'); // ended before 2024
    await kprPerson(db, 'K3', 1950, { 2024: '4001' });
    await service(db, 'K3', 'long_stay', '2024-11-01', '2025-02-01');
    await kprPerson(db, 'K4', 2015, { 2024: '4001' });
    await service(db, 'K4', 'home_health_care', '2024-01-01', null); // a child: group a, not c
    await kprPerson(db, 'K5', 1960, { 2024: '4001' });
    await service(db, 'K5', 'practical_help', '2024-01-01', null); // not a group-c service
    await kprPerson(db, 'K6', 1945, { 2024: '0301' });
    await service(db, 'K6', 'home_health_care', '2024-05-01', '2024-06-01', '4001'); // lives in Oslo
    await kprPerson(db, 'K7', 1945, { 2024: '4001' });
    await service(db, 'K7', 'home_health_care', '2024-01-01', '2024-02-01');
    await service(db, 'K7', 'home_health_care', '2024-09-01', '2024-10-01'); // two periods, one person
    await kprPerson(db, 'K8', null, {});
    await service(db, 'K8', 'long_stay', '2020-01-01', null, '4003'); // no residence: county of the service
    // group b registered (turns 19): subtracted from the d population
    await kprPerson(db, 'K9', 2005, { 2024: '4001' });
    await dentalRow(db, 'K9', '2024-05-01', { group: 'b', county: '40' });
    await population(db, 2025, '4001', { 0: 10, 18: 20, 19: 100, 24: 50, 25: 70 });
    await prepareDental(db, def, [2024], '12-31');
    const ent = await entitledPopulation(db);
    const get = (county: string, g: string) =>
      ent.find((r) => r.county_code === county && r.group_id === g && r.year === 2024);
    expect(Number(get('40', 'c')?.entitled)).toBe(4); // K1, K3, K7, K8 (4003 Skien is in Telemark)
    expect(Number(get('03', 'c')?.entitled)).toBe(1); // K6
    expect(get('40', 'c')?.basis).toBe('municipal_service');
    expect(Number(get('40', 'b')?.entitled)).toBe(1);
    expect(Number(get('40', 'a')?.entitled)).toBe(30); // 1.1.2025 ages 0–18
    expect(Number(get('40', 'd')?.entitled)).toBe(149); // ages 19–24 = 150, minus K9 in group b
    expect(get('40', 'd')?.population_year).toBe(2025);
    expect(get('40', 'd25')).toBeUndefined(); // not in force on 31.12.2024
    await dropDental(db);
  });
});
