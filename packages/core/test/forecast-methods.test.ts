// Hand-built series for the forecast methods that have no single reference implementation: the
// seasonal naive method on a pure seasonal series, the combination, MASE and the rolling origin.
import { describe, expect, it } from 'vitest';
import {
  admissible,
  backtestWindows,
  largestRootModulus,
  rootsInsideUnitCircle,
  combineForecasts,
  forecastSeries,
  maseScale,
  nelderMead,
  rollingOrigin,
  seasonalNaive,
  type ForecastPath,
} from '../src/internal.js';

const PATTERN = [120, 110, 100, 95, 90, 70, 40, 60, 95, 105, 110, 80];
const pureSeasonal = (years: number) =>
  Array.from({ length: 12 * years }, (_, i) => PATTERN[i % 12]!);
// A deterministic wobble (no random generator): ±3 in a fixed 7-month cycle.
const WOBBLE = [0, 3, -2, 1, -3, 2, -1];
const trended = (n: number) =>
  Array.from({ length: n }, (_, i) => 200 + 4 * i + PATTERN[i % 12]! + WOBBLE[i % 7]!);

describe('seasonal naive', () => {
  it('is exact on a pure seasonal series, every step of two cycles ahead', () => {
    const y = pureSeasonal(5);
    const f = seasonalNaive(y.slice(0, 48), 12, 24);
    expect(f.mean).toEqual([...y.slice(36, 48), ...y.slice(36, 48)]);
    // No seasonal difference is non-zero, so σ = 0 and the intervals collapse on the forecast.
    expect(f.intervals[0]!.lower).toEqual(f.mean);
  });

  it('scales its standard error by √(k + 1) beyond one cycle (hand-worked)', () => {
    // y: 1..13 with m = 12: one seasonal difference, 13 − 1 = 12, so σ = 12.
    const y = Array.from({ length: 13 }, (_, i) => i + 1);
    const f = seasonalNaive(y, 12, 13, [0.8]);
    const z80 = 1.2815515655446004;
    expect(f.mean[0]).toBe(2);
    expect(f.mean[12]).toBe(2);
    expect(f.intervals[0]!.upper[0]).toBeCloseTo(2 + z80 * 12, 10);
    expect(f.intervals[0]!.upper[12]).toBeCloseTo(2 + z80 * 12 * Math.SQRT2, 10);
  });
});

describe('MASE scale and rolling origins', () => {
  it('scale = mean absolute seasonal difference (hand-worked)', () => {
    // m = 2: differences |3−1|, |4−2|, |9−3| = 2, 2, 6 → 10/3.
    expect(maseScale([1, 2, 3, 4, 9], 2)).toBeCloseTo(10 / 3, 12);
    expect(maseScale([1, 2], 2)).toBeNaN();
  });

  it('cuts 6 origins 2 months apart ending a horizon before the end', () => {
    const plan = { m: 12, horizon: 12, origins: 6, step: 2, minTrain: 30 };
    expect(backtestWindows(60, plan).map((w) => w.trainLength)).toEqual([38, 40, 42, 44, 46, 48]);
    // A shorter series keeps only the origins with training windows of at least 30 months.
    expect(backtestWindows(48, plan).map((w) => w.trainLength)).toEqual([30, 32, 34, 36]);
  });

  it('pools scaled errors and interval hits over origins (hand-worked)', () => {
    // Series 0..9 with m = 1: scale at origin 8 is 1 (steps of 1), at origin 9 also 1.
    const y = Array.from({ length: 10 }, (_, i) => i);
    const plan = { m: 1, horizon: 1, origins: 2, step: 1, minTrain: 3 };
    const forecast = (train: readonly number[]): Record<string, ForecastPath> => ({
      flat: {
        mean: [train.at(-1)!],
        intervals: [{ level: 0.8, lower: [train.at(-1)! - 0.5], upper: [train.at(-1)! + 1] }],
      },
    });
    const r = rollingOrigin(y, plan, forecast);
    expect(r.windows.map((w) => w.trainLength)).toEqual([8, 9]);
    // Errors: 8 − 7 = 1 and 9 − 8 = 1, each scaled by 1 → MASE 1; both inside [x − 0.5, x + 1].
    expect(r.scores).toEqual([
      { method: 'flat', mase: 1, coverage: [{ level: 0.8, share: 1 }], count: 2 },
    ]);
  });
});

describe('combination', () => {
  it('averages point forecasts and each interval bound (hand-worked)', () => {
    const a: ForecastPath = {
      mean: [10, 20],
      intervals: [{ level: 0.8, lower: [8, 15], upper: [12, 25] }],
    };
    const b: ForecastPath = {
      mean: [14, 16],
      intervals: [{ level: 0.8, lower: [10, 14], upper: [18, 18] }],
    };
    expect(combineForecasts([a, b])).toEqual({
      mean: [12, 18],
      intervals: [{ level: 0.8, lower: [9, 14.5], upper: [15, 21.5] }],
    });
  });
});

describe('method choice by rolling origin', () => {
  it('forecasts a constant series (no error to fit) as that constant, with no width', () => {
    const r = forecastSeries(new Array<number>(48).fill(7), { horizon: 3 });
    expect(r.etsModel).toBe('ETS(A,N,N)');
    expect(r.chosen.mean).toEqual([7, 7, 7]);
    expect(r.chosen.intervals[0]!.upper).toEqual([7, 7, 7]);
  });

  it('on a linear trend with season, ETS with a trend beats seasonal naive', () => {
    const r = forecastSeries(trended(72), { horizon: 12 });
    const mase = Object.fromEntries(r.scores.map((s) => [s.method, s.mase]));
    expect(r.etsModel).toMatch(/^ETS\(A,Ad?,A\)$/);
    expect(mase.ets!).toBeLessThan(mase.snaive!);
    expect(['ets', 'combination']).toContain(r.chosen.method);
    expect(r.relativeMase).toBeLessThan(1);
    // Seasonal naive misses the trend by 4 a month × 12 months = 48 every step; its MASE is the
    // mean |error| over the scale, which for this series is about 48 / 48 = 1.
    expect(mase.snaive!).toBeGreaterThan(0.9);
    expect(mase.ets!).toBeLessThan(0.2);
  });

  it('on a pure seasonal series every origin of seasonal naive is exact', () => {
    const y = pureSeasonal(6);
    const r = rollingOrigin(
      y,
      { m: 12, horizon: 12, origins: 3, step: 2, minTrain: 30 },
      (train, h) => ({
        snaive: seasonalNaive(train, 12, h),
      }),
    );
    // Scale 0 and error 0: MASE is undefined (0/0), which felles reports as NaN, never as 0.
    expect(r.scores[0]!.mase).toBeNaN();
    expect(r.scores[0]!.coverage).toEqual([
      { level: 0.8, share: 1 },
      { level: 0.95, share: 1 },
    ]);
  });
});

describe('admissible region', () => {
  it('the Schur–Cohn test agrees with the roots found by Durand–Kerner on 2000 seasonal models', () => {
    // Parameters from a fixed linear congruential sequence over the usual region, m = 12.
    let seed = 1;
    const r = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    let inside = 0;
    for (let t = 0; t < 2000; t++) {
      const [alpha, b, g, p] = [r(), r(), r(), r()];
      const beta = b * alpha;
      const gamma = g * (1 - alpha);
      const phi = 0.8 + 0.2 * p;
      const P = [
        phi * (1 - alpha - gamma),
        alpha + beta - alpha * phi + gamma - 1,
        ...new Array<number>(10).fill(alpha + beta - alpha * phi),
        alpha + beta - phi,
        1,
      ];
      const byRoots = largestRootModulus(P) <= 1 + 1e-10;
      expect(rootsInsideUnitCircle(P.map((v, k) => v * (1 + 1e-10) ** k))).toBe(byRoots);
      if (byRoots) inside++;
    }
    // Both answers occur: the comparison is not one-sided.
    expect(inside).toBeGreaterThan(500);
    expect(inside).toBeLessThan(1500);
  });

  it('R: admissible(0.3, 0.05, 0.1, 1, 12) is true, its largest root 0.9926396', () => {
    expect(admissible(0.3, 0.05, 0.1, 1, 12)).toBe(true);
    const P = [0.6, -0.85, ...new Array<number>(10).fill(0.05), -0.65, 1];
    expect(largestRootModulus(P)).toBeCloseTo(0.9926396, 6);
  });
});

describe('Nelder–Mead', () => {
  it('finds the minimum of the Rosenbrock function from R’s documented start (−1.2, 1)', () => {
    const r = nelderMead(([x, y]) => 100 * (y! - x! * x!) ** 2 + (1 - x!) ** 2, [-1.2, 1], {
      maxit: 500,
    });
    // R: optim(c(-1.2, 1), fr) gives par 1.000260 1.000506, value 8.825241e-08, counts 195.
    expect(r.par[0]).toBeCloseTo(1.00026, 5);
    expect(r.par[1]).toBeCloseTo(1.000506, 5);
    expect(r.evaluations).toBe(195);
  });
});
