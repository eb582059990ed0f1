/**
 * The catalogue of canonical sources: the tables engines read and write in the workspace, described
 * once (see docs/architecture.md).
 */
export { COHORT_DDL, ensureCohortTables, hasCohortTables, usableLinks } from './cohort-tables.js';
