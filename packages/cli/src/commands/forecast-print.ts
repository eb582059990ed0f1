/** Printing `felles forecast`: the disclosed tables as text, in bokmål or English. */
import type { ForecastRun } from '@felles/pipelines';
import { out } from '../context.js';
import { formatTable } from '../format.js';
import { fmtNumber, fmtShare, unitName } from '../number-format.js';

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
    snaiveModel: 'sesongnaiv (m = 12)',
    combinationModel: (ets: string) => `gjennomsnitt av ${ets} og sesongnaiv`,
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
    snaiveModel: 'seasonal naive (m = 12)',
    combinationModel: (ets: string) => `mean of ${ets} and seasonal naive`,
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
const interval = (r: Row | undefined, lang: Lang): string =>
  r && typeof r['forecast'] === 'number'
    ? `${fmtNumber(r['forecast'], 0, lang)} [${fmtNumber(r['lower80'], 0, lang)}–${fmtNumber(r['upper80'], 0, lang)}]`
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
          [c.unit]: unitName(s.unit, lang),
          [c.method]: t.methods[s.forecast!.chosen.method] ?? s.forecast!.chosen.method,
          [c.model]: s.forecast!.etsModel,
          [c.mase]: fmtNumber(score?.['mase'], 2, lang),
          [c.rel]: fmtNumber(score?.['relative_mase'], 2, lang),
          [c.c80]: fmtShare(score?.['coverage80'], 0, lang),
          [c.c95]: fmtShare(score?.['coverage95'], 0, lang),
          [`${c.first} ${own[0]?.['month'] ?? ''}`.trim()]: interval(own[0], lang),
          [`${c.last} ${own.at(-1)?.['month'] ?? ''}`.trim()]: interval(own.at(-1), lang),
        };
      });
    if (rows.length === 0) continue;
    out('');
    out(`${t.hf} ${hf}`);
    const months = Object.keys(rows[0]!).filter(
      (k) => k.startsWith(c.first) || k.startsWith(c.last),
    );
    out(formatTable(rows, undefined, [c.mase, c.rel, c.c80, c.c95, ...months]));
    if (details) {
      const methods = bt
        .filter((r) => r['hff_code'] === hf)
        .map((r) => ({
          [c.line]: r['line_id'],
          [c.method]:
            (t.methods[String(r['method'])] ?? String(r['method'])) + (r['chosen'] ? ' *' : ''),
          [c.model]:
            r['method'] === 'snaive'
              ? t.snaiveModel
              : r['method'] === 'combination'
                ? t.combinationModel(
                    run.series.find((x) => x.hffCode === hf && x.lineId === r['line_id'])?.forecast
                      ?.etsModel ?? '',
                  )
                : r['model'],
          [c.mase]: fmtNumber(r['mase'], 3, lang),
          [c.rel]: fmtNumber(r['relative_mase'], 3, lang),
          [c.c80]: fmtShare(r['coverage80'], 0, lang),
          [c.c95]: fmtShare(r['coverage95'], 0, lang),
          [c.held]: r['held_out'],
        }));
      out('');
      out(formatTable(methods, undefined, [c.mase, c.rel, c.c80, c.c95]));
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
    out(`  ${s.beats} (${fmtShare(s.beats / s.series, 0, lang)}) ${t.beats}`);
    out(`  ${fmtShare(s.cover80, 1, lang)} ${t.cover80}`);
    out(`  ${fmtShare(s.cover95, 1, lang)} ${t.cover95}`);
  }
  out(t.hidden);
  for (const k of run.skipped)
    out(`${t.skipped}: ${k.lineId} (${t.reasons[k.reason] ?? k.reason})`);
  for (const u of run.undated) if (u.events !== 0) out(t.undated(u.events ?? ':', u.lineId));
}
