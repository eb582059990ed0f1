/** Shapes of the forecast pipeline's options and results. */
import type {
  DisclosedTable,
  MonthlyActivity,
  ProgressFn,
  SeriesForecast,
  ServiceLineDef,
} from '@felles/core';

/** Options of `runForecast`. */
export interface ForecastRunOptions {
  /** Helsefellesskap codes, or 'all'. */
  hf: readonly string[] | 'all';
  /** Service lines (default: the built-in lines that can be counted by month). */
  lines?: readonly ServiceLineDef[];
  /** Months ahead, 1–12. */
  horizon: number;
  progress?: ProgressFn;
}

/** One series' forecast with the facts disclosure control needs. */
export interface ForecastSeriesResult {
  hffCode: string;
  lineId: string;
  unit: string;
  /** Observed months, `YYYY-MM`, oldest first. */
  months: string[];
  values: number[];
  events: number[];
  /** Events in the last 12 observed months (the protected count behind every figure). */
  events12m: number;
  /** Undefined when the series is too short to forecast (fewer than 3 years of months). */
  forecast?: SeriesForecast;
  /** `YYYY-MM` of each forecast month. */
  forecastMonths: string[];
}

/** Result of `runForecast`: per-series results and the disclosed tables. */
export interface ForecastRun {
  series: ForecastSeriesResult[];
  skipped: MonthlyActivity['skipped'];
  /** Per line, events without a date in their year (null: 1–threshold, hidden). */
  undated: Array<{ lineId: string; events: number | null }>;
  horizon: number;
  tables: { history: DisclosedTable; forecast: DisclosedTable; backtest: DisclosedTable };
}
