/**
 * Projections: base rates × SSB's projected population, named change factors, decomposition,
 * capacity and seeded Monte Carlo, for hospital and municipal service lines alike.
 * See `docs/projections.md`.
 */
export {
  project,
  lineParents,
  baseYearsOf,
  MAX_HORIZON,
  DEFAULT_HORIZON,
  type ProjectionTarget,
} from './project.js';
export {
  loadScenario,
  validateScenario,
  builtinScenario,
  builtinScenarioIds,
  loadServiceLines,
  validateServiceLines,
  builtinServiceLines,
  matchesPattern,
  validRange,
  SCENARIOS_DIR,
  SERVICE_LINES_DIR,
} from './definitions.js';
export { makeAgeBands, bandMidpoint, DEFAULT_AGE_BANDS } from './age-bands.js';
export {
  phase,
  fullEffect,
  effectAt,
  computeVolumes,
  computeTotals,
  type CellBlock,
  type BoundFactor,
} from './factors.js';
export { bindFactors } from './bind.js';
export {
  capacitySettings,
  capacityTerms,
  DEFAULT_CAPACITY,
  type CapacityTerm,
} from './capacity.js';
export { Random, quantileSorted, Z80 } from './random.js';
export { lineEventsSql, sharedSourceTables, sourceRelationSql } from './sources.js';
export {
  monthlyActivity,
  monthlyReason,
  type MonthlyActivity,
  type MonthlyActivityRow,
} from './monthly.js';
export {
  projectionSummary,
  discloseProjection,
  projectionTables,
  baseEventsMeasure,
  projectionAreaId,
  PROJECTION_TABLE_ORDER,
  type SummaryRow,
  type DiscloseProjectionOptions,
  type DisclosedProjection,
} from './output.js';
export {
  hindcast,
  HINDCAST_BASE_YEARS,
  type HindcastOptions,
  type HindcastRow,
  type HindcastResult,
} from './hindcast.js';
export type { ObservedVolume } from './observed-population.js';
export type * from './types.js';
