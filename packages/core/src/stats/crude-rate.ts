import { countMethodName, poissonCountLimits } from './poisson-limits.js';
import {
  checkCount,
  checkLevel,
  formatLevel,
  type ConfidenceOptions,
  type StatRow,
} from './types.js';

/** Options for {@link crudeRate}. */
export interface CrudeRateOptions extends ConfidenceOptions {
  /** Scale: 1000 for "per 1,000" (default), 100000 for "per 100,000", 1 for a plain rate. */
  multiplier?: number;
}

/**
 * Crude rate r = O / n × multiplier with Poisson confidence limits r_L = O_L / n, r_U = O_U / n,
 * where O_L, O_U are exact Poisson (Garwood, χ²) limits when O < 10 and Byar's approximation when
 * O ≥ 10 (see {@link poissonCountLimits}).
 *
 * Reference: PHE/OHID Public Health Technical Guidance, "Rates"; APHO Technical Briefing 3 (2008).
 * Edge cases: O = 0 gives value 0, lower 0 and upper 3.689/n at 95 %; n = 0 gives value and
 * limits null with a note (never 0: missing is not zero).
 */
export function crudeRate(
  events: number,
  population: number,
  options: CrudeRateOptions = {},
): StatRow {
  checkCount('events', events);
  checkCount('population', population);
  const level = checkLevel(options.confidenceLevel);
  const multiplier = options.multiplier ?? 1000;
  const lim = poissonCountLimits(events, level);
  const method = `Crude rate, ${countMethodName(lim.method)} ${formatLevel(level)}`;
  const row: StatRow = {
    value: null,
    lower: null,
    upper: null,
    confidenceLevel: level,
    method,
    methodId: lim.method === 'exact' ? 'crude-rate/exact-poisson' : 'crude-rate/byar',
    numerator: events,
    denominator: population,
    multiplier,
  };
  if (population === 0) return { ...row, note: 'denominator is 0: rate undefined' };
  return {
    ...row,
    value: (events / population) * multiplier,
    lower: (lim.lower / population) * multiplier,
    upper: (lim.upper / population) * multiplier,
  };
}
