import { UsageError } from '../../kernel/errors.js';
import { exactSum, inList } from '../../kernel/sql.js';
import type { SexSql } from './population-source.js';
import { collapseRateCells, lineFamilies, type RateGroupResult } from './rate-groups.js';
import type { TempTables } from './temp-tables.js';
import type { ProjectionWarning, ServiceLineDef } from './types.js';
import { populationYears } from '../../reference/population/years.js';

type Warn = (w: ProjectionWarning) => void;

/**
 * Events that cannot be placed (unknown sex, age or area) are left out of the rates; one warning
 * per line says how many (`EVENTS_UNPLACED`).
 */
export async function warnUnplacedEvents(
  tt: TempTables,
  sex: SexSql,
  baseYears: readonly number[],
  warn: Warn,
): Promise<void> {
  const lost = await tt.db.all<{ line_id: string; total: number; lost: number }>(
    `SELECT split_part(line_id, ':', 1) AS line_id, ${exactSum('events')} AS total,
         ${exactSum(
           'events',
           `${sex.bySex ? `sex NOT IN ('M', 'F') OR sex IS NULL OR ` : ''}age IS NULL OR age < 0
           OR (rate_level = 'municipality' AND municipality_code IS NULL)
           OR (rate_level = 'county' AND county_code IS NULL)
           OR (rate_level = 'hff' AND municipality_code NOT IN (SELECT municipality_code FROM ${tt.t('hff')}))`,
         )} AS lost
       FROM ${tt.t('ev')} WHERE year IN ${inList(baseYears)} GROUP BY 1 ORDER BY 1`,
  );
  for (const r of lost) {
    if (Number(r.lost) > 0) {
      warn({
        code: 'EVENTS_UNPLACED',
        message: `service line ${r.line_id}: ${Number(r.lost)} of ${Number(r.total)} base-period events have unknown sex, age or area and are left out of the rates`,
      });
    }
  }
}

/**
 * Person-years of the base period: `mpy` per municipality × sex × band (registered population,
 * 1 January of each base year; refused when a base year has none, `NO_BASE_POPULATION`) and `py`
 * per rate level × rate area (municipality, county, helsefellesskap with its weights, country).
 */
export async function createPersonYears(
  tt: TempTables,
  sex: SexSql,
  baseYears: readonly number[],
): Promise<void> {
  const t = (n: string) => tt.t(n);
  await tt.create(
    'mpy',
    `SELECT p.municipality_code, ${sex.of('p.sex')} AS sex, b.band, ${exactSum('p.population')}::DOUBLE AS py
      FROM population p JOIN ${t('ages')} b ON b.age = p.age WHERE p.year IN ${inList(baseYears)} AND p.sex IN ('M', 'F') GROUP BY ALL`,
  );
  const pyYears = (await populationYears(tt.db)).filter((y) => baseYears.includes(y));
  const missingYears = baseYears.filter((y) => !pyYears.includes(y));
  if (missingYears.length)
    throw new UsageError(
      'NO_BASE_POPULATION',
      `the population table has no rows for base year(s) ${missingYears.join(', ')}; load SSB population (1 January) for them`,
    );
  await tt.create(
    'py',
    `
      SELECT 'municipality' AS rate_level, municipality_code AS rate_area, sex, band, ${exactSum('py')} AS py FROM ${t('mpy')} GROUP BY ALL
      UNION ALL SELECT 'county', substr(municipality_code, 1, 2), sex, band, ${exactSum('py')} FROM ${t('mpy')} GROUP BY ALL
      UNION ALL SELECT 'hff', h.hff_code, sex, band, ${exactSum('py * h.weight')} FROM ${t('mpy')} JOIN ${t('hff')} h USING (municipality_code) GROUP BY ALL
      UNION ALL SELECT 'national', 'NO', sex, band, ${exactSum('py')} FROM ${t('mpy')} GROUP BY ALL`,
  );
}

/**
 * Base rates pooled over the base years: `evb` (events and values per line × rate area × sex ×
 * band); the cells rates are computed from, collapsed for disclosure control until each has 0 or
 * more than `threshold` events (`rgrid`, rate-groups.ts; lines with 1..threshold events in the
 * whole country are left out with a warning, `LINE_TOO_FEW_EVENTS`); and `rates` = Σ value /
 * Σ person-years of the cell's group on the grid of every rate area × sex × band with population
 * (0 where it had no events), with the rate of the band below (`rate_prev`, for healthy ageing).
 * Events in areas or bands without population are counted in a warning (`EVENTS_NO_POPULATION`).
 */
export async function createBaseRates(
  tt: TempTables,
  sex: SexSql,
  baseYears: readonly number[],
  warn: Warn,
  disclosure: { threshold: number; splitParents: Readonly<Record<string, string>> },
): Promise<RateGroupResult> {
  const t = (n: string) => tt.t(n);
  await tt.create(
    'evb',
    `
      WITH ev AS (SELECT e.* REPLACE (${sex.of('e.sex')} AS sex), b.band FROM ${t('ev')} e JOIN ${t('ages')} b ON b.age = e.age WHERE ${sex.filter('e.sex')} AND e.year IN ${inList(baseYears)})
      SELECT line_id, rate_level, rate_area, sex, band, ${exactSum('value')} AS value, ${exactSum('events')} AS events FROM (
        SELECT line_id, rate_level, CASE rate_level WHEN 'municipality' THEN municipality_code WHEN 'county' THEN county_code ELSE 'NO' END AS rate_area,
          sex, band, value, events FROM ev WHERE rate_level <> 'hff'
        UNION ALL
        SELECT line_id, rate_level, h.hff_code, sex, band, value * h.weight, events * h.weight FROM ev JOIN ${t('hff')} h USING (municipality_code) WHERE rate_level = 'hff'
      ) WHERE rate_area IS NOT NULL GROUP BY ALL`,
  );
  const collapsed = await collapseRateCells({
    db: tt.db,
    t,
    create: (name, body) => tt.create(name, body),
    threshold: disclosure.threshold,
    family: lineFamilies(
      (
        await tt.db.all<{ line_id: string }>(`SELECT DISTINCT line_id FROM ${t('evb')} ORDER BY 1`)
      ).map((r) => r.line_id),
      disclosure.splitParents,
    ),
  });
  const { tooFew } = collapsed;
  if (tooFew.length)
    warn({
      code: 'LINE_TOO_FEW_EVENTS',
      message: `${tooFew.length} service line${tooFew.length > 1 ? 's have' : ' has'} from 1 to ${disclosure.threshold} base-period events in the whole country and cannot be published: ${tooFew.join(', ')}`,
    });
  await tt.create(
    'rates',
    `
      WITH r AS (
        SELECT line_id, rate_level, rate_area, sex, band, py, g_area, g_sex, g_band, g_events, g_value, g_py,
          CASE WHEN g_py > 0 THEN g_value * py / g_py ELSE 0 END AS value,
          CASE WHEN g_py > 0 THEN g_events * py / g_py ELSE 0 END AS events,
          CASE WHEN g_py > 0 THEN g_value / g_py ELSE 0 END AS rate,
          CASE WHEN g_py > 0 THEN g_events / g_py ELSE 0 END AS event_rate
        FROM ${t('rgrid')})
      SELECT *, COALESCE(lag(rate) OVER (PARTITION BY line_id, rate_area, sex ORDER BY band), rate) AS rate_prev FROM r`,
  );
  const unmatched = await tt.db.all<{ line_id: string; n: number }>(
    `SELECT split_part(e.line_id, ':', 1) AS line_id, ${exactSum('e.events')} AS n FROM ${t('evb')} e ANTI JOIN ${t('py')} p USING (rate_level, rate_area, sex, band) GROUP BY 1 ORDER BY 1`,
  );
  for (const r of unmatched) {
    if (Number(r.n) > 0)
      warn({
        code: 'EVENTS_NO_POPULATION',
        message: `service line ${r.line_id}: ${Number(r.n)} base-period events are in areas or bands without population and are left out`,
      });
  }
  return collapsed;
}

/**
 * The line ids (sub-lines included) that have rates, in order; lines with no events in the base
 * years are named in a warning (`LINE_NO_EVENTS`).
 */
export async function rateLineIds(
  tt: TempTables,
  usable: readonly ServiceLineDef[],
  baseYears: readonly number[],
  warn: Warn,
): Promise<string[]> {
  const lineIds = (
    await tt.db.all<{ line_id: string }>(`SELECT DISTINCT line_id FROM ${tt.t('rates')} ORDER BY 1`)
  ).map((r) => r.line_id);
  const empty = usable
    .filter((def) => !lineIds.some((id) => id === def.id || id.startsWith(`${def.id}:`)))
    .map((d) => d.id);
  if (empty.length) {
    warn({
      code: 'LINE_NO_EVENTS',
      message: `${empty.length} service line${empty.length > 1 ? 's have' : ' has'} no events in the base years ${baseYears.join(', ')}: ${empty.join(', ')}`,
    });
  }
  return lineIds;
}
