/**
 * Forecast one monthly series: seasonal naive (the benchmark), ETS chosen by AICc among the
 * additive models, and their equal-weight combination; the method used is the one with the
 * smallest rolling-origin MASE (ties go to the simpler method, in that order). The result
 * carries the backtest of every method, so the printed forecast always shows how well each did.
 *
 * The backtest that chooses the method is the one reported, so the chosen method's score is an
 * in-sample choice among three and slightly optimistic; the other methods' scores are shown
 * beside it.
 */
import { combineForecasts } from './combination.js';
import { autoEts } from './ets-fit.js';
import { forecastEts } from './ets-forecast.js';
import { etsName } from './ets-model.js';
import {
  rollingOrigin,
  type BacktestPlan,
  type BacktestWindow,
  type MethodScore,
} from './rolling-origin.js';
import { seasonalNaive } from './seasonal-naive.js';
import type { ForecastMethod, ForecastPath, MethodForecast } from './types.js';

/** Options of {@link forecastSeries}. */
export interface SeriesForecastOptions {
  /** Months ahead (1–12 in the CLI). */
  horizon: number;
  /** Season length; 12 for months. */
  m?: number;
  /** Interval levels (default 0.8 and 0.95). */
  levels?: readonly number[];
  /** Backtest plan; by default 6 origins 2 months apart, forecasting `horizon` months. */
  backtest?: Partial<BacktestPlan>;
}

/** A series' forecast by the chosen method, with every method's backtest. */
export interface SeriesForecast {
  chosen: MethodForecast;
  /** The ETS model fitted to the whole series (e.g. `ETS(A,N,A)`). */
  etsModel: string;
  windows: BacktestWindow[];
  scores: MethodScore[];
  /** Chosen method's MASE divided by seasonal naive's on the same windows (NaN if undefined). */
  relativeMase: number;
}

const ORDER: ForecastMethod[] = ['snaive', 'ets', 'combination'];

function allMethods(
  y: readonly number[],
  m: number,
  h: number,
  levels: readonly number[],
): { paths: Record<ForecastMethod, ForecastPath>; etsModel: string } {
  const snaive = seasonalNaive(y, m, h, levels);
  const fit = autoEts(y, m);
  const ets = forecastEts(fit, h, levels);
  return {
    paths: { snaive, ets, combination: combineForecasts([ets, snaive]) },
    etsModel: etsName(fit.spec),
  };
}

/** The default backtest plan for a horizon: 6 origins, 2 months apart, at least 2 cycles + 6. */
export function defaultPlan(
  horizon: number,
  m: number,
  over: Partial<BacktestPlan> = {},
): BacktestPlan {
  return { m, horizon, origins: 6, step: 2, minTrain: 2 * m + 6, ...over };
}

/** Forecast a series by the method with the best rolling-origin MASE (see the module note). */
export function forecastSeries(
  y: readonly number[],
  options: SeriesForecastOptions,
): SeriesForecast {
  const m = options.m ?? 12;
  const levels = options.levels ?? [0.8, 0.95];
  const plan = defaultPlan(options.backtest?.horizon ?? options.horizon, m, options.backtest);
  const bt = rollingOrigin(y, plan, (train, h) => allMethods(train, m, h, levels).paths);
  const score = (k: ForecastMethod) => bt.scores.find((s) => s.method === k)?.mase ?? NaN;
  let best: ForecastMethod = 'snaive';
  for (const k of ORDER) if (score(k) < score(best)) best = k;
  const full = allMethods(y, m, options.horizon, levels);
  const model =
    best === 'snaive'
      ? `seasonal naive (m = ${m})`
      : best === 'ets'
        ? full.etsModel
        : `mean of ${full.etsModel} and seasonal naive`;
  return {
    chosen: { method: best, model, ...full.paths[best] },
    etsModel: full.etsModel,
    windows: bt.windows,
    scores: bt.scores,
    relativeMase: score(best) / score('snaive'),
  };
}
