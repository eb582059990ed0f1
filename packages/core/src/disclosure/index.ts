/**
 * Disclosure control: the only way out of felles. See `docs/disclosure.md`.
 */
export {
  disclose,
  DISCLOSE_MAX_ROWS,
  type DisclosureInput,
  type DiscloseOptions,
} from './disclose.js';
export { DisclosedTable, isDisclosedTable, assertDisclosedTables } from './disclosed-table.js';
export {
  FLAG_COLUMN,
  REASON_COLUMN,
  SUPPRESSION_FLAGS,
  type AggregateRow,
  type ColumnInfo,
  type ColumnRole,
  type ColumnType,
  type DerivedSource,
  type DimensionSpec,
  type DisclosureSchema,
  type DisclosureSummary,
  type Scalar,
  type SuppressionFlag,
  type TableMetadata,
} from './schema.js';
export { PERSON_ID_COLUMNS, isPersonIdColumn, normaliseColumnName } from './person-ids.js';
export { PersonIdProbe } from './id-probe.js';
export {
  auditDisclosedRows,
  findRecoverable,
  AUDIT_MAX_UNKNOWNS,
  type AuditFinding,
  type RecoverableResult,
} from './audit.js';
export { buildConstraintSets, type ConstraintSet } from './constraints.js';
export { suppressColumn, type ColumnSuppression } from './suppress.js';
