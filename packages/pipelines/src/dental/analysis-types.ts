/**
 * The options and results of the dental analysis ({@link dentalTableInputs} and `dentalAnalysis`):
 * what a caller chooses (years, counties, rules, demand) and the tables it gets back.
 */
import type { Db, DisclosedTable, TableToPublish, PriorityGroupDefinition } from '@felles/core';
import type { ProductivityRatios } from './demand.js';

/** Anything with a database and the workspace's disclosure threshold (a `Workspace`). */
export interface DentalTarget {
  db: Db;
  config: { disclosure: { threshold: number } };
}

/** Options of {@link dentalAnalysis}. */
export interface DentalOptions {
  /** Years to report (default: every year with DOT records). */
  years?: number[];
  /** County codes (2 digits) to keep; default all counties and the national total `NO`. */
  counties?: string[];
  /** Priority-group definition (default: the built-in file). */
  definition?: PriorityGroupDefinition;
  /** Reference date (MM-DD) whose rule decides the yearly entitled population; default `12-31`. */
  referenceDate?: string;
  /** Ages with status examinations and their caries index; default 3, 5 (dmft), 12, 15, 18 (DMFT). */
  cariesAges?: Record<number, 'dmft' | 'DMFT'>;
  /** Cohorts for the cross-sector table (ids in `cohort_member`). */
  cohorts?: string[];
  /** Disclosure threshold (default: the workspace's). */
  threshold?: number;
  /** Allow a threshold below the published convention of 4 (recorded in every table). */
  allowBelowConvention?: boolean;
  /**
   * Demand projection (needs an SSB population projection in the workspace): `false` to skip;
   * default on, base year = the latest year, horizon 2040. Without a projection the demand table
   * is left out with a warning.
   */
  demand?:
    | false
    | {
        baseYear?: number;
        horizon?: number;
        alternatives?: string[];
        vintage?: number;
        productivity?: ProductivityRatios;
      };
}

/** The disclosed tables of the dental analysis. */
export interface DentalTables {
  utilisation: DisclosedTable;
  clinics: DisclosedTable;
  caries: DisclosedTable;
  recall: DisclosedTable;
  crossSector: DisclosedTable;
  /** Records by the letter the DOT recorded × the group of the rule in force on the record date. */
  groupCheck: DisclosedTable;
  /** Absent when the demand projection was skipped or could not run (see warnings). */
  demand?: DisclosedTable;
}

/** The dental tables before disclosure control ({@link dentalTableInputs}). */
export interface DentalInputs {
  definition: { id: string; version: string };
  years: number[];
  inputs: Partial<Record<keyof DentalTables, TableToPublish>>;
  warnings: string[];
}

/** Result of {@link dentalAnalysis}. */
export interface DentalAnalysis {
  definition: { id: string; version: string };
  years: number[];
  tables: DentalTables;
  warnings: string[];
}
