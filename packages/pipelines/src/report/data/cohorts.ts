/**
 * Priority-group tables of the report: prevalence per helsefellesskap (crude and directly
 * standardised) and service use per person across levels of care, each disclosed.
 */
import {
  AREA,
  COHORT_MEMBERS_MEASURE,
  cohortAreaId,
  type TableToPublish,
  collapsingDsr,
  crudeRate,
  DEFAULT_CONFIDENCE_LEVEL,
  type DsrBandCell,
  fiveYearBand,
  resolveStandardPopulation,
  SPECIALIST_CONTACT,
  type StandardPopulation,
  type Workspace,
  sql,
} from '@felles/core';
import { localText, type LocalText } from '@felles/text';

/** What the report needs to know of a cohort definition. */
export interface ReportCohortInfo {
  id: string;
  version: string;
  title: LocalText;
  priorityGroup: string;
  ageMin?: number;
  ageMax?: number;
  sexes?: readonly string[];
}

const round = (x: number | null, d = 2) => (x === null ? null : Math.round(x * 10 ** d) / 10 ** d);

/**
 * `report_cohort_prevalence`: members and SSB population per helsefellesskap and `NO` from
 * `cohort_count` (both sexes, all ages), the crude rate per 1 000 (exact Poisson below 10 events,
 * Byar above) and the rate directly standardised to the workspace's standard population (default
 * the bundled Norway 2024) over 5-year bands × sex, 90+ open, collapsing as the indicators do
 * ({@link collapsingDsr}, Dobson limits), computed from `cohort_member` and `population` within the
 * cohort's own age and sex range.
 */
export async function reportCohortPrevalence(
  ws: Workspace,
  year: number,
  cohorts: readonly ReportCohortInfo[],
): Promise<{ table: TableToPublish; standard?: string }> {
  const ids = cohorts.map((c) => c.id);
  const counts = ids.length
    ? await ws.db.all<{
        cohort_id: string;
        area_code: string;
        members: number;
        population: number | null;
        population_year: number | null;
      }>(
        `SELECT cohort_id, area_code, members, population, population_year FROM cohort_count
         WHERE year = ${sql.int(year)} AND cohort_id IN ${sql.inList(ids)} AND level IN ('helsefellesskap', 'country') AND sex = 'T' AND age_group = 'all'
         ORDER BY cohort_id, area_code`,
      )
    : [];
  const popYear = counts.find((c) => c.population_year !== null)?.population_year ?? null;
  // The workspace's standard (felles.json standardPopulation; default the bundled Norway 2024, by
  // sex and single age), the same as the indicators use, so that DSRs compare across workspaces.
  let standard: StandardPopulation | undefined;
  if (popYear !== null)
    standard = await resolveStandardPopulation(ws.config.standardPopulation, ws.db).catch(
      () => undefined,
    );
  // Cells: members and population per cohort × area × sex × 5-year band (90+ together), summed from
  // the single ages within the cohort's own age range.
  const strata = new Map<string, DsrBandCell[]>();
  if (standard && counts.length) {
    const rows = await ws.db.all<{
      cohort_id: string;
      area_code: string;
      sex: 'M' | 'F';
      age: number;
      members: number;
      population: number;
    }>(
      `WITH mem AS (
         SELECT cohort_id, coalesce(hff_code, 'unknown') AS hff, sex, LEAST(age, 90) AS age, count(*) AS n
         FROM cohort_member WHERE year = ${sql.int(year)} AND cohort_id IN ${sql.inList(ids)} AND sex IN ('M', 'F') AND age IS NOT NULL
         GROUP BY ALL),
       pop AS (
         SELECT m.hff_code AS hff, p.sex, LEAST(p.age, 90) AS age, sum(p.population) AS n
         FROM population p JOIN municipality m ON m.code = p.municipality_code
         WHERE p.year = ${sql.int(Number(popYear))} AND p.sex IN ('M', 'F') GROUP BY ALL),
       c AS (SELECT DISTINCT cohort_id FROM mem),
       cells AS (
         SELECT c.cohort_id, pop.hff, pop.sex, pop.age, pop.n AS population, coalesce(mem.n, 0) AS members
         FROM c CROSS JOIN pop LEFT JOIN mem ON mem.cohort_id = c.cohort_id AND mem.hff = pop.hff AND mem.sex = pop.sex AND mem.age = pop.age)
       SELECT cohort_id, coalesce(hff, 'NO') AS area_code, sex, age, CAST(sum(members) AS BIGINT) AS members, CAST(sum(population) AS DOUBLE) AS population
       FROM cells GROUP BY GROUPING SETS ((cohort_id, hff, sex, age), (cohort_id, sex, age))`,
    );
    for (const r of rows) {
      const c = cohorts.find((x) => x.id === r.cohort_id);
      if (!c) continue;
      const age = Number(r.age);
      if (c.ageMin !== undefined && age < Math.min(c.ageMin, 90)) continue;
      if (c.ageMax !== undefined && age > c.ageMax) continue;
      if (c.sexes?.length && !c.sexes.includes(r.sex)) continue;
      const k = `${r.cohort_id}\u0000${r.area_code}`;
      const list = strata.get(k) ?? [];
      list.push({
        band: fiveYearBand(age),
        sex: r.sex,
        events: Number(r.members),
        population: Number(r.population),
      });
      strata.set(k, list);
    }
  }
  const out = counts
    .filter((r) => r.area_code !== 'unknown')
    .map((r) => {
      const c = cohorts.find((x) => x.id === r.cohort_id)!;
      const members = Number(r.members);
      const population = r.population === null ? null : Number(r.population);
      const crude = population ? crudeRate(members, population, { multiplier: 1000 }) : null;
      let dsr: { value: number | null; lower: number | null; upper: number | null } | null = null;
      const st = strata.get(`${r.cohort_id}\u0000${r.area_code}`);
      if (standard && st?.length) {
        dsr = collapsingDsr(st, standard, 1000, DEFAULT_CONFIDENCE_LEVEL);
      }
      return {
        cohort_id: r.cohort_id,
        year,
        area_code: r.area_code,
        members,
        population,
        crude: round(crude?.value ?? null),
        crude_lower: round(crude?.lower ?? null),
        crude_upper: round(crude?.upper ?? null),
        dsr: round(dsr?.value ?? null),
        dsr_lower: round(dsr?.lower ?? null),
        dsr_upper: round(dsr?.upper ?? null),
        cohort_title: localText(c.title, 'en'),
        priority_group: c.priorityGroup,
        version: c.version,
      };
    });
  // The `unknown` area is left out of the table; the run's geography makes NO the sum of the
  // communities and the unknown residence all the same (an unpublished part).
  const table: TableToPublish = {
    input: out.map((r) => ({ area_id: cohortAreaId('helsefellesskap', r.area_code), ...r })),
    schema: {
      name: 'report_cohort_prevalence',
      dimensions: ['cohort_id', 'year', 'area_id'],
      counts: ['members'],
      publicCounts: ['population'],
      derived: {
        crude: ['members', 'population'],
        crude_lower: ['members'],
        crude_upper: ['members'],
        dsr: ['members'],
        dsr_lower: ['members'],
        dsr_upper: ['members'],
      },
      attributes: ['area_code', 'cohort_title', 'priority_group', 'version'],
      cells: {
        measures: { members: COHORT_MEMBERS_MEASURE },
        coordinates: { cohort_id: 'cohort', year: 'period', area_id: AREA },
      },
    },
    metadata: {
      title: {
        nb: `Prioriterte grupper: personer og forekomst per 1 000 etter helsefellesskap, ${year}`,
        en: `Priority groups: members and prevalence per 1,000 by helsefellesskap, ${year}`,
      },
      definitions: cohorts.map((c) => ({ id: c.id, version: c.version })),
      methods: [
        'crude rate per 1 000, exact Poisson (< 10 events) / Byar 95 %',
        `directly standardised rate per 1 000, standard population ${standard?.label ?? ''} (5-year bands × sex, 90+; where a band has members but no population: both sexes, then 10- and 20-year bands, then one band), Dobson 95 %`,
      ],
      unit: 'per 1 000',
    },
  };
  return { table, ...(standard ? { standard: standard.label } : {}) };
}

/**
 * `report_cohort_service_use`: per cohort × helsefellesskap (and `NO`), the members, their
 * contacts in the year at each level of care (`specialist`, `primary`, `municipal`) and contacts
 * per person (`<level>_per_person`). Specialist episodes are counted
 * on NPR ids, GP/out-of-hours claims and municipal service decisions on KPR ids; a member whose
 * other id is unknown (no usable `person_link` row) counts with 0 at that level.
 */
export async function reportCohortServiceUse(
  ws: Workspace,
  year: number,
  cohorts: readonly ReportCohortInfo[],
): Promise<TableToPublish> {
  const ids = cohorts.map((c) => c.id);
  const y = sql.int(year);
  // The link tables are joined on the id alone and picked by id space in the CASE: a condition on
  // the member's id space inside the LEFT JOIN's ON makes DuckDB fall back to a nested-loop join
  // (17 s instead of 0.3 s on the demo). n2k and k2n have one row per id, so nothing multiplies.
  const rows = ids.length
    ? await ws.db.all(`WITH m AS (
        SELECT cohort_id, id_space, person_id, coalesce(hff_code, 'unknown') AS hff FROM cohort_member WHERE year = ${y} AND cohort_id IN ${sql.inList(ids)}),
      n2k AS (SELECT npr_id, min(kpr_id) AS kpr_id FROM person_link WHERE NOT conflict GROUP BY 1),
      k2n AS (SELECT kpr_id, min(npr_id) AS npr_id FROM person_link WHERE NOT conflict GROUP BY 1),
      mp AS (
        SELECT m.cohort_id, m.hff,
          CASE WHEN m.id_space = 'kpr' THEN k2n.npr_id ELSE m.person_id END AS npr_id,
          CASE WHEN m.id_space = 'kpr' THEN m.person_id ELSE n2k.kpr_id END AS kpr_id
        FROM m LEFT JOIN n2k ON n2k.npr_id = m.person_id
               LEFT JOIN k2n ON k2n.kpr_id = m.person_id),
      se AS (SELECT person_id, count(*) AS n FROM specialist_episode WHERE year = ${y} AND ${SPECIALIST_CONTACT} GROUP BY 1),
      pc AS (SELECT person_id, count(*) AS n FROM primary_contact WHERE year = ${y} GROUP BY 1),
      ms AS (SELECT person_id, count(*) AS n FROM municipal_service
             WHERE from_date <= make_date(${y}, 12, 31) AND (to_date IS NULL OR to_date >= make_date(${y}, 1, 1)) GROUP BY 1),
      agg AS (
        SELECT mp.cohort_id, coalesce(mp.hff, 'NO') AS area_code, grouping(mp.hff) AS is_total, count(*) AS members,
          sum(coalesce(se.n, 0)) AS specialist, sum(coalesce(pc.n, 0)) AS primary_, sum(coalesce(ms.n, 0)) AS municipal
        FROM mp LEFT JOIN se ON se.person_id = mp.npr_id LEFT JOIN pc ON pc.person_id = mp.kpr_id LEFT JOIN ms ON ms.person_id = mp.kpr_id
        GROUP BY GROUPING SETS ((mp.cohort_id, mp.hff), (mp.cohort_id)))
      SELECT cohort_id, ${y} AS year, CASE WHEN is_total = 1 THEN 'NO' ELSE area_code END AS area_code,
        CAST(members AS BIGINT) AS members, CAST(specialist AS BIGINT) AS specialist, CAST(primary_ AS BIGINT) AS "primary", CAST(municipal AS BIGINT) AS municipal
      FROM agg
      ORDER BY cohort_id, area_code`)
    : [];
  const per = (r: Record<string, unknown>, c: string) =>
    Number(r['members']) > 0 ? Math.round((Number(r[c]) / Number(r['members'])) * 100) / 100 : null;
  const withRate = rows.map((r) => ({
    area_id: cohortAreaId('helsefellesskap', String(r['area_code'])),
    ...r,
    specialist_per_person: per(r, 'specialist'),
    primary_per_person: per(r, 'primary'),
    municipal_per_person: per(r, 'municipal'),
  }));
  return {
    input: withRate,
    schema: {
      name: 'report_cohort_service_use',
      dimensions: ['cohort_id', 'year', 'area_id'],
      counts: ['members', 'specialist', 'primary', 'municipal'],
      derived: {
        specialist_per_person: ['specialist', 'members'],
        primary_per_person: ['primary', 'members'],
        municipal_per_person: ['municipal', 'members'],
      },
      attributes: ['area_code'],
      cells: {
        measures: {
          members: COHORT_MEMBERS_MEASURE,
          specialist: 'cohort-contacts:specialist',
          primary: 'cohort-contacts:primary',
          municipal: 'cohort-contacts:municipal',
        },
        coordinates: { cohort_id: 'cohort', year: 'period', area_id: AREA },
      },
    },
    metadata: {
      title: {
        nb: `Prioriterte grupper: kontakter per person etter omsorgsnivå, ${year}`,
        en: `Priority groups: contacts per person by level of care, ${year}`,
      },
      definitions: cohorts.map((c) => ({ id: c.id, version: c.version })),
      methods: [
        'contacts in the year / members; specialist = NPR episodes, primary = KPR claims (all services), municipal = IPLOS service decisions active in the year',
      ],
      notes: [
        'members without a usable NPR–KPR link count with 0 contacts at the level of the other registry',
      ],
    },
  };
}
