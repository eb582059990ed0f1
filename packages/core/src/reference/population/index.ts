/**
 * Population as reference data: age groups, summaries of the loaded population by area, and the
 * region and municipality-code harmonisation SSB figures are read with. Loading SSB files is
 * intake's (docs/ssb-formats.md).
 */
export { populationYears } from './years.js';
export { parseAgeGroups, DEFAULT_AGE_GROUPS, type AgeGroup } from './age-groups.js';
export {
  populationSummary,
  populationSummaryArrow,
  type PopulationSummary,
  type PopulationSummaryOptions,
  type PopulationSummaryRow,
} from './summary.js';
