/**
 * `disclose()`: the one door out of felles. Checks an aggregate table against its schema,
 * refuses person-level data, applies primary, complementary and derived suppression, and returns
 * a {@link DisclosedTable} — the only thing an export writer accepts.
 */
import type { Db } from '../kernel/db.js';
import { UsageError } from '../kernel/errors.js';
import { DEFAULT_CONFIG } from '../workspace/config.js';
import { buildCellSets, describeSet } from './constraints.js';
import type { DisclosedTable } from './disclosed-table.js';
import type { PersonIdProbe } from './id-probe.js';
import type {
  DisclosureSchema,
  DisclosureSummary,
  SuppressionFlag,
  TableMetadata,
} from './schema.js';
import { PRIMARY, SECONDARY, suppressColumn } from './suppress.js';
import {
  DISCLOSE_MAX_ROWS,
  finishTable,
  prepareTable,
  type DisclosureInput,
  type HiddenCells,
  type PreparedTable,
} from './table-io.js';

export { DISCLOSE_MAX_ROWS, type DisclosureInput };

/** Options of {@link disclose}. */
export interface DiscloseOptions {
  /**
   * Counts from 1 up to and including this number are hidden; 0 disables suppression (person-id
   * and person-level checks still apply). Default: the workspace's `disclosure.threshold`, else 4.
   */
  threshold?: number;
  /**
   * A workspace (or anything with its config) whose `disclosure.threshold` is the default. When it
   * has a `db`, in-memory rows are also checked against the workspace's person ids.
   */
  workspace?: { config: { disclosure: { threshold: number } }; db?: Db };
  /** Provenance carried into every export. */
  metadata?: TableMetadata;
  /** Refuse inputs with more rows than this (default 5,000,000): aggregate first. */
  maxRows?: number;
  /**
   * The person-id lookup to use, shared over the tables of one run over an unchanged workspace so
   * that the person table is read once rather than once per table (default: a lookup of its own).
   */
  personIds?: PersonIdProbe;
}

/**
 * Apply disclosure control to an aggregate table.
 *
 * Refuses (CheckFailedError `PERSON_LEVEL_TABLE`) a table with a person-id-like column, with
 * dimension values that do not identify rows uniquely, or whose every protected count is 0 or 1
 * over 10 rows or more (each row describes one person). Refuses (UsageError `BAD_SCHEMA` /
 * `BAD_COUNT`) a schema that does not classify every column, has no protected count, or counts
 * that are not whole numbers ≥ 0.
 *
 * Then: counts 1..threshold are hidden (primary); further counts are hidden until no hidden cell
 * can be worked out from a total (secondary; see {@link suppressColumn}); derived figures are
 * hidden with any count they depend on. Hidden values become NULL, never 0. Two columns are
 * appended: `suppressed` (`none` | `primary` | `secondary` | `derived`) and `suppression_reason`.
 *
 * @example
 * ```ts
 * const t = await disclose({ db: ws.db, table: 'ind_acute_admissions' }, schema, { workspace: ws });
 * await exportTables([t], { format: 'xlsx', out: ws.outDir, manifestId: run.id });
 * ```
 */
export async function disclose(
  input: DisclosureInput,
  schema: DisclosureSchema,
  options: DiscloseOptions = {},
): Promise<DisclosedTable> {
  const threshold =
    options.threshold ??
    options.workspace?.config.disclosure.threshold ??
    DEFAULT_CONFIG.disclosure.threshold;
  if (!Number.isInteger(threshold) || threshold < 0) {
    throw new UsageError(
      'BAD_THRESHOLD',
      `the suppression threshold must be a whole number ≥ 0, got ${String(threshold)}`,
    );
  }
  const prepared = await prepareTable(input, schema, {
    ...(options.workspace?.db ? { db: options.workspace.db } : {}),
    ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}),
    ...(options.personIds ? { personIds: options.personIds } : {}),
  });
  return discloseRows(prepared, threshold, options.metadata ?? {});
}

/** The single-table suppression: greedy complements and the exact-recoverability audit. */
function discloseRows(
  t: PreparedTable,
  threshold: number,
  metadata: TableMetadata,
): DisclosedTable {
  const { rows, schema } = t;
  const hidden: HiddenCells = rows.map(() => new Map<string, string>());
  const flags: SuppressionFlag[] = rows.map(() => 'none');
  const summary: DisclosureSummary = {
    rows: rows.length,
    primaryCells: 0,
    secondaryCells: 0,
    derivedCells: 0,
    unauditedCells: 0,
    rowsByFlag: { none: 0, primary: 0, secondary: 0, derived: 0 },
  };
  // One problem over the cells of all count columns (index = column × rows + row), so that
  // totals across columns (countTotals) are protected together with totals across rows.
  const n = rows.length;
  const cellSets = buildCellSets(rows, schema);
  const values = schema.counts.flatMap((col) => rows.map((r) => r[col] as number | null));
  const { state, because, auditSkipped } = suppressColumn(values, cellSets, threshold);
  summary.unauditedCells += auditSkipped;
  state.forEach((s, cell) => {
    const col = schema.counts[Math.floor(cell / Math.max(n, 1))]!;
    const i = cell % n;
    if (s === PRIMARY) {
      hidden[i]!.set(col, `${col} is between 1 and ${threshold} (primary)`);
      flags[i] = 'primary';
      summary.primaryCells++;
    } else if (s === SECONDARY) {
      const set = cellSets[because[cell]!];
      hidden[i]!.set(
        col,
        `${col} hidden so that a small count cannot be worked out from the total ${set ? describeSet(set) : ''} (secondary)`,
      );
      if (flags[i] !== 'primary') flags[i] = 'secondary';
      summary.secondaryCells++;
    }
  });
  return finishTable(t, threshold, hidden, flags, summary, metadata);
}
