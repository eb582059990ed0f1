/**
 * What each table of the dental analysis is built from: the database with the prepared DOT tables,
 * the priority-group definition and years, the county names and dimension, and the helpers every
 * table shares (the kept counties, table metadata, group labels, and where a finished table goes).
 */
import type {
  AggregateRow,
  Db,
  DimensionSpec,
  DisclosureSchema,
  PriorityGroupDefinition,
  TableMetadata,
} from '@felles/core';
import type { DentalOptions, DentalTables, DentalTarget } from './analysis-types.js';

/** The shared inputs of the dental table builders (made once by `dentalTableInputs`). */
export interface DentalTableContext {
  /** The workspace (its database and disclosure threshold). */
  ws: DentalTarget;
  db: Db;
  /** The priority-group definition in use. */
  def: PriorityGroupDefinition;
  /** The analysed years, ascending. */
  years: number[];
  options: DentalOptions;
  /** County code → name (with `NO` and `unknown`). */
  names: Map<string, string>;
  /** The county dimension: total `NO`; with counties chosen, every county a part. */
  county: DimensionSpec;
  /** Whether a row's county is kept (all without a county choice). */
  keep: (county: unknown) => boolean;
  /** Metadata of a table: its title, the definition, the DOT years, and `extra`. */
  meta: (title: string, extra?: Partial<TableMetadata>) => TableMetadata;
  /** Label of a priority group. */
  label: (group: unknown) => string;
  /** Records a finished table under its key, with the dental cell identities. */
  put: (
    key: keyof DentalTables,
    rows: AggregateRow[] | Record<string, unknown>[],
    schema: DisclosureSchema,
    metadata: TableMetadata,
  ) => void;
  /** Warnings for the caller. */
  warnings: string[];
}

/** A database value as a number, keeping null. */
export const num = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v);
