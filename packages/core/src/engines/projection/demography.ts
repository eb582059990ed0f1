import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { checkBandsFitGroups, chooseBands } from './age-bands.js';
import { createAreaMap, createGeographyTables } from './areas.js';
import {
  createVolumeTables,
  readAreaVolumes,
  readBaseRates,
  type AreaVolumes,
} from './area-volumes.js';
import {
  candidateYears,
  checkExplicitBaseYears,
  createBaseEvents,
  inferBaseYears,
  shortYears,
  tableActivity,
  type TableActivity,
  usableLines,
} from './base-period.js';
import { cohortCoverage } from './cohort-coverage.js';
import {
  createBaseRates,
  createPersonYears,
  rateLineIds,
  warnUnplacedEvents,
} from './base-rates.js';
import { chooseProjection, type PopulationSource } from './population-source.js';
import {
  checkStartPopulation,
  coveredAreas,
  createPopulationTable,
  projectedYears,
} from './projected-population.js';
import {
  createObservedPopulationTable,
  observedPopulation,
  observedVolumes,
  type ObservedVolume,
} from './observed-population.js';
import { TempTables } from './temp-tables.js';
import type {
  AgeBand,
  BaseRateRow,
  ProjectionAreaLevel,
  ProjectionWarning,
  RateCells,
  ServiceLineDef,
} from './types.js';

export { SEXES, type PopulationSource } from './population-source.js';
export type { AreaVolumes } from './area-volumes.js';
export type { ObservedVolume } from './observed-population.js';

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
  /**
   * A hindcast: the events of these later years are read as well, to be compared with what the
   * projection gives for them (years incomplete in a source are left out with a warning); with
   * population `observed` the registered population of those years stands in for SSB's
   * projection.
   */
  hindcast?: { population: 'observed' | 'projection'; years: readonly number[] };
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
  /** A hindcast's observed activity per area × line × year (empty without `hindcast`). */
  observed(): Promise<ObservedVolume[]>;
  dispose(): Promise<void>;
}

/**
 * Build the SQL side of a projection inside DuckDB (temp tables, all set-based), step by step:
 *
 * 1. the population projection (vintage, alternatives, sexes, age groups) and the age bands;
 * 2. bands, ages and the mapping of municipalities to areas;
 * 3. events of every service line in the candidate base years, by line × year × municipality ×
 *    sex × age, and the base years: asked for (each with data in every source, none far below
 *    the others), or the latest complete years; cohort lines need their cohorts in every base
 *    year;
 * 4. base rates per line × rate area × sex × age band = Σ events / Σ person-years over the base
 *    years (pooled), 0 where the band had population and no events, computed on cells collapsed
 *    for disclosure control (rate-groups.ts);
 * 5. population by municipality × sex × band for the base year (`population`) and for every
 *    projected year and alternative (`population_projection`), whose start must match the
 *    registered population;
 * 6. per area (on the first read): Σ over its municipalities of weight × rate × population
 *    (`demo`) and of weight × rate of the band below × population (`prev`, for healthy ageing).
 */
export async function prepareProjection(input: PrepareInput): Promise<Prepared> {
  const { db, horizon, warn } = input;
  const tt = new TempTables(db);
  try {
    const observedMode = input.hindcast?.population === 'observed';
    const chosen = observedMode
      ? await observedPopulation(db)
      : await chooseProjection({
          db,
          regionLevel: input.regionLevel,
          ...(input.vintage !== undefined ? { vintage: input.vintage } : {}),
          ...(input.alternatives ? { alternatives: input.alternatives } : {}),
          horizon,
          warn,
        });
    const { population, sex, groups } = chosen;
    const bands = chooseBands(groups, input.bandBounds, warn);
    let areas = await createGeographyTables(tt, bands, input.areaLevel, input.areas);

    const usable = await usableLines(db, input.lines, warn);
    const candidates = await candidateYears(db, input.basePeriod, input.exclude);
    const later = (input.hindcast?.years ?? []).filter((y) => !candidates.includes(y));
    await createBaseEvents(tt, usable, [...candidates, ...later]);
    const activity = await tableActivity(tt, usable);
    if (input.basePeriod) checkExplicitBaseYears(activity, candidates);
    const baseYears = input.basePeriod
      ? candidates
      : inferBaseYears(activity, candidates, input.baseYearCount, input.exclude, warn);
    const leftOut = await cohortCoverage(db, usable, baseYears, warn);
    const baseYear = baseYears[baseYears.length - 1]!;
    const targets = input.hindcast ? hindcastYears(activity, baseYears, later, warn) : [];
    if (!observedMode && population.startYear !== baseYear) {
      warn({
        code: 'BASE_YEAR_MISMATCH',
        message: `the base year (${baseYear}) differs from the projection's start year (${population.startYear}, ${population.tableId} vintage ${population.vintage}): rates from ${baseYear} are applied to SSB's projected population, whose starting population is ${population.startYear}`,
      });
    }
    await warnUnplacedEvents(tt, sex, baseYears, warn);

    await createPersonYears(tt, sex, baseYears);
    const threshold = input.disclosureThreshold ?? 0;
    const { tooFew, pooled } = await createBaseRates(tt, sex, baseYears, warn, {
      threshold,
      splitParents: input.splitParents ?? {},
    });
    const lineIds = await rateLineIds(
      tt,
      usable.filter((d) => !leftOut.has(d.id)),
      baseYears,
      warn,
    );
    await createAreaMap(tt, input.areaLevel);

    checkBandsFitGroups(groups, bands);
    if (observedMode) await createObservedPopulationTable(tt, baseYear, targets);
    else await createPopulationTable(tt, chosen, baseYear, horizon, warn);
    areas = await coveredAreas(tt, chosen, areas, input.areas, warn);
    if (!observedMode) await checkStartPopulation(tt, chosen, areas, warn);
    let years = await projectedYears(tt);
    if (input.hindcast) years = years.filter((y) => targets.includes(y));

    return {
      rateCells: { threshold, linesLeftOut: tooFew, pooledAreas: pooled },
      lineIds,
      areas,
      population,
      bands,
      baseYears,
      baseYear,
      years,
      sexes: sex.sexes,
      dispose: () => tt.dispose(),
      observed: () =>
        input.hindcast
          ? observedVolumes(tt, lineIds, areas, years, sex.bySex)
          : Promise.resolve([]),
      baseRates: () => readBaseRates(tt),
      async volumes(area: string) {
        if (!tt.has('vol'))
          await createVolumeTables(tt, {
            areas,
            lineIds,
            alternatives: population.alternatives,
          });
        return readAreaVolumes(tt, areas.indexOf(area), area);
      },
    };
  } catch (e) {
    await tt.dispose();
    throw e;
  }
}

/**
 * The years a hindcast compares: the later years asked for that are complete in every source
 * table with data (no year with no events or far fewer than the base years,
 * {@link shortYears}); the others are named in a warning (`HINDCAST_YEAR_INCOMPLETE`). Refuses
 * a hindcast with no year left (`NO_HINDCAST_YEARS`).
 */
function hindcastYears(
  activity: TableActivity,
  baseYears: readonly number[],
  later: readonly number[],
  warn: (w: ProjectionWarning) => void,
): number[] {
  const short = shortYears(activity, [...baseYears, ...later]).filter((s) =>
    later.includes(s.year),
  );
  const left = later.filter((y) => !short.some((s) => s.year === y));
  const dropped = later.filter((y) => !left.includes(y));
  if (dropped.length)
    warn({
      code: 'HINDCAST_YEAR_INCOMPLETE',
      message: `${dropped.join(', ')} left out of the hindcast: a source has no or far fewer events than in the other years (${short
        .filter((s) => dropped.includes(s.year))
        .map((s) => `${s.table} ${s.year}: ${Math.round(s.events)}`)
        .join('; ')})`,
    });
  if (left.length === 0)
    throw new UsageError(
      'NO_HINDCAST_YEARS',
      `no year after the base period ${baseYears.join(', ')} has complete data to compare with (${later.join(', ') || 'none loaded'})`,
    );
  return left;
}
