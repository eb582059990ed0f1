/**
 * @felles/core — the library behind the felles CLI. Everything the CLI does is a typed function
 * here first.
 */
export * from './errors.js';
export * as sql from './sql.js';
export { Db, type Row, type Cell, type Params, type DbOptions } from './db.js';
export * from './workspace/index.js';
export * from './ssb/index.js';
export * from './population/index.js';
export * from './geo/index.js';
export * from './util/progress.js';
export { toolVersion, DATASETS_DIR, DEFINITIONS_DIR } from './util/paths.js';
export { sha256File } from './util/hash.js';
export * from './stats/index.js';
export * from './disclosure/index.js';
export * from './projection/index.js';
export * from './export/index.js';
export * from './ingest/index.js';
export * from './synth/index.js';
export * from './cohorts/index.js';
export * from './indicators/index.js';
export * from './dental/index.js';
export * from './report/index.js';
