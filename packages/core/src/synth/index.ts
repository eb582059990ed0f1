/** Synthetic Norway: a seeded generator of native registry extracts, and its calibration check. */
export { generateSynthetic, SYNTH_MANIFEST, type SynthManifest } from './generate.js';
export type { SynthFile } from './synth-file.js';
export {
  checkSynthetic,
  CALIBRATION_TARGETS,
  type CalibrationRow,
  type CalibrationOptions,
} from './check.js';
export {
  resolveSynthOptions,
  DEFAULT_SEED,
  SYNTH_BASE_YEAR,
  SYNTH_LAST_YEAR,
  type SynthOptions,
  type ResolvedSynthOptions,
  type SynthScale,
  type SynthFormat,
} from './options.js';
export { type SynthIntervention } from './intervention.js';
export {
  SYNTH_CONDITIONS,
  DHO_CONDITION_KEYS,
  conditionPrevalence,
  type SynthCondition,
} from './conditions.js';
export { CLAIM_TYPES } from './primary.js';
export { BACKGROUND_ICD10 } from './specialist.js';
export { SYNTH_POPULATION_TITLE, statbankAgeLabel } from './population-file.js';
export {
  writeDemoProjection,
  DEMO_PROJECTION_TABLE,
  DEMO_PROJECTION_TITLE,
  DEMO_PROJECTION_BASE,
  DEMO_PROJECTION_END,
} from './projection.js';
export {
  cohortCalibration,
  COHORT_CALIBRATION,
  type CohortCalibrationRow,
} from './cohort-calibration.js';
export { isSyntheticWorkspace, isDemoWorkspace, DEMO_MARKER, type DemoMarker } from './marker.js';
