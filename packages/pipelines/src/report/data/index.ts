/**
 * Data gathering for the steering report: every table queried and disclosed, ready for
 * `@felles/charts`' `buildReport`. See docs/report.md.
 */
export {
  gatherReportData,
  type GatherReportOptions,
  type ReportData,
  type ReportDataTables,
  type ReportSection,
} from './gather.js';
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
export { reportText, type ReportLang } from './text.js';
export {
  dentalReportSection,
  type DentalReportSection,
  type DentalChartRow,
  type DentalChartReference,
  type DentalTrendRow,
} from './dental.js';
