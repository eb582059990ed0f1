/**
 * The checks `disclose()` makes before it suppresses anything: the schema classifies every column,
 * counts are whole numbers, and nothing in the table is person-level.
 */
import type { Db } from '../kernel/db.js';
import { CheckFailedError, UsageError } from '../kernel/errors.js';
import { PersonIdProbe } from './id-probe.js';
import { isPersonIdColumn } from './person-ids.js';
import {
  FLAG_COLUMN,
  REASON_COLUMN,
  normaliseDimensions,
  sourceColumn,
  type AggregateRow,
  type ColumnRole,
  type DisclosureSchema,
  type Scalar,
} from './schema.js';

/** Check the schema and map every declared column to its role; refuses person-id-like names. */
export function classify(schema: DisclosureSchema): Map<string, ColumnRole> {
  if (typeof schema.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(schema.name)) {
    throw new UsageError(
      'BAD_SCHEMA',
      `table name "${String(schema.name)}" must be 1–64 letters, digits, _ or -, starting with a letter or digit`,
    );
  }
  if (!schema.counts || schema.counts.length === 0) {
    throw new UsageError(
      'BAD_SCHEMA',
      `table ${schema.name}: no protected count column; every exported table must name the counts its figures rest on (schema.counts)`,
    );
  }
  const roles = new Map<string, ColumnRole>();
  const add = (c: string, role: ColumnRole) => {
    if (c === FLAG_COLUMN || c === REASON_COLUMN) {
      throw new UsageError(
        'BAD_SCHEMA',
        `table ${schema.name}: column name "${c}" is reserved for disclosure control`,
      );
    }
    if (roles.has(c))
      throw new UsageError(
        'BAD_SCHEMA',
        `table ${schema.name}: column "${c}" is declared twice (${roles.get(c)} and ${role})`,
      );
    roles.set(c, role);
  };
  for (const d of normaliseDimensions(schema)) add(d.column, 'dimension');
  for (const c of schema.counts) add(c, 'count');
  for (const c of schema.publicCounts ?? []) add(c, 'public_count');
  for (const c of Object.keys(schema.derived ?? {})) add(c, 'derived');
  for (const c of schema.attributes ?? []) add(c, 'attribute');
  for (const [fig, from] of Object.entries(schema.derived ?? {})) {
    if (from.length === 0)
      throw new UsageError(
        'BAD_SCHEMA',
        `table ${schema.name}: derived figure "${fig}" names no source column`,
      );
    for (const src of from) {
      const f = sourceColumn(src);
      const r = roles.get(f);
      if (r !== 'count' && r !== 'public_count' && r !== 'derived') {
        throw new UsageError(
          'BAD_SCHEMA',
          `table ${schema.name}: derived figure "${fig}" derives from "${f}", which is not a count or derived figure`,
        );
      }
      if (typeof src !== 'string') {
        const dim = normaliseDimensions(schema).find((d) => d.column === src.totalOver);
        if (!dim || (dim.total === undefined && dim.parents.size === 0) || r === 'derived') {
          throw new UsageError(
            'BAD_SCHEMA',
            `table ${schema.name}: derived figure "${fig}": totalOver "${src.totalOver}" must be a dimension with a total or parents, and "${f}" a count`,
          );
        }
      }
    }
  }
  for (const [total, parts] of Object.entries(schema.countTotals ?? {})) {
    for (const c of [total, ...parts]) {
      if (!schema.counts.includes(c)) {
        throw new UsageError(
          'BAD_SCHEMA',
          `table ${schema.name}: countTotals names "${c}", which is not a protected count`,
        );
      }
    }
    if (parts.length === 0 || parts.includes(total)) {
      throw new UsageError(
        'BAD_SCHEMA',
        `table ${schema.name}: countTotals.${total} must list other count columns`,
      );
    }
  }
  for (const c of roles.keys()) refusePersonId(schema, c);
  return roles;
}

/** The flag columns are the module's own; an input may carry them only empty (e.g. `StatRow.suppressed`). */
export function isFlagColumn(c: string): boolean {
  return c === FLAG_COLUMN || c === REASON_COLUMN;
}

/** Error for an input that already carries a filled flag column. */
export function alreadyFlagged(schema: DisclosureSchema, c: string): UsageError {
  return new UsageError(
    'BAD_SCHEMA',
    `table ${schema.name}: column "${c}" already has values; only disclose() sets it`,
    { table: schema.name, column: c },
  );
}

function refusePersonId(schema: DisclosureSchema, c: string): void {
  if (isPersonIdColumn(c)) {
    throw new CheckFailedError(
      'PERSON_LEVEL_TABLE',
      `table ${schema.name}: column "${c}" identifies persons or records; person-level data never leaves the workspace — aggregate it first`,
      { table: schema.name, column: c },
    );
  }
}

/**
 * Refuse a table whose dimension or attribute values are person ids under a harmless column name:
 * values that look like national identity numbers (11 digits), and — when a database is at hand
 * that has the canonical `person` table — values that are pseudonymous ids of that table (looked
 * up through `probe` when one is shared over several tables of a run).
 */
export async function refuseIdValues(
  rows: AggregateRow[],
  schema: DisclosureSchema,
  roles: Map<string, ColumnRole>,
  db: Db | undefined,
  probe?: PersonIdProbe,
): Promise<void> {
  const keyCols = [...roles]
    .filter(([, r]) => r === 'dimension' || r === 'attribute')
    .map(([c]) => c);
  const strings = new Set<string>();
  for (const r of rows) {
    for (const c of keyCols) {
      const v = r[c];
      if (
        (typeof v === 'string' && /^\d{11}$/.test(v.trim())) ||
        (typeof v === 'number' && Number.isInteger(v) && v >= 1e10 && v < 1e11)
      ) {
        throw new CheckFailedError(
          'PERSON_LEVEL_TABLE',
          `table ${schema.name}: column "${c}" holds an 11-digit number, like a national identity number; person-level data never leaves the workspace`,
          { table: schema.name, column: c },
        );
      }
      if (typeof v === 'string') strings.add(v);
    }
  }
  if (!db || strings.size === 0) return;
  const hit = await (probe ?? new PersonIdProbe(db, false)).find(strings);
  if (hit !== undefined) {
    const col = keyCols.find((c) => rows.some((r) => r[c] === hit)) ?? '?';
    throw new CheckFailedError(
      'PERSON_LEVEL_TABLE',
      `table ${schema.name}: column "${col}" holds person ids of the workspace; person-level data never leaves the workspace — aggregate it first`,
      { table: schema.name, column: col },
    );
  }
}

/** Every input column declared, every declared column present, no person-id-like name. */
export function checkColumns(
  schema: DisclosureSchema,
  roles: Map<string, ColumnRole>,
  columns: string[],
): void {
  for (const c of columns) refusePersonId(schema, c);
  const undeclared = columns.filter((c) => !roles.has(c));
  if (undeclared.length) {
    throw new UsageError(
      'BAD_SCHEMA',
      `table ${schema.name}: column${undeclared.length > 1 ? 's' : ''} ${undeclared.map((c) => `"${c}"`).join(', ')} not declared in the disclosure schema (as a dimension, count, publicCount, derived figure or attribute)`,
      { table: schema.name, columns: undeclared },
    );
  }
  const missing = [...roles.keys()].filter((c) => !columns.includes(c));
  if (missing.length) {
    throw new UsageError(
      'BAD_SCHEMA',
      `table ${schema.name}: declared column${missing.length > 1 ? 's' : ''} ${missing.map((c) => `"${c}"`).join(', ')} not in the table`,
    );
  }
}

/** Unique row keys, whole-number counts, and not one person per row. */
export function checkRows(rows: AggregateRow[], schema: DisclosureSchema, dimCols: string[]): void {
  const seen = new Set<string>();
  let maxCount = -Infinity;
  rows.forEach((r, i) => {
    const key = JSON.stringify(dimCols.map((d) => r[d]));
    if (seen.has(key)) throw duplicates(schema, i);
    seen.add(key);
    for (const c of [...schema.counts, ...(schema.publicCounts ?? [])]) {
      const v = r[c];
      if (v === null) continue;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) {
        throw new UsageError(
          'BAD_COUNT',
          `table ${schema.name}, row ${i + 1}: count column "${c}" must hold whole numbers ≥ 0 or NULL`,
          {
            table: schema.name,
            row: i + 1,
            column: c,
          },
        );
      }
      if (schema.counts.includes(c)) maxCount = Math.max(maxCount, v);
    }
  });
  if (rows.length >= 10 && maxCount <= 1) {
    throw new CheckFailedError(
      'PERSON_LEVEL_TABLE',
      `table ${schema.name}: every count is 0 or 1 across ${rows.length} rows, so each row describes one person; aggregate it first`,
      { table: schema.name },
    );
  }
}

/** Error for dimensions that do not identify rows uniquely. */
export function duplicates(schema: DisclosureSchema, row?: number): CheckFailedError {
  return new CheckFailedError(
    'PERSON_LEVEL_TABLE',
    `table ${schema.name}: the dimensions do not identify rows uniquely${row !== undefined ? ` (row ${row + 1} repeats an earlier one)` : ''}; this is not an aggregate table (person-level, or a dimension is missing from the schema)`,
    { table: schema.name },
  );
}

/** Error for an input above `maxRows`. */
export function tooMany(schema: DisclosureSchema, n: number, max: number): UsageError {
  return new UsageError(
    'TABLE_TOO_LARGE',
    `table ${schema.name} has ${n} rows, more than ${max}; aggregate it further before export`,
  );
}

/** A plain row of scalars (BIGINT → number, DATE → `YYYY-MM-DD`, NaN/±Infinity → NULL); nested values refused. */
export function toAggregateRow(
  r: Record<string, unknown>,
  columns: string[],
  table: string,
  i: number,
): AggregateRow {
  const o: AggregateRow = {};
  for (const c of columns) {
    let v = r[c];
    if (v === undefined || v === null || (typeof v === 'number' && Number.isNaN(v))) v = null;
    else if (typeof v === 'bigint') v = Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
    else if (v instanceof Date) v = v.toISOString().slice(0, 10);
    else if (typeof v === 'number' && !Number.isFinite(v)) v = null;
    else if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw new UsageError(
        'BAD_VALUE',
        `table ${table}, row ${i + 1}: column "${c}" holds a list or object; only plain values can be exported`,
      );
    }
    o[c] = v as Scalar;
  }
  return o;
}
