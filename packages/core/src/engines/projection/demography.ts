import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { ident, inList, int, lit, exactSum, str } from '../../kernel/sql.js';
import { bandValuesSql, DEFAULT_AGE_BANDS, makeAgeBands } from './age-bands.js';
import {
  lineEventsSql,
  sharedSourceTables,
  sourceRelationSql,
  sourceTableName,
} from './sources.js';
import { collapseRateCells, lineFamilies } from './rate-groups.js';
import type {
  AgeBand,
  RateCells,
  ProjectionAreaLevel,
  BaseRateRow,
  ProjectionWarning,
  ServiceLineDef,
} from './types.js';

/** Sex order of the cells: index 0 = F, 1 = M; `['T']` when the projection is not by sex. */
export const SEXES: readonly string[] = ['F', 'M'];

/** The population projection chosen for a run. */
export interface PopulationSource {
  tableId: string;
  vintage: number;
  alternatives: string[];
  startYear: number;
  lastYear: number;
  isDemo: boolean;
}

export interface PrepareInput {
  db: Db;
  lines: ServiceLineDef[];
  /** Lower bounds of the age bands; default 0, 5, …, 90+ or, when those cut the projection's age groups, the groups themselves. */
  bandBounds?: readonly number[];
  /** Explicit base period; without it the latest `baseYearCount` years with population and events are used. */
  basePeriod?: { from: number; to: number };
  /** Years never used as base years (e.g. 2020). */
  exclude: readonly number[];
  baseYearCount: number;
  horizon: number;
  areaLevel: ProjectionAreaLevel;
  areas: string[] | 'all';
  alternatives?: string[];
  vintage?: number;
  regionLevel: string;
  warn: (w: ProjectionWarning) => void;
  /**
   * Counts from 1 to this are protected: the cells rates are computed from are collapsed until
   * each has 0 or more events (see rate-groups.ts). 0 (default) = a rate per cell.
   */
  disclosureThreshold?: number;
  /** Split line id → the unsplit line its sub-lines are parts of (lines that add up are collapsed alike). */
  splitParents?: Readonly<Record<string, string>>;
}

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

/** Output of {@link prepareProjection}: temp tables are in place until `dispose()`. */
export interface Prepared {
  /** How the cells rates are computed from were collapsed for disclosure control. */
  rateCells: RateCells;
  lineIds: string[];
  areas: string[];
  population: PopulationSource;
  bands: AgeBand[];
  baseYears: number[];
  baseYear: number;
  /** Projected years after the base year, up to the horizon. */
  years: number[];
  /** `['F', 'M']`, or `['T']` when the projection has no sex breakdown. */
  sexes: readonly string[];
  baseRates(): Promise<BaseRateRow[]>;
  volumes(area: string): Promise<AreaVolumes>;
  dispose(): Promise<void>;
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

async function tableExists(db: Db, name: string): Promise<boolean> {
  const n = await db.value<number>(
    `SELECT count(*) FROM information_schema.tables WHERE table_name = $1`,
    [name],
  );
  return Number(n) > 0;
}

async function columnExists(db: Db, table: string, column: string): Promise<boolean> {
  const n = await db.value<number>(
    `SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`,
    [table, column],
  );
  return Number(n) > 0;
}

async function columnsOf(
  db: Db,
  sql: string,
  params?: Array<string | number>,
): Promise<Record<string, unknown[]>> {
  const reader = await db.connection.runAndReadAll(sql, params);
  return reader.getColumnsObjectJS() as Record<string, unknown[]>;
}

/**
 * Build the SQL side of a projection inside DuckDB (temp tables, all set-based):
 *
 * 1. events of every service line in the base years, by line × year × municipality × sex × age;
 * 2. base rates per line × rate area × sex × age band = Σ events / Σ person-years over the base
 *    years (pooled), 0 where the band had population and no events;
 * 3. population by municipality × sex × band for the base year (`population`) and for every
 *    projected year and alternative (`population_projection`);
 * 4. per area: Σ over its municipalities of weight × rate × population (`demo`) and of
 *    weight × rate of the band below × population (`prev`, for healthy ageing).
 */
export async function prepareProjection(input: PrepareInput): Promise<Prepared> {
  const { db, horizon, warn } = input;
  const tag = `_proj_${Math.random().toString(36).slice(2, 8)}`;
  const t = (name: string) => ident(`${tag}_${name}`);
  const created: string[] = [];
  const create = async (name: string, body: string) => {
    created.push(name);
    await db.run(`CREATE OR REPLACE TEMP TABLE ${t(name)} AS ${body}`);
  };
  const dispose = async () => {
    for (const n of created.reverse())
      await db.run(`DROP TABLE IF EXISTS ${t(n)}`).catch(() => undefined);
  };
  try {
    for (const tbl of ['population', 'population_projection']) {
      if (!(await tableExists(db, tbl)))
        throw new UsageError(
          'NO_POPULATION',
          `the workspace has no ${tbl} table; load SSB population files first (felles ingest population …)`,
        );
    }

    // --- the population projection: vintage, table id, alternatives
    const vintages = await db.all<{ table_id: string; vintage: number; n: number }>(
      `SELECT table_id, vintage, count(*)::INTEGER AS n FROM population_projection WHERE region_level = $1 GROUP BY ALL ORDER BY vintage DESC, table_id`,
      [input.regionLevel],
    );
    if (vintages.length === 0) {
      throw new UsageError(
        'NO_PROJECTION',
        `no population projection at region level "${input.regionLevel}" is loaded; load SSB's municipal projection (e.g. table 14288) first`,
      );
    }
    const chosen =
      input.vintage !== undefined ? vintages.find((v) => v.vintage === input.vintage) : vintages[0];
    if (!chosen)
      throw new UsageError(
        'UNKNOWN_VINTAGE',
        `no projection of vintage ${input.vintage} is loaded; loaded: ${vintages.map((v) => v.vintage).join(', ')}`,
      );
    const sel = `table_id = ${str(chosen.table_id)} AND vintage = ${int(chosen.vintage)} AND region_level = ${str(input.regionLevel)}`;
    const alts = (
      await db.all<{ alternative: string }>(
        `SELECT DISTINCT alternative FROM population_projection WHERE ${sel} ORDER BY 1`,
      )
    ).map((r) => r.alternative);
    // The main alternative first, then SSB's order as loaded.
    let alternatives = [...alts].sort((a, b) => Number(b === 'MMMM') - Number(a === 'MMMM'));
    if (input.alternatives && input.alternatives.length) {
      const missing = input.alternatives.filter((a) => !alts.includes(a));
      if (missing.length)
        throw new UsageError(
          'UNKNOWN_ALTERNATIVE',
          `alternative ${missing.join(', ')} is not loaded for projection ${chosen.table_id} (${chosen.vintage}); loaded: ${alts.join(', ')}`,
        );
      alternatives = [...input.alternatives];
    }
    const span = (await db.one<{ lo: number; hi: number; demo: boolean }>(
      `SELECT min(year)::INTEGER AS lo, max(year)::INTEGER AS hi, bool_or(is_demo) AS demo FROM population_projection WHERE ${sel}`,
    ))!;
    const population: PopulationSource = {
      tableId: chosen.table_id,
      vintage: chosen.vintage,
      alternatives,
      startYear: span.lo,
      lastYear: span.hi,
      isDemo: Boolean(span.demo),
    };
    if (vintages.length > 1 && input.vintage === undefined) {
      warn({
        code: 'SEVERAL_VINTAGES',
        message: `several projection vintages are loaded; using the newest, ${chosen.table_id} vintage ${chosen.vintage}`,
      });
    }
    if (population.lastYear < horizon) {
      warn({
        code: 'HORIZON_TRUNCATED',
        message: `the projection ends in ${population.lastYear}, before the horizon ${horizon}`,
      });
    }
    if (population.isDemo)
      warn({
        code: 'DEMO_POPULATION',
        message: 'the population projection is demo data (is_demo); the figures are not real',
      });
    const sexMF =
      Number(
        await db.value<number>(
          `SELECT count(*) FROM population_projection WHERE ${sel} AND sex IN ('M', 'F')`,
        ),
      ) > 0;
    const sexes: readonly string[] = sexMF ? SEXES : ['T'];
    if (!sexMF) {
      warn({
        code: 'SEXES_COMBINED',
        message: `projection ${chosen.table_id} (${chosen.vintage}) is not by sex: rates are estimated for both sexes together`,
      });
    }
    // Events and population by sex, or both sexes together when the projection is not by sex.
    const sexOf = (col: string) => (sexMF ? col : `'T'`);
    const sexFilter = (col: string) => (sexMF ? `${col} IN ('M', 'F')` : 'TRUE');
    const projSex = sexMF ? `p.sex IN ('M', 'F')` : `p.sex = 'T'`;

    // --- age bands: as asked; else 0–4 … 90+ when they fit the projection's age groups, else those groups
    const groups = await db.all<{ age_from: number; age_to: number | null }>(
      `SELECT DISTINCT age_from, age_to FROM population_projection WHERE ${sel} ORDER BY age_from, age_to`,
    );
    const fits = (bs: AgeBand[]) =>
      groups.every((g) =>
        bs.some(
          (b) => g.age_from >= b.from && (b.to === null || (g.age_to !== null && g.age_to <= b.to)),
        ),
      );
    let bands = makeAgeBands(input.bandBounds ?? DEFAULT_AGE_BANDS);
    if (!input.bandBounds && !fits(bands)) {
      bands = makeAgeBands([...new Set(groups.map((g) => g.age_from))].sort((a, b) => a - b));
      warn({
        code: 'AGE_BANDS_FROM_PROJECTION',
        message: `the default 5-year age bands cut the projection's age groups; using its groups: ${bands.map((b) => b.label).join(', ')}`,
      });
    }

    // --- age bands and the mapping of municipalities to areas
    await create(
      'bands',
      `SELECT * FROM (VALUES ${bandValuesSql(bands, (v) => lit(v))}) AS b(band, age_from, age_to, label)`,
    );
    // Single age → band, for equality joins (range joins on millions of rows are slow).
    await create(
      'ages',
      `SELECT a.age, b.band FROM range(0, 131) a(age) JOIN ${t('bands')} b ON a.age >= b.age_from AND (b.age_to IS NULL OR a.age <= b.age_to)`,
    );
    const bandJoin = (age: string) => `JOIN ${t('ages')} b ON b.age = ${age}`;
    const hasMunHff =
      (await tableExists(db, 'municipality')) &&
      (await columnExists(db, 'municipality', 'hff_code'));
    const hffSource = hasMunHff
      ? `SELECT code AS municipality_code, hff_code, 1.0 AS weight FROM municipality`
      : (await tableExists(db, 'catchment'))
        ? `SELECT municipality_code, hff_code, 1.0 / count(*) OVER (PARTITION BY municipality_code) AS weight
           FROM (SELECT DISTINCT municipality_code, hff_code FROM catchment)`
        : `SELECT NULL::VARCHAR AS municipality_code, NULL::VARCHAR AS hff_code, NULL::DOUBLE AS weight WHERE FALSE`;
    await create('hff', hffSource);
    if (input.areaLevel === 'hff') {
      const n = await db.value<number>(`SELECT count(*) FROM ${t('hff')}`);
      if (Number(n) === 0)
        throw new UsageError(
          'NO_GEOGRAPHY',
          'the workspace has no municipality → helsefellesskap mapping (municipality.hff_code or catchment); it is installed with the geography',
        );
      await create(
        'area',
        `SELECT municipality_code, hff_code AS area_code, weight FROM ${t('hff')}`,
      );
    } else {
      await create(
        'area',
        `SELECT DISTINCT municipality_code, municipality_code AS area_code, 1.0 AS weight FROM population`,
      );
    }
    const knownAreas = (
      await db.all<{ a: string }>(`SELECT DISTINCT area_code AS a FROM ${t('area')} ORDER BY 1`)
    ).map((r) => r.a);
    let areas: string[];
    if (input.areas === 'all' || input.areas.length === 0) areas = knownAreas;
    else {
      const unknown = input.areas.filter((a) => !knownAreas.includes(a));
      if (unknown.length) {
        throw new UsageError(
          'UNKNOWN_AREA',
          `unknown ${input.areaLevel === 'hff' ? 'helsefellesskap' : 'municipality'} ${unknown.join(', ')}; known: ${knownAreas.slice(0, 25).join(', ')}${knownAreas.length > 25 ? ' …' : ''}`,
        );
      }
      areas = [...input.areas];
    }

    // --- events of every line in the base years
    const usable: ServiceLineDef[] = [];
    const skipped = new Map<string, string[]>(); // reason → line ids
    const tableRows = new Map<string, number>();
    for (const def of input.lines) {
      const table = sourceTableName(def);
      if (!tableRows.has(table)) {
        const exists = table !== '' && (await tableExists(db, table));
        tableRows.set(
          table,
          exists ? Number(await db.value<number>(`SELECT count(*) FROM ${ident(table)}`)) : -1,
        );
      }
      const rows = tableRows.get(table)!;
      if (rows <= 0) {
        const reason = rows === 0 ? `${table} is empty` : `there is no table ${table}`;
        skipped.set(reason, [...(skipped.get(reason) ?? []), def.id]);
        continue;
      }
      usable.push(def);
    }
    for (const [reason, ids] of skipped) {
      warn({
        code: 'LINES_SKIPPED',
        message: `${ids.length} service line${ids.length > 1 ? 's' : ''} skipped because ${reason}: ${ids.join(', ')}`,
      });
    }
    if (usable.length === 0)
      throw new UsageError(
        'NO_SERVICE_DATA',
        'no service line has data in the workspace; load registry extracts first',
      );
    // Base years: the period asked for, else the latest years (of the last ten with population)
    // in which the service lines have events.
    const popYears = (
      await db.all<{ y: number }>(`SELECT DISTINCT year::INTEGER AS y FROM population ORDER BY 1`)
    ).map((r) => r.y);
    const candidates = input.basePeriod
      ? range(input.basePeriod.from, input.basePeriod.to).filter((y) => !input.exclude.includes(y))
      : popYears.slice(-10).filter((y) => !input.exclude.includes(y));
    if (candidates.length === 0)
      throw new UsageError(
        'NO_BASE_PERIOD',
        'no base years are left (no population loaded, or every year excluded)',
      );
    // Relations that join other tables are computed once for all the lines that read them.
    const relations = new Map<string, string>();
    for (const table of sharedSourceTables(usable)) {
      await create(`src_${table}`, sourceRelationSql(table, candidates));
      relations.set(table, `${tag}_src_${table}`);
    }
    await create(
      'ev',
      usable.map((d) => lineEventsSql(d, candidates, relations)).join('\nUNION ALL\n'),
    );
    let baseYears = candidates;
    if (!input.basePeriod) {
      // A year counts when every source table with data has events in it (extracts end at
      // different years; ongoing municipal decisions reach into years no other extract covers).
      const rows = await db.all<{ line_id: string; y: number }>(
        `SELECT DISTINCT split_part(line_id, ':', 1) AS line_id, year AS y FROM ${t('ev')} WHERE events > 0`,
      );
      const tableOf = new Map(usable.map((d) => [d.id, sourceTableName(d)]));
      const byTable = new Map<string, Set<number>>();
      for (const r of rows) {
        const tbl = tableOf.get(r.line_id) ?? r.line_id;
        byTable.set(tbl, (byTable.get(tbl) ?? new Set<number>()).add(r.y));
      }
      const withEvents = candidates.filter(
        (y) => byTable.size > 0 && [...byTable.values()].every((ys) => ys.has(y)),
      );
      baseYears = withEvents.slice(-input.baseYearCount);
      if (baseYears.length === 0)
        throw new UsageError(
          'NO_BASE_PERIOD',
          `no service line has events in a year with population (${candidates.join(', ')})`,
        );
      warn({
        code: 'BASE_PERIOD_INFERRED',
        message: `base period: ${baseYears.join(', ')} (the latest years with population and events in every source${input.exclude.length ? `, without ${input.exclude.join(', ')}` : ''})`,
      });
    }
    const baseYear = baseYears[baseYears.length - 1]!;
    if (population.startYear !== baseYear) {
      warn({
        code: 'BASE_YEAR_MISMATCH',
        message: `the base year (${baseYear}) differs from the projection's start year (${population.startYear}, ${chosen.table_id} vintage ${chosen.vintage}): rates from ${baseYear} are applied to SSB's projected population, whose starting population is ${population.startYear}`,
      });
    }

    // Events that cannot be placed (unknown sex, age or area) are left out of the rates; say how many.
    const lost = await db.all<{ line_id: string; total: number; lost: number }>(
      `SELECT split_part(line_id, ':', 1) AS line_id, ${exactSum('events')} AS total,
         ${exactSum(
           'events',
           `${sexMF ? `sex NOT IN ('M', 'F') OR sex IS NULL OR ` : ''}age IS NULL OR age < 0
           OR (rate_level = 'municipality' AND municipality_code IS NULL)
           OR (rate_level = 'county' AND county_code IS NULL)
           OR (rate_level = 'hff' AND municipality_code NOT IN (SELECT municipality_code FROM ${t('hff')}))`,
         )} AS lost
       FROM ${t('ev')} WHERE year IN ${inList(baseYears)} GROUP BY 1 ORDER BY 1`,
    );
    for (const r of lost) {
      if (Number(r.lost) > 0) {
        warn({
          code: 'EVENTS_UNPLACED',
          message: `service line ${r.line_id}: ${Number(r.lost)} of ${Number(r.total)} base-period events have unknown sex, age or area and are left out of the rates`,
        });
      }
    }

    // --- person-years of the base period
    await create(
      'mpy',
      `SELECT p.municipality_code, ${sexOf('p.sex')} AS sex, b.band, ${exactSum('p.population')}::DOUBLE AS py
      FROM population p ${bandJoin('p.age')} WHERE p.year IN ${inList(baseYears)} AND p.sex IN ('M', 'F') GROUP BY ALL`,
    );
    const pyYears = (
      await db.all<{ year: number }>(
        `SELECT DISTINCT year FROM population WHERE year IN ${inList(baseYears)} ORDER BY 1`,
      )
    ).map((r) => r.year);
    const missingYears = baseYears.filter((y) => !pyYears.includes(y));
    if (missingYears.length)
      throw new UsageError(
        'NO_BASE_POPULATION',
        `the population table has no rows for base year(s) ${missingYears.join(', ')}; load SSB population (1 January) for them`,
      );
    await create(
      'py',
      `
      SELECT 'municipality' AS rate_level, municipality_code AS rate_area, sex, band, ${exactSum('py')} AS py FROM ${t('mpy')} GROUP BY ALL
      UNION ALL SELECT 'county', substr(municipality_code, 1, 2), sex, band, ${exactSum('py')} FROM ${t('mpy')} GROUP BY ALL
      UNION ALL SELECT 'hff', h.hff_code, sex, band, ${exactSum('py * h.weight')} FROM ${t('mpy')} JOIN ${t('hff')} h USING (municipality_code) GROUP BY ALL
      UNION ALL SELECT 'national', 'NO', sex, band, ${exactSum('py')} FROM ${t('mpy')} GROUP BY ALL`,
    );

    // --- base rates (pooled over the base years), zero where population had no events
    await create(
      'evb',
      `
      WITH ev AS (SELECT e.* REPLACE (${sexOf('e.sex')} AS sex), b.band FROM ${t('ev')} e ${bandJoin('e.age')} WHERE ${sexFilter('e.sex')} AND e.year IN ${inList(baseYears)})
      SELECT line_id, rate_level, rate_area, sex, band, ${exactSum('value')} AS value, ${exactSum('events')} AS events FROM (
        SELECT line_id, rate_level, CASE rate_level WHEN 'municipality' THEN municipality_code WHEN 'county' THEN county_code ELSE 'NO' END AS rate_area,
          sex, band, value, events FROM ev WHERE rate_level <> 'hff'
        UNION ALL
        SELECT line_id, rate_level, h.hff_code, sex, band, value * h.weight, events * h.weight FROM ev JOIN ${t('hff')} h USING (municipality_code) WHERE rate_level = 'hff'
      ) WHERE rate_area IS NOT NULL GROUP BY ALL`,
    );
    // --- the cells rates are computed from, collapsed for disclosure control (rate-groups.ts)
    const { tooFew, pooled } = await collapseRateCells({
      db,
      t,
      create,
      threshold: input.disclosureThreshold ?? 0,
      family: lineFamilies(
        (
          await db.all<{ line_id: string }>(`SELECT DISTINCT line_id FROM ${t('evb')} ORDER BY 1`)
        ).map((r) => r.line_id),
        input.splitParents ?? {},
      ),
    });
    if (tooFew.length)
      warn({
        code: 'LINE_TOO_FEW_EVENTS',
        message: `${tooFew.length} service line${tooFew.length > 1 ? 's have' : ' has'} from 1 to ${input.disclosureThreshold} base-period events in the whole country and cannot be published: ${tooFew.join(', ')}`,
      });
    await create(
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
    const unmatched = await db.all<{ line_id: string; n: number }>(
      `SELECT split_part(e.line_id, ':', 1) AS line_id, ${exactSum('e.events')} AS n FROM ${t('evb')} e ANTI JOIN ${t('py')} p USING (rate_level, rate_area, sex, band) GROUP BY 1`,
    );
    for (const r of unmatched) {
      if (Number(r.n) > 0)
        warn({
          code: 'EVENTS_NO_POPULATION',
          message: `service line ${r.line_id}: ${Number(r.n)} base-period events are in areas or bands without population and are left out`,
        });
    }
    const lineIds = (
      await db.all<{ line_id: string }>(`SELECT DISTINCT line_id FROM ${t('rates')} ORDER BY 1`)
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

    // --- every municipality of an area with the rate area it takes its rates from, per rate level
    const hffMap =
      input.areaLevel === 'hff'
        ? `SELECT a.area_code, a.municipality_code, a.weight, 'hff' AS rate_level, a.area_code AS rate_area FROM ${t('area')} a`
        : `SELECT a.area_code, a.municipality_code, a.weight * h.weight, 'hff', h.hff_code FROM ${t('area')} a JOIN ${t('hff')} h USING (municipality_code)`;
    await create(
      'amap',
      `
      SELECT a.area_code, a.municipality_code, a.weight, 'municipality' AS rate_level, a.municipality_code AS rate_area FROM ${t('area')} a
      UNION ALL SELECT a.area_code, a.municipality_code, a.weight, 'county', substr(a.municipality_code, 1, 2) FROM ${t('area')} a
      UNION ALL ${hffMap}
      UNION ALL SELECT a.area_code, a.municipality_code, a.weight, 'national', 'NO' FROM ${t('area')} a`,
    );

    // --- population: base year (registered) and projected years
    const straddle = groups.find(
      (g) =>
        !bands.some(
          (b) => g.age_from >= b.from && (b.to === null || (g.age_to !== null && g.age_to <= b.to)),
        ),
    );
    if (straddle) {
      throw new UsageError(
        'PROJECTION_AGE_GROUPS',
        `the projection's age group ${straddle.age_from}–${straddle.age_to ?? ''} does not fit inside one of the age bands; choose bands whose bounds match the projection's age groups`,
      );
    }
    await create(
      'pop',
      `
      SELECT '~base' AS alternative, p.year, p.municipality_code, ${sexOf('p.sex')} AS sex, b.band, ${exactSum('p.population')}::DOUBLE AS pop
        FROM population p ${bandJoin('p.age')} WHERE p.year = ${int(baseYear)} AND p.sex IN ('M', 'F') GROUP BY ALL
      UNION ALL
      SELECT p.alternative, p.year, p.region_code, p.sex, b.band, ${exactSum('p.population')}::DOUBLE
        FROM population_projection p JOIN ${t('ages')} b ON b.age = p.age_from
        WHERE ${sel} AND p.alternative IN ${inList(alternatives)} AND ${projSex} AND p.year > ${int(baseYear)} AND p.year <= ${int(horizon)}
        GROUP BY ALL`,
    );
    const unmapped = await db.value<number>(
      `SELECT count(DISTINCT municipality_code) FROM ${t('pop')} WHERE municipality_code NOT IN (SELECT municipality_code FROM ${t('area')})`,
    );
    if (Number(unmapped) > 0)
      warn({
        code: 'POPULATION_UNMAPPED',
        message: `${Number(unmapped)} municipality codes in the population tables belong to no area and are left out`,
      });

    // Areas the loaded projection does not cover are left out ('all') or refused (asked for by name).
    const covered = new Set(
      (
        await db.all<{ a: string }>(
          `SELECT DISTINCT a.area_code AS a FROM ${t('area')} a JOIN ${t('pop')} p USING (municipality_code) WHERE p.alternative <> '~base'`,
        )
      ).map((r) => r.a),
    );
    const uncovered = areas.filter((a) => !covered.has(a));
    if (uncovered.length) {
      if (input.areas !== 'all' && input.areas.length > 0) {
        throw new UsageError(
          'NO_PROJECTION_FOR_AREA',
          `the loaded population projection (${chosen.table_id}, vintage ${chosen.vintage}) does not cover ${uncovered.join(', ')}; load SSB's projection for its municipalities`,
        );
      }
      warn({
        code: 'AREAS_NOT_COVERED',
        message: `the population projection does not cover ${uncovered.length} of ${areas.length} areas; left out: ${uncovered.join(', ')}`,
      });
      areas = areas.filter((a) => covered.has(a));
      if (areas.length === 0)
        throw new UsageError(
          'NO_PROJECTION_FOR_AREA',
          'the loaded population projection covers none of the areas',
        );
    }

    const years = (
      await db.all<{ y: number }>(
        `SELECT DISTINCT year::INTEGER AS y FROM ${t('pop')} WHERE alternative <> '~base' ORDER BY 1`,
      )
    ).map((r) => r.y);

    return {
      rateCells: {
        threshold: input.disclosureThreshold ?? 0,
        linesLeftOut: tooFew,
        pooledAreas: pooled,
      },
      lineIds,
      areas,
      population,
      bands,
      baseYears,
      baseYear,
      years,
      sexes,
      dispose,
      async baseRates() {
        // one row per cell a rate is computed from (after the collapse): its bands, sexes, area
        const rows = await db.all(
          `SELECT r.line_id, r.g_area AS rate_area, r.g_sex AS sex,
             CASE WHEN bool_or(b.age_to IS NULL) THEN min(b.age_from) || '+' ELSE min(b.age_from) || '-' || max(b.age_to) END AS band,
             any_value(r.g_events) AS events, any_value(r.g_value) AS value, any_value(r.g_py) AS person_years,
             any_value(r.rate) AS rate
           FROM ${t('rates')} r JOIN ${t('bands')} b USING (band)
           GROUP BY r.line_id, r.rate_level, r.g_area, r.g_sex, r.g_band
           ORDER BY r.line_id, r.g_area, r.g_sex, r.g_band`,
        );
        return rows as unknown as BaseRateRow[];
      },
      async volumes(area: string) {
        if (!created.includes('vol')) {
          // All selected areas at once, then cheap per-area reads. Σ over the municipalities m of
          // an area of w_m × rate × pop_m is summed per rate area first, rate × Σ w_m × pop_m
          // (the same sum regrouped: one product per rate area instead of one per municipality),
          // and on small integer codes for area, line, alternative, sex and rate area.
          const codes = (name: string, col: string, values: readonly string[]) =>
            create(
              name,
              `SELECT * FROM (VALUES ${values.map((v, i) => `(${str(v)}, ${int(i)})`).join(', ')}) AS c(${col}, i)`,
            );
          await codes('aix', 'area_code', areas);
          await codes('lix', 'line_id', lineIds);
          await codes('altx', 'alternative', ['~base', ...population.alternatives]);
          await create(
            'rax',
            `SELECT rate_level, rate_area, (row_number() OVER (ORDER BY rate_level, rate_area))::INTEGER AS i FROM (SELECT DISTINCT rate_level, rate_area FROM ${t('rates')})`,
          );
          const sexIdx = (col: string) => `(${col} = 'M')::INTEGER`; // index into SEXES, or 0 for 'T'
          await create(
            'rk',
            `SELECT l.i AS li, x.i AS ra, ${sexIdx('r.sex')} AS si, r.band::INTEGER AS band, r.rate, r.rate_prev
             FROM ${t('rates')} r JOIN ${t('lix')} l USING (line_id) JOIN ${t('rax')} x USING (rate_level, rate_area)`,
          );
          await create(
            'popr',
            `SELECT a.i AS ai, x.i AS ra, ${sexIdx('p.sex')} AS si, p.band::INTEGER AS band, v.i - 1 AS alt, p.year::INTEGER AS year,
               ${exactSum('m.weight * p.pop')}::DOUBLE AS wpop
             FROM ${t('amap')} m JOIN ${t('aix')} a USING (area_code) JOIN ${t('rax')} x USING (rate_level, rate_area)
             JOIN ${t('pop')} p USING (municipality_code) JOIN ${t('altx')} v USING (alternative) GROUP BY ALL`,
          );
          await create(
            'vol',
            `SELECT p.ai, r.li, p.alt, p.year, p.si, p.band, ${exactSum('r.rate * p.wpop')}::DOUBLE AS demo, ${exactSum('r.rate_prev * p.wpop')}::DOUBLE AS prev
             FROM ${t('popr')} p JOIN ${t('rk')} r USING (ra, si, band) GROUP BY ALL`,
          );
          await create(
            'popa',
            `SELECT a.area_code, p.alternative, p.year::INTEGER AS year, ${exactSum('a.weight * p.pop')}::DOUBLE AS pop
             FROM ${t('area')} a JOIN ${t('pop')} p USING (municipality_code) WHERE a.area_code IN ${inList(areas)} GROUP BY ALL`,
          );
          await create(
            'eva',
            `SELECT m.area_code, r.line_id, r.sex, r.band::INTEGER AS band, ${exactSum('CASE WHEN r.py > 0 THEN m.weight * r.events * y.py / r.py ELSE 0 END')}::DOUBLE AS n
             FROM ${t('amap')} m JOIN ${t('rates')} r USING (rate_level, rate_area)
             JOIN ${t('mpy')} y ON y.municipality_code = m.municipality_code AND y.sex = r.sex AND y.band = r.band
             WHERE m.area_code IN ${inList(areas)} GROUP BY ALL`,
          );
        }
        const v = await columnsOf(
          db,
          `SELECT li, alt, year, si, band, demo, prev FROM ${t('vol')} WHERE ai = $1 ORDER BY li, alt, year, si, band`,
          [areas.indexOf(area)],
        );
        const pop = await db.all<{ alternative: string; year: number; pop: number }>(
          `SELECT alternative, year, pop FROM ${t('popa')} WHERE area_code = $1 ORDER BY alternative, year`,
          [area],
        );
        const ev = await db.all<{ line_id: string; sex: string; band: number; n: number }>(
          `SELECT line_id, sex, band, n FROM ${t('eva')} WHERE area_code = $1 ORDER BY line_id, sex, band`,
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
      },
    };
  } catch (e) {
    await dispose();
    throw e;
  }
}
