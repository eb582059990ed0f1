import { UsageError } from '../kernel/errors.js';
import { zForLevel } from './distributions.js';
import {
  checkCount,
  checkLevel,
  formatLevel,
  type ConfidenceOptions,
  type StatRow,
} from './types.js';

/** Wilson score limits as fractions. */
export interface ProportionLimits {
  lower: number;
  upper: number;
}

/**
 * Wilson score interval for a proportion p̂ = r/n, in its standard form without continuity
 * correction (Wilson 1927; Newcombe 1998, method 3):
 *
 *   (2r + z² ∓ z·√(z² + 4r(1 − p̂))) / (2(n + z²)),   z = Φ⁻¹(1 − α/2)
 *
 * Reference: Wilson EB. Probable inference, the law of succession, and statistical inference.
 * JASA 1927;22:209–212. Newcombe RG. Two-sided confidence intervals for the single proportion:
 * comparison of seven methods. Stat Med 1998;17:857–872. PHE/OHID Technical Guidance "Proportions".
 * Edge cases: r = 0 gives lower exactly 0; r = n gives upper exactly 1.
 */
export function wilsonLimits(
  successes: number,
  trials: number,
  confidenceLevel?: number,
): ProportionLimits {
  checkCount('successes', successes);
  checkCount('trials', trials);
  if (successes > trials) {
    throw new UsageError(
      'STATS_NUMERATOR_EXCEEDS_DENOMINATOR',
      `A proportion's numerator (${successes}) exceeds its denominator (${trials}).`,
      { successes, trials },
    );
  }
  if (trials === 0)
    throw new UsageError('STATS_ZERO_DENOMINATOR', 'Wilson limits need at least one trial.', {
      trials,
    });
  const level = checkLevel(confidenceLevel);
  const z = zForLevel(level);
  const r = successes;
  const n = trials;
  const q = 1 - r / n;
  const root = z * Math.sqrt(z * z + 4 * r * q);
  const den = 2 * (n + z * z);
  const lower = r === 0 ? 0 : (2 * r + z * z - root) / den;
  const upper = r === n ? 1 : (2 * r + z * z + root) / den;
  return { lower, upper };
}

/** Options for {@link proportion}. */
export interface ProportionOptions extends ConfidenceOptions {
  /** Scale: 100 for per cent (default), 1 for a fraction, 1000 for per 1,000. */
  multiplier?: number;
}

/**
 * A proportion r/n × multiplier with Wilson score limits ({@link wilsonLimits}), as a
 * {@link StatRow}. Edge case: n = 0 gives value and limits null with a note.
 */
export function proportion(
  successes: number,
  trials: number,
  options: ProportionOptions = {},
): StatRow {
  checkCount('successes', successes);
  checkCount('trials', trials);
  const level = checkLevel(options.confidenceLevel);
  const multiplier = options.multiplier ?? 100;
  const row: StatRow = {
    value: null,
    lower: null,
    upper: null,
    confidenceLevel: level,
    method: `Proportion, Wilson score ${formatLevel(level)}`,
    methodId: 'proportion/wilson',
    numerator: successes,
    denominator: trials,
    multiplier,
  };
  if (trials === 0) return { ...row, note: 'denominator is 0: proportion undefined' };
  const lim = wilsonLimits(successes, trials, level);
  return {
    ...row,
    value: (successes / trials) * multiplier,
    lower: lim.lower * multiplier,
    upper: lim.upper * multiplier,
  };
}
