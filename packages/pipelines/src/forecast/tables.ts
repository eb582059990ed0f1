/**
 * The tables `felles forecast` publishes, and their disclosure schemas. Every figure of a series
 * (its observed months, forecasts and backtest scores) is protected by counts of events: an
 * observed month by its own event count, a forecast or a score by the events of the series' last
 * 12 observed months, so a series resting on 1–threshold recent events shows nothing.
 */
import type { DisclosureSchema } from '@felles/core';
import type { ForecastSeriesResult } from './types.js';

const round = (v: number, d = 2): number | null =>
  Number.isFinite(v) ? Math.round(v * 10 ** d) / 10 ** d : null;

const FORECAST_FIGURES = ['forecast', 'lower80', 'upper80', 'lower95', 'upper95'] as const;
const SCORE_FIGURES = ['mase', 'relative_mase', 'coverage80', 'coverage95'] as const;

/** Disclosure schemas of the history, forecast and backtest tables. */
export const FORECAST_SCHEMAS: Readonly<
  Record<'history' | 'forecast' | 'backtest', DisclosureSchema>
> = {
  history: {
    name: 'forecast_history',
    dimensions: ['hff_code', 'line_id', 'month'],
    counts: ['events'],
    derived: { value: ['events'] },
    attributes: ['unit'],
  },
  forecast: {
    name: 'forecast',
    dimensions: ['hff_code', 'line_id', 'month'],
    counts: ['events_12m'],
    derived: Object.fromEntries(FORECAST_FIGURES.map((f) => [f, ['events_12m']])),
    attributes: ['unit', 'step', 'method', 'model'],
  },
  backtest: {
    name: 'forecast_backtest',
    dimensions: ['hff_code', 'line_id', 'method'],
    counts: ['events_12m'],
    derived: Object.fromEntries(SCORE_FIGURES.map((f) => [f, ['events_12m']])),
    attributes: ['chosen', 'model', 'origins', 'held_out'],
  },
};

/** Observed months, one row per series and month. */
export function historyRows(series: readonly ForecastSeriesResult[]): Record<string, unknown>[] {
  return series.flatMap((s) =>
    s.months.map((month, i) => ({
      hff_code: s.hffCode,
      line_id: s.lineId,
      month,
      unit: s.unit,
      events: s.events[i]!,
      value: round(s.values[i]!),
    })),
  );
}

/** Forecast months with their 80 % and 95 % intervals, one row per series and month ahead. */
export function forecastRows(series: readonly ForecastSeriesResult[]): Record<string, unknown>[] {
  return series.flatMap((s) => {
    const f = s.forecast;
    if (!f) return [];
    const [i80, i95] = f.chosen.intervals;
    return s.forecastMonths.map((month, i) => ({
      hff_code: s.hffCode,
      line_id: s.lineId,
      month,
      unit: s.unit,
      step: i + 1,
      method: f.chosen.method,
      model: f.chosen.model,
      events_12m: s.events12m,
      forecast: round(f.chosen.mean[i]!),
      // Activity is never negative: a lower bound below 0 is shown as 0 (coverage is unchanged,
      // since every observed value is at least 0).
      lower80: round(Math.max(0, i80!.lower[i]!)),
      upper80: round(i80!.upper[i]!),
      lower95: round(Math.max(0, i95!.lower[i]!)),
      upper95: round(i95!.upper[i]!),
    }));
  });
}

/** Backtest scores, one row per series and method, with the origins used. */
export function backtestRows(series: readonly ForecastSeriesResult[]): Record<string, unknown>[] {
  return series.flatMap((s) => {
    const f = s.forecast;
    if (!f) return [];
    const snaive = f.scores.find((x) => x.method === 'snaive')?.mase ?? NaN;
    const origins = f.windows.map((w) => `${s.months[w.trainLength - 1]}+${w.horizon}`).join(' ');
    return f.scores.map((sc) => ({
      hff_code: s.hffCode,
      line_id: s.lineId,
      method: sc.method,
      chosen: sc.method === f.chosen.method,
      model:
        sc.method === 'snaive'
          ? 'seasonal naive (m = 12)'
          : sc.method === 'ets'
            ? f.etsModel
            : `mean of ${f.etsModel} and seasonal naive`,
      origins,
      held_out: sc.count,
      events_12m: s.events12m,
      mase: round(sc.mase, 4),
      relative_mase: round(sc.mase / snaive, 4),
      coverage80: round(sc.coverage.find((c) => c.level === 0.8)?.share ?? NaN, 4),
      coverage95: round(sc.coverage.find((c) => c.level === 0.95)?.share ?? NaN, 4),
    }));
  });
}
