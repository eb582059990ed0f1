import { UsageError } from '../../kernel/errors.js';
import { lit } from '../../kernel/sql.js';
import { bandValuesSql } from './age-bands.js';
import { columnExists, tableExists, type TempTables } from './temp-tables.js';
import type { AgeBand, ProjectionAreaLevel } from './types.js';

/**
 * Step 2 of a projection: the age bands (`bands`), single age → band (`ages`, for equality joins:
 * range joins on millions of rows are slow), municipality → helsefellesskap with a weight
 * (`hff`: municipality.hff_code, else the catchment table split evenly) and municipality → area
 * (`area`: the helsefellesskap, or the municipality itself). Returns the areas to project: all
 * known areas, or those asked for (refused when unknown, `UNKNOWN_AREA`).
 */
export async function createGeographyTables(
  tt: TempTables,
  bands: readonly AgeBand[],
  areaLevel: ProjectionAreaLevel,
  asked: string[] | 'all',
): Promise<string[]> {
  const { db } = tt;
  await tt.create(
    'bands',
    `SELECT * FROM (VALUES ${bandValuesSql(bands, (v) => lit(v))}) AS b(band, age_from, age_to, label)`,
  );
  await tt.create(
    'ages',
    `SELECT a.age, b.band FROM range(0, 131) a(age) JOIN ${tt.t('bands')} b ON a.age >= b.age_from AND (b.age_to IS NULL OR a.age <= b.age_to)`,
  );
  const hasMunHff =
    (await tableExists(db, 'municipality')) && (await columnExists(db, 'municipality', 'hff_code'));
  const hffSource = hasMunHff
    ? `SELECT code AS municipality_code, hff_code, 1.0 AS weight FROM municipality`
    : (await tableExists(db, 'catchment'))
      ? `SELECT municipality_code, hff_code, 1.0 / count(*) OVER (PARTITION BY municipality_code) AS weight
           FROM (SELECT DISTINCT municipality_code, hff_code FROM catchment)`
      : `SELECT NULL::VARCHAR AS municipality_code, NULL::VARCHAR AS hff_code, NULL::DOUBLE AS weight WHERE FALSE`;
  await tt.create('hff', hffSource);
  if (areaLevel === 'hff') {
    const n = await db.value<number>(`SELECT count(*) FROM ${tt.t('hff')}`);
    if (Number(n) === 0)
      throw new UsageError(
        'NO_GEOGRAPHY',
        'the workspace has no municipality → helsefellesskap mapping (municipality.hff_code or catchment); it is installed with the geography',
      );
    await tt.create(
      'area',
      `SELECT municipality_code, hff_code AS area_code, weight FROM ${tt.t('hff')}`,
    );
  } else {
    await tt.create(
      'area',
      `SELECT DISTINCT municipality_code, municipality_code AS area_code, 1.0 AS weight FROM population`,
    );
  }
  const knownAreas = (
    await db.all<{ a: string }>(`SELECT DISTINCT area_code AS a FROM ${tt.t('area')} ORDER BY 1`)
  ).map((r) => r.a);
  if (asked === 'all' || asked.length === 0) return knownAreas;
  const unknown = asked.filter((a) => !knownAreas.includes(a));
  if (unknown.length) {
    throw new UsageError(
      'UNKNOWN_AREA',
      `unknown ${areaLevel === 'hff' ? 'helsefellesskap' : 'municipality'} ${unknown.join(', ')}; known: ${knownAreas.slice(0, 25).join(', ')}${knownAreas.length > 25 ? ' …' : ''}`,
    );
  }
  return [...asked];
}

/**
 * `amap`: every municipality of an area with the rate area it takes its rates from, for each rate
 * level (the municipality, its county, its helsefellesskap, the country).
 */
export async function createAreaMap(tt: TempTables, areaLevel: ProjectionAreaLevel): Promise<void> {
  const t = (n: string) => tt.t(n);
  const hffMap =
    areaLevel === 'hff'
      ? `SELECT a.area_code, a.municipality_code, a.weight, 'hff' AS rate_level, a.area_code AS rate_area FROM ${t('area')} a`
      : `SELECT a.area_code, a.municipality_code, a.weight * h.weight, 'hff', h.hff_code FROM ${t('area')} a JOIN ${t('hff')} h USING (municipality_code)`;
  await tt.create(
    'amap',
    `
      SELECT a.area_code, a.municipality_code, a.weight, 'municipality' AS rate_level, a.municipality_code AS rate_area FROM ${t('area')} a
      UNION ALL SELECT a.area_code, a.municipality_code, a.weight, 'county', substr(a.municipality_code, 1, 2) FROM ${t('area')} a
      UNION ALL ${hffMap}
      UNION ALL SELECT a.area_code, a.municipality_code, a.weight, 'national', 'NO' FROM ${t('area')} a`,
  );
}
