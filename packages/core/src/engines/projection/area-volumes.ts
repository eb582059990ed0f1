import { exactSum, inList, int, str } from '../../kernel/sql.js';
import { readColumns, type TempTables } from './temp-tables.js';
import type { BaseRateRow } from './types.js';

/** Raw volumes of one area, straight from DuckDB (columns as typed arrays). */
export interface AreaVolumes {
  area: string;
  /**
   * Rows: line (index into `lineIds`), alternative (index into the population's alternatives;
   * -1 for the base year), year, sex (index into `sexes`), band, demo, prev.
   */
  line: number[];
  alternative: number[];
  year: number[];
  sex: number[];
  band: number[];
  demo: number[];
  prev: number[];
  /** Population by alternative and year (`~base` for the base year). */
  population: Map<string, number>;
  /** Expected base-period events per line × cell (for the Poisson redraw). */
  events: Map<string, number>;
}

/** What the volume tables are built for. */
export interface VolumeFrame {
  areas: readonly string[];
  lineIds: readonly string[];
  alternatives: readonly string[];
}

/**
 * The volume tables of all selected areas at once, so that each area is then a cheap read. Σ
 * over the municipalities m of an area of w_m × rate × pop_m is summed per rate area first,
 * rate × Σ w_m × pop_m (the same sum regrouped: one product per rate area instead of one per
 * municipality), on small integer codes for area, line, alternative, sex and rate area:
 * `vol` (demography and the band-below volume), `popa` (population per area, alternative and
 * year) and `eva` (expected base-period events per line × cell, events × py / py of the rate area,
 * exact when the rate area is the municipality).
 */
export async function createVolumeTables(tt: TempTables, f: VolumeFrame): Promise<void> {
  const t = (n: string) => tt.t(n);
  const codes = (name: string, col: string, values: readonly string[]) =>
    tt.create(
      name,
      `SELECT * FROM (VALUES ${values.map((v, i) => `(${str(v)}, ${int(i)})`).join(', ')}) AS c(${col}, i)`,
    );
  await codes('aix', 'area_code', f.areas);
  await codes('lix', 'line_id', f.lineIds);
  await codes('altx', 'alternative', ['~base', ...f.alternatives]);
  await tt.create(
    'rax',
    `SELECT rate_level, rate_area, (row_number() OVER (ORDER BY rate_level, rate_area))::INTEGER AS i FROM (SELECT DISTINCT rate_level, rate_area FROM ${t('rates')})`,
  );
  const sexIdx = (col: string) => `(${col} = 'M')::INTEGER`; // index into SEXES, or 0 for 'T'
  await tt.create(
    'rk',
    `SELECT l.i AS li, x.i AS ra, ${sexIdx('r.sex')} AS si, r.band::INTEGER AS band, r.rate, r.rate_prev
             FROM ${t('rates')} r JOIN ${t('lix')} l USING (line_id) JOIN ${t('rax')} x USING (rate_level, rate_area)`,
  );
  await tt.create(
    'popr',
    `SELECT a.i AS ai, x.i AS ra, ${sexIdx('p.sex')} AS si, p.band::INTEGER AS band, v.i - 1 AS alt, p.year::INTEGER AS year,
               ${exactSum('m.weight * p.pop')}::DOUBLE AS wpop
             FROM ${t('amap')} m JOIN ${t('aix')} a USING (area_code) JOIN ${t('rax')} x USING (rate_level, rate_area)
             JOIN ${t('pop')} p USING (municipality_code) JOIN ${t('altx')} v USING (alternative) GROUP BY ALL`,
  );
  await tt.create(
    'vol',
    `SELECT p.ai, r.li, p.alt, p.year, p.si, p.band, ${exactSum('r.rate * p.wpop')}::DOUBLE AS demo, ${exactSum('r.rate_prev * p.wpop')}::DOUBLE AS prev
             FROM ${t('popr')} p JOIN ${t('rk')} r USING (ra, si, band) GROUP BY ALL`,
  );
  await tt.create(
    'popa',
    `SELECT a.area_code, p.alternative, p.year::INTEGER AS year, ${exactSum('a.weight * p.pop')}::DOUBLE AS pop
             FROM ${t('area')} a JOIN ${t('pop')} p USING (municipality_code) WHERE a.area_code IN ${inList([...f.areas])} GROUP BY ALL`,
  );
  await tt.create(
    'eva',
    `SELECT m.area_code, r.line_id, r.sex, r.band::INTEGER AS band, ${exactSum('CASE WHEN r.py > 0 THEN m.weight * r.events * y.py / r.py ELSE 0 END')}::DOUBLE AS n
             FROM ${t('amap')} m JOIN ${t('rates')} r USING (rate_level, rate_area)
             JOIN ${t('mpy')} y ON y.municipality_code = m.municipality_code AND y.sex = r.sex AND y.band = r.band
             WHERE m.area_code IN ${inList([...f.areas])} GROUP BY ALL`,
  );
}

/** One area's volumes, population and expected events, each read in a fixed order. */
export async function readAreaVolumes(
  tt: TempTables,
  areaIndex: number,
  area: string,
): Promise<AreaVolumes> {
  const v = await readColumns(
    tt.db,
    `SELECT li, alt, year, si, band, demo, prev FROM ${tt.t('vol')} WHERE ai = $1 ORDER BY li, alt, year, si, band`,
    [areaIndex],
  );
  const pop = await tt.db.all<{ alternative: string; year: number; pop: number }>(
    `SELECT alternative, year, pop FROM ${tt.t('popa')} WHERE area_code = $1 ORDER BY alternative, year`,
    [area],
  );
  const ev = await tt.db.all<{ line_id: string; sex: string; band: number; n: number }>(
    `SELECT line_id, sex, band, n FROM ${tt.t('eva')} WHERE area_code = $1 ORDER BY line_id, sex, band`,
    [area],
  );
  return {
    area,
    line: (v['li'] ?? []) as number[],
    alternative: (v['alt'] ?? []) as number[],
    year: (v['year'] ?? []) as number[],
    sex: (v['si'] ?? []) as number[],
    band: (v['band'] ?? []) as number[],
    demo: (v['demo'] ?? []) as number[],
    prev: (v['prev'] ?? []) as number[],
    population: new Map(pop.map((r) => [`${r.alternative}|${r.year}`, r.pop])),
    events: new Map(ev.map((r) => [`${r.line_id}|${r.sex}|${r.band}`, r.n])),
  };
}

/** The base rates per cell they are computed from (after the collapse), with events and person-years. */
export async function readBaseRates(tt: TempTables): Promise<BaseRateRow[]> {
  // one row per cell a rate is computed from (after the collapse): its bands, sexes, area
  const rows = await tt.db.all(
    `SELECT r.line_id, r.g_area AS rate_area, r.g_sex AS sex,
             CASE WHEN bool_or(b.age_to IS NULL) THEN min(b.age_from) || '+' ELSE min(b.age_from) || '-' || max(b.age_to) END AS band,
             any_value(r.g_events) AS events, any_value(r.g_value) AS value, any_value(r.g_py) AS person_years,
             any_value(r.rate) AS rate
           FROM ${tt.t('rates')} r JOIN ${tt.t('bands')} b USING (band)
           GROUP BY r.line_id, r.rate_level, r.g_area, r.g_sex, r.g_band
           ORDER BY r.line_id, r.g_area, r.g_sex, r.g_band`,
  );
  return rows as unknown as BaseRateRow[];
}
