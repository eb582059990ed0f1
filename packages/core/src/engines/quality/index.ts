/**
 * Quality checks of a workspace's loaded extracts (`felles validate`): counts, ranges, codes and
 * consistency, reported through disclosure control. See docs/ingest.md.
 */
export { validateWorkspace, checkWorkspace } from './validate.js';
export type { CheckResult, ValidateOptions, ValidateReport, Severity } from './types.js';
export {
  discloseChecks,
  renderChecks,
  keyOf as checkCountKey,
  type CheckFacts,
  type CountKey,
  type MessagePart,
} from './disclosed.js';
