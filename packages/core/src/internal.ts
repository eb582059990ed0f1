/**
 * Everything core exports to its own tests (white-box). Not part of the package: scripts use the
 * public API in index.ts.
 */
export * from './kernel/errors.js';
export { systemError } from './kernel/system-errors.js';
export * as sql from './kernel/sql.js';
export { Db, type Row, type Cell, type Params, type DbOptions } from './kernel/db.js';
export * from './workspace/index.js';
export * from './reference/index.js';
export * from './kernel/util/progress.js';
export { toolVersion, DATASETS_DIR, DEFINITIONS_DIR } from './kernel/util/paths.js';
export { sha256File } from './kernel/util/hash.js';
export * from './catalogue/index.js';
export { describeYears } from './kernel/util/years.js';
export * from './stats/index.js';
export * from './disclosure/index.js';
export * from './engines/projection/index.js';
export * from './export/index.js';
export * from './intake/index.js';
export * from './synth/index.js';
export * from './engines/cohorts/index.js';
export * from './engines/indicators/index.js';
export * from './engines/dental/index.js';
export * from './engines/quality/index.js';
export * from './engines/forecast/index.js';
export * from './engines/risk/index.js';
export * from './engines/benefit/index.js';
