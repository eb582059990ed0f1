import { UsageError } from '../kernel/errors.js';

/**
 * Stable machine-readable identifier of a statistical method. The human-readable name is in
 * {@link StatRow.method}.
 */
export type StatMethodId =
  | 'crude-rate/exact-poisson'
  | 'crude-rate/byar'
  | 'proportion/wilson'
  | 'dsr/dobson-exact'
  | 'dsr/dobson-byar'
  | 'isr/exact-poisson'
  | 'isr/byar';

/**
 * The uniform output row of every felles statistic: one estimate with its confidence limits,
 * the inputs it came from and the name of the method, so that a method is printed beside every
 * number.
 *
 * Disclosure control: `suppressed` is left for the disclosure module (`disclose()`), which
 * sets it to `none` | `primary` | `secondary` | `derived`, adds `suppression_reason`, and turns
 * the hidden figures (`value`, `lower`, `upper`, counts) into NULL. The statistics functions
 * never set it (`disclose()` refuses a filled one on input).
 */
export interface StatRow {
  /** The estimate, already multiplied by {@link StatRow.multiplier}; null when undefined (denominator 0). */
  value: number | null;
  /** Lower confidence limit, same scale as `value`. */
  lower: number | null;
  /** Upper confidence limit, same scale as `value`. */
  upper: number | null;
  /** Confidence level as a fraction, e.g. 0.95. */
  confidenceLevel: number;
  /** Stable human-readable method name, e.g. `Crude rate, exact Poisson (Garwood) 95 %`. */
  method: string;
  /** Stable machine-readable method id. */
  methodId: StatMethodId;
  /** Events (rates, DSR: total observed events), successes (proportions) or observed (ISR). */
  numerator: number;
  /** Population at risk (rates, DSR: total population), trials (proportions) or expected (ISR). */
  denominator: number;
  /** Scale factor applied to value and limits: 1000 for "per 1,000", 100 for per cent, 1 for a ratio. */
  multiplier: number;
  /** Standard population id for directly standardised rates (e.g. `esp2013`, `norway-2024`). */
  standard?: string;
  /** Explanation of an edge case (zero events, zero denominator). */
  note?: string;
  /** Set only by the disclosure module: `none` | `primary` | `secondary` | `derived`. */
  suppressed?: string | null;
}

/** Options shared by all interval estimators. */
export interface ConfidenceOptions {
  /** Two-sided confidence level as a fraction in (0, 1); default 0.95. */
  confidenceLevel?: number;
}

/** Default confidence level. */
export const DEFAULT_CONFIDENCE_LEVEL = 0.95;

/** Check a confidence level (fraction strictly between 0 and 1) and return it. */
export function checkLevel(level: number | undefined): number {
  const l = level ?? DEFAULT_CONFIDENCE_LEVEL;
  if (!Number.isFinite(l) || l <= 0 || l >= 1) {
    throw new UsageError(
      'STATS_BAD_CONFIDENCE_LEVEL',
      `Confidence level must be a fraction between 0 and 1 (e.g. 0.95), got ${String(level)}.`,
      { confidenceLevel: level },
    );
  }
  return l;
}

/** Check that a count is a finite number ≥ 0. */
export function checkCount(name: string, x: number): void {
  if (!Number.isFinite(x) || x < 0) {
    throw new UsageError(
      'STATS_BAD_COUNT',
      `${name} must be a finite number ≥ 0, got ${String(x)}.`,
      { [name]: x },
    );
  }
}

/** Format a confidence level for a method name: 0.95 → `95 %`, 0.998 → `99.8 %`. */
export function formatLevel(level: number): string {
  const pct = Math.round(level * 1e6) / 1e4;
  return `${String(pct)} %`;
}
