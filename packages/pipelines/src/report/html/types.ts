/**
 * Input of the report assembler: core's disclosed tables and what the report says about them.
 * The assembler reads figures and tables only from the rows of `DisclosedTable`s, so nothing it
 * draws has bypassed disclosure control; `docs/report.md` lists the columns each table has.
 */
import type { Lang, ManifestLike } from '@felles/charts';
import type { DisclosedTable, Scalar } from '@felles/core';

/** A cell of a disclosed table. */
export type ReportCell = Scalar;

/** A row of a disclosed table (hidden cells are `null`, the `suppressed` column says why). */
export type ReportRow = DisclosedTable['rows'][number];

/** A table that has passed disclosure control. */
export type ReportTable = DisclosedTable;

/** One helsefellesskap. */
export interface ReportHf {
  code: string;
  /** Full name, `Helsefellesskapet Telemark`. */
  name: string;
  /** Short name, `Telemark`. */
  shortName: string;
  /** Counties (code → name) its municipalities lie in, for the dental section. */
  counties?: ReadonlyArray<{ code: string; name: string }>;
}

/** The report's sections, in order. */
export type ReportSectionKey =
  'summary' | 'population' | 'priorityGroups' | 'indicators' | 'projections' | 'dental' | 'methods';

/** The disclosed tables the report draws from; any may be absent (the section says so). */
export interface ReportTables {
  /**
   * `report_population`: `hff_code`, `year`, `age_group`, `age_from`, `sex` (M/F), `population`
   * (registered 1 January for the report year, projected main alternative for the horizon).
   */
  population?: ReportTable;
  /**
   * `report_population_trend`: `hff_code` (and `NO`), `series` (`registered` or an SSB
   * alternative code), `year`, `population`.
   */
  populationTrend?: ReportTable;
  /**
   * `report_cohort_prevalence`: `cohort_id`, `year`, `area_code` (19 codes + `NO`), `members`,
   * `population`, `crude`, `crude_lower`, `crude_upper`, `dsr`, `dsr_lower`, `dsr_upper`
   * (per 1 000), attributes `cohort_title`, `priority_group`, `version`.
   */
  cohortPrevalence?: ReportTable;
  /** core's `cohort_overlap`: `hff_code`, `cohort_a`, `cohort_b`, `n_a`, `n_both`, `share_pct`. */
  cohortOverlap?: ReportTable;
  /**
   * `report_cohort_service_use`: `cohort_id`, `year`, `area_code`, `members`, contacts per level
   * `specialist`, `primary`, `municipal` and `<level>_per_person`.
   */
  cohortServiceUse?: ReportTable;
  /**
   * Samhandling indicators: one disclosed table per indicator as core's `discloseIndicator` makes
   * it (`indicator_id`, `year`, `level`, `area_code`, breakdown columns with total `all`, `value`,
   * `lower`, `upper`, `unit`, `target`, `meets_target`, …). Rows of levels `helsefellesskap`
   * and `national` (area `NO`) and the `all` value of every breakdown are drawn.
   */
  indicators?: readonly ReportTable[];
  /** core's `projection_summary` (see `discloseProjection`). */
  projectionSummary?: ReportTable;
  /** core's `projection_series` (volume per line, alternative and year). */
  projectionSeries?: ReportTable;
  /** core's `projection_decomposition`. */
  projectionDecomposition?: ReportTable;
  /** core's `projection_uncertainty` (Monte Carlo), optional. */
  projectionUncertainty?: ReportTable;
  /**
   * The dental module's utilisation table (`dental_utilisation`): `year`, `county_code` (and
   * `NO`), `county_name`, `group_id`, `group_label`, `entitled`, `share_examined` (per cent),
   * `examined_lower`, `examined_upper`.
   */
  dentalUtilisation?: ReportTable;
  /**
   * The dental module's caries table: `year`, `county_code`, `county_name`, `age`,
   * `caries_index`, `share_caries_free` (per cent), `caries_free_lower`, `caries_free_upper`.
   */
  dentalCaries?: ReportTable;
  /** Exported beside the report, not drawn. */
  dentalRecall?: ReportTable;
  /** Exported beside the report, not drawn. */
  dentalCrossSector?: ReportTable;
}

/** A change factor of the projection scenario, as the report spells it out. */
export interface ReportScenarioFactor {
  id: string;
  type: string;
  label?: string;
  lines?: readonly string[];
  from?: string;
  to?: string;
  start: number;
  target: number;
  realisation?: number;
  value?: number;
  interval?: readonly [number, number];
  note?: string;
}

/** What the methods appendix lists. */
export interface ReportMethods {
  /** Every definition used (cohorts, indicators, scenario, service lines). */
  definitions: ReadonlyArray<{
    kind: string;
    id: string;
    version: string;
    title?: string;
    source?: string;
  }>;
  codelists: ReadonlyArray<{ id: string; version: string; title?: string; source?: string }>;
  scenario?: {
    id: string;
    version: string;
    title: string;
    description?: string;
    basePeriod?: string;
    horizon?: number;
    alternatives?: readonly string[];
    factors: readonly ReportScenarioFactor[];
  };
  ssbTables: ReadonlyArray<{
    tableId: string;
    vintage?: string | number;
    what: string;
    isDemo?: boolean;
  }>;
  /** Standard population used for directly standardised rates, e.g. `Norge 2024`. */
  standardPopulation?: string;
  /** Earlier runs the numbers come from (id, command, when). */
  sourceRuns?: ReadonlyArray<{ id: string; command: string; startedAt: string }>;
  /** Free notes (data-quality warnings, demo data). */
  notes?: readonly string[];
}

/** Everything the report is built from, for all 19 communities at once. */
export interface ReportInput {
  /** All helsefellesskap, in their official order. */
  hfs: readonly ReportHf[];
  /** The report year (data year; population 1 January of it). */
  year: number;
  /** Population year of the "now" figures (default `year`). */
  populationYear?: number;
  /** Projection horizon year (e.g. 2040), when projections are available. */
  horizon?: number;
  /** The report run's manifest (its id goes in every caption). */
  manifest: ManifestLike & { startedAt?: string; toolVersion?: string };
  tables: ReportTables;
  /** Why a section has no data (section key → reason in the report's language). */
  unavailable?: Partial<Record<ReportSectionKey, string>>;
  methods: ReportMethods;
  /** True when the data are synthetic (a banner says so on every page). */
  synthetic?: boolean;
}

/** Options of `buildReport`. */
export interface BuildReportOptions {
  /** Helsefellesskap code. */
  hf: string;
  lang?: Lang;
  /** Render a PNG of every figure as well (default false). */
  png?: boolean;
  /** PNG scale (default 2). */
  pngScale?: number;
  /** File name of the index page, for a link back (with `--all`). */
  indexHref?: string;
}

/** A figure of a report. */
export interface ReportFigure {
  /** Stable id within the report, e.g. `fig-population-pyramid`; also the file name. */
  id: string;
  title: string;
  /** The Vega-Lite spec (JSON-serialisable). */
  spec: unknown;
  svg: string;
  png?: Uint8Array;
}

/** What `buildReport` returns. */
export interface BuiltReport {
  html: string;
  figures: ReportFigure[];
  /** Sections that show a "not available" note, with the reason. */
  unavailable: Array<{ section: ReportSectionKey; reason: string }>;
}
