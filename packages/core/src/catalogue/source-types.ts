/**
 * The shape of the catalogue: one {@link CanonicalSource} per canonical table (or derived relation)
 * says once what it holds — id space, columns with their kind and allowed values — and how each
 * engine reads it: cohort criteria (events with dates and codes), indicators (fact rows with a
 * weight), the projection (yearly event rows with quantities and splits).
 */

/** Which pseudonymous id the rows carry. */
export type IdSpace = 'npr' | 'kpr' | 'none';

/** The kind of a column as definitions may use it. `code`: a normalised diagnosis code. */
export type ColumnKind = 'string' | 'boolean' | 'number' | 'code';

/** A column a definition may name: its kind and, for enumerations, the allowed values. */
export interface CatalogueColumn {
  kind: ColumnKind;
  values?: readonly string[];
}

/** One code column of a source: a scalar or a list, its code system and diagnosis position. */
export interface CodeColumn {
  system: 'icd10' | 'icpc2';
  column: string;
  list: boolean;
  /** `main`, `secondary`, or `main_if_flagged` (main when equal to the source's main-diagnosis column). */
  position: 'main' | 'secondary' | 'main_if_flagged';
}

/** How cohort criteria read a table: one row per event. */
export interface CriterionView {
  /** SQL expression (over the table's columns) that identifies one event. */
  eventId: string;
  /** SQL expression of the event date (DATE). */
  date: string;
  /** For interval sources: the end date (NULL = ongoing). */
  endDate?: string;
  /** SQL condition (over the table's columns) on the rows that are events; all rows when absent. */
  where?: string;
  codes: readonly CodeColumn[];
  /** Column holding the main diagnosis, for `main_if_flagged`. */
  mainFlagColumn?: string;
  /** Columns (of the source's `columns`) a criterion may filter on. */
  filters: readonly string[];
}

/** Rule for "did this municipality report in this year?" (missing is never zero). */
export type ReportingUnit = 'year' | 'municipality-year';

/**
 * How indicators read a source: a relation with the uniform columns `person_id, id_space, year,
 * municipality_code, district_code, sex, age, w` (w = the row's weight: 1 for an event row, the
 * head count for a population row) plus the columns definitions may name.
 */
export interface FactView {
  /** The name definitions use (`numerator.source`). */
  name: string;
  description: string;
  /** Id space of `person_id` (for cohort joins). */
  idSpace: IdSpace;
  /** Needs non-conflicting `person_link` rows. */
  needsLinkage: boolean;
  /** Columns (of the source's `columns`) filters may name, in this order. */
  columns: readonly string[];
  /** Numeric columns a `{ sum }` count may name. */
  sums: string[];
  /** The relation (no trailing semicolon). */
  sql: string;
  /** Years and municipalities that reported (`year, municipality_code`; NULL municipality = the whole year). */
  reportingSql: string;
  reportingUnit: ReportingUnit;
  /** Canonical tables read. */
  tables: string[];
  /**
   * The relation does costly work per row (EXISTS over other tables, windows): a run computes it
   * once for all the queries that read it instead of once per query.
   */
  materialise?: boolean;
  /**
   * The relation with one more column, `period_month`: the calendar month (1–12) the row counts
   * in, always inside the row's `year`, or 0 when no date of the row falls in it, so that the
   * months of a year add up to the year. Absent: the source has no monthly grain.
   */
  byMonth?: string;
}

/**
 * How the projection reads a table: `(person_id, year, municipality_code, county_code, sex, age,
 * <columns>)` for the base years, with named quantities and split dimensions, so definitions
 * never carry SQL.
 */
export interface EventView {
  /** SELECT … FROM … producing the common columns for the given base years. */
  relation(years: readonly number[]): string;
  /** The relation joins other tables: worth computing once when several lines read it. */
  joins?: boolean;
  /** `county_code` is a column of its own (not the first two digits of `municipality_code`). */
  ownCounty?: boolean;
  /** Columns (of the source's `columns`) filters may name. */
  columns: readonly string[];
  quantities: Readonly<Record<string, string>>;
  splits: Readonly<Record<string, string>>;
  /**
   * SQL expression (over the relation's columns) of the DATE whose calendar month the event is
   * counted in, always inside the event's `year` (NULL when no date of the event falls in it), so
   * that the months of a year add up to the year. Absent: the source has no monthly grain.
   */
  month?: string;
}

/** One canonical table or derived relation, described once. */
export interface CanonicalSource {
  /** The table (or relation) name. */
  table: string;
  description: string;
  idSpace: IdSpace;
  /** Every column a definition may name in any view, with its kind and allowed values. */
  columns: Readonly<Record<string, CatalogueColumn>>;
  criteria?: CriterionView;
  facts?: readonly FactView[];
  events?: EventView;
}
