import { CheckFailedError, UsageError } from '../../kernel/errors.js';
import { exactSum, inList, int, str } from '../../kernel/sql.js';
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

/** A warning when one start population (projected, registered) exceeds the other by more than this share. */
export const START_POPULATION_WARN = 0.05;
/** Refused when one exceeds the other by more than this share (a projection of another area or scale). */
export const START_POPULATION_REFUSE = 0.25;

/**
 * The projection must start from the population the rates are estimated on. Per area, its
 * population in its first year (the first alternative) is compared with the registered
 * population (`population`, 1 January) of the closest year loaded: when one is more than 1.25
 * times the other ({@link START_POPULATION_REFUSE}) the projection is refused
 * (`PROJECTION_POPULATION_MISMATCH`); more than 1.05 times ({@link START_POPULATION_WARN}) gives
 * a warning (`START_POPULATION_DIFFERS`).
 */
export async function checkStartPopulation(
  tt: TempTables,
  chosen: ChosenProjection,
  areas: readonly string[],
  warn: Warn,
): Promise<void> {
  const { startYear, tableId, vintage, alternatives } = chosen.population;
  const ref = await tt.db.value<number>(
    `SELECT year FROM (SELECT DISTINCT year FROM population) ORDER BY abs(year - ${int(startYear)}), year DESC LIMIT 1`,
  );
  if (ref === null || ref === undefined) return;
  const refYear = Number(ref);
  const rows = await tt.db.all<{ area_code: string; registered: number; projected: number }>(
    `WITH reg AS (SELECT a.area_code, ${exactSum('a.weight * p.population')} AS n
        FROM ${tt.t('area')} a JOIN population p USING (municipality_code)
        WHERE p.year = ${int(refYear)} AND p.sex IN ('M', 'F') GROUP BY 1),
      proj AS (SELECT a.area_code, ${exactSum('a.weight * p.population')} AS n
        FROM ${tt.t('area')} a JOIN population_projection p ON p.region_code = a.municipality_code
        WHERE ${chosen.sel} AND p.alternative = ${str(alternatives[0]!)} AND p.year = ${int(startYear)} AND ${chosen.sex.projection}
        GROUP BY 1)
     SELECT area_code, reg.n AS registered, proj.n AS projected FROM reg JOIN proj USING (area_code)
     WHERE area_code IN ${inList([...areas])} ORDER BY area_code`,
  );
  const off = (r: { registered: number; projected: number }, share: number) =>
    r.registered > 0 &&
    (r.projected / r.registered > 1 + share || r.projected / r.registered < 1 / (1 + share));
  const describe = (r: { area_code: string; registered: number; projected: number }) =>
    `${r.area_code}: ${Math.round(r.projected)} projected against ${Math.round(r.registered)} registered (× ${(r.projected / r.registered).toFixed(2)})`;
  const bad = rows.filter((r) => off(r, START_POPULATION_REFUSE));
  if (bad.length)
    throw new CheckFailedError(
      'PROJECTION_POPULATION_MISMATCH',
      `the population projection ${tableId} (vintage ${vintage}) does not start from the workspace's population: in ${startYear} it has ${bad.slice(0, 5).map(describe).join('; ')}${bad.length > 5 ? ` and ${bad.length - 5} more areas` : ''} (registered population 1 January ${refYear}; refused when one is more than ${1 + START_POPULATION_REFUSE} times the other); load the projection of the same municipalities and scale as the population (felles ingest projection …)`,
      { tableId, vintage, areas: bad.map((r) => r.area_code) },
    );
  const differ = rows.filter((r) => off(r, START_POPULATION_WARN));
  if (differ.length)
    warn({
      code: 'START_POPULATION_DIFFERS',
      message: `the population projection ${tableId} (vintage ${vintage}) starts from a population that differs from the registered one (1 January ${refYear}) by a factor of more than ${1 + START_POPULATION_WARN} in ${differ.length} area${differ.length > 1 ? 's' : ''}: ${differ.slice(0, 5).map(describe).join('; ')}${differ.length > 5 ? ' …' : ''}`,
    });
}
