/**
 * Input of the report assembler: the gathered report data (see `../data/types.ts`) with its
 * tables as core's disclosed tables. The assembler reads figures and tables only from the rows of
 * `DisclosedTable`s, so nothing it draws has bypassed disclosure control; `docs/report.md` lists
 * the columns each table has.
 */
import type { Lang } from '@felles/text';
import type { ManifestLike } from '@felles/charts';
import type { DisclosedTable, Scalar } from '@felles/core';
import type { ReportData } from '../data/types.js';

/** A cell of a disclosed table. */
export type ReportCell = Scalar;

/** A row of a disclosed table (hidden cells are `null`, the `suppressed` column says why). */
export type ReportRow = DisclosedTable['rows'][number];

/** A table that has passed disclosure control. */
export type ReportTable = DisclosedTable;

/** One helsefellesskap. */
export type ReportHf = ReportData['hfs'][number];

/** The report's sections, in order. */
export type ReportSectionKey =
  'summary' | 'population' | 'priorityGroups' | 'indicators' | 'projections' | 'dental' | 'methods';

/** The disclosed tables the report draws from; any may be absent (the section says so). */
export type ReportTables = {
  [K in keyof ReportData['tables']]?: ReportData['tables'][K] extends unknown[] | undefined
    ? readonly ReportTable[]
    : ReportTable;
};

/** Everything the report is built from, for all 19 communities at once. */
export interface ReportInput extends Omit<ReportData, 'tables'> {
  tables: ReportTables;
  /** The report run's manifest (its id goes in every caption). */
  manifest: ManifestLike & { startedAt?: string; toolVersion?: string };
}

/** Options of `buildReport`. */
export interface BuildReportOptions {
  /** Helsefellesskap code. */
  hf: string;
  lang?: Lang;
  /** Render a PNG of every figure as well (default false). */
  png?: boolean;
  /** PNG scale (default 2). */
  pngScale?: number;
  /** File name of the index page, for a link back (with `--hf all`). */
  indexHref?: string;
  /** Leave out the interactive figures and the Vega runtime (static SVG only). Default false. */
  staticOnly?: boolean;
}

/** A figure of a report. */
export interface ReportFigure {
  /** Stable id within the report, e.g. `fig-population-pyramid`; also the file name. */
  id: string;
  title: string;
  /** The Vega-Lite spec (JSON-serialisable). */
  spec: unknown;
  svg: string;
  png?: Uint8Array;
}

/** What `buildReport` returns. */
export interface BuiltReport {
  html: string;
  figures: ReportFigure[];
  /** Sections that show a "not available" note, with the reason. */
  unavailable: Array<{ section: ReportSectionKey; reason: string }>;
}
