/**
 * `felles forecast`: monthly activity per helsefellesskap and service line from the workspace,
 * forecast 1–12 months ahead by the method each series' rolling-origin backtest favours, and
 * disclosed before anything is printed or written. See docs/forecasts.md.
 */
import {
  builtinServiceLines,
  disclose,
  forecastSeries,
  monthlyActivity,
  monthlyReason,
  noProgress,
  type ServiceLineDef,
  type Workspace,
} from '@felles/core';
import { backtestRows, forecastRows, historyRows, FORECAST_SCHEMAS } from './tables.js';
import type { ForecastRun, ForecastRunOptions, ForecastSeriesResult } from './types.js';

export type { ForecastRun, ForecastRunOptions, ForecastSeriesResult } from './types.js';

/** The built-in service lines that have a monthly grain (dated events, counts or sums, no split). */
export function monthlyServiceLines(): ServiceLineDef[] {
  return builtinServiceLines().filter((d) => monthlyReason(d) === undefined);
}

function addMonths(month: string, k: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + k;
  return `${Math.floor(t / 12)}-${String((t % 12) + 1).padStart(2, '0')}`;
}

/** Months of history a forecast needs: three full years (two cycles to fit, one to backtest). */
export const MIN_MONTHS = 36;

/** Compute the monthly series, forecast each and disclose the history, forecasts and backtests. */
export async function runForecast(
  ws: Workspace,
  options: ForecastRunOptions,
): Promise<ForecastRun> {
  const progress = options.progress ?? noProgress;
  const lines = options.lines ?? monthlyServiceLines();
  progress({ phase: 'start', stage: 'monthly series' });
  const act = await monthlyActivity(ws.db, lines, options.hf);
  progress({ phase: 'end', stage: 'monthly series' });
  const byKey = new Map<string, ForecastSeriesResult>();
  const unit = new Map(lines.map((d) => [d.id, d.unit]));
  for (const r of act.rows) {
    const key = `${r.hff_code}\u0000${r.line_id}`;
    let s = byKey.get(key);
    if (!s) {
      s = {
        hffCode: r.hff_code,
        lineId: r.line_id,
        unit: unit.get(r.line_id) ?? '',
        months: [],
        values: [],
        events: [],
        events12m: 0,
        forecastMonths: [],
      };
      byKey.set(key, s);
    }
    s.months.push(r.month);
    s.values.push(r.value);
    s.events.push(r.events);
  }
  const series = [...byKey.values()];
  let done = 0;
  progress({ phase: 'start', stage: 'forecasts', total: series.length, unit: 'series' });
  for (const s of series) {
    s.events12m = s.events.slice(-12).reduce((a, b) => a + b, 0);
    if (s.values.length >= MIN_MONTHS) {
      s.forecast = forecastSeries(s.values, { horizon: options.horizon });
      s.forecastMonths = Array.from({ length: options.horizon }, (_, i) =>
        addMonths(s.months.at(-1)!, i + 1),
      );
    }
    progress({
      phase: 'update',
      stage: 'forecasts',
      done: ++done,
      total: series.length,
      unit: 'series',
    });
  }
  progress({ phase: 'end', stage: 'forecasts' });
  const opts = { workspace: ws };
  const tables = {
    history: await disclose(historyRows(series), FORECAST_SCHEMAS.history, opts),
    forecast: await disclose(forecastRows(series), FORECAST_SCHEMAS.forecast, opts),
    backtest: await disclose(backtestRows(series), FORECAST_SCHEMAS.backtest, opts),
  };
  // A count of undated events is shown only above the disclosure threshold.
  const threshold = ws.config.disclosure.threshold;
  const undated = act.undated.map((u) => ({
    lineId: u.lineId,
    events: u.events > 0 && u.events <= threshold ? null : u.events,
  }));
  return { series, skipped: act.skipped, undated, horizon: options.horizon, tables };
}
