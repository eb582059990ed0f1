/**
 * `cohort_count`: members by area, sex and age group with the population they are a share of, on
 * one basis (docs/cohorts.md, "Basis"): members are alive and resident at the reference date; the
 * population is SSB's on 1 January after it.
 */
import type { Db } from '../../kernel/db.js';
import type { AgeGroup } from '../../reference/population/age-groups.js';
import { inList, int, lit } from '../../kernel/sql.js';
import { isScoreCohort } from './score.js';
import type { CohortDefinition } from './types.js';
import { populationYears } from '../../reference/population/years.js';

function ageGroupSql(expr: string, groups: readonly AgeGroup[]): string {
  const whens = groups.map(
    (g) =>
      `WHEN ${expr} >= ${int(g.from)}${g.to !== undefined ? ` AND ${expr} <= ${int(g.to)}` : ''} THEN ${lit(g.label)}`,
  );
  return `CASE ${whens.join(' ')} END`;
}

function groupingSets(prefix: string[], area: string[][]): string {
  const sets: string[] = [];
  for (const a of area)
    for (const s of [['sex'], []])
      for (const g of [['age_group'], []])
        sets.push(`(${[...prefix, ...a, ...s, ...g].join(', ')})`);
  return `GROUPING SETS (${sets.join(', ')})`;
}

const LEVEL = `CASE WHEN grouping(municipality_code) = 0 THEN 'municipality' WHEN grouping(hff_code) = 0 THEN 'helsefellesskap' ELSE 'country' END AS level,
  CASE WHEN grouping(municipality_code) = 0 THEN coalesce(municipality_code, 'unknown') WHEN grouping(hff_code) = 0 THEN coalesce(hff_code, 'unknown') ELSE 'NO' END AS area_code,
  CASE WHEN grouping(sex) = 1 THEN 'T' ELSE coalesce(sex, 'unknown') END AS sex,
  CASE WHEN grouping(age_group) = 1 THEN 'all' ELSE coalesce(age_group, 'unknown') END AS age_group`;

/**
 * Counts by municipality, helsefellesskap and country × sex × age group, with the SSB population
 * of 1 January after the reference date (the year after, for 31 December; the same year if that is
 * not loaded), restricted to the cohort's age range, sexes and residence. The population of a
 * row is NULL when one of its members lives in a municipality without population that year (the
 * share would mix bases: e.g. a national total in a county workspace), and for score cohorts
 * ({@link isScoreCohort}), which are not a share of the population.
 */
export async function insertCounts(
  db: Db,
  runId: string,
  defs: CohortDefinition[],
  years: number[],
  groups: readonly AgeGroup[],
): Promise<number> {
  const popYears = new Set(await populationYears(db));
  const areaSets = [['municipality_code'], ['hff_code'], []];
  const pops: string[] = [];
  const popYearRows: string[] = [];
  for (const d of defs) {
    for (const y of years) {
      const after = (d.referenceDate ?? '12-31') === '12-31' ? y + 1 : y;
      const py = isScoreCohort(d)
        ? undefined
        : popYears.has(after)
          ? after
          : popYears.has(y)
            ? y
            : undefined;
      popYearRows.push(`(${lit(d.id)}, ${int(y)}, ${py === undefined ? 'NULL' : int(py)})`);
      if (py === undefined) continue;
      const w = [`p.year = ${int(py)}`];
      const age = d.population?.age;
      if (age?.min !== undefined) w.push(`p.age >= ${int(age.min)}`);
      if (age?.max !== undefined) w.push(`p.age <= ${int(age.max)}`);
      if (d.population?.sex) w.push(`p.sex IN ${inList(d.population.sex)}`);
      const res = d.population?.residence;
      if (res?.municipalities || res?.helsefellesskap) {
        const t: string[] = [];
        if (res.municipalities) t.push(`p.municipality_code IN ${inList(res.municipalities)}`);
        if (res.helsefellesskap) t.push(`m.hff_code IN ${inList(res.helsefellesskap)}`);
        w.push(`(${t.join(' OR ')})`);
      }
      pops.push(`SELECT ${lit(d.id)} AS cohort_id, ${int(y)} AS year, p.municipality_code, m.hff_code, p.sex, ${ageGroupSql('p.age', groups)} AS age_group, p.population
        FROM population p LEFT JOIN municipality m ON m.code = p.municipality_code WHERE ${w.join(' AND ')}`);
    }
  }
  const popCte = pops.length
    ? `pop AS (SELECT cohort_id, year, ${LEVEL}, sum(population) AS population FROM (${pops.join(' UNION ALL ')}) GROUP BY ${groupingSets(['cohort_id', 'year'], areaSets)})`
    : `pop AS (SELECT NULL::VARCHAR AS cohort_id, NULL::INTEGER AS year, NULL::VARCHAR AS level, NULL::VARCHAR AS area_code, NULL::VARCHAR AS sex, NULL::VARCHAR AS age_group, NULL::BIGINT AS population WHERE FALSE)`;
  return db.run(
    `INSERT INTO cohort_count
    WITH py AS (SELECT * FROM (VALUES ${popYearRows.join(', ')}) t(cohort_id, year, population_year)),
    popmun AS (SELECT DISTINCT year, municipality_code FROM population),
    mem AS (SELECT c.cohort_id, c.version, c.year, c.sex, c.municipality_code, c.hff_code, ${ageGroupSql('c.age', groups)} AS age_group,
        EXISTS (SELECT 1 FROM popmun pm WHERE pm.year = py.population_year AND pm.municipality_code = c.municipality_code) AS covered
      FROM cohort_member c JOIN py USING (cohort_id, year) WHERE c.run_id = $1),
    num AS (SELECT cohort_id, version, year, ${LEVEL}, count(*) AS members, bool_and(covered) AS covered FROM mem GROUP BY ${groupingSets(['cohort_id', 'version', 'year'], areaSets)}),
    ${popCte}
    SELECT n.cohort_id, n.version, n.year, n.level, n.area_code, n.sex, n.age_group, n.members,
      CASE WHEN n.covered THEN CAST(p.population AS BIGINT) END, py.population_year, $1
    FROM num n LEFT JOIN pop p USING (cohort_id, year, level, area_code, sex, age_group) LEFT JOIN py USING (cohort_id, year)
    ORDER BY n.cohort_id, n.year, n.level, n.area_code, n.sex, n.age_group`,
    [runId],
  );
}

/**
 * One message per cohort and year whose counts have cells with more members than population
 * (members alive and resident at the reference date against SSB's residents): registries do not
 * record every death, so a person who died after their last contact can stay a member. Such a
 * cell's prevalence is not shown.
 */
export async function prevalenceWarnings(db: Db, runId: string): Promise<string[]> {
  const rows = await db.all<{
    cohort_id: string;
    year: number;
    cells: number;
    level: string;
    area_code: string;
    sex: string;
    age_group: string;
    members: number;
    population: number;
  }>(
    `SELECT cohort_id, year, count(*) OVER (PARTITION BY cohort_id, year) AS cells, level, area_code, sex, age_group, members, population
     FROM cohort_count WHERE run_id = $1 AND population IS NOT NULL AND members > population
     QUALIFY row_number() OVER (PARTITION BY cohort_id, year ORDER BY members - population DESC, level, area_code, sex, age_group) = 1
     ORDER BY cohort_id, year`,
    [runId],
  );
  return rows.map(
    (r) =>
      `cohort ${r.cohort_id} ${r.year}: ${Number(r.cells)} count${Number(r.cells) > 1 ? 's have' : ' has'} more members than residents (e.g. ${r.level} ${r.area_code}, sex ${r.sex}, age ${r.age_group}: ${Number(r.members)} members, ${Number(r.population)} residents); their prevalence is not shown. The registries do not record every death, so a person who died after their last contact can remain a member`,
  );
}
