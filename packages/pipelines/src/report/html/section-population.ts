/**
 * Sections "Sammendrag" (first page) and "Befolkning og framskriving".
 */
import {
  fanChartSpec,
  populationPyramidSpec,
  trendSpec,
  type FanHistoryRow,
  type FanSsbRow,
  type PyramidRow,
  type TrendRow,
  formatNumber,
} from '@felles/charts';
import type { ReportContext } from './context.js';
import { esc, flagOf, num, numCell, table, textCell, unavailableNote } from './html.js';
import { priorityCohorts, prevalenceRank } from './section-priority.js';
import { indicatorRows, indicatorTitle } from './section-services.js';
import { demoProjection } from './demo-projection.js';
import { rt } from './text.js';

/** Totals of the community's population now and at the horizon (main alternative). */
function populationFacts(ctx: ReportContext) {
  const code = ctx.hf.code;
  const trend = ctx.rows(ctx.input.tables.populationTrend, (r) => r['hff_code'] === code);
  const now = trend.find((r) => r['series'] === 'registered' && r['year'] === popYear(ctx));
  const h = ctx.input.horizon;
  const main = trend.find((r) => r['series'] === 'MMMM' && r['year'] === h);
  const pyr = ctx.rows(ctx.input.tables.population, (r) => r['hff_code'] === code);
  const sum80 = (year: number | undefined) => {
    const rows = pyr.filter((r) => r['year'] === year && (num(r['age_from']) ?? -1) >= 80);
    if (!rows.length || rows.some((r) => num(r['population']) === null)) return null;
    return rows.reduce((s, r) => s + (num(r['population']) ?? 0), 0);
  };
  const n80 = sum80(popYear(ctx));
  const h80 = sum80(h);
  return {
    now: num(now?.['population']),
    horizon: num(main?.['population']),
    change80: n80 && h80 !== null ? (h80 - n80) / n80 : null,
  };
}

/** Year of the registered population shown as "now". */
function popYear(ctx: ReportContext): number {
  return ctx.input.populationYear ?? ctx.input.year;
}

function card(label: string, value: string, note = ''): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${esc(value || '–')}</div>${note ? `<div class="note">${esc(note)}</div>` : ''}</div>`;
}

/** The first page: key figures, status against targets, position among the 19. */
export async function summarySection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const parts: string[] = [];
  const f = populationFacts(ctx);
  const h = ctx.input.horizon;
  const cards: string[] = [];
  cards.push(card(`${rt(lang, 'populationNow')} ${popYear(ctx)}`, formatNumber(f.now, ',', lang)));
  if (f.now && f.horizon !== null && h) {
    cards.push(
      card(
        `${rt(lang, 'populationChange')} ${popYear(ctx)}–${h}`,
        formatNumber((f.horizon - f.now) / f.now, '+.1%', lang),
        'SSB MMMM',
      ),
    );
  }
  if (f.change80 !== null && h)
    cards.push(
      card(
        `${rt(lang, 'change80')} ${popYear(ctx)}–${h}`,
        formatNumber(f.change80, '+.1%', lang),
        'SSB MMMM',
      ),
    );
  const ps = ctx.rows(
    ctx.input.tables.projectionSummary,
    (r) =>
      r['area_code'] === ctx.hf.code &&
      r['alternative'] === 'MMMM' &&
      !String(r['line_id']).includes(':'),
  );
  const top = [...ps].sort((a, b) => (num(b['base']) ?? -1) - (num(a['base']) ?? -1))[0];
  if (top && num(top['change_pct']) !== null) {
    cards.push(
      card(
        `${rt(lang, 'demandChange')}: ${String(top['label'])}`,
        formatNumber((num(top['change_pct']) ?? 0) / 100, '+.1%', lang),
        `${String(top['base_year'])}–${String(top['horizon_year'])}`,
      ),
    );
  }
  parts.push(`<h3>${esc(rt(lang, 'keyFigures'))}</h3>`);
  parts.push(
    cards.length
      ? `<div class="cards">${cards.join('')}</div>`
      : unavailableNote(`${rt(lang, 'population')}: ${rt(lang, 'noData')}`),
  );

  // Status against targets (samhandling indicators with a target).
  parts.push(`<h3>${esc(rt(lang, 'statusTargets'))}</h3>`);
  const status: string[] = [];
  for (const t of ctx.input.tables.indicators ?? []) {
    const own = indicatorRows(t).filter(
      (r) => r['area_code'] === ctx.hf.code && num(r['target']) !== null,
    );
    const last = own.sort((a, b) => Number(b['year']) - Number(a['year']))[0];
    if (!last) continue;
    const met =
      last['meets_target'] === true
        ? rt(lang, 'met')
        : last['meets_target'] === false
          ? rt(lang, 'notMet')
          : '';
    status.push(
      `${textCell(indicatorTitle(ctx, t))}${textCell(last['year'], 'num')}${numCell(last, 'value', lang, ',.1f')}${numCell(last, 'target', lang, ',.1f')}${met ? textCell(met, 'num') : numCell(last, 'meets_target', lang)}`,
    );
  }
  if (status.length) {
    parts.push(
      table(
        [
          rt(lang, 'indicator'),
          rt(lang, 'period'),
          rt(lang, 'value'),
          rt(lang, 'target'),
          rt(lang, 'status'),
        ],
        status,
      ),
    );
  } else {
    parts.push(unavailableNote(ctx.input.unavailable?.indicators ?? rt(lang, 'noTargets')));
  }

  // Position among the 19 for each priority-group cohort.
  parts.push(`<h3>${esc(rt(lang, 'priorityOverview'))}</h3>`);
  const cohorts = priorityCohorts(ctx);
  if (cohorts.length) {
    const rows = cohorts.map((c) => {
      const own = c.rows.find((r) => r['area_code'] === ctx.hf.code);
      const rank = prevalenceRank(ctx, c.rows);
      return `${textCell(c.title)}${numCell(own, 'members', lang)}${numCell(own, 'crude', lang, ',.1f')}${numCell(own, 'dsr', lang, ',.1f')}${numCell(
        c.rows.find((r) => r['area_code'] === 'NO'),
        'dsr',
        lang,
        ',.1f',
      )}${textCell(rank ? `${rank.rank} / ${rank.of}` : '–', 'num')}`;
    });
    parts.push(
      table(
        [
          rt(lang, 'cohort'),
          rt(lang, 'members'),
          rt(lang, 'crude'),
          rt(lang, 'dsr'),
          `${rt(lang, 'dsr')} (${rt(lang, 'national')})`,
          `${rt(lang, 'rank')} (${rt(lang, 'rankNote')})`,
        ],
        rows,
      ),
    );
    // Trend of the groups' prevalence over the years, when several years are loaded.
    const trend: TrendRow[] = cohorts.flatMap((c) =>
      ctx
        .rows(
          ctx.input.tables.cohortPrevalence,
          (r) => r['cohort_id'] === c.id && r['area_code'] === ctx.hf.code,
        )
        .map((r) => ({
          series: c.title,
          year: Number(r['year']),
          value: num(r['crude']),
          lower: num(r['crude_lower']),
          upper: num(r['crude_upper']),
          suppressed: flagOf(r) as TrendRow['suppressed'],
        })),
    );
    if (new Set(trend.map((r) => r.year)).size > 1) {
      const years = [...new Set(trend.map((r) => r.year))].sort();
      parts.push(
        await ctx.figure(
          'summary-trend',
          trendSpec(trend, {
            lang,
            title:
              lang === 'en'
                ? `Priority groups in ${ctx.hf.shortName}, per 1,000`
                : `Prioriterte grupper i ${ctx.hf.shortName}, per 1 000`,
            valueFormat: ',.1f',
            meta: ctx.meta({
              source: 'NPR, KPR; SSB',
              period: `${years[0]}–${years.at(-1)}`,
              method:
                lang === 'en'
                  ? 'Crude rate per 1,000, exact Poisson/Byar 95 %'
                  : 'Rå rate per 1 000, eksakt Poisson/Byar 95 %',
              definitionIds: cohorts.map((c) => c.id),
            }),
          }),
        ),
      );
    }
  } else {
    parts.push(unavailableNote(ctx.input.unavailable?.priorityGroups ?? rt(lang, 'noData')));
  }
  return parts.join('\n');
}

/** Population pyramid (now vs horizon) and the population fan chart. */
export async function populationSection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const parts: string[] = [];
  const code = ctx.hf.code;
  const pyr = ctx.rows(ctx.input.tables.population, (r) => r['hff_code'] === code);
  if (!pyr.length)
    return unavailableNote(
      ctx.input.unavailable?.population ?? `${rt(lang, 'population')}: ${rt(lang, 'noData')}`,
    );
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
  const ssbNote = ctx.input.methods.ssbTables
    .map((s) =>
      s.isDemo
        ? `${lang === 'en' ? 'felles demo projection' : 'felles demo-framskriving'} ${s.tableId}${s.vintage != null ? ` (${s.vintage})` : ''}, ${lang === 'en' ? 'not SSB' : 'ikke SSB'}`
        : `SSB ${lang === 'en' ? 'table' : 'tabell'} ${s.tableId}${s.vintage != null ? ` (${s.vintage})` : ''}`,
    )
    .join('; ');
  parts.push(
    await ctx.figure(
      'population-pyramid',
      populationPyramidSpec(rows, {
        lang,
        nowYear: popYear(ctx),
        ...(horizon ? { horizonYear: horizon } : {}),
        ageOrder,
        title:
          lang === 'en'
            ? `Population of ${ctx.hf.shortName} by age and sex`
            : `Befolkningen i ${ctx.hf.shortName} etter alder og kjønn`,
        meta: ctx.meta({
          source: ssbNote || 'SSB',
          period: horizon ? `${popYear(ctx)}, ${horizon}` : String(popYear(ctx)),
          method:
            lang === 'en'
              ? 'Registered 1 January; projection: main alternative MMMM'
              : 'Registrert 1. januar; framskriving: hovedalternativet MMMM',
        }),
      }),
    ),
  );
  const trend = ctx.rows(ctx.input.tables.populationTrend, (r) => r['hff_code'] === code);
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
  if (history.length) {
    const ys = [...history.map((r) => r.year), ...ssb.map((r) => r.year)];
    parts.push(
      await ctx.figure(
        'population-fan',
        fanChartSpec(
          { history, ...(ssb.length ? { ssb } : {}) },
          {
            lang,
            demoProjection: demoProjection(ctx),
            title: demoProjection(ctx)
              ? lang === 'en'
                ? `Population of ${ctx.hf.shortName}: registered and the demo projection (not SSB)`
                : `Folketallet i ${ctx.hf.shortName}: registrert og demo-framskrivingen (ikke SSB)`
              : lang === 'en'
                ? `Population of ${ctx.hf.shortName}: registered and SSB alternatives`
                : `Folketallet i ${ctx.hf.shortName}: registrert og SSBs alternativer`,
            valueTitle: rt(lang, 'populationNow'),
            meta: ctx.meta({
              source: ssbNote || 'SSB',
              period: `${Math.min(...ys)}–${Math.max(...ys)}`,
              method:
                lang === 'en'
                  ? "SSB's alternatives are scenarios, not probability intervals"
                  : 'SSBs alternativer er scenarier, ikke sannsynlighetsintervaller',
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
        return `${textCell(a)}${numCell(r, 'population', ctx.lang)}${textCell(v !== null && now?.value ? formatNumber((v - now.value) / now.value, '+.1%', lang) : '', 'num')}`;
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
  }
  return parts.join('\n');
}
