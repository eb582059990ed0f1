/** Shapes shared by the forecast methods. */

/** A prediction interval at one level, one bound per step ahead. */
export interface PredictionInterval {
  /** Coverage level, e.g. 0.8. */
  level: number;
  lower: number[];
  upper: number[];
}

/** Point forecasts 1…h steps ahead with their prediction intervals. */
export interface ForecastPath {
  mean: number[];
  intervals: PredictionInterval[];
}

/** The forecasting methods felles offers. */
export type ForecastMethod = 'snaive' | 'ets' | 'combination';

/** A method's forecast of one series, with the name of the fitted model. */
export interface MethodForecast extends ForecastPath {
  method: ForecastMethod;
  /** The fitted model, e.g. `ETS(A,A,A)` or `seasonal naive (m = 12)`. */
  model: string;
}
