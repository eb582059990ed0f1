/**
 * The indicator definition format (JSON, validated by `schemas/indicator.schema.json`).
 * See docs/indicators.md for the meaning of every field.
 */
import type { LocalText } from '@felles/text';
import type { FactSourceName } from '../../catalogue/sources.js';

/** A named fact source an indicator counts from (the catalogue's fact sources). */
export type IndicatorSourceName = FactSourceName;

/** One filter on a source column. Exactly one of `in`, `eq`, `prefix`, `notPrefix`, `from`/`to`. */
export interface IndicatorFilter {
  column: string;
  /** Equal to one of these values. */
  in?: Array<string | number | boolean>;
  /** Equal to this value. */
  eq?: string | number | boolean;
  /** Starts with one of these codes (normalised codes: upper case, no dot). */
  prefix?: string[];
  /** Starts with none of these codes (NULL passes). */
  notPrefix?: string[];
  /** Numeric range, inclusive. */
  from?: number;
  to?: number;
}

/** An age range, inclusive; `to` null/absent = open. */
export interface AgeRange {
  from: number;
  to?: number | null;
}

/** What is counted: events (rows), distinct persons, or the sum of a numeric column. */
export type CountSpec = 'events' | 'persons' | { sum: string };

/** A numerator (or an events denominator): rows of a source with filters. */
export interface Measure {
  source: IndicatorSourceName;
  count: CountSpec;
  where?: IndicatorFilter[];
  /** Only persons who are members of this cohort in the year. */
  cohort?: string;
  /** Age restriction of this measure; must agree with the indicator's `population` (checked). */
  age?: AgeRange;
  sex?: 'M' | 'F';
}

/** What the numerator is divided by. */
export type Denominator =
  | { kind: 'population'; age?: AgeRange; sex?: 'M' | 'F' }
  | ({ kind: 'events' } & Measure)
  | { kind: 'cohort'; cohort?: string; age?: AgeRange; sex?: 'M' | 'F' };

/** One value of a breakdown (a dimension of the output besides area and year). */
export interface BreakdownValue {
  code: string;
  label?: LocalText;
  /** Narrow numerator and denominator to this age range (within the indicator's range). */
  age?: AgeRange;
  /** Extra numerator filters (also applied to an events denominator of the same source). */
  where?: IndicatorFilter[];
  /** Numerator and a cohort denominator within this cohort. */
  cohort?: string;
}

/** A breakdown: an output column; `partition` = its values add up to the total `all`. */
export interface Breakdown {
  id: string;
  label?: LocalText;
  partition: boolean;
  values: BreakdownValue[];
}

/** A target for a year (or from a year on). */
export interface IndicatorTarget {
  /** First year the target applies to; it holds until a later target replaces it. */
  fromYear: number;
  value: number;
  /** `'>='` (at least) or `'<='` (at most). */
  comparison: '>=' | '<=';
  source?: string;
}

/** Output unit. */
export type IndicatorUnit =
  'per_1000' | 'per_10000' | 'per_cent' | 'per_person' | 'days' | 'ratio' | 'percentage_points';

/** A complete indicator definition. */
export interface IndicatorDefinition {
  $schema?: string;
  id: string;
  version: string;
  /** Title in both languages. */
  title: LocalText;
  /** Short title (at most 31 characters per language) for sheet names and narrow columns. */
  shortTitle?: LocalText;
  /** What is counted and how, in both languages. */
  description: LocalText;
  /**
   * `rate` (numerator / denominator), `growth-comparison` (den gylne regel) or `median` (the
   * median of `medianOf` over the numerator's rows; numerator and denominator both count those
   * rows). Default `rate`.
   */
  kind?: 'rate' | 'growth-comparison' | 'median';
  /** For `kind` `median`: the numeric column of the numerator's source whose median is the value. */
  medianOf?: string;
  numerator: Measure;
  denominator: Denominator;
  /** Growth comparison: the comparator activity (e.g. somatic) whose growth is subtracted. */
  comparator?: Measure;
  /** The age/sex restriction shared by numerator and denominator. */
  population?: { age?: AgeRange; sex?: 'M' | 'F' };
  breakdowns?: Breakdown[];
  unit: IndicatorUnit;
  standardisation?: 'none' | 'direct';
  confidence?: 'poisson' | 'wilson' | 'none';
  direction: 'higher_is_better' | 'lower_is_better' | 'neutral';
  targets?: IndicatorTarget[];
  qualityDimension: string;
  /** Levels at which the indicator is meaningful (default all five). */
  levels?: IndicatorLevel[];
  dataSources: string[];
  caveat?: LocalText;
  source: string;
  tags?: string[];
  notes?: string[];
}

/** Geography levels. */
export type IndicatorLevel =
  'municipality' | 'helsefellesskap' | 'health_trust' | 'rhf' | 'national';
/** Geography levels an indicator is computed for, from the smallest. */
export const INDICATOR_LEVELS: readonly IndicatorLevel[] = [
  'municipality',
  'helsefellesskap',
  'health_trust',
  'rhf',
  'national',
];

/** A loaded, validated definition. */
export interface LoadedIndicator {
  definition: IndicatorDefinition;
  file: string;
  builtIn: boolean;
  /** Needs NPR–KPR linkage (`person_link`). */
  needsLinkage: boolean;
}
