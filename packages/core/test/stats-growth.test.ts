/**
 * The difference of two growth ratios (den gylne regel) with its interval, worked by hand.
 */
import { describe, expect, it } from 'vitest';
import { growthDifference } from '../src/internal.js';

describe('growthDifference', () => {
  it('A 100 → 120, B 1000 → 1050: 15 pp, SE 100 × √(1.2² (1/120 + 1/100) + 1.05² (1/1050 + 1/1000))', () => {
    // 1.44 × 0.0183333 = 0.0264; 1.1025 × 0.00195238 = 0.00215250; √0.0285525 = 0.168975
    // → SE 16.8975 pp; 15 ± 1.959964 × 16.8975 = −18.118 … 48.118
    const g = growthDifference(120, 100, 1050, 1000);
    expect(g.value).toBeCloseTo(15, 10);
    expect(g.lower).toBeCloseTo(-18.118, 3);
    expect(g.upper).toBeCloseTo(48.118, 3);
    expect(g.method).toBe(
      'Difference in year-on-year growth (percentage points), Poisson counts, interval by Altman and Bland 95 %',
    );
  });

  it('is undefined without activity the year before, and has no interval without activity in the year', () => {
    expect(growthDifference(5, 0, 10, 10).value).toBeNull();
    const g = growthDifference(0, 4, 10, 10);
    expect(g.value).toBeCloseTo(-100, 10);
    expect([g.lower, g.upper]).toEqual([null, null]);
    expect(g.note).toMatch(/no interval/);
  });
});
