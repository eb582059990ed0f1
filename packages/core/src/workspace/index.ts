export {
  Workspace,
  machineDuckdbDefaults,
  CONFIG_FILE,
  DB_FILE,
  RUNS_DIR,
  type InitOptions,
  type OpenOptions,
} from './workspace.js';
export { DEFAULT_CONFIG, resolveConfig, type WorkspaceConfig } from './config.js';
export {
  RunRecorder,
  newRunId,
  type RunManifest,
  type ManifestInput,
  type ManifestOutput,
  type ManifestRunRef,
} from './manifest.js';
export {
  recordWorkspaceInputs,
  readRunManifest,
  type CohortInputs,
  type WorkspaceInputsOptions,
} from './run-inputs.js';
export { lineage, type Lineage, type LineageRun, type LineageFile } from './lineage.js';
export { SCHEMA_VERSION } from './schema.js';
