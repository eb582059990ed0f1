import { countMethodName, poissonCountLimits } from './poisson-limits.js';
import {
  checkCount,
  checkLevel,
  formatLevel,
  type ConfidenceOptions,
  type StatRow,
} from './types.js';

/** A stratum of the subject population with the reference (standard) rate of that stratum. */
export interface ExpectedStratum {
  population: number;
  /** Events per person in the reference population for this stratum (not scaled). */
  referenceRate: number;
}

/** Expected events E = Σᵢ nᵢ·Rᵢ: the subject population's strata at the reference rates. */
export function expectedEvents(strata: ExpectedStratum[]): number {
  let e = 0;
  for (const s of strata) {
    checkCount('population', s.population);
    checkCount('referenceRate', s.referenceRate);
    e += s.population * s.referenceRate;
  }
  return e;
}

/** A stratum (age band × sex, or any key) of one area, for {@link expectedByArea}. */
export interface AreaStratum {
  area: string;
  /** Stratum key, e.g. `"70-74|F"`; strata with the same key across areas share a reference rate. */
  stratum: string;
  events: number;
  population: number;
}

/** Observed and expected events of one area. */
export interface ObservedExpected {
  area: string;
  observed: number;
  expected: number;
  population: number;
}

/**
 * Indirect standardisation of many areas against their pooled rates (as SKDE's rate programme
 * does for SCV): the reference rate of each stratum is R_s = Σ_areas O / Σ_areas n, and each
 * area's expected count is E_a = Σ_s n_a,s · R_s. The areas given should cover the whole
 * reference population (e.g. all 19 helsefellesskap, or all municipalities).
 */
export function expectedByArea(strata: AreaStratum[]): ObservedExpected[] {
  const ref = new Map<string, { o: number; n: number }>();
  for (const s of strata) {
    checkCount('events', s.events);
    checkCount('population', s.population);
    const r = ref.get(s.stratum) ?? { o: 0, n: 0 };
    r.o += s.events;
    r.n += s.population;
    ref.set(s.stratum, r);
  }
  const out = new Map<string, ObservedExpected>();
  for (const s of strata) {
    const r = ref.get(s.stratum) as { o: number; n: number };
    const a = out.get(s.area) ?? { area: s.area, observed: 0, expected: 0, population: 0 };
    a.observed += s.events;
    a.population += s.population;
    a.expected += r.n > 0 ? (s.population * r.o) / r.n : 0;
    out.set(s.area, a);
  }
  return [...out.values()];
}

/** Options for {@link indirectlyStandardisedRatio}. */
export interface IsrOptions extends ConfidenceOptions {
  /** Scale of the ratio: 1 (default, SMR = 1.00 at parity) or 100. */
  multiplier?: number;
  /**
   * When given (events per person of the reference population), the row holds the indirectly
   * standardised *rate* ISR·referenceRate·multiplier instead of the ratio.
   */
  referenceRate?: number;
}

/**
 * Indirectly standardised ratio (SMR-style) ISR = O / E with Poisson limits O_L/E, O_U/E, where
 * O_L, O_U are exact (Garwood, χ²) for O < 10 and Byar's approximation for O ≥ 10.
 *
 * Reference: Breslow NE, Day NE (1987), Statistical Methods in Cancer Research vol. II, ch. 2;
 * PHE/OHID Public Health Technical Guidance, "Standardised ratios"; APHO Technical Briefing 3.
 * Edge cases: O = 0 gives 0 with lower 0; E = 0 gives value and limits null with a note.
 */
export function indirectlyStandardisedRatio(
  observed: number,
  expected: number,
  options: IsrOptions = {},
): StatRow {
  checkCount('observed', observed);
  checkCount('expected', expected);
  const level = checkLevel(options.confidenceLevel);
  const multiplier = options.multiplier ?? 1;
  if (options.referenceRate !== undefined) checkCount('referenceRate', options.referenceRate);
  const scale = multiplier * (options.referenceRate ?? 1);
  const lim = poissonCountLimits(observed, level);
  const what =
    options.referenceRate === undefined
      ? 'Indirectly standardised ratio (observed/expected)'
      : 'Indirectly standardised rate (observed/expected × reference rate)';
  const row: StatRow = {
    value: null,
    lower: null,
    upper: null,
    confidenceLevel: level,
    method: `${what}, ${countMethodName(lim.method)} ${formatLevel(level)}`,
    methodId: lim.method === 'exact' ? 'isr/exact-poisson' : 'isr/byar',
    numerator: observed,
    denominator: expected,
    multiplier,
  };
  if (expected === 0) return { ...row, note: 'expected count is 0: ratio undefined' };
  return {
    ...row,
    value: (observed / expected) * scale,
    lower: (lim.lower / expected) * scale,
    upper: (lim.upper / expected) * scale,
  };
}
