// The forecast engine against R: packages/core/test/reference/forecast.R computed these values
// once with the forecast package (ets, snaive) and stats (HoltWinters, decompose) on data sets
// shipped with R; the file it wrote is read here. Point forecasts must agree to 1e-6 (relative)
// and interval bounds to 1e-4 when felles runs the models with R's fitted parameters and initial
// states; felles's own optimiser must reach a likelihood at least as good as R's and choose the
// same model by AICc.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  autoEts,
  decomposeAdditive,
  etsEvaluate,
  etsForecastVariance,
  etsName,
  fitEts,
  fitHoltWinters,
  forecastEts,
  forecastHoltWinters,
  holtWintersFilter,
  seasonalNaive,
  type EtsSpec,
  type ForecastPath,
} from '../src/internal.js';

interface RPath {
  mean: number[];
  lower80: number[];
  upper80: number[];
  lower95: number[];
  upper95: number[];
}
interface REts {
  model: string;
  alpha: number;
  beta: number | null;
  gamma: number | null;
  phi: number | null;
  init: number[];
  loglik: number;
  aicc: number;
  sigma2: number;
  forecast: RPath;
}
interface RHw {
  alpha: number;
  beta: number;
  gamma: number | null;
  sse: number;
  coefficients: number[];
  forecast: RPath;
}
interface RSeries {
  m: number;
  y: number[];
  decompose?: number[];
  ets: Record<string, REts>;
  auto: { model: string; aicc: number };
  holtwinters?: RHw;
  holt: RHw;
  snaive?: RPath;
}

const ref = JSON.parse(
  readFileSync(new URL('./fixtures/forecast/r-reference.json', import.meta.url), 'utf8'),
) as Record<string, RSeries>;
const names = Object.keys(ref).filter((k) => k !== 'meta');
const H = 24;

function specOf(key: string, m: number): EtsSpec {
  const trend = key.includes('Ad') ? 'Ad' : key[1] === 'A' ? 'A' : 'N';
  const season = key.at(-1) === 'A' ? 'A' : 'N';
  return { trend, season, m: season === 'A' ? m : 1 };
}

function expectRelative(actual: readonly number[], expected: readonly number[], tol: number) {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i]!;
    expect(
      Math.abs(a - e) / Math.max(Math.abs(e), 1e-12),
      `step ${i + 1}: ${a} vs ${e}`,
    ).toBeLessThan(tol);
  });
}

/** Compare a path with R's: points to 1e-6 relative, bounds to 1e-4, for the first `steps` steps. */
function expectPath(path: ForecastPath, r: RPath, steps = r.mean.length) {
  expectRelative(path.mean, r.mean, 1e-6);
  const [i80, i95] = path.intervals;
  for (const [a, e] of [
    [i80!.lower, r.lower80],
    [i80!.upper, r.upper80],
    [i95!.lower, r.lower95],
    [i95!.upper, r.upper95],
  ] as const)
    a.slice(0, steps).forEach((v, i) =>
      expect(Math.abs(v - e[i]!), `bound ${i + 1}`).toBeLessThan(1e-4),
    );
}

describe.each(names)('%s', (name) => {
  const s = ref[name]!;
  it.runIf(s.decompose)('classical decomposition: the seasonal figure of R’s decompose', () => {
    expectRelative(decomposeAdditive(s.y, s.m).figure, s.decompose!, 1e-9);
  });

  it.each(Object.keys(s.ets))(
    'ETS %s with R’s parameters: likelihood, σ², forecasts, intervals',
    (key) => {
      const r = s.ets[key]!;
      const spec = specOf(key, s.m);
      expect(etsName(spec)).toBe(r.model);
      const params = {
        alpha: r.alpha,
        ...(r.beta !== null ? { beta: r.beta } : {}),
        ...(r.gamma !== null ? { gamma: r.gamma } : {}),
        ...(r.phi !== null ? { phi: r.phi } : {}),
      };
      const fit = etsEvaluate(s.y, spec, params, r.init);
      expectRelative([fit.loglik, fit.aicc, fit.sigma2], [r.loglik, r.aicc, r.sigma2], 1e-9);
      // forecast 8.20's class1() puts γ in the third place of the persistence vector whatever the
      // trend, so for ETS(A,N,A) it adds γ to c_{m−1} instead of c_m: its bounds from step m on
      // are not the model's. felles follows the model (Hyndman et al. 2008, Table 6.1, tested
      // below), so only the first m − 1 steps are compared with R for that model.
      expectPath(forecastEts(fit, H), r.forecast, key === 'ANA' ? s.m - 1 : H);
      if (key === 'ANA') {
        // v_h = σ²[1 + (h−1)α² + γk(2α + γ)], k = ⌊(h−1)/m⌋ (Hyndman et al. 2008, Table 6.1).
        const v = Array.from({ length: H }, (_, i) => {
          const k = Math.floor(i / s.m);
          return r.sigma2 * (1 + i * r.alpha ** 2 + r.gamma! * k * (2 * r.alpha + r.gamma!));
        });
        expectRelative(etsForecastVariance(fit, H), v, 1e-12);
      }
    },
  );

  it.each(Object.keys(s.ets))('ETS %s fitted by felles: R’s forecasts', (key) => {
    const r = s.ets[key]!;
    const path = forecastEts(fitEts(s.y, specOf(key, s.m)), H);
    expectPath(path, r.forecast, key === 'ANA' ? s.m - 1 : H);
  });

  it.each(Object.keys(s.ets))('ETS %s fitted by felles: a likelihood at least R’s', (key) => {
    const r = s.ets[key]!;
    const fit = fitEts(s.y, specOf(key, s.m));
    expect(fit.loglik).toBeGreaterThanOrEqual(r.loglik - 1e-6 * Math.abs(r.loglik));
  });

  it('automatic ETS (additive models) chooses R’s model by AICc', () => {
    const fit = autoEts(s.y, s.m);
    expect(etsName(fit.spec)).toBe(s.auto.model);
    expect(fit.aicc).toBeLessThanOrEqual(s.auto.aicc + 1e-6 * Math.abs(s.auto.aicc));
  });

  const hws = [
    ['Holt-Winters (additive season)', s.holtwinters],
    ['Holt (no season)', s.holt],
  ] as const;
  it.each(hws.filter(([, r]) => r))(
    '%s with R’s parameters: coefficients, SSE, forecasts',
    (_, r) => {
      const params = { alpha: r!.alpha, beta: r!.beta, gamma: r!.gamma ?? (false as const) };
      const fit = holtWintersFilter(s.y, s.m, params);
      expectRelative([fit.level, fit.trend, ...fit.season], r!.coefficients, 1e-9);
      expectRelative([fit.sse], [r!.sse], 1e-9);
      expectPath(forecastHoltWinters(fit, H), r!.forecast);
    },
  );

  it.each(hws.filter(([, r]) => r))('%s fitted by felles: an SSE at most R’s', (_, r) => {
    const fit = fitHoltWinters(s.y, s.m, true, r!.gamma !== null);
    expect(fit.sse).toBeLessThanOrEqual(r!.sse * (1 + 1e-6));
  });

  it.runIf(s.snaive)('seasonal naive: forecasts and intervals of R’s snaive', () => {
    expectPath(seasonalNaive(s.y, s.m, H), s.snaive!);
  });
});
