/**
 * Section "Befolkning og framskriving": the population pyramid now and at the horizon, the
 * registered population with the projection's alternatives, and the population at the horizon
 * per alternative.
 */
import {
  fanChartSpec,
  formatNumber,
  populationPyramidSpec,
  type FanHistoryRow,
  type FanSsbRow,
  type PyramidRow,
} from '@felles/charts';
import type { ReportContext } from './context.js';
import { demoProjection } from './demo-projection.js';
import { flagOf, num, numCell, table, textCell, unavailableNote } from './html.js';
import { popYear } from './population-facts.js';
import { rt } from './text.js';

/** The sources of the population figures for captions. */
function ssbNote(ctx: ReportContext): string {
  return ctx.input.methods.ssbTables
    .map((s) =>
      rt(ctx.lang, s.isDemo ? 'demoProjectionSource' : 'ssbTableSource', {
        table: s.tableId,
        vintage: s.vintage != null ? ` (${s.vintage})` : '',
      }),
    )
    .join('; ');
}

async function pyramid(ctx: ReportContext): Promise<string | null> {
  const { lang } = ctx;
  const pyr = ctx.rows(ctx.input.tables.population, (r) => r['hff_code'] === ctx.hf.code);
  if (!pyr.length) return null;
  const years = [...new Set(pyr.map((r) => Number(r['year'])))].sort();
  const horizon = years.find((y) => y !== popYear(ctx));
  const rows: PyramidRow[] = pyr.map((r) => ({
    age: String(r['age_group']),
    sex: r['sex'] === 'M' ? 'M' : 'F',
    year: Number(r['year']),
    population: num(r['population']),
    suppressed: flagOf(r) as PyramidRow['suppressed'],
  }));
  const ageOrder = [
    ...new Map(pyr.map((r) => [String(r['age_group']), num(r['age_from']) ?? 0])).entries(),
  ]
    .sort((a, b) => a[1] - b[1])
    .map((e) => e[0]);
  return ctx.figure(
    'population-pyramid',
    populationPyramidSpec(rows, {
      lang,
      nowYear: popYear(ctx),
      ...(horizon ? { horizonYear: horizon } : {}),
      ageOrder,
      title: rt(lang, 'pyramidTitle', { area: ctx.hf.shortName }),
      meta: ctx.meta({
        source: ssbNote(ctx) || 'SSB',
        period: horizon ? `${popYear(ctx)}, ${horizon}` : String(popYear(ctx)),
        method: rt(lang, 'pyramidMethod'),
      }),
    }),
  );
}

/** Population pyramid (now vs horizon) and the population fan chart. */
export async function populationSection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const parts: string[] = [];
  const pyr = await pyramid(ctx);
  if (!pyr)
    return unavailableNote(
      ctx.input.unavailable?.population ?? `${rt(lang, 'population')}: ${rt(lang, 'noData')}`,
    );
  parts.push(pyr);
  const trend = ctx.rows(
    ctx.input.tables.populationTrend,
    (r) => r['hff_code'] === ctx.hf.code && r['age_group'] === 'all',
  );
  const history: FanHistoryRow[] = trend
    .filter((r) => r['series'] === 'registered')
    .map((r) => ({
      year: Number(r['year']),
      value: num(r['population']),
      suppressed: flagOf(r) as FanHistoryRow['suppressed'],
    }));
  const ssb: FanSsbRow[] = trend
    .filter((r) => r['series'] !== 'registered' && num(r['population']) !== null)
    .map((r) => ({
      year: Number(r['year']),
      alternative: String(r['series']),
      value: num(r['population'])!,
    }));
  if (!history.length) return parts.join('\n');
  const ys = [...history.map((r) => r.year), ...ssb.map((r) => r.year)];
  const demo = demoProjection(ctx);
  parts.push(
    await ctx.figure(
      'population-fan',
      fanChartSpec(
        { history, ...(ssb.length ? { ssb } : {}) },
        {
          lang,
          demoProjection: demo,
          title: rt(lang, demo ? 'populationFanDemo' : 'populationFan', {
            area: ctx.hf.shortName,
          }),
          valueTitle: rt(lang, 'populationNow'),
          meta: ctx.meta({
            source: ssbNote(ctx) || 'SSB',
            period: `${Math.min(...ys)}–${Math.max(...ys)}`,
            method: rt(lang, 'alternativesNotIntervals'),
          }),
        },
      ),
    ),
  );
  const alts = [...new Set(ssb.map((r) => r.alternative))].sort();
  const h = ctx.input.horizon;
  if (alts.length && h) {
    const now = history.find((r) => r.year === popYear(ctx));
    const trs = alts.map((a) => {
      const r = trend.find((x) => x['series'] === a && x['year'] === h);
      const v = num(r?.['population']);
      return `${textCell(a)}${numCell(r, 'population', lang)}${textCell(v !== null && now?.value ? formatNumber((v - now.value) / now.value, '+.1%', lang) : '', 'num')}`;
    });
    parts.push(
      table(
        [
          rt(lang, 'alternative'),
          `${rt(lang, 'populationNow')} ${h}`,
          `${rt(lang, 'changePct')} ${popYear(ctx)}–${h}`,
        ],
        trs,
      ),
    );
  }
  return parts.join('\n');
}
