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
export { suppressionReasonText } from './reason-text.js';
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
export {
  DisclosureRun,
  AREA,
  UNKNOWN_VALUE,
  type DisclosureRunOptions,
  type PriorCells,
  type RunAudit,
  type SealedRun,
} from './run.js';
export { type CellIdentity } from './schema.js';
export {
  CellSystem,
  TOTAL,
  SHOWN,
  PRIMARY as PRIMARY_CELL,
  SECONDARY as SECONDARY_CELL,
  FREE as FREE_CELL,
  cellKey,
  describeCell,
  type CellState,
  type Relation,
  type SystemCell,
} from './cell-system.js';
export { suppressSystem, MAX_ROUNDS, type SystemSuppression } from './joint-suppress.js';
export {
  auditSystem,
  AUDIT_PART_SIZE,
  type AuditFailure,
  type AuditResult,
  type AuditStats,
} from './lp-audit.js';
export { areaHierarchy, type AreaDecomposition, type AreaHierarchy } from './geography.js';
export {
  WorkspaceLedger,
  dataVersion,
  type LedgerSource,
  type PublishedCell,
  type PublishedSnapshot,
} from './ledger.js';
export {
  CONVENTION_THRESHOLD,
  resolveThreshold,
  belowConventionNotice,
  type ThresholdChoice,
  type ThresholdSource,
} from '../workspace/threshold.js';
export { prepareTable, finishTable, type PreparedTable } from './table-io.js';
