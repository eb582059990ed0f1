import { join } from 'node:path';
import type { Db } from '../kernel/db.js';
import { inList, int, lit, path } from '../kernel/sql.js';
import { DATASETS_DIR } from '../kernel/util/paths.js';
import { SYNTH_CONDITIONS, conditionPrevalence, normalQuantile } from './conditions.js';
import { SYNTH_BASE_YEAR, type ResolvedSynthOptions } from './options.js';

/** Folder of the compact reference figures the generator reads. */
export const SYNTH_DATA_DIR = join(DATASETS_DIR, 'synth');
/** The geography's municipality list (code → helsefellesskap), maintained with the geography. */
const GEO_MUNICIPALITIES = join(DATASETS_DIR, 'reference', 'geography', 'municipalities.csv');

/**
 * Build the synthetic people (tables `s_mun`, `s_person`, `s_py`): a base population on
 * 1 January 2020 drawn from the real municipality × sex × age counts (stochastic rounding of
 * count × fraction), births from the real number of 0-year-olds a year later, and for every
 * person-year: age, chronic conditions (bitmask, liability-threshold model with a shared health
 * factor), latent frailty and IPLOS need level, moves between municipalities and death.
 */
export async function buildPeople(db: Db, o: ResolvedSynthOptions): Promise<void> {
  await createPersons(db, o);
  await db.exec(thresholdTableSql());
  await createPersonYears(db, o);
}

/**
 * `s_mun` (the municipalities, with their helsefellesskap) and `s_person` (the base population and
 * the births, each with a birth date and the latent health and frailty factors).
 */
async function createPersons(db: Db, o: ResolvedSynthOptions): Promise<void> {
  const lastYear = Math.max(...o.years);
  const f = lit(o.fraction);
  const countyFilter = o.counties ? `WHERE county IN ${inList(o.counties)}` : '';
  await db.exec(`
CREATE OR REPLACE TABLE s_mun AS
SELECT * FROM (
  SELECT m.code, m.name, m.county, coalesce(m.health_trust, 'Unknown') AS health_trust,
    coalesce(g.helsefellesskap, m.health_trust, 'Unknown') AS helsefellesskap
  FROM read_csv(${path(join(SYNTH_DATA_DIR, 'municipalities.csv'))}, header = true, all_varchar = true) m
  LEFT JOIN read_csv(${path(GEO_MUNICIPALITIES)}, header = true, all_varchar = true) g USING (code)
) ${countyFilter};

CREATE OR REPLACE TABLE s_cell AS
SELECT p.code, m.county, p.sex, p.age::INTEGER AS age, p.population::DOUBLE * ${f} AS x
FROM read_csv(${path(join(SYNTH_DATA_DIR, 'population-2020.csv'))}, header = true, types = {'code': 'VARCHAR'}) p
JOIN s_mun m USING (code);

CREATE OR REPLACE TABLE s_birthcell AS
SELECT b.year::INTEGER AS year, b.code, b.sex, b.births::DOUBLE * ${f} AS x
FROM read_csv(${path(join(SYNTH_DATA_DIR, 'births.csv'))}, header = true, types = {'code': 'VARCHAR'}) b
JOIN s_mun m USING (code) WHERE b.year BETWEEN ${int(SYNTH_BASE_YEAR)} AND ${int(lastYear)};

-- destination distribution of moves: national and within each county, by 2020 population
CREATE OR REPLACE TABLE s_mun_cdf AS
WITH w AS (SELECT code, county, sum(x) AS w FROM s_cell GROUP BY ALL),
scopes AS (SELECT '*' AS scope, code, w FROM w UNION ALL SELECT county, code, w FROM w)
SELECT scope, code,
  coalesce(sum(w) OVER (PARTITION BY scope ORDER BY code ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) / sum(w) OVER (PARTITION BY scope) AS lo,
  sum(w) OVER (PARTITION BY scope ORDER BY code ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) / sum(w) OVER (PARTITION BY scope) AS hi
FROM scopes;

CREATE OR REPLACE TABLE s_person AS
WITH base AS (
  SELECT 0 AS origin, code, sex, ${int(SYNTH_BASE_YEAR - 1)} - age AS by0, age,
    (floor(x) + (u(code, 'cell', age * 2 + (sex = 'M')::INTEGER) < x - floor(x))::INTEGER)::INTEGER AS n
  FROM s_cell
), newborn AS (
  SELECT 1 AS origin, code, sex, year AS by0, -1 AS age,
    (floor(x) + (u(code, 'birthcell', year * 2 + (sex = 'M')::INTEGER) < x - floor(x))::INTEGER)::INTEGER AS n
  FROM s_birthcell
), cells AS (SELECT * FROM base UNION ALL SELECT * FROM newborn),
expanded AS (SELECT origin, code, sex, by0, age, unnest(range(n)) AS k FROM cells WHERE n > 0),
numbered AS (SELECT row_number() OVER (ORDER BY origin, code, sex, by0, k) AS pid, * FROM expanded)
SELECT pid, sex, code AS home0, origin,
  -- 105 means 105 or older: spread the oldest over 105–109
  by0 - CASE WHEN age >= 105 THEN floor(u(pid, 'old', 0) * 5)::INTEGER ELSE 0 END AS birth_year,
  z(pid, 'health', 0) AS zh,
  z(pid, 'frail', 0) AS zf
FROM numbered;

ALTER TABLE s_person ADD COLUMN birth_date DATE;
UPDATE s_person SET birth_date = make_date(birth_year, 1, 1) + floor(u(pid, 'bday', 0) * 365)::INTEGER;
`);
}

/**
 * `s_py0` and on: every person-year with age, chronic conditions (liability threshold over the
 * shared health factor), frailty and need level, moves and death.
 */
async function createPersonYears(db: Db, o: ResolvedSynthOptions): Promise<void> {
  const lastYear = Math.max(...o.years);
  const L = SYNTH_CONDITIONS.map((c) => {
    const r = c.rho;
    return `(((${lit(r)} * p.zh + ${lit(Math.sqrt(1 - r * r))} * z(p.pid, 'cond', ${c.id})) > t.t${c.id})::INTEGER << ${c.id - 1})`;
  });
  await db.exec(`
CREATE OR REPLACE TABLE s_py0 AS
SELECT p.pid, y.year, p.sex, p.birth_year, p.birth_date, p.home0, p.origin,
  y.year - p.birth_year AS age, p.zh, p.zf,
  (${L.join(' | ')}) AS conds
FROM s_person p
JOIN (SELECT range::INTEGER AS year FROM range(${int(SYNTH_BASE_YEAR)}, ${int(lastYear + 1)})) y ON y.year >= p.birth_year
JOIN s_thr t ON t.sex = p.sex AND t.age = least(y.year - p.birth_year, 110);

CREATE OR REPLACE TABLE s_py1 AS
WITH a AS (
  SELECT *, bit_count(conds)::INTEGER AS ncond,
    -- latent frailty: a person-level factor correlated with the shared health factor
    0.8 * zh + 0.6 * zf AS fl,
    CASE WHEN age < 77 THEN -1.57 + 0.078 * (age - 77)
         ELSE -1.57 + 0.078 * (age - 77) + 0.0012 * (age - 77) * (age - 77) END AS sf
  FROM s_py0
), b AS (
  SELECT *,
    CASE WHEN fl > -sf + 0.95 THEN 3
         WHEN fl > -sf THEN 2
         WHEN (age >= 67 AND fl > -sf - 0.55) OR (age < 67 AND (conds & ${int((1 << 18) | (1 << 10))}) <> 0 AND fl > 0.3) THEN 1
         ELSE 0 END AS need
  FROM a
)
SELECT *,
  -- death: Gompertz baseline, raised by frailty and by the number of conditions
  CASE WHEN age <= 0 THEN 0.002
       ELSE least(0.8, exp(-11.9 + 0.106 * age) * CASE WHEN sex = 'F' THEN 0.65 ELSE 1 END
            * (1 + 0.06 * ncond) * CASE WHEN need >= 3 THEN 2.6 WHEN need = 2 THEN 1.8 ELSE 1 END) END AS q,
  -- moves between municipalities, by age
  CASE WHEN age < 18 THEN 0.035 WHEN age < 30 THEN 0.10 WHEN age < 45 THEN 0.05 WHEN age < 67 THEN 0.02 ELSE 0.012 END AS pmove
FROM b;

CREATE OR REPLACE TABLE s_py AS
WITH d AS (
  SELECT *, min(CASE WHEN u(pid, 'death', year) < q THEN year END) OVER (PARTITION BY pid) AS death_year
  FROM s_py1
), alive AS (SELECT * FROM d WHERE death_year IS NULL OR year <= death_year),
mv AS (
  SELECT a.*, m.county AS home_county,
    CASE WHEN year > birth_year AND u(pid, 'move', year) < pmove THEN
      CASE WHEN u(pid, 'movescope', year) < 0.5 THEN m.county ELSE '*' END END AS mscope
  FROM alive a JOIN s_mun m ON m.code = a.home0
), dest AS (
  SELECT mv.*, c.code AS dest FROM mv LEFT JOIN s_mun_cdf c
    ON c.scope = mv.mscope AND u(mv.pid, 'movedest', mv.year) >= c.lo AND u(mv.pid, 'movedest', mv.year) < c.hi
), res AS (
  SELECT *,
    coalesce(last_value(dest IGNORE NULLS) OVER (PARTITION BY pid ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), home0) AS mun,
    coalesce(last_value(dest IGNORE NULLS) OVER (PARTITION BY pid ORDER BY year ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), home0) AS mun_jan1
  FROM dest
)
SELECT r.pid, r.year, r.sex, r.birth_year, r.birth_date, r.age, r.conds, r.ncond, r.need, r.fl, r.zh,
  r.mun, r.mun_jan1, m.county, m.health_trust, m.helsefellesskap, r.dest IS NOT NULL AS moved,
  CASE WHEN r.year = r.death_year THEN
    greatest(r.birth_date, make_date(r.year, 1, 1)) + floor(u(r.pid, 'deathday', 0) *
      (date_diff('day', greatest(r.birth_date, make_date(r.year, 1, 1)), make_date(r.year, 12, 31)) + 1))::INTEGER
  END AS death_date
FROM res r JOIN s_mun m ON m.code = r.mun;

DROP TABLE s_py0; DROP TABLE s_py1;

-- pseudonyms: NPR and KPR ids are two different bijections of the person number (mod 10^10)
CREATE OR REPLACE TABLE s_person_ids AS
SELECT pid,
  lpad(CAST((pid * 2654435761 + ${int(o.seed % 1000000007)}) % 10000000000 AS VARCHAR), 10, '0') AS npr_id,
  lpad(CAST((pid * 1140071481 + ${int((o.seed * 7) % 1000000007)}) % 10000000000 AS VARCHAR), 10, '0') AS kpr_id
FROM s_person;
`);
}

/** Liability thresholds per sex × age (0–110) for every condition: Φ⁻¹(1 − prevalence). */
function thresholdTableSql(): string {
  const rows: string[] = [];
  for (const sex of ['M', 'F'] as const) {
    for (let age = 0; age <= 110; age++) {
      const t = SYNTH_CONDITIONS.map((c) =>
        normalQuantile(1 - conditionPrevalence(c, sex, age)).toFixed(6),
      );
      rows.push(`('${sex}', ${age}, ${t.join(', ')})`);
    }
  }
  const cols = SYNTH_CONDITIONS.map((c) => `t${c.id}`).join(', ');
  return `CREATE OR REPLACE TABLE s_thr AS SELECT * FROM (VALUES ${rows.join(',\n')}) v(sex, age, ${cols});`;
}
