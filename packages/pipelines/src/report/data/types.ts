/**
 * What the report's data gathering produces: the disclosed tables and, beside them, what the
 * page needs to say about them — the definitions with their titles in both languages, the
 * indicators' units, directions and targets, the scenario and the Monte Carlo settings, the SSB
 * tables and the runs the numbers come from. Words a reader sees come from the definitions
 * (`{ nb, en }`) or the language catalogue; nothing here is English-only text for the page.
 */
import type {
  DisclosedTable,
  IndicatorLevel,
  ProgressFn,
  RunRecorder,
  Scenario,
} from '@felles/core';
import type { LocalText } from '@felles/text';
import type { ReportIndicators } from './indicators.js';
import type { ReportLang } from './text.js';

/** Sections of the report (the same keys as the HTML's `ReportSectionKey`). */
export type ReportSection =
  'summary' | 'population' | 'priorityGroups' | 'indicators' | 'projections' | 'dental' | 'methods';

/** Options of `gatherReportData`. */
export interface GatherReportOptions {
  /** Data year; default the newest year with cohort counts, else the newest population year. */
  year?: number;
  /** Projection horizon (default 2040, capped by the projection loaded). */
  horizon?: number;
  /** Projection scenario (default the built-in baseline). */
  scenario?: Scenario;
  /** Monte Carlo runs of the projection (default {@link REPORT_MONTE_CARLO_RUNS}; 0 = none). */
  runs?: number;
  /** Seed of the Monte Carlo draws (default {@link REPORT_MONTE_CARLO_SEED}). */
  seed?: number;
  /** Language of the "not available" reasons and notes. */
  lang?: ReportLang;
  /** Skip the samhandling indicators. */
  skipIndicators?: boolean;
  /**
   * The indicators already computed for this report (`computeReportIndicators`, e.g. by
   * `felles demo`): used instead of computing them again when they are for the same report year,
   * years and levels; otherwise ignored.
   */
  indicators?: ReportIndicators;
  /** Skip the projection (it is the slowest step). */
  skipProjection?: boolean;
  /** The report run: definitions and SSB tables used are recorded in its manifest. */
  run?: RunRecorder;
  progress?: ProgressFn;
}

/** Monte Carlo runs of the report's projection unless told otherwise. */
export const REPORT_MONTE_CARLO_RUNS = 500;

/** Seed of the report's Monte Carlo draws unless told otherwise (the same seed, the same figures). */
export const REPORT_MONTE_CARLO_SEED = 1;

/** The disclosed tables of the report. */
export interface ReportDataTables {
  population?: DisclosedTable;
  populationTrend?: DisclosedTable;
  cohortPrevalence?: DisclosedTable;
  cohortOverlap?: DisclosedTable;
  cohortServiceUse?: DisclosedTable;
  /** One disclosed table per indicator (`runIndicators`). */
  indicators?: DisclosedTable[];
  /** Data-quality flags of the indicators (`indicatorQuality`). */
  indicatorQuality?: DisclosedTable;
  projectionSummary?: DisclosedTable;
  projectionSeries?: DisclosedTable;
  projectionDecomposition?: DisclosedTable;
  projectionUncertainty?: DisclosedTable;
  /** The dental module's tables: utilisation and caries are drawn, all are exported. */
  dentalUtilisation?: DisclosedTable;
  dentalCaries?: DisclosedTable;
  dentalRecall?: DisclosedTable;
  dentalCrossSector?: DisclosedTable;
}

/** Kinds of definitions listed in the methods appendix. */
export type DefinitionKind =
  'cohort' | 'indicator' | 'scenario' | 'serviceLine' | 'dental' | 'codelist';

/** A definition used by the report, with its texts in both languages. */
export interface ReportDefinition {
  kind: DefinitionKind;
  id: string;
  version: string;
  title: LocalText;
  description?: LocalText;
  /** Citation of the published work(s) the definition follows. */
  source?: string;
}

/** What the page needs to know about an indicator besides its rows. */
export interface ReportIndicatorInfo {
  id: string;
  version: string;
  title: LocalText;
  /** Short title (at most 31 characters) for narrow columns. */
  shortTitle?: LocalText;
  description: LocalText;
  caveat?: LocalText;
  /** Unit code (`per_1000`, `per_cent`, `per_person`, `ratio`, `percentage_points`). */
  unit: string;
  direction: 'higher_is_better' | 'lower_is_better' | 'neutral';
  /** `none`: no confidence interval by design. */
  confidence: 'poisson' | 'wilson' | 'none';
  standardisation: 'none' | 'direct';
  kind: 'rate' | 'growth-comparison' | 'median';
  /** True when the indicator has targets (none by design otherwise). */
  hasTargets: boolean;
  /** Denominator kind: a public population or counted events/members. */
  denominator: 'population' | 'events' | 'cohort';
  qualityDimension: string;
  tags: readonly string[];
  needsLinkage: boolean;
  /** Breakdowns: label and value labels. */
  breakdowns: ReadonlyArray<{
    id: string;
    partition: boolean;
    label?: LocalText;
    values: ReadonlyArray<{ code: string; label?: LocalText }>;
  }>;
}

/** The projection scenario as the report states it. */
export interface ReportScenario {
  id: string;
  version: string;
  title: LocalText;
  description?: LocalText;
  /** The years the base rates were pooled over (the ones used). */
  basePeriod: readonly number[];
  /** Years the scenario asked for when it names a count (`{ years: 3 }`), else undefined. */
  basePeriodAsked?: number;
  horizon: number;
  alternatives: readonly string[];
  /** Monte Carlo runs and seed (runs 0: SSB alternatives only). */
  monteCarlo: { runs: number; seed: number };
  factors: Scenario['factors'];
}

/** Everything the report is built from. */
export interface ReportData {
  hfs: Array<{
    code: string;
    name: string;
    shortName: string;
    counties: Array<{ code: string; name: string }>;
    /** Municipalities of the community (code → short name), for the level switch. */
    municipalities: Array<{ code: string; name: string }>;
  }>;
  year: number;
  /** Population year of the "now" figures (the report year when loaded). */
  populationYear: number;
  horizon?: number;
  tables: ReportDataTables;
  unavailable: Partial<Record<ReportSection, string>>;
  /** Indicators of the report by id (units, directions, targets, titles). */
  indicatorInfo: Record<string, ReportIndicatorInfo>;
  /** Levels the indicator tables hold. */
  indicatorLevels: readonly IndicatorLevel[];
  methods: {
    definitions: ReportDefinition[];
    codelists: ReportDefinition[];
    scenario?: ReportScenario;
    /** Service lines by id: label and unit code. */
    serviceLines: Record<string, { label: LocalText; unit: string }>;
    ssbTables: Array<{ tableId: string; vintage?: string | number; isDemo?: boolean }>;
    /** Population years loaded. */
    populationYears: readonly number[];
    standardPopulation?: string;
    sourceRuns: Array<{ id: string; command: string; startedAt: string }>;
    /** Notes in the report's language. */
    notes: string[];
  };
  /** Labels of the dental priority groups by id, in both languages. */
  dentalGroups?: Record<string, LocalText>;
  /** True when the workspace holds synthetic demo data. */
  synthetic: boolean;
}
