import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Workspace } from '../src/internal.js';

/**
 * A demo-sized workspace built with SQL in a few seconds, for the reproducibility test of
 * `felles project`: the bundled geography, population 2022–2024 by single age and sex for the 36
 * municipalities of three helsefellesskap ({@link DETERMINISM_HFS}; the others have none and are
 * left out of the projection), a projection 2024–2040 in 5-year bands × sex with three
 * alternatives (its 2024 equal to the registered population), and 2022–2024 hospital stays
 * (150,000), GP and out-of-hours contacts (300,000), municipal services (60,000 decisions with
 * fractional hours) and IPLOS assessments — demo-sized tables that DuckDB reads in several row
 * groups, in parallel. Values come from `hash()` of the row number, so the data are
 * the same on every run whatever order the rows are written in.
 */
/** The helsefellesskap with population and projection (36 municipalities). */
export const DETERMINISM_HFS = ['OSTFOLD', 'TELEMARK', 'VESTFOLD'];
const HFS = `('${DETERMINISM_HFS.join("', '")}')`;

export async function determinismWorkspace(): Promise<{ ws: Workspace; dir: string }> {
  const dir = join(mkdtempSync(join(tmpdir(), 'felles-determinism-')), 'ws');
  const ws = await Workspace.init(dir);
  const db = ws.db;
  await db.exec(`
    INSERT INTO population (year, municipality_code, sex, age, population)
      SELECT y, m.code, s.sex, a.age,
        CAST(1 + (hash(m.code, s.sex, a.age) % 40) * (1.3 - a.age / 110.0) + (y - 2022) * (hash(m.code, a.age) % 3) AS BIGINT)
      FROM municipality m, (VALUES ('M'), ('F')) s(sex), range(0, 101) a(age), (VALUES (2022), (2023), (2024)) t(y)
      WHERE m.hff_code IN ${HFS};
    INSERT INTO population_projection (table_id, vintage, alternative, year, region_level, region_code, sex, age_from, age_to, population, is_demo)
      SELECT 'fixture', 2024, alt.a, y.y, 'municipality', p.municipality_code, p.sex, b.f, CASE WHEN b.f = 90 THEN NULL ELSE b.f + 4 END,
        sum(p.population) * CASE WHEN y.y = 2024 THEN 1 ELSE 1 + (y.y - 2024) * alt.g * (1 + b.f / 50.0) END, TRUE
      FROM population p, (VALUES ('MMMM', 0.006), ('LLML', 0.002), ('HHMH', 0.011)) alt(a, g), range(2024, 2041) y(y),
        (SELECT range * 5 AS f FROM range(0, 19)) b
      WHERE p.year = 2024 AND least(floor(p.age / 5) * 5, 90) = b.f
      GROUP BY alt.a, alt.g, y.y, p.municipality_code, p.sex, b.f;
    CREATE TEMP TABLE fx_mun AS SELECT code, (row_number() OVER (ORDER BY code) - 1)::BIGINT AS k FROM municipality WHERE hff_code IN ${HFS};
    CREATE TEMP TABLE fx_people AS
      SELECT 'p' || i AS pid, m.code AS mun, CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END AS sex, 1920 + (hash(i, 'b') % 100)::INTEGER AS birth_year
      FROM range(0, 60000) r(i) JOIN fx_mun m ON m.k = i % (SELECT count(*) FROM fx_mun);
    INSERT INTO person (id_space, person_id, sex, birth_year) SELECT 'kpr', pid, sex, birth_year FROM fx_people;
    INSERT INTO hospital_stay (stay_id, person_id, sex, birth_year, municipality_code, year, admitted_at, discharged_at, length_of_stay_days,
        care_level, acute, died, episodes, first_episode_id, last_episode_id, sector, main_icd10)
      SELECT i, 'n' || (i % 50000), CASE WHEN i % 3 = 0 THEN 'F' ELSE 'M' END, 1925 + (hash(i, 'a') % 95)::INTEGER,
        m.code, 2022 + i % 3,
        make_timestamp(2022 + i % 3, 1 + (i % 12), 1 + (i % 27), 8, 0, 0), make_timestamp(2022 + i % 3, 1 + (i % 12), 1 + (i % 27), 8, 0, 0) + INTERVAL ((hash(i, 'l') % 9)) DAY,
        (hash(i, 'l') % 9)::INTEGER, CASE WHEN i % 5 = 0 THEN 'day' ELSE 'inpatient' END, i % 2 = 0, FALSE, 1, i, i,
        CASE hash(i, 's') % 10 WHEN 0 THEN 'adult_mental' WHEN 1 THEN 'substance' WHEN 2 THEN 'child_mental' ELSE 'somatic' END,
        chr(65 + (hash(i, 'c') % 20)::INTEGER) || lpad(((hash(i, 'd') % 99))::VARCHAR, 2, '0')
      FROM range(0, 150000) r(i) JOIN fx_mun m ON m.k = hash(i, 'm') % (SELECT count(*) FROM fx_mun);
    INSERT INTO primary_contact (claim_id, person_id, contact_date, year, sex, birth_year, municipality_code, service, contact_type, fee_codes, icpc2, icd10, icd_da3, file_id, line)
      SELECT 'c' || i, p.pid, make_date(2022 + i % 3, 1 + i % 12, 1 + i % 28), 2022 + i % 3, p.sex, p.birth_year, p.mun,
        CASE WHEN i % 7 = 0 THEN 'out_of_hours' ELSE 'gp' END, CASE WHEN i % 11 = 0 THEN 'administrative' ELSE 'physical' END, [], [], [], [], 1, i
      FROM range(0, 300000) r(i) JOIN fx_people p ON p.pid = 'p' || (hash(i, 'p') % 60000);
    INSERT INTO municipal_service (person_id, service_code, service_code_raw, service_group, service_code_known, from_date, to_date, hours_per_week, municipality_code, file_id, line)
      SELECT p.pid, c.code, c.code, c.grp, TRUE, make_date(2021 + i % 4, 1 + i % 12, 1 + i % 28),
        CASE WHEN i % 4 = 0 THEN NULL ELSE make_date(2021 + i % 4, 1 + i % 12, 1 + i % 28) + INTERVAL (10 + hash(i, 't') % 400) DAY END,
        (hash(i, 'h') % 200) / 7.0, p.mun, 1, i
      FROM range(0, 60000) r(i) JOIN fx_people p ON p.pid = 'p' || (hash(i, 'q') % 60000)
      JOIN (VALUES (0, '7', 'home_health_care'), (1, '18', 'short_stay'), (2, '21', 'long_stay')) c(k, code, grp) ON c.k = i % 3;
    INSERT INTO function_assessment (person_id, assessment_date, year, not_relevant_count, need_level, file_id, line)
      SELECT p.pid, make_date(2021 + i % 4, 1 + i % 12, 1 + i % 28), 2021 + i % 4, 0,
        CASE i % 3 WHEN 0 THEN 'limited' WHEN 1 THEN 'moderate_to_large' ELSE 'extensive' END, 1, i
      FROM range(0, 30000) r(i) JOIN fx_people p ON p.pid = 'p' || (hash(i, 'f') % 60000);
    DROP TABLE fx_people;
    DROP TABLE fx_mun;`);
  return { ws, dir };
}
