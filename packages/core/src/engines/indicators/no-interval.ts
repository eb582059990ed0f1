/**
 * Indicator values without a confidence interval: a plain ratio (`confidence` `none`) and a median
 * (`kind` `median`). Each has a method id of its own, named in the report.
 */
import type { StatRow } from '../../stats/types.js';

/** A ratio of two counts times the unit's multiplier, without an interval. */
export function plainRatio(
  numerator: number,
  denominator: number,
  mult: number,
  level: number,
): StatRow {
  return {
    value: denominator > 0 ? (numerator / denominator) * mult : null,
    lower: null,
    upper: null,
    confidenceLevel: level,
    method: 'Ratio, no confidence interval',
    methodId: 'ratio/none' as StatRow['methodId'], // no interval: an id of its own, named in the report
    numerator,
    denominator,
    multiplier: mult,
    ...(denominator > 0 ? {} : { note: 'denominator is 0: undefined' }),
  };
}

/**
 * The statistic row of a median indicator for one area: the median `m` (one stratum: a median is
 * never standardised) over `n` rows, which are both numerator and denominator; no interval.
 */
export function medianStat(m: { v: number }[] | undefined, n: number, level: number): StatRow {
  const value = n > 0 && m?.length === 1 && Number.isFinite(m[0]!.v) ? m[0]!.v : null;
  return {
    value,
    lower: null,
    upper: null,
    confidenceLevel: level,
    method: 'Median, no confidence interval',
    methodId: 'median/none' as StatRow['methodId'], // no interval: an id of its own, named in the report
    numerator: n,
    denominator: n,
    multiplier: 1,
    ...(n > 0 ? {} : { note: 'no rows: undefined' }),
  };
}
