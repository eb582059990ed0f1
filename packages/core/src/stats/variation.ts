import { UsageError } from '../kernel/errors.js';
import type { ObservedExpected } from './indirect-standardisation.js';

/** One area's (standardised) rate, for the variation measures. */
export interface AreaRate {
  area: string;
  rate: number;
  /** Population; needed only for the population-weighted CV. */
  population?: number;
}

/** Options for {@link coefficientOfVariation}. */
export interface CvOptions {
  /**
   * false (default): unweighted, as SKDE's rate programme (variasjon.sas, 2024):
   *   CV = s / r̄, s² = Σ(rᵢ − r̄)²/(K − 1), r̄ = Σrᵢ/K.
   * true: population-weighted, as SKDE's earlier rate programme:
   *   r̄_w = Σnᵢrᵢ/Σnᵢ, s_w² = Σnᵢrᵢ²/Σnᵢ − r̄_w², CV = s_w / r̄_w.
   */
  weighted?: boolean;
}

/**
 * Coefficient of variation of area rates, as a fraction (SKDE's tables print it × 100). See
 * {@link CvOptions} for the unweighted (default) and population-weighted forms.
 * Reference: SKDE, Helseatlas rate programme (github.com/SKDE-Analyse/sas_codes, rateprogram).
 * Throws with fewer than 2 areas or a zero mean.
 */
export function coefficientOfVariation(rates: AreaRate[], options: CvOptions = {}): number {
  const K = rates.length;
  if (K < 2)
    throw new UsageError(
      'STATS_TOO_FEW_AREAS',
      `The coefficient of variation needs at least 2 areas, got ${K}.`,
      { areas: K },
    );
  if (options.weighted) {
    let n = 0,
      s1 = 0,
      s2 = 0;
    for (const r of rates) {
      if (!(r.population !== undefined && r.population >= 0))
        throw new UsageError(
          'STATS_NO_WEIGHT',
          `Area ${r.area} has no population for the weighted CV.`,
          { area: r.area },
        );
      n += r.population;
      s1 += r.population * r.rate;
      s2 += r.population * r.rate * r.rate;
    }
    const mean = s1 / n;
    if (mean === 0)
      throw new UsageError('STATS_ZERO_MEAN', 'The mean rate is 0: CV undefined.', {});
    return Math.sqrt(Math.max(0, s2 / n - mean * mean)) / mean;
  }
  const mean = rates.reduce((a, r) => a + r.rate, 0) / K;
  if (mean === 0) throw new UsageError('STATS_ZERO_MEAN', 'The mean rate is 0: CV undefined.', {});
  const ss = rates.reduce((a, r) => a + (r.rate - mean) ** 2, 0);
  return Math.sqrt(ss / (K - 1)) / mean;
}

/** A highest/lowest ratio with the areas named. */
export interface ExtremalRatio {
  /** k-th highest rate / k-th lowest rate; null when the k-th lowest is 0. */
  value: number | null;
  highest: { area: string; rate: number };
  lowest: { area: string; rate: number };
}

/** FT1–FT3 ("forholdstall"); each null when there are fewer than 2k areas. */
export interface ExtremalRatios {
  ft1: ExtremalRatio | null;
  ft2: ExtremalRatio | null;
  ft3: ExtremalRatio | null;
}

/**
 * SKDE's highest/lowest ratios: FT1 = highest / lowest rate, FT2 = 2nd highest / 2nd lowest,
 * FT3 = 3rd highest / 3rd lowest, with the areas named. Ties are ordered by area id (ascending
 * rate, then area), as SKDE's programme ranks its sorted rows. FTk needs at least 2k areas.
 * Reference: SKDE Helseatlas rate programme (variasjon.sas).
 */
export function extremalRatios(rates: AreaRate[]): ExtremalRatios {
  const sorted = [...rates].sort(
    (a, b) => a.rate - b.rate || (a.area < b.area ? -1 : a.area > b.area ? 1 : 0),
  );
  const K = sorted.length;
  const ft = (k: number): ExtremalRatio | null => {
    if (K < 2 * k) return null;
    const lo = sorted[k - 1] as AreaRate;
    const hi = sorted[K - k] as AreaRate;
    return {
      value: lo.rate === 0 ? null : hi.rate / lo.rate,
      highest: { area: hi.area, rate: hi.rate },
      lowest: { area: lo.area, rate: lo.rate },
    };
  };
  return { ft1: ft(1), ft2: ft(2), ft3: ft(3) };
}

/**
 * Systematic component of variation (McPherson et al. 1982), as SKDE computes it from observed
 * and expected counts by indirect standardisation (see `expectedByArea`), × 100:
 *
 *   SCV = 100 · (1/K) · [ Σᵢ (Oᵢ − Eᵢ)²/Eᵢ²  −  Σᵢ 1/Eᵢ ]
 *
 * Reference: McPherson K, Wennberg JE, Hovind OB, Clifford P. Small-area variations in the use of
 * common surgical procedures: an international comparison of New England, England, and Norway.
 * N Engl J Med 1982;307:1310–1314. SKDE rate programme (variasjon.sas). Can be negative when the
 * variation is below what chance alone gives. Throws when an expected count is not > 0.
 */
export function systematicComponentOfVariation(
  areas: Pick<ObservedExpected, 'area' | 'observed' | 'expected'>[],
): number {
  const K = areas.length;
  if (K < 1)
    throw new UsageError('STATS_TOO_FEW_AREAS', 'SCV needs at least one area.', { areas: K });
  let a = 0,
    b = 0;
  for (const r of areas) {
    if (!(r.expected > 0))
      throw new UsageError(
        'STATS_ZERO_EXPECTED',
        `Area ${r.area} has expected count ${r.expected}: SCV needs > 0.`,
        { area: r.area },
      );
    a += (r.observed - r.expected) ** 2 / (r.expected * r.expected);
    b += 1 / r.expected;
  }
  return (100 * (a - b)) / K;
}

/** Input of {@link variationSummary}: one area's standardised rate and its observed/expected counts. */
export interface AreaVariationInput {
  area: string;
  /** The area's standardised rate (as shown on the map). */
  rate: number;
  population?: number;
  /** For SCV; omit both to skip SCV. */
  observed?: number;
  expected?: number;
}

/** Variation across areas as SKDE's Helseatlas reports it. */
export interface VariationSummary {
  areas: number;
  /** Coefficient of variation as a fraction (× 100 for SKDE's tables). */
  cv: number;
  cvWeighted: boolean;
  ft1: ExtremalRatio | null;
  ft2: ExtremalRatio | null;
  ft3: ExtremalRatio | null;
  /** SCV × 100; null when observed/expected were not given for every area. */
  scv: number | null;
  method: string;
}

/**
 * CV, FT1–FT3 and SCV in one call (SKDE Helseatlas). See {@link coefficientOfVariation},
 * {@link extremalRatios}, {@link systematicComponentOfVariation}.
 */
export function variationSummary(
  areas: AreaVariationInput[],
  options: CvOptions = {},
): VariationSummary {
  const rates = areas.map((a) => ({ area: a.area, rate: a.rate, population: a.population }));
  const cv = coefficientOfVariation(rates, options);
  const ft = extremalRatios(rates);
  const haveOE = areas.every((a) => a.observed !== undefined && a.expected !== undefined);
  const scv = haveOE
    ? systematicComponentOfVariation(
        areas.map((a) => ({
          area: a.area,
          observed: a.observed as number,
          expected: a.expected as number,
        })),
      )
    : null;
  const method = `Variation across areas (SKDE Helseatlas): CV ${options.weighted ? 'population-weighted' : 'unweighted, SD with K − 1'}, FT1–FT3 highest/lowest ratios, SCV × 100 (McPherson 1982) from indirect standardisation`;
  return { areas: areas.length, cv, cvWeighted: options.weighted ?? false, ...ft, scv, method };
}
