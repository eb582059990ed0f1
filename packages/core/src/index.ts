/**
 * @felles/core — the library behind the felles command line: workspace, intake, cohorts,
 * indicators, statistics, projections and disclosure control. This file is its public API; what
 * is not exported here is internal and may change. See docs/architecture.md.
 */

export * as sql from './kernel/sql.js';
// Kernel: the database, SQL quoting, errors, progress
export { type Cell, Db, type DbOptions, type Params, type Row } from './kernel/db.js';
export * from './kernel/errors.js';
export { systemError } from './kernel/system-errors.js';
export { toolVersion } from './kernel/util/paths.js';
export { noProgress, type ProgressEvent, type ProgressFn } from './kernel/util/progress.js';
export { describeYears } from './kernel/util/years.js';

// Reference data: geography, population, standard populations, ICD-10 chapters
export {
  type AreaDetails,
  geoLookup,
  type HospitalAreaRef,
  type MapTarget,
  type MunicipalityChange,
} from './reference/geo/describe.js';
export {
  findHelsefellesskap,
  type Helsefellesskap,
  helsefellesskapMunicipalities,
} from './reference/geo/helsefellesskap.js';
export {
  type AreaListLevel,
  type County,
  geographyCounts,
  listAreas,
  resolveCounties,
} from './reference/geo/list.js';
export type { AreaLevel, AreaRef, LookupOptions } from './reference/geo/lookup.js';
export { type AgeGroup, DEFAULT_AGE_GROUPS } from './reference/population/age-groups.js';
export {
  populationSummary,
  type PopulationSummary,
  populationSummaryArrow,
  type PopulationSummaryOptions,
  type PopulationSummaryRow,
} from './reference/population/summary.js';
export { populationYears } from './reference/population/years.js';
export {
  getStandardPopulation,
  resolveStandardPopulation,
  type StandardPopulation,
  type StandardStratum,
  type StratumSex,
  type WorkspaceStandardOptions,
  workspaceStandardPopulation,
} from './reference/standard-population.js';

// The workspace: folder, settings, run manifests, lineage
export { lineage, type Lineage, type LineageFile, type LineageRun } from './workspace/lineage.js';
export {
  type ManifestInput,
  type ManifestOutput,
  type ManifestRunRef,
  type RunManifest,
  RunRecorder,
} from './workspace/manifest.js';
export {
  type CohortInputs,
  recordWorkspaceInputs,
  type WorkspaceInputsOptions,
} from './workspace/run-inputs.js';
export {
  belowConventionNotice,
  resolveThreshold,
  type ThresholdChoice,
  type ThresholdSource,
} from './workspace/threshold.js';
export {
  CONFIG_FILE,
  DB_FILE,
  type InitOptions,
  machineDuckdbDefaults,
  type OpenOptions,
  Workspace,
} from './workspace/workspace.js';

// Intake: registry extracts and SSB files into the workspace
export {
  type FileReconciliation,
  type IngestOptions,
  ingestRegistry,
  type IngestResult,
} from './intake/registry/ingest.js';
export type {
  MappingProfile,
  ProfileFile,
  RegistryKind,
  ResolvedProfile,
} from './intake/registry/profile.js';
export {
  type RemovedFile,
  removeIngested,
  type RemoveOptions,
  type RemoveResult,
} from './intake/remove.js';
export type {
  IngestSsbOptions,
  IngestSsbResult,
  ReportedRows,
  SsbFileReconciliation,
} from './intake/ssb/common.js';
export { ingestPopulation } from './intake/ssb/ingest-population.js';
export { ingestProjection, type IngestProjectionOptions } from './intake/ssb/ingest-projection.js';

// Synthetic data for demos, tests and benchmarks
export { type CalibrationOptions, type CalibrationRow, checkSynthetic } from './synth/check.js';
export { generateSynthetic, SYNTH_MANIFEST, type SynthManifest } from './synth/generate.js';
export {
  DEMO_MARKER,
  type DemoMarker,
  isDemoWorkspace,
  isSyntheticWorkspace,
} from './synth/marker.js';
export {
  DEFAULT_SEED,
  type ResolvedSynthOptions,
  resolveSynthOptions,
  type SynthFormat,
  type SynthOptions,
  type SynthScale,
} from './synth/options.js';
export { type SynthIntervention } from './synth/intervention.js';
export { DEMO_PROJECTION_BASE, DEMO_PROJECTION_TABLE } from './synth/projection.js';

// The catalogue of canonical sources
export { COHORT_DDL, ensureCohortTables, hasCohortTables } from './catalogue/cohort-tables.js';
export { SPECIALIST_CONTACT } from './catalogue/sources/specialist-episode.js';

// Statistics: rates, intervals, standardisation, funnels, variation
export * from './stats/index.js';

// Disclosure control: the only way out
export { disclose, type DiscloseOptions } from './disclosure/disclose.js';
export { DisclosedTable } from './disclosure/disclosed-table.js';
export { suppressionReasonText } from './disclosure/reason-text.js';
export {
  type AreaDecomposition,
  areaHierarchy,
  type AreaHierarchy,
} from './disclosure/geography.js';
export {
  AREA,
  DisclosureRun,
  type DisclosureRunOptions,
  type RunAudit,
  type SealedRun,
} from './disclosure/run.js';
export type {
  AggregateRow,
  CellIdentity,
  ColumnInfo,
  ColumnRole,
  ColumnType,
  DerivedSource,
  DimensionSpec,
  DisclosureSchema,
  DisclosureSummary,
  Scalar,
  SuppressionFlag,
  TableMetadata,
} from './disclosure/schema.js';

// Export writers (disclosed tables only)
export * from './export/index.js';

// Cohorts: priority groups defined as data
export {
  type CodelistCatalogue,
  type CodelistFile,
  codelistFiles,
  type CodelistInfo,
  type CodelistMeta,
} from './engines/cohorts/codelists.js';
export {
  COHORT_MEMBERS_MEASURE,
  cohortAreaId,
  cohortOverlapMetadata,
  cohortOverlapTable,
  type CountsView,
  publishCohortOverlap,
  publishCohortTables,
  type PublishedCohortTables,
  type ScoresView,
} from './engines/cohorts/disclosed.js';
export { type CohortLibrary, loadCohortLibrary } from './engines/cohorts/library.js';
export { cohortSql, type OverlapRow } from './engines/cohorts/query.js';
export {
  latestDataYear,
  runCohorts,
  type RunCohortsOptions,
  type RunCohortsResult,
  type SkippedCohort,
} from './engines/cohorts/run.js';

// Risk stratification
export {
  runRisk,
  type RunRiskOptions,
  type RiskResult,
  type RiskModelResult,
  RISK_SCORE_TABLE,
  bandLabels,
  type RiskLevel,
  loadRiskModel,
  type RiskModelDefinition,
  type RiskOutcome,
  type RiskTerm,
  type RiskValidation,
} from './engines/risk/index.js';

// Benefit measurement
export {
  runBenefit,
  type RunBenefitOptions,
  type BenefitResult,
  loadEnrolment,
  type MatchedResult,
  type MatchedEstimate,
  type BalanceRow,
  type DidResult,
  type DidEstimate,
  type DidCell,
} from './engines/benefit/index.js';

// Indicators
export {
  type IndicatorBreakdownColumn,
  indicatorBreakdowns,
  isBreakdownTotal,
} from './engines/indicators/breakdowns.js';
export {
  type CompiledIndicator,
  compileIndicator,
  type CompileIndicatorOptions,
} from './engines/indicators/compile.js';
export { medianSql } from './engines/indicators/median.js';
export { unitMultiplier } from './engines/indicators/compute.js';
export { GRAINS, grainReason, type Grain } from './engines/indicators/grain.js';
export { type IndicatorProblem, loadIndicatorLibrary } from './engines/indicators/library.js';
export {
  indicatorQuality,
  type IndicatorQualityOptions,
  QUALITY_THRESHOLDS,
  qualityFields,
} from './engines/indicators/quality.js';
export {
  type IndicatorRunItem,
  indicatorYears,
  runIndicators,
  type RunIndicatorsOptions,
  type RunIndicatorsResult,
} from './engines/indicators/run.js';
export {
  type AgeRange,
  type Breakdown,
  type BreakdownValue,
  type CountSpec,
  type Denominator,
  INDICATOR_LEVELS,
  type IndicatorDefinition,
  type IndicatorFilter,
  type IndicatorLevel,
  type IndicatorSourceName,
  type IndicatorTarget,
  type IndicatorUnit,
  type LoadedIndicator,
  type Measure,
} from './engines/indicators/types.js';

// Projections of demand
export {
  builtinScenario,
  builtinServiceLines,
  loadScenario,
  loadServiceLines,
  matchesPattern,
} from './engines/projection/definitions.js';
export {
  type DisclosedProjection,
  discloseProjection,
  type DiscloseProjectionOptions,
  PROJECTION_TABLE_ORDER,
  projectionTables,
  baseEventsMeasure,
  projectionAreaId,
  type SummaryRow,
} from './engines/projection/output.js';
export { baseYearsOf, project, type ProjectionTarget } from './engines/projection/project.js';
export { hindcast, type HindcastResult } from './engines/projection/hindcast.js';
export { lineEventsSql } from './engines/projection/sources.js';
export {
  monthlyActivity,
  monthlyReason,
  type MonthlyActivity,
  type MonthlyActivityRow,
} from './engines/projection/monthly.js';
export type {
  AgeBand,
  BasePeriod,
  BaseRateRow,
  CapacityRow,
  CapacityRule,
  CapacitySettings,
  CareLevel,
  ChangeFactor,
  DecompositionRow,
  FactorType,
  LineFilter,
  LineMeasure,
  ProjectionAreaLevel,
  ProjectionMeta,
  ProjectionResult,
  ProjectionWarning,
  ProjectOptions,
  RateCells,
  Scenario,
  SeriesRow,
  ServiceLineDef,
  SourceTable,
  UncertaintyRow,
} from './engines/projection/types.js';

// Short-term forecasts of monthly series
export { autoEts, type EtsFit } from './engines/forecast/ets-fit.js';
export { forecastEts } from './engines/forecast/ets-forecast.js';
export {
  etsName,
  type EtsParams,
  type EtsSeason,
  type EtsSpec,
  type EtsTrend,
} from './engines/forecast/ets-model.js';
export {
  fitHoltWinters,
  forecastHoltWinters,
  type HoltWintersFit,
  type HoltWintersParams,
} from './engines/forecast/holt-winters.js';
export { seasonalNaive } from './engines/forecast/seasonal-naive.js';
export { combineForecasts } from './engines/forecast/combination.js';
export {
  rollingOrigin,
  type BacktestPlan,
  type BacktestWindow,
  type MethodScore,
} from './engines/forecast/rolling-origin.js';
export {
  forecastSeries,
  type SeriesForecast,
  type SeriesForecastOptions,
} from './engines/forecast/forecast-series.js';
export type {
  ForecastMethod,
  ForecastPath,
  MethodForecast,
  PredictionInterval,
} from './engines/forecast/types.js';

// The public dental service
export {
  type CrossSectorRow,
  DEFAULT_CROSS_SECTOR_COHORTS,
  crossSector as dentalCrossSector,
} from './engines/dental/cross-sector.js';
export { type EntitledRow, entitledSql } from './engines/dental/entitled.js';
export {
  share as dentalShare,
  MEAN_METHOD,
  meanWithCi,
  SHARE_METHOD,
} from './engines/dental/measures.js';
export { classifySql, dropDental, prepareDental, rulesTableSql } from './engines/dental/prepare.js';
export {
  cariesByCounty,
  DEFAULT_CARIES_AGES,
  recallIntervals,
  utilisationByClinic,
  utilisationByCounty,
} from './engines/dental/queries.js';
export {
  type GroupBasis,
  groupLabel,
  loadPriorityGroups,
  type PersonFacts,
  type PriorityGroup,
  type PriorityGroupDefinition,
  type PriorityPeriod,
  type RuleRow,
} from './engines/dental/rules.js';

// Quality checks of the loaded extracts
export { validateWorkspace } from './engines/quality/validate.js';
