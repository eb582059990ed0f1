/**
 * Short-term forecasts of monthly series: seasonal naive, additive ETS chosen by AICc, additive
 * Holt–Winters, their combination, and rolling-origin evaluation. See docs/forecasts.md.
 */
export { nelderMead, type NelderMeadOptions, type NelderMeadResult } from './nelder-mead.js';
export { decomposeAdditive, centredMovingAverage, type Decomposition } from './decompose.js';
export {
  etsFilter,
  etsName,
  etsPointForecast,
  stateCount,
  type EtsFilterResult,
  type EtsParams,
  type EtsSeason,
  type EtsSpec,
  type EtsTrend,
} from './ets-model.js';
export { admissible, largestRootModulus, rootsInsideUnitCircle } from './admissible.js';
export {
  ETS_BOUNDS,
  initialParams,
  initialStates,
  inParameterRegion,
  inUsualRegion,
} from './ets-start.js';
export { autoEts, etsCandidates, etsEvaluate, fitEts, type EtsFit } from './ets-fit.js';
export { etsForecastVariance, forecastEts } from './ets-forecast.js';
export {
  fitHoltWinters,
  forecastHoltWinters,
  holtWintersFilter,
  type HoltWintersFit,
  type HoltWintersParams,
} from './holt-winters.js';
export { seasonalNaive } from './seasonal-naive.js';
export { combineForecasts } from './combination.js';
export { insideInterval, maseScale } from './accuracy.js';
export {
  backtestWindows,
  rollingOrigin,
  type BacktestPlan,
  type BacktestWindow,
  type MethodScore,
} from './rolling-origin.js';
export {
  defaultPlan,
  forecastSeries,
  type SeriesForecast,
  type SeriesForecastOptions,
} from './forecast-series.js';
export type { ForecastMethod, ForecastPath, MethodForecast, PredictionInterval } from './types.js';
