import { describe, expect, it } from 'vitest';
import {
  assessFunnel,
  funnelGrid,
  funnelLimit,
  funnelLimits,
  winsorise,
  quantileType7,
  type FunnelUnit,
} from '../src/internal.js';
import { close } from './stats-helpers.js';

// Reference values: Spiegelhalter (2005) appendix A.1.1 interpolation computed with scipy.stats
// poisson/binom ppf, cdf, pmf (docs/statistics.md). Order: p = 0.001, 0.025, 0.975, 0.999.
const P = [0.001, 0.025, 0.975, 0.999];
const POIS_RATIO: Record<string, number[]> = {
  '2.5': [0, 0, 2.244610269862033, 3.2650145846123864],
  '10': [0.12205293158961342, 0.37751879476884004, 1.6159950673344792, 2.0662000835994987],
  '57.3': [0.6088148851777405, 0.7404089410737065, 1.2582974803446212, 1.4241225353288764],
  '1000': [0.9032107675775355, 0.93799914431638, 1.0619495993502104, 1.098642356482609],
};
const POIS_RATE: Record<string, number[]> = {
  '500': [0, 0.0023428577597020407, 0.021564290899254362, 0.028898404117442343],
  '8000': [0.008333086719514287, 0.009596086516449399, 0.014396875743572431, 0.01589698002880992],
  '120000': [
    0.011030524589373078, 0.011379967738669118, 0.012619588505272639, 0.012984867361027838,
  ],
};
const BINOM: Record<string, number[]> = {
  '20': [0.001477316688281477, 0.08117650598067591, 0.487255146595147, 0.613699679347965],
  '150': [0.18522588458623265, 0.2244898226130819, 0.3713670295366858, 0.41587256162271485],
  '3000': [0.27417067639505516, 0.2834966112077497, 0.3162944463035735, 0.32587573086521426],
};
// Wilson funnel for proportions: PHE's published formula (PHEindicatormethods `sigma_adjustment`,
// a quadratic solution written differently from ours), evaluated in Python; 0 where it is < 0.
const WILSON: Record<string, number[]> = {
  '20': [0, 0.09916345547364067, 0.5008365445263593, 0.6166545829667937],
  '150': [0.18437409464779733, 0.22666486279434825, 0.37333513720565176, 0.4156259053522027],
  '3000': [0.2741452615672517, 0.28360176480688865, 0.31639823519311133, 0.3258547384327482],
};

describe('funnel limits (Spiegelhalter 2005)', () => {
  it('Poisson, ratios (target 1, denominator = expected count)', () => {
    for (const [n, want] of Object.entries(POIS_RATIO))
      P.forEach((p, i) => close(funnelLimit('poisson', 1, Number(n), p), want[i] as number, 1e-7));
  });
  it('Poisson, rates (target 12 per 1,000)', () => {
    for (const [n, want] of Object.entries(POIS_RATE))
      P.forEach((p, i) =>
        close(funnelLimit('poisson', 0.012, Number(n), p), want[i] as number, 1e-7),
      );
  });
  it('exact binomial, proportions (target 30 %)', () => {
    for (const [n, want] of Object.entries(BINOM))
      P.forEach((p, i) =>
        close(funnelLimit('proportion-binomial', 0.3, Number(n), p), want[i] as number, 1e-7),
      );
  });
  it('Wilson, proportions (target 30 %)', () => {
    for (const [n, want] of Object.entries(WILSON))
      P.forEach((p, i) =>
        close(funnelLimit('proportion-wilson', 0.3, Number(n), p), want[i] as number, 1e-9),
      );
  });
  it('Wilson funnel: a unit is outside exactly when its own Wilson interval excludes the target', async () => {
    const { wilsonLimits } = await import('../src/internal.js');
    const n = 150;
    const upper = funnelLimit('proportion-wilson', 0.3, n, 0.975);
    close(wilsonLimits(upper * n, n).lower, 0.3, 1e-12);
    const lower = funnelLimit('proportion-wilson', 0.3, n, 0.025);
    close(wilsonLimits(lower * n, n).upper, 0.3, 1e-12);
  });
  it('limit curves at 95 % and 99.8 % over a grid', () => {
    const rows = funnelLimits('poisson', 1, [10, 1000]);
    expect(rows[0]).toMatchObject({ denominator: 10, target: 1 });
    close(rows[0]?.lower95, 0.37751879476884004);
    close(rows[0]?.upper998, 2.0662000835994987);
    close(rows[1]?.lower998, 0.9032107675775355);
    const g = funnelGrid(1, 100, 10);
    expect(g).toHaveLength(10);
    close(g[0], 1, 1e-12);
    close(g[9], 100, 1e-12);
  });
  it('limits narrow towards the target as the denominator grows', () => {
    const u = [10, 100, 1000, 10000].map((n) => funnelLimit('poisson', 1, n, 0.975));
    for (let i = 1; i < u.length; i++) expect(u[i]).toBeLessThan(u[i - 1] as number);
  });
  it('refuses a zero denominator and a proportion target above 1', () => {
    expect(() => funnelLimit('poisson', 1, 0, 0.975)).toThrow(/denominator/);
    expect(() => funnelLimit('proportion-wilson', 1.2, 10, 0.975)).toThrow(/target/);
  });
});

describe('winsorising', () => {
  it('uses type-7 percentiles and clamps the tails', () => {
    const v = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    close(quantileType7(v, 0.1), 1.9, 1e-12);
    close(quantileType7(v, 0.9), 9.1, 1e-12);
    expect(winsorise([10, 1, 5, 2, 3, 4, 6, 7, 8, 9])).toEqual(
      [9.1, 1.9, 5, 2, 3, 4, 6, 7, 8, 9].map((x) => expect.closeTo(x, 12)),
    );
  });
});

describe('assessing units, with and without overdispersion', () => {
  // 12 units, proportions against a 15 % target; references from numpy (percentile type 7).
  const num = [12, 30, 8, 45, 60, 22, 5, 90, 33, 17, 70, 41];
  const den = [100, 150, 80, 200, 260, 180, 60, 400, 190, 140, 300, 210];
  const units: FunnelUnit[] = num.map((x, i) => ({
    id: `u${i}`,
    numerator: x,
    denominator: den[i] as number,
  }));

  it('no adjustment: Wilson limits, z and position labels', () => {
    const a = assessFunnel(units, { kind: 'proportion-wilson', target: 0.15 });
    expect(a.adjusted).toBe(false);
    close(a.phi, 5.58699262230516, 1e-9);
    close(a.units[0]?.z, -0.8401680504168058, 1e-9);
    close(a.units[0]?.upper95, funnelLimit('proportion-wilson', 0.15, 100, 0.975), 1e-12);
    expect(a.units[0]?.position).toBe('within');
    // u7: 90/400 = 22.5 % against 15 %: z = 4.2 → above 99.8
    expect(a.units[7]?.position).toBe('above-99.8');
    expect(a.method).toBe('Funnel plot 95 % / 99.8 %, Wilson score limits (Spiegelhalter 2005)');
  });
  it('additive random effects: φ, τ², widened limits, z-scores', () => {
    const a = assessFunnel(units, {
      kind: 'proportion-wilson',
      target: 0.15,
      overdispersion: 'additive',
    });
    expect(a.adjusted).toBe(true);
    close(a.phi, 5.58699262230516, 1e-9);
    close(a.tau2, 0.0035104767944699935, 1e-9);
    const zD = [
      -0.43366926848136683, 0.7571867654925041, -0.699850090069514, 1.1645096836987674,
      1.2769361821779468, -0.4276638184344675, -0.8880622473440306, 1.2120086484531347,
      0.36626155436282865, -0.4296969915654939, 1.3283731109622123, 0.7049871427381917,
    ];
    a.units.forEach((u, i) => close(u.z, zD[i] as number, 1e-9));
    close(a.units[0]?.upper95, 0.2855847043118943, 1e-9);
    close(a.units[7]?.lower998, -0.04122588214068171, 1e-9);
    expect(a.units.every((u) => u.position === 'within')).toBe(true);
    expect(a.method).toMatch(/additive random-effects/);
  });
  it('multiplicative φ', () => {
    const a = assessFunnel(units, {
      kind: 'proportion-wilson',
      target: 0.15,
      overdispersion: 'multiplicative',
    });
    close(a.units[0]?.upper95, 0.3154216057982954, 1e-9);
  });
  it('keeps exact limits when the data show no overdispersion', () => {
    const calm: FunnelUnit[] = [
      { id: 'a', numerator: 10, denominator: 10 },
      { id: 'b', numerator: 20, denominator: 20.5 },
      { id: 'c', numerator: 31, denominator: 30 },
    ];
    const a = assessFunnel(calm, { kind: 'poisson', target: 1, overdispersion: 'additive' });
    expect(a.adjusted).toBe(false);
    expect(a.tau2).toBe(0);
    close(a.units[0]?.lower95, 0.37751879476884004);
  });
  it('refuses a proportion above 1 and an empty unit list', () => {
    expect(() =>
      assessFunnel([{ id: 'x', numerator: 5, denominator: 4 }], {
        kind: 'proportion-wilson',
        target: 0.5,
      }),
    ).toThrow(/exceeds/);
    expect(() => assessFunnel([], { kind: 'poisson', target: 1 })).toThrow(/at least one unit/);
  });
  it('position below the limits', () => {
    const a = assessFunnel(
      [
        { id: 'low', numerator: 2, denominator: 57.3 },
        { id: 'mid', numerator: 40, denominator: 57.3 },
      ],
      { kind: 'poisson', target: 1 },
    );
    expect(a.units[0]?.position).toBe('below-99.8');
    expect(a.units[1]?.position).toBe('below-95');
  });
});

describe('lowRegGamma (the incomplete gamma behind the Poisson CDF)', () => {
  it('is jStat.lowRegGamma to the last bit, on both branches and at national-scale counts', async () => {
    const { lowRegGamma } = await import('../src/stats/distributions.js');
    const { default: jStat } = await import('jstat');
    let compared = 0;
    for (const lambda of [0.3, 2.5, 10, 57.3, 1000, 2.4e4, 3.1e5, 1.6e6]) {
      for (const z of [-3.3, -1.96, -0.4, 0, 0.4, 1.96, 3.3]) {
        const k = Math.max(0, Math.floor(lambda + z * Math.sqrt(lambda)));
        for (const a of [k, k + 1, k + 2]) {
          if (a <= 0) continue;
          expect(lowRegGamma(a, lambda)).toBe(jStat.lowRegGamma(a, lambda));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(150);
  });
});
