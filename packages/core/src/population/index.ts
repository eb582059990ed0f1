/**
 * SSB population and projections in the workspace: loading (with harmonisation to the structure
 * year and a reconciliation of every file) and summaries. See docs/ssb-formats.md.
 */
export { ingestPopulation } from './ingest-population.js';
export { ingestProjection, type IngestProjectionOptions } from './ingest-projection.js';
export type {
  IngestSsbOptions,
  IngestSsbResult,
  SsbFileReconciliation,
  ReportedRows,
} from './common.js';
export { parseAgeGroups, DEFAULT_AGE_GROUPS, type AgeGroup } from './age-groups.js';
export {
  populationSummary,
  populationSummaryArrow,
  type PopulationSummary,
  type PopulationSummaryOptions,
  type PopulationSummaryRow,
} from './summary.js';
