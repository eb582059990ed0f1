/**
 * Public dental service (DOT): priority groups by date (tannhelsetjenesteloven § 1-3), entitled
 * population, utilisation, caries, recall, cross-sector use and demand. See `docs/dental.md`.
 */
export * from './rules.js';
export {
  rulesTableSql,
  classifySql,
  prepareDental,
  dropDental,
  DENTAL_TEMP_TABLES,
} from './prepare.js';
export { entitledSql, entitledPopulation, type EntitledRow } from './entitled.js';
export { meanWithCi, share as dentalShare, SHARE_METHOD, MEAN_METHOD } from './measures.js';
export {
  DEFAULT_CARIES_AGES,
  utilisationByCounty,
  utilisationByClinic,
  cariesByCounty,
  recallIntervals,
} from './queries.js';
export {
  crossSector as dentalCrossSector,
  DEFAULT_CROSS_SECTOR_COHORTS,
  type CrossSectorRow,
} from './cross-sector.js';
