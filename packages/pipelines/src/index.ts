/**
 * @felles/pipelines — the jobs made of core and charts steps: the synthetic demo end to end, the
 * steering report (data gathered and disclosed, HTML assembled, files written), and the helpers
 * a national batch run uses. The CLI, the benchmarks and the examples call these; see
 * docs/architecture.md.
 */
export { runDemo, type DemoOptions, type DemoResult, type DemoStep } from './demo/run-demo.js';
export {
  writeReports,
  ensureReportExportPath,
  REPORT_EXPORT_PATH,
  type WriteReportsResult,
  type WriteReportsOptions,
} from './report/write.js';
export * from './report/data/index.js';
export * from './report/html/index.js';
export { dentalAnalysis, DENTAL_TABLE_ORDER } from './dental/publish.js';
export { dentalCells } from './dental/cells.js';
export {
  dentalTableInputs,
  type DentalInputs,
  dentalYears,
  countyNames,
  type DentalOptions,
  type DentalTarget,
  type DentalTables,
  type DentalAnalysis,
} from './dental/analysis.js';
export {
  dentalDemand,
  demandLines,
  buildDemandTables,
  DEFAULT_PRODUCTIVITY,
  type ProductivityRatios,
  type DentalDemandOptions,
  type DemandRow,
  type DentalDemand,
} from './dental/demand.js';
export {
  runForecast,
  monthlyServiceLines,
  MIN_MONTHS,
  type ForecastRun,
  type ForecastRunOptions,
  type ForecastSeriesResult,
} from './forecast/run-forecast.js';
export { FORECAST_SCHEMAS } from './forecast/tables.js';
export {
  hindcastTables,
  hindcastSummary,
  hindcastMethod,
  pairShown,
  HINDCAST_TABLE_ORDER,
  type HindcastShownRow,
  type HindcastSummaryRow,
} from './hindcast/tables.js';
