/**
 * Data gathering for the steering report: every table queried and disclosed, ready for
 * `buildReport`. See docs/report.md.
 */
export {
  gatherReportData,
  type GatherReportOptions,
  type ReportData,
  type ReportDataTables,
  type ReportSection,
  type ReportDefinition,
  type ReportIndicatorInfo,
  type ReportScenario,
  type DefinitionKind,
} from './gather.js';
export { REPORT_MONTE_CARLO_RUNS, REPORT_MONTE_CARLO_SEED } from './types.js';
export { reportPopulation, reportPopulationTrend, newestProjection } from './population.js';
export {
  reportCohortPrevalence,
  reportCohortServiceUse,
  type ReportCohortInfo,
} from './cohorts.js';
export {
  computeReportIndicators,
  reportIndicatorYears,
  reportIndicatorsUsable,
  requireReportYear,
  REPORT_INDICATOR_LEVELS,
  type ReportIndicators,
} from './indicators.js';
export type { ReportLang } from './text.js';
export {
  dentalReportSection,
  type DentalReportSection,
  type DentalChartRow,
  type DentalChartReference,
  type DentalTrendRow,
} from './dental.js';
