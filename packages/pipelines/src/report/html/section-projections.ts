/**
 * Section "Framskrivinger av behov": demand per service line at the horizon with the Monte Carlo
 * P10–P90 interval and median, the fan chart and decomposition of the largest line, and the
 * scenario as it was used (base period, horizon, alternatives, Monte Carlo runs and seed, change
 * factors).
 */
import {
  fanChartSpec,
  formatNumber,
  waterfallSpec,
  type FanQuantileRow,
  type FanSsbRow,
  type WaterfallRow,
} from '@felles/charts';
import { localText } from '@felles/text';
import type { ReportContext } from './context.js';
import { demoProjection } from './demo-projection.js';
import { esc, flagOf, num, numCell, table, textCell, unavailableNote } from './html.js';
import { scenarioBlock } from './scenario-block.js';
import { rt } from './text.js';
import type { ReportRow } from './types.js';

function summaryTable(
  ctx: ReportContext,
  rowsMain: readonly ReportRow[],
  summary: readonly ReportRow[],
): string {
  const { lang } = ctx;
  const mc = (line: unknown) =>
    summary.find((r) => r['alternative'] === 'monte_carlo' && r['line_id'] === line);
  const runs = ctx.input.methods.scenario?.monteCarlo.runs ?? 0;
  const trs = rowsMain.map((r) => {
    const m = mc(r['line_id']);
    const p10 = num(m?.['p10']);
    const p90 = num(m?.['p90']);
    const interval =
      p10 !== null && p90 !== null
        ? textCell(`${formatNumber(p10, ',.0f', lang)}–${formatNumber(p90, ',.0f', lang)}`, 'num')
        : runs > 0
          ? numCell(m ?? r, 'p10', lang)
          : textCell('–', 'num');
    const line = ctx.input.methods.serviceLines[String(r['line_id'])];
    // no change in per cent from a base of 0: "–", not "missing"
    const change =
      num(r['base']) === 0 && flagOf(r) === 'none'
        ? textCell('–', 'num by-design')
        : numCell(r, 'change_pct', lang, '+,.1f');
    return `${textCell(ctx.lineLabel(r['line_id']))}${textCell(ctx.unit(line?.unit ?? String(r['unit'])))}${numCell(r, 'base', lang, ',.0f')}${numCell(r, 'horizon', lang, ',.0f')}${change}${m ? numCell(m, 'horizon', lang, ',.0f') : textCell('–', 'num')}${interval}`;
  });
  const r0 = rowsMain[0]!;
  return table(
    [
      rt(lang, 'line'),
      rt(lang, 'unit'),
      `${rt(lang, 'base')} ${String(r0['base_year'])}`,
      `${rt(lang, 'horizonValue')} ${String(r0['horizon_year'])}`,
      rt(lang, 'changePct'),
      rt(lang, 'p50'),
      rt(lang, 'p10p90'),
    ],
    trs,
    rt(lang, 'projectionCaption', { alternative: String(r0['alternative']), runs }),
    'data projection',
    2,
  );
}

/** Projected demand per service line, the fan and decomposition of the largest line, the scenario. */
export async function projectionSection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const summary = ctx.rows(
    ctx.input.tables.projectionSummary,
    (r) => r['area_code'] === ctx.hf.code,
  );
  const parts: string[] = [];
  const unsplit = summary.filter(
    (r) => !String(r['line_id']).includes(':') && r['alternative'] !== 'monte_carlo',
  );
  const main = unsplit.filter((r) => r['alternative'] === 'MMMM');
  const rowsMain = main.length
    ? main
    : unsplit.filter((r) => r['alternative'] === unsplit[0]?.['alternative']);
  if (!rowsMain.length) {
    parts.push(
      unavailableNote(
        ctx.input.unavailable?.projections ??
          `${rt(lang, 'notAvailable')}: ${rt(lang, 'projections')}`,
      ),
    );
  } else {
    parts.push(summaryTable(ctx, rowsMain, summary));
    const top = [...rowsMain].sort((a, b) => (num(b['base']) ?? -1) - (num(a['base']) ?? -1))[0]!;
    parts.push(await fanFigure(ctx, top));
    parts.push(await waterfallFigure(ctx, top));
  }
  parts.push(`<h3>${esc(rt(lang, 'scenario'))}</h3>`);
  parts.push(scenarioBlock(ctx));
  return parts.join('\n');
}

function definitionIds(ctx: ReportContext, line: string): string[] {
  const id = ctx.input.methods.scenario?.id;
  return id ? [`scenario:${id}`, `service-line:${line}`] : [`service-line:${line}`];
}

async function fanFigure(ctx: ReportContext, top: ReportRow): Promise<string> {
  const { lang } = ctx;
  const line = String(top['line_id']);
  const base = Number(top['base_year']);
  const h = Number(top['horizon_year']);
  const series = ctx.rows(
    ctx.input.tables.projectionSeries,
    (r) => r['area_code'] === ctx.hf.code && r['line_id'] === line,
  );
  const ssb: FanSsbRow[] = series
    .filter((r) => num(r['volume']) !== null)
    .map((r) => ({
      year: Number(r['year']),
      alternative: String(r['alternative']),
      value: num(r['volume'])!,
    }));
  if (!ssb.length) return '';
  const mc: FanQuantileRow[] = ctx
    .rows(
      ctx.input.tables.projectionUncertainty,
      (r) =>
        r['area_code'] === ctx.hf.code &&
        r['line_id'] === line &&
        r['quantity'] === 'volume' &&
        num(r['p50']) !== null,
    )
    .map((r) => ({
      year: Number(r['year']),
      p10: num(r['p10'])!,
      p50: num(r['p50'])!,
      p90: num(r['p90'])!,
    }));
  const unit = ctx.unit(ctx.input.methods.serviceLines[line]?.unit ?? String(top['unit']));
  const mcRuns = ctx.input.methods.scenario?.monteCarlo;
  return ctx.figure(
    `projection-fan-${line}`,
    fanChartSpec(
      {
        history: [
          {
            year: base,
            value: num(top['base']),
            suppressed: flagOf(top) === 'none' ? 'none' : 'derived',
          },
        ],
        ssb,
        ...(mc.length ? { monteCarlo: mc } : {}),
      },
      {
        lang,
        historyRole: 'derived',
        demoProjection: demoProjection(ctx),
        mainAlternative: String(top['alternative']),
        valueTitle: unit,
        title: rt(lang, 'fanTitle', { line: ctx.lineLabel(line), area: ctx.hf.shortName }),
        meta: ctx.meta({
          source: 'NPR, KPR; SSB',
          period: `${base}–${h}`,
          method: mcRuns?.runs
            ? rt(lang, 'projectionMethodMc', { runs: mcRuns.runs, seed: mcRuns.seed })
            : rt(lang, 'projectionMethod'),
          definitionIds: definitionIds(ctx, line),
        }),
      },
    ),
  );
}

const FACTOR_KEYS = new Set(['demography', 'interaction']);

function factorLabel(ctx: ReportContext, id: string): string {
  if (FACTOR_KEYS.has(id))
    return rt(ctx.lang, id === 'demography' ? 'factorDemography' : 'factorInteraction');
  const f = ctx.input.methods.scenario?.factors.find((x) => x.id === id);
  return f?.label ? localText(f.label, ctx.lang) : id;
}

async function waterfallFigure(ctx: ReportContext, top: ReportRow): Promise<string> {
  const { lang } = ctx;
  const line = String(top['line_id']);
  const alt = String(top['alternative']);
  const base = Number(top['base_year']);
  const h = Number(top['horizon_year']);
  const dec = ctx.rows(
    ctx.input.tables.projectionDecomposition,
    (r) =>
      r['area_code'] === ctx.hf.code &&
      r['line_id'] === line &&
      r['alternative'] === alt &&
      Number(r['year']) === h,
  );
  if (!dec.length) return '';
  const label = ctx.lineLabel(line);
  const ends = (year: number, key: string, kind: 'start' | 'end'): WaterfallRow => ({
    label: `${label} ${year}`,
    kind,
    value: num(top[key]),
    suppressed: flagOf(top) === 'none' ? 'none' : 'derived',
  });
  const rows: WaterfallRow[] = [
    ends(base, 'base', 'start'),
    ...dec.map((r): WaterfallRow => ({
      label: factorLabel(ctx, String(r['component'])),
      kind: 'change',
      value: num(r['value']),
      suppressed: flagOf(r) as WaterfallRow['suppressed'],
    })),
    ends(h, 'horizon', 'end'),
  ];
  return ctx.figure(
    `projection-waterfall-${line}`,
    waterfallSpec(rows, {
      lang,
      valueTitle: ctx.unit(ctx.input.methods.serviceLines[line]?.unit ?? String(top['unit'])),
      title: rt(lang, 'waterfallTitle', { line: label, from: base, to: h, alternative: alt }),
      meta: ctx.meta({
        source: 'NPR, KPR; SSB',
        period: `${base}–${h}`,
        method: rt(lang, 'decompositionMethod'),
        definitionIds: definitionIds(ctx, line),
      }),
    }),
  );
}
