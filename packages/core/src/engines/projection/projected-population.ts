import { UsageError } from '../../kernel/errors.js';
import { exactSum, inList, int } from '../../kernel/sql.js';
import type { ChosenProjection } from './population-source.js';
import type { TempTables } from './temp-tables.js';
import type { ProjectionWarning } from './types.js';

type Warn = (w: ProjectionWarning) => void;

/**
 * `pop`: population by municipality × sex × band, registered for the base year (alternative
 * `~base`) and projected for every chosen alternative and year after the base year up to the
 * horizon. Municipality codes that belong to no area are counted in a warning
 * (`POPULATION_UNMAPPED`).
 */
export async function createPopulationTable(
  tt: TempTables,
  chosen: ChosenProjection,
  baseYear: number,
  horizon: number,
  warn: Warn,
): Promise<void> {
  const t = (n: string) => tt.t(n);
  const { sex, sel } = chosen;
  await tt.create(
    'pop',
    `
      SELECT '~base' AS alternative, p.year, p.municipality_code, ${sex.of('p.sex')} AS sex, b.band, ${exactSum('p.population')}::DOUBLE AS pop
        FROM population p JOIN ${t('ages')} b ON b.age = p.age WHERE p.year = ${int(baseYear)} AND p.sex IN ('M', 'F') GROUP BY ALL
      UNION ALL
      SELECT p.alternative, p.year, p.region_code, p.sex, b.band, ${exactSum('p.population')}::DOUBLE
        FROM population_projection p JOIN ${t('ages')} b ON b.age = p.age_from
        WHERE ${sel} AND p.alternative IN ${inList(chosen.population.alternatives)} AND ${sex.projection} AND p.year > ${int(baseYear)} AND p.year <= ${int(horizon)}
        GROUP BY ALL`,
  );
  const unmapped = await tt.db.value<number>(
    `SELECT count(DISTINCT municipality_code) FROM ${t('pop')} WHERE municipality_code NOT IN (SELECT municipality_code FROM ${t('area')})`,
  );
  if (Number(unmapped) > 0)
    warn({
      code: 'POPULATION_UNMAPPED',
      message: `${Number(unmapped)} municipality codes in the population tables belong to no area and are left out`,
    });
}

/**
 * The areas the loaded projection covers: with every area (`asked` = 'all') the others are left
 * out with a warning (`AREAS_NOT_COVERED`); an area asked for by name that it does not cover is
 * refused (`NO_PROJECTION_FOR_AREA`), as is a run where no area is left.
 */
export async function coveredAreas(
  tt: TempTables,
  chosen: ChosenProjection,
  areas: string[],
  asked: string[] | 'all',
  warn: Warn,
): Promise<string[]> {
  const covered = new Set(
    (
      await tt.db.all<{ a: string }>(
        `SELECT DISTINCT a.area_code AS a FROM ${tt.t('area')} a JOIN ${tt.t('pop')} p USING (municipality_code) WHERE p.alternative <> '~base'`,
      )
    ).map((r) => r.a),
  );
  const uncovered = areas.filter((a) => !covered.has(a));
  if (uncovered.length === 0) return areas;
  const { tableId, vintage } = chosen.population;
  if (asked !== 'all' && asked.length > 0) {
    throw new UsageError(
      'NO_PROJECTION_FOR_AREA',
      `the loaded population projection (${tableId}, vintage ${vintage}) does not cover ${uncovered.join(', ')}; load SSB's projection for its municipalities`,
    );
  }
  warn({
    code: 'AREAS_NOT_COVERED',
    message: `the population projection does not cover ${uncovered.length} of ${areas.length} areas; left out: ${uncovered.join(', ')}`,
  });
  const left = areas.filter((a) => covered.has(a));
  if (left.length === 0)
    throw new UsageError(
      'NO_PROJECTION_FOR_AREA',
      'the loaded population projection covers none of the areas',
    );
  return left;
}

/** The projected years in `pop` (after the base year, up to the horizon), ascending. */
export async function projectedYears(tt: TempTables): Promise<number[]> {
  return (
    await tt.db.all<{ y: number }>(
      `SELECT DISTINCT year::INTEGER AS y FROM ${tt.t('pop')} WHERE alternative <> '~base' ORDER BY 1`,
    )
  ).map((r) => r.y);
}
