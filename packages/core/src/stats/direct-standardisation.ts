import { UsageError } from '../kernel/errors.js';
import { countMethodName, exactPoissonLimits, poissonCountLimits } from './poisson-limits.js';
import {
  getStandardPopulation,
  type StratumSex,
  type StandardPopulation,
} from '../reference/standard-population.js';
import {
  checkCount,
  checkLevel,
  formatLevel,
  type ConfidenceOptions,
  type StatRow,
} from './types.js';

/** One age band (× sex) of the subject population: its events and population at risk. */
export interface DsrStratum {
  /** First age of the band (inclusive). */
  ageFrom: number;
  /** Last age (inclusive); null or omitted for an open band (e.g. 90+, or 0+ for a single band). */
  ageTo?: number | null;
  /** 'M' or 'F'; null or omitted for both sexes together. */
  sex?: StratumSex | null;
  events: number;
  population: number;
}

/** Options for {@link directlyStandardisedRate}. */
export interface DsrOptions extends ConfidenceOptions {
  /** Standard population, by id (`'esp2013'`, a registered `'norway-2024'`) or given explicitly. */
  standard: string | StandardPopulation;
  /** Scale; default 1000 ("per 1,000"). */
  multiplier?: number;
}

/** The weight of each subject stratum: the sum of the standard strata it covers. */
export function stratumWeights(strata: DsrStratum[], standard: StandardPopulation): number[] {
  return strata.map((s) => {
    const from = s.ageFrom;
    const to = s.ageTo ?? Infinity;
    let w = 0;
    for (const t of standard.strata) {
      if (s.sex && t.sex && t.sex !== s.sex) continue;
      const tTo = t.ageTo ?? Infinity;
      const inside = t.ageFrom >= from && tTo <= to;
      const disjoint = tTo < from || t.ageFrom > to;
      if (!inside && !disjoint) {
        throw new UsageError(
          'STATS_BAND_MISMATCH',
          `Age band ${from}–${s.ageTo ?? ''} does not line up with the standard population ${standard.id}'s band ${t.ageFrom}–${t.ageTo ?? ''}.`,
          { ageFrom: from, ageTo: s.ageTo ?? null, standard: standard.id },
        );
      }
      if (inside) w += t.population;
    }
    if (w <= 0) {
      throw new UsageError(
        'STATS_BAND_MISMATCH',
        `Age band ${from}–${s.ageTo ?? ''}${s.sex ? ` (${s.sex})` : ''} has no weight in the standard population ${standard.id}.`,
        { ageFrom: from, ageTo: s.ageTo ?? null, standard: standard.id },
      );
    }
    return w;
  });
}

/** Refuse strata that overlap (same or unspecified sex, intersecting ages): they would double-count. */
function checkNoOverlap(strata: DsrStratum[]): void {
  for (let i = 0; i < strata.length; i++) {
    for (let j = i + 1; j < strata.length; j++) {
      const a = strata[i] as DsrStratum;
      const b = strata[j] as DsrStratum;
      const sexes = !a.sex || !b.sex || a.sex === b.sex;
      const ages = a.ageFrom <= (b.ageTo ?? Infinity) && b.ageFrom <= (a.ageTo ?? Infinity);
      if (sexes && ages) {
        throw new UsageError(
          'STATS_OVERLAPPING_STRATA',
          `Strata ${a.ageFrom}–${a.ageTo ?? ''}${a.sex ? ` ${a.sex}` : ''} and ${b.ageFrom}–${b.ageTo ?? ''}${b.sex ? ` ${b.sex}` : ''} overlap.`,
          { first: i, second: j },
        );
      }
    }
  }
}

/**
 * Directly standardised rate with Dobson et al. (1991) confidence limits.
 *
 *   DSR = Σᵢ wᵢ·Oᵢ/nᵢ / Σᵢ wᵢ                       (× multiplier)
 *   var(DSR) = Σᵢ wᵢ²·Oᵢ/nᵢ² / (Σᵢ wᵢ)²
 *   DSR_L,U = DSR + √(var(DSR)/O) · (O_L,U − O),     O = Σᵢ Oᵢ
 *
 * where wᵢ is the standard population of stratum i (age band × sex; a coarser subject band gets
 * the sum of the standard bands it covers, so a single band 0+ gives the crude rate), and O_L,
 * O_U are Poisson limits for the total count: exact (Garwood) below 10 events, Byar from 10
 * (felles rule, docs/statistics.md). Only the strata given are weighted: the age/sex range of the
 * denominator is the range of the strata (restrict the standard to the numerator's range by
 * passing exactly those strata).
 *
 * Reference: Dobson AJ, Kuulasmaa K, Eberle E, Scherer J. Confidence intervals for weighted sums
 * of Poisson parameters. Stat Med 1991;10:457–462. PHE/OHID Public Health Technical Guidance,
 * "Directly standardised rates" (which publishes no DSR below 10 events; felles computes it and
 * leaves the decision to disclosure control and the indicator definition).
 *
 * Strata must not overlap (`STATS_OVERLAPPING_STRATA`).
 * Edge cases: a stratum with population 0 and 0 events contributes 0 (throws if it has events);
 * total O = 0 gives DSR 0, lower 0 and, since √(var/O) is 0/0, an upper limit from the limit of
 * the Dobson formula with the one event in the stratum of largest wᵢ/nᵢ:
 * O_U(0) · maxᵢ(wᵢ/nᵢ) / Σwᵢ (noted in `note`).
 */
export function directlyStandardisedRate(strata: DsrStratum[], options: DsrOptions): StatRow {
  const level = checkLevel(options.confidenceLevel);
  const multiplier = options.multiplier ?? 1000;
  const standard =
    typeof options.standard === 'string'
      ? getStandardPopulation(options.standard)
      : options.standard;
  if (strata.length === 0)
    throw new UsageError(
      'STATS_NO_STRATA',
      'Direct standardisation needs at least one stratum.',
      {},
    );
  for (const s of strata) {
    checkCount('events', s.events);
    checkCount('population', s.population);
    if (s.population === 0 && s.events > 0) {
      throw new UsageError(
        'STATS_ZERO_DENOMINATOR',
        `Stratum ${s.ageFrom}${s.sex ? ` ${s.sex}` : ''} has ${s.events} events but population 0.`,
        { ageFrom: s.ageFrom, sex: s.sex ?? null },
      );
    }
  }
  checkNoOverlap(strata);
  const w = stratumWeights(strata, standard);
  const W = w.reduce((a, b) => a + b, 0);
  let sum = 0;
  let varSum = 0;
  let O = 0;
  let N = 0;
  let maxWn = 0;
  strata.forEach((s, i) => {
    const wi = w[i] as number;
    O += s.events;
    N += s.population;
    if (s.population > 0) {
      sum += (wi * s.events) / s.population;
      varSum += (wi * wi * s.events) / (s.population * s.population);
      maxWn = Math.max(maxWn, wi / s.population);
    }
  });
  const dsr = sum / W;
  const variance = varSum / (W * W);
  const lim = poissonCountLimits(O, level);
  const method = `Direct standardisation, Dobson (${countMethodName(lim.method)}) ${formatLevel(level)}, standard: ${standard.label}`;
  const row: StatRow = {
    value: null,
    lower: null,
    upper: null,
    confidenceLevel: level,
    method,
    methodId: lim.method === 'exact' ? 'dsr/dobson-exact' : 'dsr/dobson-byar',
    numerator: O,
    denominator: N,
    multiplier,
    standard: standard.id,
  };
  if (N === 0) return { ...row, note: 'population is 0 in every stratum: rate undefined' };
  if (O === 0) {
    const u0 = exactPoissonLimits(0, level).upper;
    return {
      ...row,
      value: 0,
      lower: 0,
      upper: ((u0 * maxWn) / W) * multiplier,
      note: 'no events: upper limit is the Dobson limit with the event in the stratum of largest weight per person',
    };
  }
  const k = Math.sqrt(variance / O);
  return {
    ...row,
    value: dsr * multiplier,
    lower: Math.max(0, dsr + k * (lim.lower - O)) * multiplier,
    upper: (dsr + k * (lim.upper - O)) * multiplier,
  };
}
