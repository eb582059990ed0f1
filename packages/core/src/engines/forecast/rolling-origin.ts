/**
 * Rolling-origin evaluation (Tashman, L.J. (2000) Out-of-sample tests of forecasting accuracy:
 * an analysis and review. International Journal of Forecasting 16(4), 437–450): the series is cut
 * at several origins; at each, every method is fitted to the months up to the origin only and
 * forecasts the next `horizon` months, which are then compared with what was observed. The
 * scores pool all origins and steps: MASE (each error scaled by its own training window's
 * seasonal naive MAE, see {@link maseScale}) and the share of held-out months inside the 80 % and
 * 95 % intervals.
 */
import { insideInterval, maseScale } from './accuracy.js';
import type { ForecastPath } from './types.js';

/** Where the backtest cuts the series. */
export interface BacktestPlan {
  /** Season length (12 for months). */
  m: number;
  /** Months forecast from each origin. */
  horizon: number;
  /** Number of origins (fewer when the series is short). */
  origins: number;
  /** Months between origins. */
  step: number;
  /** Shortest training window allowed. */
  minTrain: number;
}

/** One origin: the training window is observations [0, trainLength), the test the next `horizon`. */
export interface BacktestWindow {
  trainLength: number;
  horizon: number;
}

/** One method's pooled backtest score. */
export interface MethodScore {
  method: string;
  /** Mean absolute scaled error over all origins and steps (NaN when no scale exists). */
  mase: number;
  /** Share of held-out values inside the interval, per level. */
  coverage: Array<{ level: number; share: number }>;
  /** Number of held-out values scored. */
  count: number;
}

/** The origins of a backtest plan on a series of length n; empty when the series is too short. */
export function backtestWindows(n: number, plan: BacktestPlan): BacktestWindow[] {
  const out: BacktestWindow[] = [];
  for (let k = plan.origins - 1; k >= 0; k--) {
    const trainLength = n - plan.horizon - k * plan.step;
    if (trainLength >= plan.minTrain) out.push({ trainLength, horizon: plan.horizon });
  }
  return out;
}

/**
 * Score methods by rolling origin. `forecastAt(train, h)` returns, per method name, the forecast
 * path from one training window (so that methods sharing a fit, as the combination shares the
 * ETS fit, fit once per window).
 */
export function rollingOrigin(
  y: readonly number[],
  plan: BacktestPlan,
  forecastAt: (train: readonly number[], h: number) => Record<string, ForecastPath>,
): { windows: BacktestWindow[]; scores: MethodScore[] } {
  const windows = backtestWindows(y.length, plan);
  const acc = new Map<string, { sum: number; n: number; inside: Map<number, number> }>();
  for (const w of windows) {
    const train = y.slice(0, w.trainLength);
    const test = y.slice(w.trainLength, w.trainLength + w.horizon);
    const scale = maseScale(train, plan.m);
    for (const [method, path] of Object.entries(forecastAt(train, w.horizon))) {
      const a = acc.get(method) ?? { sum: 0, n: 0, inside: new Map<number, number>() };
      test.forEach((v, i) => (a.sum += Math.abs(v - path.mean[i]!) / scale));
      a.n += test.length;
      for (const iv of path.intervals) {
        const hits = insideInterval(test, iv.lower, iv.upper).filter(Boolean).length;
        a.inside.set(iv.level, (a.inside.get(iv.level) ?? 0) + hits);
      }
      acc.set(method, a);
    }
  }
  const scores = [...acc].map(([method, a]) => ({
    method,
    mase: a.n > 0 && Number.isFinite(a.sum) ? a.sum / a.n : NaN,
    coverage: [...a.inside].map(([level, hits]) => ({ level, share: hits / a.n })),
    count: a.n,
  }));
  return { windows, scores };
}
