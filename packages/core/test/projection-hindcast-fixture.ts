import { Db } from '../src/internal.js';
import { aggLine, scenario } from './projection-fixture.js';

/**
 * Hand-worked hindcast fixture. Age bands 0–49, 50+; base year 2022; compared 2023 and 2024
 * (2025 has population but almost no events: incomplete, left out).
 *
 * 3001 (H1), line h.stays, 2022: F30 1000 people 10 stays (0.01), F60 500 25 (0.05),
 *   M30 1000 8 (0.008), M60 500 30 (0.06).
 *   2023 population F30 1000, F60 600, M30 900, M60 500 → 10 + 30 + 7.2 + 30 = 77.2;
 *     observed 12 + 28 + 7 + 31 = 78 (5 stays of unknown sex are not counted) → error −0.8.
 *   2024 population F30 1100, F60 600, M30 900, M60 600 → 11 + 30 + 7.2 + 36 = 84.2;
 *     observed 10 + 35 + 9 + 30 = 84 → error +0.2.
 * 4601 (H2): 2022 F30 100 6 stays, M30 100 6 (0.06 each).
 *   2023 population 100, 100 → 12; observed 7 + 8 = 15 → error −3 (−20 %).
 *   2024 population 150, 50 → 12; observed 3 + 1 = 4 → error +8 (+200 %).
 * Line m.days: 3001 F60 2022 300 days in 10 stays → 0.6 per person; 2023 600 × 0.6 = 360 against
 *   400 observed (−10 %); 2024 360 against 330.
 */
export async function hindcastDb(): Promise<Db> {
  const db = await Db.open(':memory:');
  await db.exec(`
    CREATE TABLE municipality (code VARCHAR, name VARCHAR, county_code VARCHAR, county_name VARCHAR, hff_code VARCHAR);
    INSERT INTO municipality VALUES ('3001', 'A', '30', 'C30', 'H1'), ('4601', 'C', '46', 'C46', 'H2');
    CREATE TABLE population (year INTEGER, municipality_code VARCHAR, sex VARCHAR, age INTEGER, population BIGINT, file_id INTEGER);
    INSERT INTO population VALUES
      (2022, '3001', 'F', 30, 1000, NULL), (2022, '3001', 'F', 60, 500, NULL), (2022, '3001', 'M', 30, 1000, NULL), (2022, '3001', 'M', 60, 500, NULL),
      (2023, '3001', 'F', 30, 1000, NULL), (2023, '3001', 'F', 60, 600, NULL), (2023, '3001', 'M', 30, 900, NULL), (2023, '3001', 'M', 60, 500, NULL),
      (2024, '3001', 'F', 30, 1100, NULL), (2024, '3001', 'F', 60, 600, NULL), (2024, '3001', 'M', 30, 900, NULL), (2024, '3001', 'M', 60, 600, NULL),
      (2025, '3001', 'F', 30, 1100, NULL), (2025, '3001', 'F', 60, 600, NULL), (2025, '3001', 'M', 30, 900, NULL), (2025, '3001', 'M', 60, 600, NULL),
      (2022, '4601', 'F', 30, 100, NULL), (2022, '4601', 'M', 30, 100, NULL),
      (2023, '4601', 'F', 30, 100, NULL), (2023, '4601', 'M', 30, 100, NULL),
      (2024, '4601', 'F', 30, 150, NULL), (2024, '4601', 'M', 30, 50, NULL),
      (2025, '4601', 'F', 30, 150, NULL), (2025, '4601', 'M', 30, 50, NULL);
    CREATE TABLE population_projection (table_id VARCHAR, vintage INTEGER, alternative VARCHAR, year INTEGER, region_level VARCHAR,
      region_code VARCHAR, sex VARCHAR, age_from INTEGER, age_to INTEGER, population DOUBLE, is_demo BOOLEAN DEFAULT FALSE, file_id INTEGER);
    -- a projection published in 2022 that expected no change: every year as 1 January 2022
    INSERT INTO population_projection
      SELECT '14288', 2022, 'MMMM', y, 'municipality', municipality_code, sex, age, age, population, FALSE, NULL
      FROM population CROSS JOIN range(2023, 2026) r(y) WHERE year = 2022;
    CREATE TABLE agg_hosp (year INTEGER, municipality_code VARCHAR, sex VARCHAR, age INTEGER, value DOUBLE, events DOUBLE);
    INSERT INTO agg_hosp VALUES
      (2022, '3001', 'F', 30, 10, 10), (2022, '3001', 'F', 60, 25, 25), (2022, '3001', 'M', 30, 8, 8), (2022, '3001', 'M', 60, 30, 30),
      (2023, '3001', 'F', 30, 12, 12), (2023, '3001', 'F', 60, 28, 28), (2023, '3001', 'M', 30, 7, 7), (2023, '3001', 'M', 60, 31, 31),
      (2023, '3001', 'U', 30, 5, 5),
      (2024, '3001', 'F', 30, 10, 10), (2024, '3001', 'F', 60, 35, 35), (2024, '3001', 'M', 30, 9, 9), (2024, '3001', 'M', 60, 30, 30),
      (2025, '3001', 'F', 30, 1, 1),
      (2022, '4601', 'F', 30, 6, 6), (2022, '4601', 'M', 30, 6, 6),
      (2023, '4601', 'F', 30, 7, 7), (2023, '4601', 'M', 30, 8, 8),
      (2024, '4601', 'F', 30, 3, 3), (2024, '4601', 'M', 30, 1, 1);
    CREATE TABLE agg_muni (year INTEGER, municipality_code VARCHAR, sex VARCHAR, age INTEGER, value DOUBLE, events DOUBLE);
    INSERT INTO agg_muni VALUES (2022, '3001', 'F', 60, 300, 10), (2023, '3001', 'F', 60, 400, 12), (2024, '3001', 'F', 60, 330, 11);
  `);
  return db;
}

/** The fixture's lines: hospital stays and municipal days, from aggregate tables. */
export const HINDCAST_LINES = [aggLine('h.stays', 'agg_hosp'), aggLine('m.days', 'agg_muni')];
/** Base year 2022, age bands 0–49 and 50+, no change factors. */
export const HINDCAST_SCENARIO = scenario([], {
  basePeriod: { from: 2022, to: 2022 },
  ageBands: [0, 50],
});
