import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Db } from '../kernel/db.js';
import { int, path } from '../kernel/sql.js';
import type { ProgressFn } from '../kernel/util/progress.js';
import type { ResolvedSynthOptions } from './options.js';
import type { SynthFile } from './synth-file.js';
import { SYNTH_DATA_DIR } from './people.js';

/** Table id written in the demo projection's `Tabell` column: deliberately not an SSB table id. */
export const DEMO_PROJECTION_TABLE = 'felles-demo';
/** Title line of the demo projection file. */
export const DEMO_PROJECTION_TITLE =
  'felles-demo: DEMO population projection (NOT an SSB projection; cohort-component model calibrated to SSB 2024-round county totals), by region, sex, age, contents and year';
/** Base year and last year of the demo projection. */
export const DEMO_PROJECTION_BASE = 2024;
export const DEMO_PROJECTION_END = 2050;
const ALTERNATIVES = [
  ['MMMM', 'main alternative'],
  ['LLML', 'low national growth'],
  ['HHMH', 'high national growth'],
] as const;

/**
 * Write a DEMO population projection (not SSB's) per municipality × sex × single age × year
 * 2024–2050 for MMMM, LLML and HHMH, as a StatBank "semicolon separated with heading" file with
 * one value column per alternative × year (`"DEMO projection, not SSB (MMMM) 2030"`), so the demo
 * loads it through `ingestProjection` (table id {@link DEMO_PROJECTION_TABLE}). The wide StatBank
 * shape is used instead of the long API shape because it is 20 times smaller (75,684 lines instead
 * of 6 million).
 *
 * Simple cohort-component model on the synthetic residents of 1 January 2024: survival by a
 * Gompertz life table, births from an age-specific fertility schedule (TFR 1.45, mean age 31),
 * and net migration per county and year that makes the county total follow SSB's 2024-round county
 * total of the alternative (table 14288) scaled to the synthetic base: target(c, t) =
 * base(c) × SSB(c, t) / SSB(c, 2024). The net migrants are spread over the county's cells with an
 * age profile peaking at 18–34. Values are rounded to whole persons; every sum is rounded to 1e-6
 * so that the order in which threads add up cannot change a byte of the file.
 * Needs the population of 1 January 2024, i.e. generated years up to at least 2023; otherwise
 * returns null.
 */
export async function writeDemoProjection(
  db: Db,
  out: string,
  o: ResolvedSynthOptions,
  progress: ProgressFn,
): Promise<SynthFile | null> {
  if (Math.max(...o.years) < DEMO_PROJECTION_BASE - 1) return null;
  progress({
    stage: 'synth',
    phase: 'log',
    message: 'demo projection (cohort-component, calibrated to SSB county totals)',
  });
  {
    const B = int(DEMO_PROJECTION_BASE);
    await db.exec(`
CREATE OR REPLACE MACRO pj_q(a, sx) AS CASE WHEN a = 0 THEN 0.002
  ELSE least(0.8, exp(-11.9 + 0.106 * a) * CASE WHEN sx = 'F' THEN 0.65 ELSE 1 END * 1.25) END;
CREATE OR REPLACE MACRO pj_f(a) AS CASE WHEN a BETWEEN 15 AND 49 THEN 1.45 * exp(-0.5 * pow((a - 31) / 5.5, 2)) / (5.5 * sqrt(2 * pi())) ELSE 0 END;
CREATE OR REPLACE MACRO pj_m(a) AS CASE WHEN a BETWEEN 18 AND 34 THEN 1.0 WHEN a < 18 OR a BETWEEN 35 AND 49 THEN 0.5 WHEN a < 67 THEN 0.2 ELSE 0.05 END;
CREATE OR REPLACE TABLE pj_alt AS SELECT * FROM (VALUES ${ALTERNATIVES.map(([a, l]) => `('${a}', '${l}')`).join(', ')}) v(alt, label);
CREATE OR REPLACE TABLE pj_base AS
  SELECT r.mun_jan1 AS code, m.county, r.sex,
    least(105, ${B} - 1 - year(r.birth_date) + CASE WHEN strftime(r.birth_date, '%m%d') = '0101' THEN 1 ELSE 0 END) AS age,
    count(*)::DOUBLE AS p
  FROM s_py r JOIN s_mun m ON m.code = r.mun_jan1
  WHERE r.year = ${B} AND r.birth_date < make_date(${B}, 1, 1)
  GROUP BY ALL;
CREATE OR REPLACE TABLE pj_ssb AS
  SELECT alternative AS alt, year::INTEGER AS year, county, population::DOUBLE AS pop
  FROM read_csv(${path(join(SYNTH_DATA_DIR, 'county-projection.csv'))}, header = true, types = {'county': 'VARCHAR'});
CREATE OR REPLACE TABLE pj_target AS
  SELECT s.alt, s.year, s.county, b.base * s.pop / s0.pop AS target
  FROM pj_ssb s JOIN pj_ssb s0 ON s0.alt = s.alt AND s0.county = s.county AND s0.year = ${B}
  JOIN (SELECT county, sum(p) AS base FROM pj_base GROUP BY 1) b ON b.county = s.county;
CREATE OR REPLACE TABLE pj AS SELECT a.alt, ${B} AS year, b.* FROM pj_alt a, pj_base b;
CREATE OR REPLACE TABLE pj_cur AS SELECT * FROM pj;
`);
    for (let t = DEMO_PROJECTION_BASE; t < DEMO_PROJECTION_END; t++) {
      await db.exec(`
CREATE OR REPLACE TABLE pj_next AS
WITH cur AS (SELECT * FROM pj_cur),
surv AS (SELECT alt, code, county, sex, least(age + 1, 105) AS age, round(sum(p * (1 - pj_q(age, sex))), 6) AS p FROM cur GROUP BY ALL),
births AS (
  SELECT b.alt, b.code, b.county, s.sex, 0 AS age, b.b * CASE s.sex WHEN 'M' THEN 0.513 ELSE 0.487 END AS p
  FROM (SELECT alt, code, county, round(sum(p * pj_f(age)), 6) AS b FROM cur WHERE sex = 'F' GROUP BY ALL) b, (VALUES ('M'), ('F')) s(sex)),
raw AS (SELECT * FROM surv UNION ALL SELECT * FROM births),
tot AS (SELECT alt, county, round(sum(p), 6) AS total, round(sum(p * pj_m(age)), 6) AS w FROM raw GROUP BY ALL)
SELECT r.alt, ${int(t + 1)} AS year, r.code, r.county, r.sex, r.age,
  round(greatest(0, r.p + (g.target - tot.total) * r.p * pj_m(r.age) / tot.w), 6) AS p
FROM raw r JOIN tot USING (alt, county) JOIN pj_target g ON g.alt = r.alt AND g.county = r.county AND g.year = ${int(t + 1)};
INSERT INTO pj SELECT * FROM pj_next;
DROP TABLE pj_cur;
ALTER TABLE pj_next RENAME TO pj_cur;`);
    }

    const rows = await writeWide(
      db,
      join(out, 'projection-demo.csv'),
      range(DEMO_PROJECTION_BASE, DEMO_PROJECTION_END),
    );
    await writeWide(db, join(out, 'projection-demo-lite.csv'), DEMO_PROJECTION_LITE_YEARS);
    await db.exec(
      `DROP TABLE pj; DROP TABLE pj_cur; DROP TABLE pj_base; DROP TABLE pj_target; DROP TABLE pj_ssb; DROP TABLE pj_alt;`,
    );
    return { kind: 'projection', role: 'projection', file: 'projection-demo.csv', rows };
  }
}

/** Years of the small companion file `projection-demo-lite.csv` that `felles demo` loads. */
export const DEMO_PROJECTION_LITE_YEARS = [2024, 2030, 2040, 2050];

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a + 1 }, (_, i) => a + i);
}

/** Write table `pj` as a wide StatBank file with one column per alternative × year. */
async function writeWide(db: Db, file: string, years: number[]): Promise<number> {
  const cols = ALTERNATIVES.flatMap(([alt]) =>
    years.map(
      (y) =>
        `coalesce(round(sum(p) FILTER (WHERE alt = '${alt}' AND year = ${int(y)})), 0)::BIGINT`,
    ),
  );
  const header = ALTERNATIVES.flatMap(([alt]) =>
    years.map((y) => `"DEMO projection, not SSB (${alt}) ${y}"`),
  );
  const lines = await db.all<{ line: string }>(`
WITH grid AS (SELECT m.code, m.name, s.sex, a.age FROM s_mun m, (VALUES ('M'), ('F')) s(sex), range(0, 106) a(age)),
agg AS (SELECT code, sex, age, concat_ws(';', ${cols.join(', ')}) AS v FROM pj GROUP BY ALL)
SELECT '"K-' || g.code || ' ' || g.name || '";"' || CASE g.sex WHEN 'M' THEN 'Males' ELSE 'Females' END || '";"' ||
  CASE WHEN g.age >= 105 THEN '105 years or older' WHEN g.age = 1 THEN '1 year' ELSE g.age || ' years' END || '";' ||
  coalesce(a.v, '${cols.map(() => '0').join(';')}') AS line
FROM grid g LEFT JOIN agg a USING (code, sex, age)
ORDER BY g.code, g.sex DESC, g.age`);
  const body = [
    `"${DEMO_PROJECTION_TITLE}"`,
    '',
    `"region";"sex";"age";${header.join(';')}`,
    ...lines.map((l) => l.line),
  ].join('\r\n');
  await writeFile(file, `${body}\r\n`, 'utf8');
  return lines.length;
}
