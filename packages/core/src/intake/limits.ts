import { UsageError } from '../kernel/errors.js';

/**
 * Bounds every loaded value must keep (docs/ingest.md, "Bounds"). A value outside them is a
 * reject of its row (registry extracts) or stops the load (SSB files).
 */

/** Longest value of a registry column that sets no `maxLength` in its profile (codes, dates, numbers). */
export const DEFAULT_MAX_LENGTH = 32;

/** First date a registry extract may hold. */
export const DATE_MIN = '1900-01-01';

/** Earliest population year (1 January) and projection round felles accepts. */
export const SSB_YEAR_MIN = 1900;
export const PROJECTION_VINTAGE_MIN = 1990;
/** A projection reaches at most this many years past its round. */
export const PROJECTION_HORIZON = 100;
/** The largest count one cell of an SSB file may hold (Norway has about 5.6 million people). */
export const MAX_CELL_VALUE = 20_000_000;

/** The window dates of a load must fall in: {@link DATE_MIN} to the extract date. */
export interface DateWindow {
  from: string;
  to: string;
}

/**
 * The date window of a load: from {@link DATE_MIN} to `extractDate` (`YYYY-MM-DD`, the day the
 * extract was made), by default today (UTC). Throws `UsageError` for a malformed date.
 */
export function dateWindow(extractDate?: string, today = new Date()): DateWindow {
  const to = extractDate ?? today.toISOString().slice(0, 10);
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(to);
  const date = d ? new Date(`${to}T00:00:00Z`) : undefined;
  if (!d || !date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== to)
    throw new UsageError(
      'BAD_OPTION',
      `the extract date must be a date like 2025-03-31, got "${to}"`,
    );
  if (to < DATE_MIN)
    throw new UsageError('BAD_OPTION', `the extract date ${to} is before ${DATE_MIN}`);
  return { from: DATE_MIN, to };
}

/** The current year (UTC): the last population year (1 January) a file can hold today. */
export function currentYear(today = new Date()): number {
  return today.getUTCFullYear();
}
