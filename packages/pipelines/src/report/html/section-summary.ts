/**
 * Section "Sammendrag" (first page): key figures, the samhandling indicators at a glance
 * (own value, Norway, rank with its direction, status against targets, quality), and the
 * priority groups' prevalence with their position among the 19.
 */
import { formatNumber, trendSpec, type TrendRow } from '@felles/charts';
import { localText } from '@felles/text';
import type { ReportContext } from './context.js';
import { Footnotes } from './footnotes.js';
import { valueFormat } from './indicator-detail.js';
import { qualityCell, qualityRow } from './indicator-quality.js';
import {
  indicatorViews,
  isSamhandling,
  nationalRow,
  ownRow,
  viewRows,
  viewYear,
} from './indicator-views.js';
import { esc, flagOf, num, numCell, table, textCell, unavailableNote } from './html.js';
import { popYear, populationFacts } from './population-facts.js';
import { prevalenceRank, priorityCohorts } from './section-priority.js';
import { rt } from './text.js';

function card(label: string, value: string, note = ''): string {
  return `<div class="card"><div class="label">${esc(label)}</div><div class="value">${esc(value || '–')}</div>${note ? `<div class="note">${esc(note)}</div>` : ''}</div>`;
}

/** The key figures: residents, population change, change 80+, change in the largest line. */
function cards(ctx: ReportContext): string {
  const lang = ctx.lang;
  const f = populationFacts(ctx);
  const h = ctx.input.horizon;
  const y = popYear(ctx);
  const out: string[] = [];
  out.push(card(`${rt(lang, 'populationNow')} ${y}`, formatNumber(f.now, ',', lang)));
  const main = rt(lang, 'mainAlternativeShort');
  if (f.now && f.horizon !== null && h)
    out.push(
      card(
        `${rt(lang, 'populationChange')} ${y}–${h}`,
        formatNumber((f.horizon - f.now) / f.now, '+.1%', lang),
        main,
      ),
    );
  if (f.change80 !== null && h)
    out.push(
      card(`${rt(lang, 'change80')} ${y}–${h}`, formatNumber(f.change80, '+.1%', lang), main),
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
    const line = ctx.input.methods.serviceLines[String(top['line_id'])];
    out.push(
      card(
        rt(lang, 'demandChangeOf', {
          line: line ? localText(line.label, lang) : String(top['line_id']),
        }),
        formatNumber((num(top['change_pct']) ?? 0) / 100, '+.1%', lang),
        `${String(top['base_year'])}–${String(top['horizon_year'])}`,
      ),
    );
  }
  return out.length
    ? `<div class="cards">${out.join('')}</div>`
    : unavailableNote(`${rt(lang, 'population')}: ${rt(lang, 'noData')}`);
}

/** The samhandling indicators at a glance: value, Norway, rank, target status, quality. */
function glance(ctx: ReportContext): string {
  const lang = ctx.lang;
  const notes = new Footnotes();
  const rows: string[] = [];
  for (const v of indicatorViews(ctx).filter(
    (x) => !x.key.includes(':') && isSamhandling(x.info),
  )) {
    const year = viewYear(v, ctx.hf.code);
    if (year === undefined) continue;
    const r = ownRow(v, ctx.hf.code, year);
    const of = viewRows(v, 'helsefellesskap', year).filter((x) => num(x['value']) !== null).length;
    const fmt = valueFormat(v);
    const rank =
      v.info.direction === 'neutral'
        ? notes.dash(rt(lang, 'noRankByDesign'))
        : num(r?.['rank']) !== null
          ? textCell(rt(lang, 'rankOf', { rank: num(r!['rank'])!, of }), 'num')
          : numCell(r, 'rank', lang);
    const status = !v.info.hasTargets
      ? notes.dash(rt(lang, 'noTargetByDesign'))
      : r?.['meets_target'] === true
        ? textCell(`${rt(lang, 'met')} (${formatNumber(num(r['target']), fmt, lang)})`)
        : r?.['meets_target'] === false
          ? textCell(`${rt(lang, 'notMet')} (${formatNumber(num(r['target']), fmt, lang)})`)
          : numCell(r, 'meets_target', lang);
    rows.push(
      `<td><a href="#ind-${esc(v.key)}">${esc(v.title)}</a> <span class="muted">(${year})</span></td>${numCell(r, 'value', lang, fmt)}${numCell(nationalRow(v, year), 'value', lang, fmt)}${rank}${status}${qualityCell(ctx, qualityRow(ctx, v.id, year, ctx.hf.code))}`,
    );
  }
  if (!rows.length)
    return unavailableNote(ctx.input.unavailable?.indicators ?? rt(lang, 'noTargets'));
  return (
    table(
      [
        rt(lang, 'indicator'),
        ctx.hf.shortName,
        rt(lang, 'national'),
        `${rt(lang, 'rankHeader')} (1 = ${rt(lang, 'best')})`,
        rt(lang, 'statusTargets'),
        rt(lang, 'quality'),
      ],
      rows,
      undefined,
      'data glance',
    ) + notes.html()
  );
}

/** Position among the 19 for each priority-group cohort, and their trend. */
async function priorityGlance(ctx: ReportContext): Promise<string> {
  const lang = ctx.lang;
  const cohorts = priorityCohorts(ctx);
  if (!cohorts.length)
    return unavailableNote(ctx.input.unavailable?.priorityGroups ?? rt(lang, 'noData'));
  const rows = cohorts.map((c) => {
    const own = c.rows.find((r) => r['area_code'] === ctx.hf.code);
    const rank = prevalenceRank(ctx, c.rows);
    return `${textCell(c.title)}${numCell(own, 'members', lang)}${numCell(own, 'crude', lang, ',.1f')}${numCell(own, 'dsr', lang, ',.1f')}${numCell(
      c.rows.find((r) => r['area_code'] === 'NO'),
      'dsr',
      lang,
      ',.1f',
    )}${textCell(rank ? rt(lang, 'rankOf', { rank: rank.rank, of: rank.of }) : '–', 'num')}`;
  });
  const parts = [
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
  ];
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
  const years = [...new Set(trend.map((r) => r.year))].sort();
  if (years.length > 1) {
    parts.push(
      await ctx.figure(
        'summary-trend',
        trendSpec(trend, {
          lang,
          title: rt(lang, 'priorityTrendTitle', { area: ctx.hf.shortName }),
          valueFormat: ',.1f',
          meta: ctx.meta({
            source: 'NPR, KPR; SSB',
            period: `${years[0]}–${years.at(-1)}`,
            method: rt(lang, 'crudeMethod'),
            definitionIds: cohorts.map((c) => c.id),
          }),
        }),
      ),
    );
  }
  return parts.join('\n');
}

/** The first page. */
export async function summarySection(ctx: ReportContext): Promise<string> {
  const lang = ctx.lang;
  return [
    `<h3>${esc(rt(lang, 'keyFigures'))}</h3>`,
    cards(ctx),
    `<h3>${esc(rt(lang, 'samhandlingAtAGlance'))}</h3>`,
    glance(ctx),
    `<h3>${esc(rt(lang, 'priorityOverview'))}</h3>`,
    await priorityGlance(ctx),
  ].join('\n');
}
