/**
 * A small, fast workspace for the report tests: the bundled geography, a made-up population for
 * 2023–2024 (every municipality, single ages), a made-up projection (5-year bands, three
 * alternatives, 2025–2040, marked demo) and two priority-group cohorts whose counts and members
 * are written directly. TELEMARK has only 3 members of the mental-illness cohort, so disclosure
 * control must hide that count (primary) and the rates derived from it.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCohortTables, Workspace } from '@felles/core';

/** The community whose small count must be hidden. */
export const SMALL_HF = 'TELEMARK';
/** Its members in the small cohort (1–4: hidden). */
export const SMALL_COUNT = 3;
/** The cohort with the small count. */
export const SMALL_COHORT = 'severe-mental-illness-substance';

/** Create the fixture workspace (open for writing) in a new temporary folder. */
export async function reportFixture(): Promise<Workspace> {
  const ws = await Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-report-')), 'ws'));
  const db = ws.db;
  // Population 1 January 2023 and 2024: a smooth made-up age profile, scaled by municipality.
  await db.exec(`INSERT INTO population (year, municipality_code, sex, age, population)
    SELECT y.year, m.code, s.sex, a.age,
      CAST(greatest(1, round((40 + (hash(m.code) % 60)) * (1.2 - a.age / 100.0) * (CASE WHEN s.sex = 'F' THEN 1.02 ELSE 1 END) * (1 + (y.year - 2023) * 0.01))) AS BIGINT)
    FROM municipality m, (VALUES (2023), (2024)) y(year), (VALUES ('M'), ('F')) s(sex), range(0, 101) a(age)`);
  // Projection: 5-year bands, three alternatives, every 5th year, growing at different speeds.
  await db.exec(`INSERT INTO population_projection (table_id, vintage, alternative, year, region_level, region_code, sex, age_from, age_to, population, is_demo)
    SELECT 'fixture-demo', 2024, alt.alternative, y.year, 'municipality', p.municipality_code, p.sex, b.age_from,
      CASE WHEN b.age_from = 90 THEN NULL ELSE b.age_from + 4 END,
      sum(p.population) * (1 + (y.year - 2024) * alt.growth * (1 + b.age_from / 60.0)), TRUE
    FROM population p, (VALUES ('LLML', 0.001), ('MMMM', 0.004), ('HHMH', 0.008)) alt(alternative, growth),
      (VALUES (2025), (2030), (2035), (2040)) y(year), (SELECT range * 5 AS age_from FROM range(0, 19)) b
    WHERE p.year = 2024 AND least(floor(p.age / 5) * 5, 90) = b.age_from
    GROUP BY alt.alternative, alt.growth, y.year, p.municipality_code, p.sex, b.age_from`);
  // Two cohorts: members written person by person (ages 75–94 / 20–59), counts from them.
  await ensureCohortTables(db);
  await db.exec(`INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, sex, age, municipality_code, hff_code, run_id)
    SELECT c.cohort_id, '1.0.0', 2024, 'npr', c.cohort_id || '-' || m.code || '-' || i.range,
      CASE WHEN i.range % 2 = 0 THEN 'F' ELSE 'M' END,
      c.age0 + (i.range % c.span), m.code, m.hff_code, 'fixture'
    FROM municipality m, (VALUES ('frail-elderly-hfrs', 75, 20, 9), ('${SMALL_COHORT}', 20, 40, 4)) c(cohort_id, age0, span, n),
      range(0, 12) i
    WHERE i.range < c.n + (hash(m.code) % 3)
      AND NOT (c.cohort_id = '${SMALL_COHORT}' AND m.hff_code = '${SMALL_HF}')`);
  // TELEMARK: exactly SMALL_COUNT members of the small cohort.
  await db.exec(`INSERT INTO cohort_member (cohort_id, version, year, id_space, person_id, sex, age, municipality_code, hff_code, run_id)
    SELECT '${SMALL_COHORT}', '1.0.0', 2024, 'npr', 'small-' || i.range, 'F', 30 + i.range, m.code, m.hff_code, 'fixture'
    FROM (SELECT code, hff_code FROM municipality WHERE hff_code = '${SMALL_HF}' ORDER BY code LIMIT 1) m, range(0, ${SMALL_COUNT}) i`);
  await db.exec(`INSERT INTO cohort_count (cohort_id, version, year, level, area_code, sex, age_group, members, population, population_year, run_id)
    WITH mem AS (SELECT cohort_id, hff_code, count(*) AS n FROM cohort_member GROUP BY ALL),
    pop AS (SELECT c.cohort_id, m.hff_code, sum(p.population) AS n FROM population p JOIN municipality m ON m.code = p.municipality_code,
              (VALUES ('frail-elderly-hfrs', 75, 200), ('${SMALL_COHORT}', 18, 200)) c(cohort_id, lo, hi)
            WHERE p.year = 2024 AND p.age BETWEEN c.lo AND c.hi GROUP BY ALL)
    SELECT pop.cohort_id, '1.0.0', 2024, 'helsefellesskap', pop.hff_code, 'T', 'all', coalesce(mem.n, 0), pop.n, 2024, 'fixture'
    FROM pop LEFT JOIN mem USING (cohort_id, hff_code)
    UNION ALL
    SELECT pop.cohort_id, '1.0.0', 2024, 'country', 'NO', 'T', 'all', sum(coalesce(mem.n, 0)), sum(pop.n), 2024, 'fixture'
    FROM pop LEFT JOIN mem USING (cohort_id, hff_code) GROUP BY pop.cohort_id`);
  return ws;
}
