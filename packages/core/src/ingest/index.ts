export {
  ingestRegistry,
  type IngestOptions,
  type IngestResult,
  type FileReconciliation,
} from './ingest.js';
export {
  REGISTRY_KINDS,
  builtinProfile,
  resolveProfile,
  PROFILES_DIR,
  PROFILE_SCHEMA_FILE,
  type RegistryKind,
  type MappingProfile,
  type ResolvedProfile,
  type ProfileFile,
} from './profile.js';
export { inspectFile, type FileFacts } from './inspect.js';
export {
  rebuildPerson,
  rebuildResidence,
  rebuildStays,
  rebuildLinks,
  type DerivedCounts,
} from './derive.js';
export { ingestCodelistVersions, INGEST_DEFINITIONS_DIR } from './codelists.js';
export { IPLOS_VARIABLES, NEED_LEVEL_MIN_SCORED } from './load-iplos.js';
export {
  validateWorkspace,
  checkWorkspace,
  type CheckResult,
  type ValidateOptions,
  type ValidateReport,
  type Severity,
} from './validate.js';
export {
  discloseChecks,
  renderChecks,
  keyOf as checkCountKey,
  type CheckFacts,
  type CountKey,
  type MessagePart,
} from './validate-disclosed.js';
