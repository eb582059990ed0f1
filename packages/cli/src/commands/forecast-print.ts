/** Printing `felles forecast`: the disclosed tables as text, in bokmål or English. */
import type { ForecastRun } from '@felles/pipelines';
import { out } from '../context.js';
import { formatTable } from '../format.js';

/** Language of the printed tables. */
export type Lang = 'nb' | 'en';

const TEXT = {
  nb: {
    hf: 'Helsefellesskap',
    horizon: (h: number) =>
      `Prognose ${h} måneder fram, metode valgt per serie ved tilbakevendende test`,
    col: {
      line: 'tjenestelinje',
      unit: 'enhet',
      method: 'metode',
      model: 'modell',
      mase: 'MASE',
      rel: 'MASE / sesongnaiv',
      c80: 'dekning 80 %',
      c95: 'dekning 95 %',
      first: 'neste måned',
      last: 'siste måned',
      held: 'testmåneder',
    },
    methods: { snaive: 'sesongnaiv', ets: 'ETS', combination: 'kombinasjon' } as Record<
      string,
      string
    >,
    origins: 'Testvinduer (siste måned i treningsdata + måneder fram)',
    summary: 'Samlet tilbakevendende test',
    series: 'serier med nok historikk (minst 36 måneder)',
    beats: 'der valgt metode har lavere MASE enn sesongnaiv',
    cover80: 'av testmånedene innenfor 80 %-intervallet (valgt metode)',
    cover95: 'av testmånedene innenfor 95 %-intervallet (valgt metode)',
    hidden: '":" = skjult av avsløringskontroll (1–terskel hendelser siste 12 måneder).',
    skipped: 'Uten månedstall',
    reasons: {
      'no-monthly-grain': 'kilden har ikke dato per hendelse',
      persons: 'tellingen er personer, som ikke summerer over måneder',
      split: 'linjen er delt i underlinjer',
      'no-data': 'ingen data i arbeidsområdet',
    } as Record<string, string>,
    undated: (n: number | string, l: string) =>
      `${n} hendelser i ${l} har ingen dato i sitt år og er ikke med i noen måned`,
    none: 'Ingen serie har nok historikk til en prognose (minst 36 måneder).',
  },
  en: {
    hf: 'Helsefellesskap',
    horizon: (h: number) =>
      `Forecast ${h} months ahead, method chosen per series by rolling-origin backtest`,
    col: {
      line: 'service line',
      unit: 'unit',
      method: 'method',
      model: 'model',
      mase: 'MASE',
      rel: 'MASE / seasonal naive',
      c80: '80 % coverage',
      c95: '95 % coverage',
      first: 'next month',
      last: 'last month',
      held: 'held-out months',
    },
    methods: { snaive: 'seasonal naive', ets: 'ETS', combination: 'combination' } as Record<
      string,
      string
    >,
    origins: 'Backtest windows (last training month + months ahead)',
    summary: 'Backtest over all series',
    series: 'series with enough history (at least 36 months)',
    beats: "where the chosen method's MASE is below seasonal naive's",
    cover80: 'of held-out months inside the 80 % interval (chosen method)',
    cover95: 'of held-out months inside the 95 % interval (chosen method)',
    hidden: '":" = hidden by disclosure control (1–threshold events in the last 12 months).',
    skipped: 'No monthly figures',
    reasons: {
      'no-monthly-grain': 'the source has no date per event',
      persons: 'the count is of persons, which does not add up over months',
      split: 'the line is split into sub-lines',
      'no-data': 'no data in the workspace',
    } as Record<string, string>,
    undated: (n: number | string, l: string) =>
      `${n} events of ${l} have no date in their year and are in no month`,
    none: 'No series has enough history for a forecast (at least 36 months).',
  },
} as const;

type Row = Record<string, unknown>;
const num = (v: unknown, d = 0): string | number => {
  if (v === null || v === undefined) return ':';
  if (typeof v !== 'number') return String(v);
  return Number(v.toFixed(d));
};
const pct = (v: unknown): string => (typeof v === 'number' ? `${(v * 100).toFixed(0)} %` : ':');
const interval = (r: Row | undefined): string =>
  r && typeof r['forecast'] === 'number'
    ? `${num(r['forecast'])} [${num(r['lower80'])}–${num(r['upper80'])}]`
    : ':';

/** The share summary of the backtest, from the disclosed rows of the chosen methods. */
export function backtestSummary(run: ForecastRun): {
  series: number;
  beats: number;
  heldOut: number;
  cover80: number;
  cover95: number;
} {
  const chosen = (run.tables.backtest.rows as readonly Row[]).filter(
    (r) => r['chosen'] === true && typeof r['relative_mase'] === 'number',
  );
  let held = 0;
  let c80 = 0;
  let c95 = 0;
  for (const r of chosen) {
    const n = Number(r['held_out']);
    held += n;
    c80 += Number(r['coverage80']) * n;
    c95 += Number(r['coverage95']) * n;
  }
  return {
    series: chosen.length,
    beats: chosen.filter((r) => Number(r['relative_mase']) < 1).length,
    heldOut: held,
    cover80: held ? c80 / held : NaN,
    cover95: held ? c95 / held : NaN,
  };
}

/** Print one block per helsefellesskap, the backtest details with `details`, then the summary. */
export function printForecast(run: ForecastRun, lang: Lang, details: boolean): void {
  const t = TEXT[lang];
  const c = t.col;
  const fc = run.tables.forecast.rows as readonly Row[];
  const bt = run.tables.backtest.rows as readonly Row[];
  out(t.horizon(run.horizon));
  const hfs = [...new Set(run.series.map((s) => s.hffCode))].sort();
  for (const hf of hfs) {
    const rows = run.series
      .filter((s) => s.hffCode === hf && s.forecast)
      .map((s) => {
        const own = fc.filter((r) => r['hff_code'] === hf && r['line_id'] === s.lineId);
        const score = bt.find(
          (r) => r['hff_code'] === hf && r['line_id'] === s.lineId && r['chosen'] === true,
        );
        return {
          [c.line]: s.lineId,
          [c.unit]: s.unit,
          [c.method]: t.methods[s.forecast!.chosen.method] ?? s.forecast!.chosen.method,
          [c.model]: s.forecast!.etsModel,
          [c.mase]: num(score?.['mase'], 2),
          [c.rel]: num(score?.['relative_mase'], 2),
          [c.c80]: pct(score?.['coverage80']),
          [c.c95]: pct(score?.['coverage95']),
          [`${c.first} ${own[0]?.['month'] ?? ''}`.trim()]: interval(own[0]),
          [`${c.last} ${own.at(-1)?.['month'] ?? ''}`.trim()]: interval(own.at(-1)),
        };
      });
    if (rows.length === 0) continue;
    out('');
    out(`${t.hf} ${hf}`);
    out(formatTable(rows));
    if (details) {
      const methods = bt
        .filter((r) => r['hff_code'] === hf)
        .map((r) => ({
          [c.line]: r['line_id'],
          [c.method]:
            (t.methods[String(r['method'])] ?? String(r['method'])) + (r['chosen'] ? ' *' : ''),
          [c.model]: r['model'],
          [c.mase]: num(r['mase'], 3),
          [c.rel]: num(r['relative_mase'], 3),
          [c.c80]: pct(r['coverage80']),
          [c.c95]: pct(r['coverage95']),
          [c.held]: r['held_out'],
        }));
      out('');
      out(formatTable(methods));
    }
  }
  const first = bt[0];
  if (details && first) {
    out('');
    out(`${t.origins}: ${String(first['origins'])}`);
  }
  const s = backtestSummary(run);
  out('');
  if (s.series === 0) out(t.none);
  else {
    out(`${t.summary}: ${s.series} ${t.series}`);
    out(`  ${s.beats} (${((100 * s.beats) / s.series).toFixed(0)} %) ${t.beats}`);
    out(`  ${(100 * s.cover80).toFixed(1)} % ${t.cover80}`);
    out(`  ${(100 * s.cover95).toFixed(1)} % ${t.cover95}`);
  }
  out(t.hidden);
  for (const k of run.skipped)
    out(`${t.skipped}: ${k.lineId} (${t.reasons[k.reason] ?? k.reason})`);
  for (const u of run.undated) if (u.events !== 0) out(t.undated(u.events ?? ':', u.lineId));
}
