/**
 * The vocabulary of disclosure control: how a caller describes an aggregate table (which columns
 * are dimensions, protected counts, public counts, derived figures and plain attributes; which
 * rows are totals of which others) and what the module adds to it (a flag and a reason).
 *
 * See `docs/disclosure.md` for the rules and the algorithm.
 */
import type { LocalText } from '@felles/text';

/** A cell value of an aggregate table. Nested values (lists, structs) are refused. */
export type Scalar = string | number | boolean | null;

/** One row of an aggregate table. */
export type AggregateRow = Record<string, Scalar>;

/**
 * Why a row (or some of its cells) is hidden.
 * - `none`: everything shown.
 * - `primary`: a protected count of this row is between 1 and the threshold.
 * - `secondary`: a protected count was hidden (complementary suppression) so that a primary cell
 *   cannot be worked out from a total.
 * - `derived`: only derived figures (rates, limits, shares) are hidden, because a count they are
 *   computed from is hidden; the row's own protected counts are shown.
 *
 * Precedence when a row has several reasons: primary › secondary › derived › none.
 */
export type SuppressionFlag = 'none' | 'primary' | 'secondary' | 'derived';

/** The flag values, in order of precedence (weakest first). */
export const SUPPRESSION_FLAGS: readonly SuppressionFlag[] = [
  'none',
  'derived',
  'secondary',
  'primary',
];

/** Name of the flag column added to every disclosed table. */
export const FLAG_COLUMN = 'suppressed';
/** Name of the human-readable reason column added to every disclosed table. */
export const REASON_COLUMN = 'suppression_reason';

/**
 * A dimension whose values add up: some values are totals (margins) of others.
 *
 * The additivity this describes is what complementary suppression protects: for every parent
 * value `p` and every combination of the *other* dimensions, the row with `column = p` is taken
 * to be the sum of the rows whose value is a child of `p`. Rows that are absent count as known
 * zeros (an attacker would assume so too).
 *
 * Examples:
 * - one-way total: `{ column: 'sex', total: 'T' }` (the `T` row is the sum of all other values);
 * - hierarchy in one column (codes must be unique across levels):
 *   `{ column: 'area', parents: { '3301': 'HF05', '3303': 'HF05', HF05: 'NO', HF06: 'NO', … } }`,
 *   or `{ column: 'area', parents: {...municipality → helsefellesskap}, total: 'NO' }`
 *   where the total's children are every value that has no parent of its own.
 * - a value can have several parents (a municipality belongs to a helsefellesskap *and* to a
 *   health trust area in the same column): `parents: { '3301': ['HFF05', 'HF-VV'] }` or a list of
 *   `[child, parent]` pairs.
 *
 * Values are compared as text (`String(value)`), so `2024` and `'2024'` are the same value.
 */
export interface DimensionSpec {
  /** The column. */
  column: string;
  /** The value of the row that is the grand total of this dimension (e.g. `'T'`, `'all'`, `'NO'`). */
  total?: string | number;
  /** Child value → parent value(s), or `[child, parent]` pairs. */
  parents?:
    Readonly<Record<string, string | readonly string[]>> | ReadonlyArray<readonly [string, string]>;
  /**
   * Every part of the total, also those without a row in this table (used by the run builder's
   * linked system; default: the values present). E.g. the age bands of a partition.
   */
  parts?: ReadonlyArray<string | number>;
}

/**
 * The canonical identity of a table's count cells, independent of the table that shows them:
 * what is counted (a *measure* per count column) and where (coordinates). Two tables (of one run,
 * or published before on the same data) that show a cell with the same measure and coordinates
 * show the same count, and suppression treats it as one cell. See `docs/disclosure.md`.
 *
 * @example An indicator table:
 * ```ts
 * cells: {
 *   measures: { numerator: 'ind:readmission-30d@1.2/numerator', denominator: 'ind:readmission-30d@1.2/denominator' },
 *   coordinates: { year: 'period', area_id: 'area' },
 * }
 * ```
 */
export interface CellIdentity {
  /**
   * Count column → measure id: what the column counts, with the definition and version it was
   * computed by (e.g. `cohort:frail-elderly@2/persons`). Columns of two tables with the same
   * measure id must count the same thing. Every protected count column needs one.
   */
  measures: Readonly<Record<string, string>>;
  /**
   * Dimension column → coordinate name (default: the column name). The coordinate `area` takes
   * the geography of the run (areas covering the same residents are one cell); its values are
   * area ids (`K-3301`, `B-030101`, `HF-X`, `HFF-X`, `RHF-X`, `NO`, `K-unknown`).
   */
  coordinates?: Readonly<Record<string, string>>;
  /** Coordinates that are the same for every row of the table, e.g. `{ period: '2024' }`. */
  fixed?: Readonly<Record<string, string | number>>;
}

/**
 * Describes an aggregate table to {@link disclose}. Every column of the input must be named in
 * exactly one of `dimensions`, `counts`, `publicCounts`, `derived` or `attributes`; any other
 * column is refused, so nothing reaches an export without having been classified.
 *
 * @example A crude rate per municipality, helsefellesskap and the country, by sex with a total:
 * ```ts
 * const schema: DisclosureSchema = {
 *   name: 'acute_admissions',
 *   dimensions: ['year', { column: 'sex', total: 'T' }, { column: 'area', parents: areaParents }],
 *   counts: ['admissions'],
 *   publicCounts: ['population'],
 *   derived: { rate: ['admissions', 'population'], lower: ['admissions'], upper: ['admissions'] },
 *   attributes: ['area_name', 'level', 'method'],
 * };
 * ```
 */
export interface DisclosureSchema {
  /**
   * Name of the table: file name (CSV/Parquet/Arrow) and sheet name (XLSX). Letters, digits,
   * `_` and `-`, starting with a letter or digit, at most 64 characters.
   */
  name: string;
  /**
   * Columns that identify a row (year, sex, age band, area, …). Together they must be unique.
   * A plain string is a dimension without totals; a {@link DimensionSpec} declares totals.
   */
  dimensions: ReadonlyArray<string | DimensionSpec>;
  /**
   * Protected counts of persons or events (whole numbers ≥ 0, or NULL for missing). A value from 1
   * up to the threshold is hidden (primary); others may be hidden to protect it (secondary).
   * At least one is required: a table without counts cannot be checked and is refused.
   */
  counts: readonly string[];
  /**
   * Count columns that add up within every row: total column → the count columns it is the sum
   * of, e.g. `{ consultations: ['in_person', 'video', 'telephone'] }` or
   * `{ persons: ['men', 'women'] }`. Complementary suppression then also runs across these
   * columns, so a hidden `video` cannot be worked out as `consultations − in_person − telephone`.
   * All columns named here must be in `counts`.
   */
  countTotals?: Readonly<Record<string, readonly string[]>>;
  /**
   * Counts that are public anyway and never hidden, e.g. SSB population denominators. They take
   * no part in suppression. Use with care: a count of persons from a registry is never public.
   */
  publicCounts?: readonly string[];
  /**
   * Derived figures → the columns they are computed from (counts, public counts or other derived
   * figures of the same row, or a count of the row's total, see {@link DerivedSource}). A figure
   * is hidden (NULL) whenever any protected count or derived figure it depends on is hidden.
   * E.g. `{ rate: ['events', 'population'], lower: ['events'], upper: ['events'],
   * share: ['events', { column: 'events', totalOver: 'age' }] }`.
   */
  derived?: Readonly<Record<string, readonly DerivedSource[]>>;
  /**
   * Descriptive columns passed through unchanged: labels, codes that follow from a dimension
   * (area name, level), method names, units, definition ids. They must not carry numbers
   * computed from protected counts (declare those in `derived`), and they are not part of the
   * row key, so a column like `level` that differs between a total and its parts belongs here.
   */
  attributes?: readonly string[];
  /**
   * The canonical identity of the count cells, for tables disclosed together in a run
   * (`DisclosureRun`): the same count in two tables — or published earlier from the same
   * data — is one cell. Ignored by the single-table `disclose()`.
   */
  cells?: CellIdentity;
}

/**
 * What a derived figure is computed from: a column of the same row (a name), or a count of the
 * row's total along a dimension, `{ column: 'n', totalOver: 'age' }` — for shares such as
 * "persons 80+ as a share of all ages". Shown with a visible count, a share would reveal a hidden
 * total (total = count / share), so the share is hidden when that total's count is hidden; the
 * row is then flagged `derived`.
 */
export type DerivedSource = string | { column: string; totalOver: string };

/** The column a {@link DerivedSource} refers to. */
export function sourceColumn(s: DerivedSource): string {
  return typeof s === 'string' ? s : s.column;
}

/** Provenance of one table, carried into every export format. */
export interface TableMetadata {
  /** Human title in both languages (or one string), e.g. "Akutte innleggelser per 1 000 innbyggere". */
  title?: LocalText;
  /** A short title (at most 31 characters) for sheet names, when the title is longer. */
  shortTitle?: LocalText;
  description?: LocalText;
  /** Definitions (indicator, cohort, code list) and their versions. */
  definitions?: ReadonlyArray<{ id: string; version: string | number }>;
  /** Statistical methods named in the table, e.g. `"crude rate, exact Poisson (<10) / Byar"`. */
  methods?: readonly string[];
  /** Data vintage, e.g. `"NPR 2024, SSB 07459 (2025-02-20)"`. */
  dataVintage?: string;
  /** Unit of the figures, e.g. `"per 1 000"`. */
  unit?: string;
  notes?: readonly string[];
}

/** Role of a column in a disclosed table. */
export type ColumnRole = 'dimension' | 'count' | 'public_count' | 'derived' | 'attribute' | 'flag';

/** Value type of a column, fixed by the module so every writer types it the same way. */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean';

/** A column of a disclosed table. */
export interface ColumnInfo {
  name: string;
  role: ColumnRole;
  type: ColumnType;
}

/** Counts of what disclosure control did to one table. */
export interface DisclosureSummary {
  rows: number;
  /** Protected count cells hidden because they were 1..threshold. */
  primaryCells: number;
  /** Protected count cells hidden to protect others. */
  secondaryCells: number;
  /** Derived-figure cells hidden with their counts. */
  derivedCells: number;
  /**
   * Hidden cells in groups too large for the exact recoverability audit (more than
   * `AUDIT_MAX_UNKNOWNS` linked unknowns); they are protected by the complementary rules only.
   */
  unauditedCells: number;
  /** Rows per flag. */
  rowsByFlag: Record<SuppressionFlag, number>;
}

/** Normalised form of a dimension, used internally. */
export interface NormalDimension {
  column: string;
  total?: string;
  /** child → parents */
  parents: Map<string, string[]>;
}

/** Normalise the dimension list of a schema. */
export function normaliseDimensions(schema: DisclosureSchema): NormalDimension[] {
  return schema.dimensions.map((d) => {
    if (typeof d === 'string') return { column: d, parents: new Map() };
    const parents = new Map<string, string[]>();
    const add = (c: string, p: string) => {
      const list = parents.get(c) ?? [];
      if (!list.includes(p)) list.push(p);
      parents.set(c, list);
    };
    if (Array.isArray(d.parents)) {
      for (const [c, p] of d.parents as ReadonlyArray<readonly [string, string]>)
        add(String(c), String(p));
    } else if (d.parents) {
      for (const [c, p] of Object.entries(
        d.parents as Record<string, string | readonly string[]>,
      )) {
        for (const x of typeof p === 'string' ? [p] : p) add(String(c), String(x));
      }
    }
    return {
      column: d.column,
      ...(d.total !== undefined ? { total: String(d.total) } : {}),
      parents,
    };
  });
}
