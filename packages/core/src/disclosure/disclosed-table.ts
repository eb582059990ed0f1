/**
 * `DisclosedTable`: the only kind of value an export writer accepts. Only the disclosure module
 * can make one; see {@link disclose}.
 */
import { FellesError } from '../kernel/errors.js';
import type {
  AggregateRow,
  ColumnInfo,
  DisclosureSchema,
  DisclosureSummary,
  TableMetadata,
} from './schema.js';

/** Capability held by this module; {@link sealDisclosedTable} is the only constructor call. */
const SEAL = Symbol('felles.disclosure.seal');

/** What the disclosure module fills in. */
export interface DisclosedTableParts {
  name: string;
  columns: readonly ColumnInfo[];
  rows: readonly AggregateRow[];
  threshold: number;
  schema: DisclosureSchema;
  metadata: TableMetadata;
  summary: DisclosureSummary;
}

/**
 * An aggregate table that has passed disclosure control: protected counts from 1 to the threshold
 * and everything that would reveal them are NULL, every row carries `suppressed` and
 * `suppression_reason`, and no person-level column is present. Rows are frozen.
 *
 * It cannot be constructed outside the disclosure module (private constructor in the types, a
 * private capability symbol at run time), and writers check {@link isDisclosedTable} before they
 * write anything: this is how "the only way out" is enforced.
 */
export class DisclosedTable {
  /** Brand checked by {@link isDisclosedTable}; a look-alike object does not have it. */
  readonly #sealed = true;
  /** Table name (file/sheet name). */
  readonly name: string;
  /** Columns in output order, with role and type; the last two are the flag and the reason. */
  readonly columns: readonly ColumnInfo[];
  /** The rows, frozen. Hidden cells are `null`, never 0. */
  readonly rows: readonly Readonly<AggregateRow>[];
  /** The threshold used: counts 1..threshold were hidden (0 disables suppression). */
  readonly threshold: number;
  /** The schema the table was checked against. */
  readonly schema: DisclosureSchema;
  /** Provenance: definitions, methods, vintage, unit. */
  readonly metadata: TableMetadata;
  /** What was hidden. */
  readonly summary: DisclosureSummary;

  private constructor(seal: symbol, parts: DisclosedTableParts) {
    if (seal !== SEAL) {
      throw new FellesError('NOT_DISCLOSED', 'a DisclosedTable can only be made by disclose()');
    }
    this.name = parts.name;
    this.columns = Object.freeze(parts.columns.map((c) => Object.freeze({ ...c })));
    this.rows = Object.freeze(parts.rows.map((r) => Object.freeze({ ...r })));
    this.threshold = parts.threshold;
    this.schema = deepFreeze(structuredClone(parts.schema));
    this.metadata = deepFreeze(structuredClone(parts.metadata));
    this.summary = deepFreeze(structuredClone(parts.summary));
    Object.freeze(this);
  }

  /** True for tables made by {@link disclose}, false for anything else (including look-alikes). */
  static is(value: unknown): value is DisclosedTable {
    return typeof value === 'object' && value !== null && #sealed in value;
  }

  /** Column names in output order. */
  get columnNames(): string[] {
    return this.columns.map((c) => c.name);
  }
}

type SealedConstructor = new (seal: symbol, parts: DisclosedTableParts) => DisclosedTable;

/**
 * @internal Construct a {@link DisclosedTable}. Only `disclosure/table-io.ts` (used by `disclose()`
 * and the run builder) may call this; a test checks that no other source file imports it.
 */
export function sealDisclosedTable(parts: DisclosedTableParts): DisclosedTable {
  return new (DisclosedTable as unknown as SealedConstructor)(SEAL, parts);
}

/** True when `value` is a {@link DisclosedTable} made by the disclosure module. */
export function isDisclosedTable(value: unknown): value is DisclosedTable {
  return DisclosedTable.is(value);
}

/**
 * Throw `NOT_DISCLOSED` unless `value` is a non-empty-or-empty array of {@link DisclosedTable}s.
 * Every writer calls this first.
 */
export function assertDisclosedTables(
  value: unknown,
  where: string,
): asserts value is DisclosedTable[] {
  if (!Array.isArray(value)) {
    throw new FellesError(
      'NOT_DISCLOSED',
      `${where}: expected an array of tables from disclose(), got ${describe(value)}`,
    );
  }
  value.forEach((t, i) => {
    if (!isDisclosedTable(t)) {
      throw new FellesError(
        'NOT_DISCLOSED',
        `${where}: table ${i + 1} did not come from disclose() (got ${describe(t)}); every output must pass disclosure control`,
      );
    }
  });
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object')
    return `an object (${(v as object).constructor?.name ?? 'no prototype'})`;
  return typeof v;
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object' && !Object.isFrozen(o)) {
    Object.freeze(o);
    for (const v of Object.values(o as Record<string, unknown>)) deepFreeze(v);
  }
  return o;
}
