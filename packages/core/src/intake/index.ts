/**
 * Intake: every file that enters a workspace — registry extracts (NPR, KPR, IPLOS, dental, key
 * files) and SSB population and projection files — goes through this one stack (docs/ingest.md,
 * docs/ssb-formats.md).
 */
export {
  ingestRegistry,
  type IngestOptions,
  type IngestResult,
  type FileReconciliation,
} from './registry/ingest.js';
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
} from './registry/profile.js';
export { inspectFile, assertUnchanged, type FileFacts } from './inspect.js';
export {
  removeIngested,
  type RemoveOptions,
  type RemoveResult,
  type RemovedFile,
} from './remove.js';
export {
  rebuildPerson,
  rebuildResidence,
  rebuildStays,
  rebuildLinks,
  type DerivedCounts,
} from './registry/derive.js';
export { ingestCodelistVersions, INGEST_DEFINITIONS_DIR } from './registry/codelists.js';
export { IPLOS_VARIABLES, NEED_LEVEL_MIN_SCORED } from './registry/load-iplos.js';
export { ingestPopulation } from './ssb/ingest-population.js';
export { ingestProjection, type IngestProjectionOptions } from './ssb/ingest-projection.js';
export type {
  IngestSsbOptions,
  IngestSsbResult,
  SsbFileReconciliation,
  ReportedRows,
} from './ssb/common.js';
export { stageSsbFile, type ReadSsbOptions, type SsbFileInfo } from './ssb/read.js';
export { parseEncoding, decideEncoding, type TextEncoding } from './encoding.js';
export {
  detectEncoding,
  scanEncoding,
  sniffCsv,
  type SsbEncoding,
  type SsbFormat,
  type CsvLayout,
} from './ssb/detect.js';
export { classifyColumns, type SsbColumn, type SsbRole } from './ssb/columns.js';
export { jsonStatToCsv } from './ssb/jsonstat.js';
