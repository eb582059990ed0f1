import { Db, type Scenario, type ServiceLineDef } from '../src/internal.js';

/**
 * Hand-made aggregate fixture for the projection tests (every figure below is worked by hand in
 * projection.test.ts). Age bands [0, 50, 80] → 0–49, 50–79, 80+; base year 2023; the projected
 * population is constant 2024–2030, so factor effects are easy to follow.
 *
 * Municipality 3001 (helsefellesskap H1), population 1.1.2023 and events 2023 (line h.stays):
 *   F 30: 1000 people, 10 stays → 0.01    M 30: 1000, 8 → 0.008
 *   F 60:  500, 25 → 0.05                  M 60:  400, 30 → 0.075
 *   F 85:  100, 20 → 0.2                   M 85:   50, 15 → 0.3
 * Projection MMMM 2024–2030 for 3001: F30 1000, F60 600, F85 150; M30 1000, M60 500, M85 100.
 *   → F 10 + 30 + 30 = 70;  M 8 + 37.5 + 30 = 75.5;  3001 = 145.5
 * Municipality 3002 (H1): pop F30 200, M30 200; events F30 4, M30 1 (rates 0.02, 0.005).
 *   Projection F30 300, M30 100 → 6 + 0.5 = 6.5.   H1 = 152 (base 2023: 108 + 5 = 113).
 * Municipality 4601 (H2): pop F30 100, M30 100; events F30 2, M30 2; projection F30 100, M30 100
 *   → 4 every year.
 * LLML: every projected figure × 0.9.  Line m.days (municipal): 3001 F85 100 pop, 300 days →
 *   rate 3; projection F85 150 → 450.
 */
export async function fixtureDb(): Promise<Db> {
  const db = await Db.open(':memory:');
  await db.exec(`
    CREATE TABLE municipality (code VARCHAR, name VARCHAR, county_code VARCHAR, county_name VARCHAR, hff_code VARCHAR);
    INSERT INTO municipality VALUES ('3001', 'A', '30', 'C30', 'H1'), ('3002', 'B', '30', 'C30', 'H1'), ('4601', 'C', '46', 'C46', 'H2');
    CREATE TABLE population (year INTEGER, municipality_code VARCHAR, sex VARCHAR, age INTEGER, population BIGINT, file_id INTEGER);
    INSERT INTO population VALUES
      (2023, '3001', 'F', 30, 1000, NULL), (2023, '3001', 'F', 60, 500, NULL), (2023, '3001', 'F', 85, 100, NULL),
      (2023, '3001', 'M', 30, 1000, NULL), (2023, '3001', 'M', 60, 400, NULL), (2023, '3001', 'M', 85, 50, NULL),
      (2023, '3002', 'F', 30, 200, NULL), (2023, '3002', 'M', 30, 200, NULL),
      (2023, '4601', 'F', 30, 100, NULL), (2023, '4601', 'M', 30, 100, NULL);
    CREATE TABLE population_projection (table_id VARCHAR, vintage INTEGER, alternative VARCHAR, year INTEGER, region_level VARCHAR,
      region_code VARCHAR, sex VARCHAR, age_from INTEGER, age_to INTEGER, population DOUBLE, is_demo BOOLEAN DEFAULT FALSE, file_id INTEGER);
    CREATE TABLE proj_base (region_code VARCHAR, sex VARCHAR, age INTEGER, population DOUBLE);
    INSERT INTO proj_base VALUES
      ('3001', 'F', 30, 1000), ('3001', 'F', 60, 600), ('3001', 'F', 85, 150),
      ('3001', 'M', 30, 1000), ('3001', 'M', 60, 500), ('3001', 'M', 85, 100),
      ('3002', 'F', 30, 300), ('3002', 'M', 30, 100),
      ('4601', 'F', 30, 100), ('4601', 'M', 30, 100);
    INSERT INTO population_projection
      SELECT '14288', 2024, alt, y, 'municipality', region_code, sex, age, age, population * f, FALSE, NULL
      FROM proj_base CROSS JOIN range(2024, 2031) r(y) CROSS JOIN (VALUES ('MMMM', 1.0), ('LLML', 0.9)) a(alt, f);
    CREATE TABLE agg_hosp (year INTEGER, municipality_code VARCHAR, sex VARCHAR, age INTEGER, value DOUBLE, events DOUBLE);
    INSERT INTO agg_hosp VALUES
      (2023, '3001', 'F', 30, 10, 10), (2023, '3001', 'F', 60, 25, 25), (2023, '3001', 'F', 85, 20, 20),
      (2023, '3001', 'M', 30, 8, 8), (2023, '3001', 'M', 60, 30, 30), (2023, '3001', 'M', 85, 15, 15),
      (2023, '3002', 'F', 30, 4, 4), (2023, '3002', 'M', 30, 1, 1),
      (2023, '4601', 'F', 30, 2, 2), (2023, '4601', 'M', 30, 2, 2);
    CREATE TABLE agg_muni (year INTEGER, municipality_code VARCHAR, sex VARCHAR, age INTEGER, value DOUBLE, events DOUBLE);
    INSERT INTO agg_muni VALUES (2023, '3001', 'F', 85, 300, 10);
  `);
  return db;
}

/** An aggregate service line reading `table`. */
export function aggLine(
  id: string,
  table: string,
  extra: Partial<ServiceLineDef> = {},
): ServiceLineDef {
  return {
    id,
    version: '1',
    label: id,
    level: id.startsWith('m.') ? 'municipality' : 'hospital',
    unit: 'units',
    source: { table: 'aggregate', name: table },
    measure: { kind: 'sum', of: 'value' },
    ...extra,
  };
}

/** Fixture lines: hospital stays (h.stays), bed days (h.days, same counts), day treatment (h.day), municipal days (m.days). */
export const LINES: ServiceLineDef[] = [
  aggLine('h.stays', 'agg_hosp'),
  aggLine('h.days', 'agg_hosp', {
    capacity: [{ kind: 'beds', resource: 'beds' }],
    sector: 'somatic',
  }),
  aggLine('h.day', 'agg_hosp'),
  aggLine('m.days', 'agg_muni', {
    capacity: [{ kind: 'places', resource: 'places', occupancyKey: 'long_stay' }],
  }),
];

export const BANDS = [0, 50, 80];

export function scenario(factors: Scenario['factors'], extra: Partial<Scenario> = {}): Scenario {
  return {
    id: 'test',
    version: '1',
    title: 'test',
    basePeriod: { from: 2023, to: 2023 },
    horizon: 2030,
    ageBands: BANDS,
    factors,
    ...extra,
  };
}
