/** Risk stratification: who is at high risk of emergency admission, reported as counts only. */
export { runRisk, type RunRiskOptions, type RiskResult, type RiskModelResult } from './run.js';
export { RISK_SCORE_TABLE, bandLabels, type RiskLevel } from './tables.js';
export {
  RISK_TERMS,
  loadRiskModel,
  DEFAULT_RISK_MODEL,
  type RiskModelDefinition,
  type RiskOutcome,
  type RiskTerm,
} from './terms.js';
export { type RiskValidation, LIFT_FRACTIONS } from './validation.js';
