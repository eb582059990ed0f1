/**
 * The cohort definition format (`schemas/cohort.schema.json` is its published JSON Schema).
 * A definition is data: it says who belongs to a cohort in a year, never how to compute it.
 * See `docs/cohorts.md` for the full description and examples.
 */
import type { LocalText } from '@felles/text';

/** Person id space of a cohort: NPR ids, KPR ids, or NPR ids with KPR data linked in via `person_link`. */
export type IdSpace = 'npr' | 'kpr' | 'linked';

/** A number, or a reference to a named parameter of the definition (`{ "param": "minGpContacts" }`). */
export type NumberOrParam = number | { param: string };

/** A lookback window that ends on the reference date (inclusive) and spans `months` or `days`. */
export interface Window {
  months?: number;
  days?: number;
}

/** A code set: rows of a code list, optionally narrowed, with explicit extra exclusions. */
export interface CodeSetDef {
  /** Code list id (`definitions/codelists/<id>.csv` or the workspace's own). */
  codelist: string;
  /** Pin a code-list version; the run fails if the loaded version differs. */
  version?: string;
  /** Code systems to use (default: all of the list). */
  systems?: ('icd10' | 'icpc2')[];
  /** Keep only these conditions (the list's `condition` column). */
  conditions?: string[];
  /** Drop these conditions. */
  excludeConditions?: string[];
  /** Extra exclusions: a code that matches one of these never counts. */
  exclude?: { system: 'icd10' | 'icpc2'; code: string; match?: 'prefix' | 'exact' }[];
}

/** Where coded events come from, with optional filters on the source's columns. */
export interface SourceRef {
  source: string;
  /** Diagnosis positions: `main` (main condition) and/or `secondary`. Default: both. */
  positions?: ('main' | 'secondary')[];
  /** Code systems to take from this source (default: every system of the code set). */
  systems?: ('icd10' | 'icpc2')[];
  /** Column → allowed values (strings, or booleans for boolean columns). */
  filters?: Record<string, (string | boolean)[]>;
}

/** ≥ `minEvents` events (or distinct dates) in the window, optionally with a code from a code set. */
export interface EventsCriterion extends SourceRef {
  type: 'events';
  codeSet?: string;
  window: Window;
  minEvents?: NumberOrParam;
  /** Count distinct event dates instead of events (two claims on one day count once). */
  distinctDates?: boolean;
}

/** ≥ N distinct conditions and/or ≥ M distinct organ systems from a code set, over one or more sources. */
export interface ConditionsCriterion {
  type: 'conditions';
  codeSet: string;
  sources: SourceRef[];
  window: Window;
  minConditions?: NumberOrParam;
  minOrganSystems?: NumberOrParam;
}

/** A score band: a label and bounds (any of gte, gt, lte, lt). */
export interface Band {
  label: string;
  gte?: number;
  gt?: number;
  lte?: number;
  lt?: number;
}

/** Sum of code-list weights over the window; each unit (code, 3-character code or condition) counts once. */
export interface ScoreCriterion {
  type: 'score';
  codeSet: string;
  sources: SourceRef[];
  window: Window;
  /** What counts once per person: the matched list code, the 3-character category, or the condition. */
  countOnce: 'code' | 'code3' | 'condition';
  /** Hierarchy rules: when condition `present` is there, condition `drop` does not count. */
  hierarchy?: { present: string; drop: string }[];
  /** Inclusive lower threshold to pass (default: everyone passes, also with score 0). */
  min?: NumberOrParam;
  /** Exclusive lower threshold. */
  above?: NumberOrParam;
  bands?: Band[];
}

/** Municipal services (IPLOS) active at some time in the window. */
export interface ServicesCriterion {
  type: 'services';
  serviceCodes?: string[];
  serviceGroups?: string[];
  window: Window;
  minHoursPerWeek?: number;
}

/** IPLOS need level from the latest (or any) function assessment in the window. */
export interface FunctionCriterion {
  type: 'function';
  needLevels: ('limited' | 'moderate_to_large' | 'extensive')[];
  window: Window;
  assessment?: 'latest' | 'any';
}

/** Membership of other cohorts, combined by a set operation (difference = first minus the rest). */
export interface CohortCriterion {
  type: 'cohort';
  op: 'union' | 'intersection' | 'difference';
  cohorts: string[];
}

export type Criterion =
  | EventsCriterion
  | ConditionsCriterion
  | ScoreCriterion
  | ServicesCriterion
  | FunctionCriterion
  | CohortCriterion;

/** A named inclusion rule: one criterion, any of several, or the negation of one. */
export interface Rule {
  name: string;
  description?: string;
  criterion?: Criterion;
  anyOf?: Criterion[];
  not?: Criterion;
}

/** Who is in the base population before the rules. */
export interface Population {
  /** Age at the reference date (year of the reference date − birth year), inclusive bounds. */
  age?: { min?: number; max?: number };
  sex?: ('M' | 'F')[];
  residence?: { municipalities?: string[]; helsefellesskap?: string[] };
}

/** A numeric parameter a user can set at run time. */
export interface ParameterDef {
  default: number;
  description?: string;
  minimum?: number;
}

/** A cohort definition (one JSON file). */
export interface CohortDefinition {
  $schema?: string;
  id: string;
  version: string;
  /** Title in both languages. */
  title: LocalText;
  description?: LocalText;
  /** Where the definition comes from: citations of the published works. */
  source: string;
  priorityGroup?: 'multimorbidity' | 'frail-elderly' | 'mental-substance' | 'children' | 'other';
  /** Id space; required as `linked` when the rules read both NPR and KPR sources. */
  idSpace?: IdSpace;
  /** Reference date within each year, `MM-DD` (default `12-31`). */
  referenceDate?: string;
  population?: Population;
  parameters?: Record<string, ParameterDef>;
  codeSets?: Record<string, CodeSetDef>;
  rules: Rule[];
  /** Free-text notes (decisions, caveats). */
  notes?: string[];
}

/** A loaded definition with where it came from. */
export interface LoadedCohort {
  definition: CohortDefinition;
  file: string;
  builtIn: boolean;
  /** The id space the compiler uses (declared or derived). */
  idSpace: IdSpace;
}
