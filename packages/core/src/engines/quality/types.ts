/** Types of the quality checks (`felles validate`). */

/**
 * Severity of a check result: `info` (a fact: counts, ranges), `warning` (worth a look; the
 * analyst decides), `error` (the data should not be used as is; `felles validate` exits 4).
 */
export type Severity = 'info' | 'warning' | 'error';

/** One line of the validation report, after disclosure control. */
export interface CheckResult {
  check: string;
  source: string;
  year: number | null;
  severity: Severity;
  /** The result's main count (NULL when disclosure control hid it), or a text such as a month range. */
  value: number | string | null;
  /** The result in words; a hidden count is written `x`. */
  message: string;
  /** Counts of the message that disclosure control hid (by name), if any. */
  hidden?: string[];
}

/** Thresholds (shares, 0–1) at which a check becomes a warning or an error. */
export interface ValidateOptions {
  /** Share of rejected rows per file: warning above, error above. Default 0.01 / 0.10. */
  rejectShare?: [number, number];
  /** Share of persons with conflicting sex or birth year: default 0.005 / 0.05. */
  conflictShare?: [number, number];
  /** Share of rows whose municipality is not valid for the year: default 0.005 / 0.05. */
  municipalityShare?: [number, number];
  /** Share of rows with an unknown diagnosis/service code: default 0.01 / 0.10. */
  codeShare?: [number, number];
  /** Stays longer than this many days are flagged (warning). Default 365. */
  maxStayDays?: number;
  /** Disclosure threshold (default: the workspace's `disclosure.threshold`). */
  threshold?: number;
}

/** The report: every result, the worst severity seen, and what disclosure control hid. */
export interface ValidateReport {
  results: CheckResult[];
  worst: Severity;
  errors: number;
  warnings: number;
  /** The threshold used and the number of counts hidden (primary and secondary). */
  disclosure: { threshold: number; rule: string; hiddenCounts: number; notice?: string };
}
