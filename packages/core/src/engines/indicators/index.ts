/**
 * Indicators as data: versioned JSON definitions (schemas/indicator.schema.json) compiled to
 * DuckDB SQL at every geography level, the felles statistics on the aggregates, a comparison
 * frame across the 19 helsefellesskap, and disclosed exports. See docs/indicators.md.
 */
export * from './types.js';
export {
  compileIndicator,
  definitionCohorts,
  filterSql,
  type CompileIndicatorOptions,
  type CompiledIndicator,
} from './compile.js';
export { medianSql } from './median.js';
export { medianStat } from './no-interval.js';
export {
  computeIndicator,
  targetFor,
  unitLabel,
  unitMultiplier,
  type ComputeIndicatorOptions,
  type IndicatorRow,
  type IndicatorStatus,
} from './compute.js';
export {
  GRAINS,
  grainBreakdown,
  grainReason,
  withGrain,
  applyGrain,
  GRAIN_REASONS,
  PERIOD_MONTH,
  type Grain,
  type GrainReason,
} from './grain.js';
export {
  INDICATORS_DIR,
  INDICATOR_SCHEMA_FILE,
  WORKSPACE_INDICATORS_SUBDIR,
  assertValidIndicator,
  indicatorProblems,
  loadIndicatorLibrary,
  type IndicatorProblem,
} from './library.js';
export {
  compareRows,
  areaPopulation,
  rowKey,
  COMPARED_LEVELS,
  type ComparisonFields,
} from './comparison.js';
export {
  areaFrame,
  areaId,
  indicatorSchema,
  indicatorCells,
  countMeasure,
  breakdownCoordinate,
  COHORT_MEMBERS,
  presentParents,
  indicatorTableName,
  type AreaFrame,
} from './disclosed.js';
export {
  publishIndicators,
  type IndicatorToPublish,
  type PublishIndicatorsOptions,
} from './publish-indicators.js';
export {
  runIndicators,
  indicatorYears,
  dataVintage,
  selectIndicators,
  type RunIndicatorsOptions,
  type RunIndicatorsResult,
  type IndicatorRunItem,
} from './run.js';
export {
  indicatorBreakdowns,
  isBreakdownTotal,
  type IndicatorBreakdownColumn,
} from './breakdowns.js';
export {
  indicatorQuality,
  qualityFields,
  QUALITY_THRESHOLDS,
  type IndicatorQualityOptions,
} from './quality.js';
