import { describe, expect, it } from 'vitest';
import {
  byarLimits,
  crudeRate,
  exactPoissonLimits,
  indirectlyStandardisedRatio,
  poissonCountLimits,
  proportion,
  wilsonLimits,
  expectedEvents,
  FellesError,
} from '../src/internal.js';
import { close } from './stats-helpers.js';

// Reference values: docs/statistics.md "Where the reference values come from". Exact Poisson
// limits solved in mpmath (30 digits) from the Poisson sums directly, not via chi-square.
const GARWOOD_95: [number, number][] = [
  [0, 3.6888794541139363],
  [0.025317807984289876, 5.571643390938899],
  [0.2422092785439649, 7.224687667723961],
  [0.6186721228956013, 8.767273069742327],
  [1.0898653736263249, 10.241588675403698],
  [1.6234863901184204, 11.668332079322669],
  [2.2018942534908508, 13.059474022518685],
  [2.814363051519866, 14.42267536170238],
  [3.4538321767485014, 15.763189220193315],
  [4.115373097378332, 17.08480345141917],
  [4.7953886961324335, 18.39035604201778],
];
// The classic printed table of 95 % exact Poisson limits (e.g. Documenta Geigy / Armitage &
// Berry, 3 decimals), 0–10 events.
const PRINTED_TABLE: [number, number][] = [
  [0, 3.689],
  [0.025, 5.572],
  [0.242, 7.225],
  [0.619, 8.767],
  [1.09, 10.242],
  [1.623, 11.668],
  [2.202, 13.059],
  [2.814, 14.423],
  [3.454, 15.763],
  [4.115, 17.085],
  [4.795, 18.39],
];

/** Independent check: Poisson CDF by direct summation (no chi-square). */
function poissonCdfSum(k: number, lambda: number): number {
  let term = Math.exp(-lambda);
  let s = term;
  for (let i = 1; i <= k; i++) {
    term *= lambda / i;
    s += term;
  }
  return s;
}

describe('exact Poisson (Garwood) limits', () => {
  it('match 30-digit references for 0..10 events at 95 %', () => {
    GARWOOD_95.forEach(([lo, up], o) => {
      const l = exactPoissonLimits(o);
      close(l.lower, lo, 1e-9);
      close(l.upper, up, 1e-9);
      expect(l.method).toBe('exact');
    });
  });
  it('agree with the printed table to 3 decimals', () => {
    PRINTED_TABLE.forEach(([lo, up], o) => {
      const l = exactPoissonLimits(o);
      expect(Math.abs(l.lower - lo)).toBeLessThan(0.0006);
      expect(Math.abs(l.upper - up)).toBeLessThan(0.0006);
    });
  });
  it('are the defining tail probabilities (P(X ≤ O; U) = P(X ≥ O; L) = 2.5 %)', () => {
    for (const o of [1, 4, 9, 30]) {
      const l = exactPoissonLimits(o);
      close(poissonCdfSum(o, l.upper), 0.025, 1e-8);
      close(1 - poissonCdfSum(o - 1, l.lower), 0.025, 1e-8);
    }
  });
  it('handle zero events and 99.8 %', () => {
    const z = exactPoissonLimits(0, 0.998);
    expect(z.lower).toBe(0);
    close(z.upper, 6.907755278982137, 1e-9); // −ln(0.001)
    close(exactPoissonLimits(3, 0.998).lower, 0.1905333775684032, 1e-9);
    close(exactPoissonLimits(9, 0.998).upper, 22.65737330906293, 1e-9);
  });
});

describe("Byar's approximation", () => {
  it.each([
    [10, 4.787449913967562, 18.391458605756476],
    [25, 16.174265921657206, 36.90645069218536],
    [100, 81.36210549052787, 121.62793757920649],
    [1234, 1166.1012539623118, 1304.8207747690428],
  ])('O = %d at 95 %%', (o, lo, up) => {
    const l = byarLimits(o);
    close(l.lower, lo, 1e-9);
    close(l.upper, up, 1e-9);
  });
  it('at 99.8 %', () => {
    close(byarLimits(10, 0.998).lower, 2.916318374695685, 1e-9);
    close(byarLimits(100, 0.998).upper, 134.94362176226318, 1e-9);
  });
  it('is used from 10 events, exact below', () => {
    expect(poissonCountLimits(9).method).toBe('exact');
    expect(poissonCountLimits(10).method).toBe('byar');
  });
});

describe('crude rate', () => {
  it('below 10 events: exact limits, method named', () => {
    const r = crudeRate(7, 25000, { multiplier: 100000 });
    close(r.value, 28);
    close(r.lower, (2.814363051519866 / 25000) * 100000, 1e-9);
    close(r.upper, (14.42267536170238 / 25000) * 100000, 1e-9);
    expect(r.method).toBe('Crude rate, exact Poisson (Garwood) 95 %');
    expect(r).toMatchObject({
      numerator: 7,
      denominator: 25000,
      confidenceLevel: 0.95,
      multiplier: 100000,
      methodId: 'crude-rate/exact-poisson',
    });
  });
  it('from 10 events: Byar; default per 1,000', () => {
    const r = crudeRate(100, 5000);
    close(r.value, 20);
    close(r.lower, 81.36210549052787 / 5, 1e-9);
    close(r.upper, 121.62793757920649 / 5, 1e-9);
    expect(r.method).toBe('Crude rate, Byar 95 %');
  });
  it('zero events: 0 with lower 0, upper from the exact limit', () => {
    const r = crudeRate(0, 1000);
    expect(r.value).toBe(0);
    expect(r.lower).toBe(0);
    close(r.upper, 3.6888794541139363, 1e-9);
  });
  it('zero denominator: null, never 0', () => {
    const r = crudeRate(0, 0);
    expect(r.value).toBeNull();
    expect(r.note).toMatch(/denominator/);
  });
  it('confidence level is configurable and named', () => {
    expect(crudeRate(3, 100, { confidenceLevel: 0.998 }).method).toBe(
      'Crude rate, exact Poisson (Garwood) 99.8 %',
    );
    expect(crudeRate(30, 100, { confidenceLevel: 0.9 }).method).toBe('Crude rate, Byar 90 %');
  });
  it('rejects bad input with typed errors', () => {
    expect(() => crudeRate(-1, 10)).toThrow(FellesError);
    expect(() => crudeRate(1, 10, { confidenceLevel: 95 })).toThrow(/Confidence level/);
    try {
      crudeRate(Number.NaN, 10);
    } catch (e) {
      expect((e as FellesError).code).toBe('STATS_BAD_COUNT');
    }
  });
});

describe('Wilson score interval', () => {
  // Newcombe (1998) Table I, method 3 (Wilson, no continuity correction), 4 decimals.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('Newcombe 1998 example %d/%d', (r, n, lo, up) => {
    const l = wilsonLimits(r, n);
    expect(Math.abs(l.lower - lo)).toBeLessThan(0.00005);
    expect(Math.abs(l.upper - up)).toBeLessThan(0.00005);
  });
  it.each([
    [81, 263, 0.2552885198782742, 0.36620957698280004],
    [15, 148, 0.062386399530736276, 0.16048724172330803],
    [0, 20, 0, 0.16112515805281938],
    [1, 29, 0.00611321429276266, 0.17175521879320288],
    [29, 29, 0.8830302015002592, 1],
    [5, 10, 0.23659309051256397, 0.7634069094874361],
  ])('%d/%d to 9 digits', (r, n, lo, up) => {
    const l = wilsonLimits(r, n);
    close(l.lower, lo, 1e-9);
    close(l.upper, up, 1e-9);
  });
  it('solves the score equation (p̂ − p)² = z²·p(1 − p)/n at both limits', () => {
    const z = 1.959963984540054;
    const l = wilsonLimits(15, 148);
    for (const p of [l.lower, l.upper])
      close((15 / 148 - p) ** 2, (z * z * p * (1 - p)) / 148, 1e-9);
  });
  it('proportion row in per cent, 99.8 %', () => {
    const r = proportion(81, 263, { confidenceLevel: 0.998 });
    close(r.value, (81 / 263) * 100);
    close(r.lower, 22.803574024200476, 1e-9);
    close(r.upper, 40.13894219093696, 1e-9);
    expect(r.method).toBe('Proportion, Wilson score 99.8 %');
  });
  it('refuses r > n and gives null for n = 0', () => {
    expect(() => wilsonLimits(5, 4)).toThrow(/exceeds/);
    expect(proportion(0, 0).value).toBeNull();
  });
});

describe('indirectly standardised ratio', () => {
  it('below 10 observed: exact', () => {
    const r = indirectlyStandardisedRatio(7, 5.3);
    close(r.value, 1.3207547169811322);
    close(r.lower, 0.5310118965131823, 1e-9);
    close(r.upper, 2.7212595022079964, 1e-9);
    expect(r.method).toBe(
      'Indirectly standardised ratio (observed/expected), exact Poisson (Garwood) 95 %',
    );
  });
  it('from 10 observed: Byar; × 100 and as a rate', () => {
    const r = indirectlyStandardisedRatio(45, 38.2, { multiplier: 100 });
    close(r.value, 117.80104712041883);
    close(r.lower, 85.91689396740121, 1e-9);
    close(r.upper, 157.6307897353712, 1e-9);
    const rate = indirectlyStandardisedRatio(45, 38.2, { referenceRate: 0.004, multiplier: 1000 });
    close(rate.value, 1.1780104712041883 * 4);
    expect(rate.method).toMatch(/^Indirectly standardised rate/);
  });
  it('zero observed and zero expected', () => {
    const z = indirectlyStandardisedRatio(0, 2);
    expect(z.value).toBe(0);
    close(z.upper, 3.6888794541139363 / 2, 1e-9);
    expect(indirectlyStandardisedRatio(0, 0).value).toBeNull();
  });
  it('expected events from reference rates', () => {
    close(
      expectedEvents([
        { population: 1000, referenceRate: 0.002 },
        { population: 300, referenceRate: 0.01 },
      ]),
      5,
    );
  });
});
