/** Benefit measurement: did an intervention change service use? Aggregate estimates only. */
export { runBenefit, type RunBenefitOptions, type BenefitResult } from './run.js';
export { loadEnrolment, ENROLMENT_TABLE } from './enrolment.js';
export {
  matchedComparison,
  BENEFIT_OUTCOMES,
  type BalanceRow,
  type MatchedEstimate,
  type MatchedResult,
} from './matched.js';
export { differenceInDifferences, type DidCell, type DidEstimate, type DidResult } from './did.js';
