/**
 * Statistics on aggregated numbers: crude rates, proportions, direct and indirect
 * standardisation, funnel plots with overdispersion, and SKDE-style variation across areas.
 * Methods and references: `docs/statistics.md`.
 */
export {
  DEFAULT_CONFIDENCE_LEVEL,
  type StatRow,
  type StatMethodId,
  type ConfidenceOptions,
} from './types.js';
export {
  chiSquareQuantile,
  normalQuantile,
  zForLevel,
  poissonCdf,
  binomialCdf,
} from './distributions.js';
export * from './poisson-limits.js';
export * from './crude-rate.js';
export * from './proportion.js';
export * from './direct-standardisation.js';
export * from './collapsing-dsr.js';
export * from './indirect-standardisation.js';
export * from './funnel.js';
export * from './growth-difference.js';
export * from './overdispersion.js';
export * from './variation.js';
export { cholesky, choleskySolve, choleskyInverse, type Matrix } from './cholesky.js';
export * from './logistic-regression.js';
export { auroc, mergeTies, sortedGroups, type Auroc, type ScoreGroup } from './auroc.js';
export * from './calibration.js';
export { minimumDetectableEffect } from './power.js';
