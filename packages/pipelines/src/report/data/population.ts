/**
 * Population tables of the report: 5-year bands × sex per helsefellesskap for the report year
 * (registered) and the horizon (projected, main alternative), and totals per year (registered
 * and every SSB alternative). SSB figures are public, but they still leave through `disclose()`
 * like every table.
 */
import { disclose, type DisclosedTable, type Workspace, sql } from '@felles/core';

/** The newest projection vintage loaded (table id, vintage, demo flag), or null. */
export async function newestProjection(
  ws: Workspace,
): Promise<{ tableId: string; vintage: number; isDemo: boolean; alternatives: string[] } | null> {
  const rows = await ws.db.all<{ table_id: string; vintage: number; is_demo: boolean }>(
    `SELECT table_id, vintage, bool_or(is_demo) AS is_demo FROM population_projection WHERE region_level = 'municipality' GROUP BY ALL ORDER BY vintage DESC, table_id LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return null;
  const alts = await ws.db.all<{ alternative: string }>(
    `SELECT DISTINCT alternative FROM population_projection WHERE table_id = $1 AND vintage = $2 ORDER BY 1`,
    [r.table_id, Number(r.vintage)],
  );
  return {
    tableId: r.table_id,
    vintage: Number(r.vintage),
    isDemo: Boolean(r.is_demo),
    alternatives: alts.map((a) => a.alternative),
  };
}

const OLD = (expr: string) => `CASE WHEN ${expr} >= 80 THEN '80+' ELSE '0–79' END`;
const BAND = (expr: string) => `CAST(LEAST(FLOOR(${expr} / 5) * 5, 90) AS INTEGER)`;
const LABEL = (from: string) =>
  `CASE WHEN ${from} >= 90 THEN '90+' ELSE ${from}::VARCHAR || '–' || (${from} + 4)::VARCHAR END`;

/**
 * `report_population`: `hff_code`, `year`, `age_group`, `age_from`, `sex`, `population` for the
 * report year (registered) and, when a projection is loaded, the horizon (alternative `main`,
 * default MMMM; projection bands are assigned by their first age).
 */
export async function reportPopulation(
  ws: Workspace,
  year: number,
  horizon: number | undefined,
  proj: { tableId: string; vintage: number } | null,
  main = 'MMMM',
): Promise<DisclosedTable> {
  const parts = [
    `SELECT m.hff_code, p.year, ${BAND('p.age')} AS age_from, p.sex, sum(p.population) AS population
     FROM population p JOIN municipality m ON m.code = p.municipality_code
     WHERE p.year = ${sql.int(year)} AND p.sex IN ('M', 'F') GROUP BY ALL`,
  ];
  if (proj && horizon !== undefined) {
    parts.push(`SELECT m.hff_code, p.year, ${BAND('p.age_from')} AS age_from, p.sex, round(sum(p.population)) AS population
     FROM population_projection p JOIN municipality m ON m.code = p.region_code
     WHERE p.region_level = 'municipality' AND p.table_id = ${sql.lit(proj.tableId)} AND p.vintage = ${sql.int(proj.vintage)}
       AND p.alternative = ${sql.lit(main)} AND p.year = ${sql.int(horizon)} AND p.sex IN ('M', 'F') GROUP BY ALL`);
  }
  const rows = await ws.db.all(`WITH u AS (${parts.join(' UNION ALL ')})
    SELECT hff_code, year, ${LABEL('age_from')} AS age_group, age_from, sex, CAST(population AS BIGINT) AS population
    FROM u ORDER BY hff_code, year, age_from, sex`);
  return disclose(
    rows,
    {
      name: 'report_population',
      dimensions: ['hff_code', 'year', 'age_group', 'sex'],
      counts: ['population'],
      attributes: ['age_from'],
    },
    {
      workspace: ws,
      metadata: {
        title: {
          nb: 'Befolkning etter helsefellesskap, 5-årig aldersgruppe og kjønn (registrert 1. januar; framskrevet, hovedalternativet)',
          en: 'Population by helsefellesskap, 5-year age band and sex (registered 1 January; projected, main alternative)',
        },
        ...(proj
          ? {
              dataVintage: `SSB population; projection ${proj.tableId} vintage ${proj.vintage}, alternative ${main}`,
            }
          : {}),
        unit: 'persons',
      },
    },
  );
}

/**
 * `report_population_trend`: `hff_code` (and `NO`), `series` (`registered` or an alternative),
 * `year`, `age_group` (`all`, `0–79`, `80+`), `population`: every registered year, and every
 * projected year from the report year on. The 80+ totals give the change among the oldest
 * without adding up small age bands.
 */
export async function reportPopulationTrend(
  ws: Workspace,
  year: number,
  proj: { tableId: string; vintage: number } | null,
): Promise<DisclosedTable> {
  const parts = [
    `SELECT m.hff_code, 'registered' AS series, p.year, ${OLD('p.age')} AS age_group, sum(p.population) AS population
     FROM population p JOIN municipality m ON m.code = p.municipality_code GROUP BY ALL`,
  ];
  if (proj) {
    parts.push(`SELECT m.hff_code, p.alternative AS series, p.year, ${OLD('p.age_from')} AS age_group, round(sum(p.population)) AS population
     FROM population_projection p JOIN municipality m ON m.code = p.region_code
     WHERE p.region_level = 'municipality' AND p.table_id = ${sql.lit(proj.tableId)} AND p.vintage = ${sql.int(proj.vintage)}
       AND p.year >= ${sql.int(year)} AND p.sex IN ('M', 'F') GROUP BY ALL`);
  }
  const rows = await ws.db.all(`WITH u AS (${parts.join(' UNION ALL ')})
    SELECT coalesce(hff_code, 'NO') AS hff_code, series, year, coalesce(age_group, 'all') AS age_group,
      CAST(sum(population) AS BIGINT) AS population
    FROM u GROUP BY GROUPING SETS ((hff_code, series, year, age_group), (hff_code, series, year), (series, year, age_group), (series, year))
    ORDER BY 1, 2, 3, 4`);
  const parents: Record<string, string> = {};
  for (const r of rows) if (r['hff_code'] !== 'NO') parents[String(r['hff_code'])] = 'NO';
  return disclose(
    rows,
    {
      name: 'report_population_trend',
      dimensions: [
        { column: 'hff_code', parents, total: 'NO' },
        'series',
        'year',
        { column: 'age_group', total: 'all' },
      ],
      counts: ['population'],
    },
    {
      workspace: ws,
      metadata: {
        title: {
          nb: 'Befolkning per helsefellesskap og år: registrert og SSBs framskrivingsalternativer',
          en: 'Population per helsefellesskap and year: registered and SSB projection alternatives',
        },
        unit: 'persons',
      },
    },
  );
}
