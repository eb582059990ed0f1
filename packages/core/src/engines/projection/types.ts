/**
 * Types of the projection engine: service-line definitions, scenarios, options and results.
 * The model and every formula are described in `docs/projections.md`.
 */
import type { LocalText } from '@felles/text';

/** Level of care a service line belongs to. Task transfer moves volume between levels. */
export type CareLevel = 'hospital' | 'municipality' | 'dental' | 'cohort';

/** Canonical tables (or an aggregate table) a service line can count from. */
export type SourceTable =
  | 'specialist_episode'
  | 'hospital_stay'
  | 'primary_contact'
  | 'municipal_service'
  | 'dental_record'
  | 'cohort_member'
  | 'aggregate';

/** What a service line measures. */
export type LineMeasure =
  | { kind: 'count' }
  | { kind: 'persons' }
  /** Sum of a named quantity of the source (see `docs/projections.md`, "Sources"). */
  | { kind: 'sum'; of: 'bed_days' | 'service_days' | 'hours' | 'value' };

/** One structured filter: `column op values`. Columns are checked against the source's list. */
export interface LineFilter {
  column: string;
  op: 'in' | 'not_in' | 'prefix' | 'is_null' | 'not_null' | 'eq';
  values?: Array<string | number | boolean>;
}

/** Capacity a line's volume is converted into (parameters come from the scenario). */
export interface CapacityRule {
  /** `beds`/`places`: days / (365 × occupancy); `rooms`: consultations / (days × hours × per room-hour); `ratio`: volume × share / per. */
  kind: 'beds' | 'places' | 'rooms' | 'ratio';
  /** Name of the resource in the output, e.g. `beds`, `long-stay places`, `nurse FTE`. */
  resource: string;
  /** Key into the scenario's occupancy table (e.g. `somatic`, `long_stay`); default `default`. */
  occupancyKey?: string;
  /** `ratio`: units of volume per unit of resource (e.g. 80 patients per nurse FTE). */
  per?: number;
  /** `ratio`: share of the line's volume that needs this resource (default 1). */
  share?: number;
}

/**
 * A service line as data: which canonical table, which filters, which measure, how it is split
 * into sub-lines, where its rates are estimated and which capacity it drives.
 */
export interface ServiceLineDef {
  id: string;
  version: string;
  /** Label in both languages. */
  label: LocalText;
  level: CareLevel;
  /** Sector or service group the line belongs to (used for per-sector occupancy defaults). */
  sector?: string;
  /** Unit of the volume, e.g. `stays`, `bed days`, `consultations`, `users`, `hours`. */
  unit: string;
  source: {
    table: SourceTable;
    /** For `aggregate` sources: the table name (columns year, municipality_code, sex, age, value, events). */
    name?: string;
    filters?: LineFilter[];
  };
  measure: LineMeasure;
  /** Split into sub-lines `id:group` by a dimension. */
  split?: { by: 'icd10_chapter' | 'need_level' | 'priority_group' | 'sector' };
  /** Geography the rates are estimated at; they are then applied to every municipality within. */
  rateArea?: 'municipality' | 'county' | 'hff' | 'national';
  capacity?: CapacityRule[];
  /** A line whose source table is missing or empty is skipped with a warning instead of failing. */
  optional?: boolean;
  note?: string;
}

/** Change-factor types (see `docs/projections.md`, "Change factors"). */
export type FactorType =
  'trend' | 'healthy_ageing' | 'task_transfer' | 'care_shift' | 'los_reduction' | 'efficiency';

/** A named change factor in a scenario. Exactly one of `value` and `interval`. */
export interface ChangeFactor {
  id: string;
  type: FactorType;
  label?: LocalText;
  /** Line ids or patterns with `*` (multiplicative factors). */
  lines?: string[];
  /** Transfer/shift: the line volume moves from … */
  from?: string;
  /** … to this line. */
  to?: string;
  /** Transfer/shift: units of `to` per unit of `from` (default 1, which conserves volume). */
  ratio?: number;
  /** Transfer/shift: further lines reduced by the same share (e.g. bed days with stays). */
  companions?: string[];
  /** Healthy ageing: first age the shift applies to (default 65). */
  fromAge?: number;
  start: number;
  target: number;
  /** Share of the full effect realised at the target year, 0–1 (default 1). */
  realisation?: number;
  value?: number;
  /** Low and high end, read as the 80 % range of a normal distribution in Monte Carlo. */
  interval?: [number, number];
  note?: string;
}

/** Occupancy, opening hours and ratios that turn projected volumes into capacity. */
export interface CapacitySettings {
  /** Occupancy by key (sector or service group); `default` is used when a key is missing. */
  occupancy: Record<string, number>;
  outpatient: { openingDays: number; hoursPerDay: number; consultationsPerRoomHour: number };
  /** Extra ratio rules added to lines (by id or pattern). */
  ratios: Array<{ lines: string[] } & CapacityRule>;
}

/**
 * Years the base rates are pooled over: `from`–`to`, or (without them) the latest `years`
 * (default 3) with population and events; `exclude` drops years such as 2020 either way.
 */
export interface BasePeriod {
  from?: number;
  to?: number;
  years?: number;
  exclude?: number[];
}

/** A scenario file (schema `definitions/scenarios/scenario.schema.json`). */
export interface Scenario {
  id: string;
  version: string;
  title: LocalText;
  description?: LocalText;
  basePeriod?: BasePeriod;
  horizon?: number;
  ageBands?: number[];
  /** Weights of the population alternatives in Monte Carlo (they need not sum to 1). */
  alternatives?: Record<string, number>;
  /** Service lines (ids or patterns); default all built-in lines. */
  serviceLines?: string[];
  factors: ChangeFactor[];
  capacity?: Partial<Omit<CapacitySettings, 'outpatient'>> & {
    outpatient?: Partial<CapacitySettings['outpatient']>;
  };
}

/** An age band `[from, to]`; `to` null means open ("90+"). */
export interface AgeBand {
  index: number;
  from: number;
  to: number | null;
  label: string;
}

/** What the areas of a projection are: helsefellesskap or municipalities. */
export type ProjectionAreaLevel = 'hff' | 'municipality';

/** Options of {@link project}. */
export interface ProjectOptions {
  /** Helsefellesskap codes (or municipality codes with `areaLevel: 'municipality'`); `'all'` or empty = all. */
  areas?: string[] | 'all';
  areaLevel?: ProjectionAreaLevel;
  /** A scenario object (already parsed); default the built-in baseline. */
  scenario?: Scenario;
  /** Service-line definitions; default the built-in ones. */
  serviceLines?: ServiceLineDef[];
  /** Overrides the scenario's base period. */
  basePeriod?: BasePeriod;
  /** Last projection year (≤ 2050). */
  horizon?: number;
  /** SSB alternatives to use; default every alternative loaded for the vintage. */
  alternatives?: string[];
  /** Vintage of `population_projection`; default the newest loaded. */
  vintage?: number;
  /** `region_level` of municipality rows in `population_projection` (default `municipality`). */
  projectionRegionLevel?: string;
  ageBands?: number[];
  /** Return the base rates (per line × rate area × sex × band; large at municipality level). */
  includeBaseRates?: boolean;
  /**
   * The disclosure threshold the results will be published under: the cells rates are computed
   * from are collapsed until each has 0 or more events than this (`RateCells`). Default 0 (a rate
   * per cell): such results cannot pass disclosure control at a higher threshold.
   */
  disclosureThreshold?: number;
  /** Monte Carlo runs (0 = deterministic only). */
  runs?: number;
  seed?: number;
  progress?: import('../../kernel/util/progress.js').ProgressFn;
}

/** Something about the inputs a projection's reader should know (carried in its output). */
export interface ProjectionWarning {
  code: string;
  message: string;
}

/** One line × area × alternative × year. `base` is the modelled base-year volume. */
export interface SeriesRow {
  area_code: string;
  line_id: string;
  /**
   * Base-period events behind the area's rates for this line (whole number; for lines whose rates
   * are estimated per county, the area's expected share). The protected count for disclosure.
   */
  base_events: number;
  alternative: string;
  table_id: string;
  vintage: number;
  year: number;
  /** Population of the area in the year (registered in the base year, projected after), rounded to whole persons. */
  population: number;
  base: number;
  /** Rates × projected population (no change factors). */
  demography: number;
  /** With every change factor applied. */
  volume: number;
  change: number;
  change_pct: number | null;
}

/** Waterfall: change from base split into demography, each factor and the interaction remainder. */
export interface DecompositionRow {
  area_code: string;
  line_id: string;
  base_events: number;
  alternative: string;
  year: number;
  component: string;
  value: number;
}

/** Capacity needed per area, line, alternative and year (beds, places, rooms, FTEs). */
export interface CapacityRow {
  area_code: string;
  line_id: string;
  base_events: number;
  alternative: string;
  year: number;
  resource: string;
  base: number;
  value: number;
  formula: string;
}

/** Monte Carlo quantiles for one line (or resource) × area × year. */
export interface UncertaintyRow {
  area_code: string;
  line_id: string;
  base_events: number;
  /** `volume` or a resource name. */
  quantity: string;
  year: number;
  p10: number;
  p50: number;
  p90: number;
  runs: number;
  seed: number;
}

/** A base-period rate of a service line in one rate cell (area, sex, age band). */
export interface BaseRateRow {
  line_id: string;
  rate_area: string;
  sex: string;
  band: string;
  events: number;
  value: number;
  person_years: number;
  rate: number;
}

/**
 * How the base-period cells that rates are computed from were collapsed for disclosure control
 * (age bands merged, sexes combined, rate areas pooled until each has 0 or more than `threshold`
 * events); `threshold` 0 = not collapsed. Disclosure control refuses a projection collapsed at a
 * lower threshold than its own.
 */
export interface RateCells {
  threshold: number;
  /** Lines with 1..threshold events in the whole country: not projected. */
  linesLeftOut: string[];
  /** Rate areas sharing a pooled rate (summed over line families and rate levels). */
  pooledAreas: number;
}

/** What a projection was made from: scenario, lines, base period, population table, rate cells. */
export interface ProjectionMeta {
  rateCells: RateCells;
  scenario: { id: string; version: string; title: LocalText };
  serviceLines: Array<{
    id: string;
    version: string;
    label: LocalText;
    level: CareLevel;
    unit: string;
  }>;
  basePeriod: { from: number; to: number; exclude: number[]; years: number[] };
  baseYear: number;
  horizon: number;
  years: number[];
  ageBands: string[];
  areaLevel: ProjectionAreaLevel;
  areas: string[];
  population: {
    tableId: string;
    vintage: number;
    alternatives: string[];
    startYear: number;
    isDemo: boolean;
  };
  monteCarlo?: { runs: number; seed: number; weights: Record<string, number> };
  /** Sub-line → the unsplit line it is a part of (same source, filters and measure). */
  lineParents: Record<string, string>;
}

/** What {@link project} returns: the series, summary, decomposition, capacity and base rates. */
export interface ProjectionResult {
  meta: ProjectionMeta;
  warnings: ProjectionWarning[];
  series: SeriesRow[];
  decomposition: DecompositionRow[];
  capacity: CapacityRow[];
  uncertainty: UncertaintyRow[];
  /** Empty unless `includeBaseRates`. */
  baseRates: BaseRateRow[];
}
