/**
 * Sections "Samhandlingsindikatorer", "Framskrivinger av behov" (with the scenario's
 * assumptions spelled out) and "Den offentlige tannhelsetjenesten".
 */
import { demoProjection } from './demo-projection.js';
import {
  dentalCariesSpec,
  dentalUtilisationSpec,
  fanChartSpec,
  trendSpec,
  waterfallSpec,
  type DentalCariesRow,
  type DentalUtilisationRow,
  type FanQuantileRow,
  type FanSsbRow,
  type TargetRow,
  type TrendRow,
  type WaterfallRow,
  formatNumber,
  t as t_,
} from '@felles/charts';
import { isBreakdownTotal } from '@felles/core';
import type { ReportContext } from './context.js';
import { esc, flagOf, num, numCell, table, textCell, unavailableNote } from './html.js';
import { rt } from './text.js';
import type { ReportRow, ReportTable } from './types.js';

const indicatorRowsCache = new WeakMap<ReportTable, readonly ReportRow[]>();

/**
 * Rows of an indicator table for the report: helsefellesskap and national level, breakdowns at
 * `all`. The same for every community's report, so filtered once per table (the tables are not
 * changed while reports are built from them).
 */
export function indicatorRows(t: ReportTable): readonly ReportRow[] {
  const cached = indicatorRowsCache.get(t);
  if (cached) return cached;
  const rows = t.rows.filter(
    (r) =>
      (r['level'] === 'helsefellesskap' || r['level'] === 'national') && isBreakdownTotal(t, r),
  );
  indicatorRowsCache.set(t, rows);
  return rows;
}

/** Title of an indicator in the report's language (from the methods list), else the table's. */
export function indicatorTitle(ctx: ReportContext, t: ReportTable): string {
  const id = String(t.rows[0]?.['indicator_id'] ?? t.name);
  return (
    ctx.input.methods.definitions.find((d) => d.kind === 'indicator' && d.id === id)?.title ??
    t.metadata.title ??
    id
  );
}

/** Samhandling indicators: the own community against Norway over the years, with targets. */
export async function indicatorSection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const tables = ctx.input.tables.indicators ?? [];
  const parts: string[] = [];
  for (const t of tables) {
    const all = indicatorRows(t);
    const rows = all.filter((r) => r['area_code'] === ctx.hf.code || r['area_code'] === 'NO');
    if (!rows.length) continue;
    const id = String(rows[0]!['indicator_id'] ?? t.name);
    const title = indicatorTitle(ctx, t);
    const unit = String(rows[0]!['unit'] ?? '');
    parts.push(`<h3>${esc(title)} <span class="muted">(${esc(id)})</span></h3>`);
    const trend: TrendRow[] = rows.map((r) => ({
      series: ctx.areaName(r['area_code']),
      year: Number(r['year']),
      value: num(r['value']),
      lower: num(r['lower']),
      upper: num(r['upper']),
      suppressed: flagOf(r) as TrendRow['suppressed'],
    }));
    const targets: TargetRow[] = rows
      .filter((r) => r['area_code'] === ctx.hf.code && num(r['target']) !== null)
      .map((r) => ({ year: Number(r['year']), target: num(r['target'])! }));
    const years = [...new Set(trend.map((r) => r.year))].sort();
    parts.push(
      await ctx.figure(
        `indicator-${id}`,
        trendSpec(trend, {
          lang,
          title,
          ...(targets.length ? { targets } : {}),
          valueTitle: unit,
          highlightSeries: ctx.hf.shortName,
          referenceSeries: [rt(lang, 'national')],
          meta: ctx.meta({
            source: 'NPR, KPR; SSB',
            period: `${years[0]}–${years.at(-1)}`,
            method: String(rows[0]!['method'] ?? ''),
            definitionIds: [id],
          }),
        }),
      ),
    );
    const trs = rows
      .filter((r) => r['area_code'] === ctx.hf.code)
      .map(
        (r) =>
          `${textCell(r['year'])}${numCell(r, 'value', lang, ',.1f')}${numCell(r, 'lower', lang, ',.1f')}${numCell(r, 'upper', lang, ',.1f')}${numCell(
            rows.find((x) => x['area_code'] === 'NO' && x['year'] === r['year']),
            'value',
            lang,
            ',.1f',
          )}${numCell(r, 'target', lang, ',.1f')}${numCell(r, 'rank', lang)}`,
      );
    parts.push(
      table(
        [
          rt(lang, 'period'),
          rt(lang, 'value'),
          t_(lang, 'lower'),
          t_(lang, 'upper'),
          rt(lang, 'national'),
          rt(lang, 'target'),
          rt(lang, 'rank'),
        ],
        trs,
      ),
    );
  }
  if (!parts.length)
    return unavailableNote(
      ctx.input.unavailable?.indicators ?? `${rt(lang, 'notAvailable')}: ${rt(lang, 'indicators')}`,
    );
  return parts.join('\n');
}

const FACTOR_NAMES: Record<string, { nb: string; en: string }> = {
  demography: {
    nb: 'Demografi (befolkningsvekst og aldring)',
    en: 'Demography (growth and ageing)',
  },
  interaction: { nb: 'Samspill', en: 'Interaction' },
};

function factorLabel(ctx: ReportContext, id: string): string {
  const f = ctx.input.methods.scenario?.factors.find((x) => x.id === id);
  return FACTOR_NAMES[id]?.[ctx.lang] ?? f?.label ?? id;
}

/** Projected demand per service line, the decomposition of the largest line, the scenario. */
export async function projectionSection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const code = ctx.hf.code;
  const summary = ctx.rows(ctx.input.tables.projectionSummary, (r) => r['area_code'] === code);
  const parts: string[] = [];
  if (!summary.length) {
    parts.push(
      unavailableNote(
        ctx.input.unavailable?.projections ??
          `${rt(lang, 'notAvailable')}: ${rt(lang, 'projections')}`,
      ),
    );
  } else {
    const unsplit = summary.filter((r) => !String(r['line_id']).includes(':'));
    const main = unsplit.filter((r) => r['alternative'] === 'MMMM');
    const rowsMain = main.length
      ? main
      : unsplit.filter((r) => r['alternative'] === unsplit[0]?.['alternative']);
    const mc = (line: unknown) =>
      summary.find((r) => r['alternative'] === 'monte_carlo' && r['line_id'] === line);
    const trs = rowsMain.map((r) => {
      const m = mc(r['line_id']);
      const p =
        num(m?.['p10']) !== null && num(m?.['p90']) !== null
          ? `${formatNumber(num(m!['p10']), ',.0f', lang)}–${formatNumber(num(m!['p90']), ',.0f', lang)}`
          : '';
      return `${textCell(r['label'])}${textCell(r['unit'])}${numCell(r, 'base', lang, ',.0f')}${numCell(r, 'horizon', lang, ',.0f')}${numCell(r, 'change_pct', lang, '+,.1f')}${textCell(p, 'num')}`;
    });
    const r0 = rowsMain[0];
    if (!r0) return unavailableNote(ctx.input.unavailable?.projections ?? rt(lang, 'noData'));
    parts.push(
      table(
        [
          rt(lang, 'line'),
          rt(lang, 'unit'),
          `${rt(lang, 'base')} ${String(r0['base_year'])}`,
          `${rt(lang, 'horizonValue')} ${String(r0['horizon_year'])}`,
          rt(lang, 'changePct'),
          rt(lang, 'p10p90'),
        ],
        trs,
        `${rt(lang, 'alternative')} ${String(r0['alternative'])}`,
        'data',
        2,
      ),
    );
    // The largest unsplit line: its fan chart and its decomposition.
    const top = [...rowsMain]
      .filter((r) => !String(r['line_id']).includes(':'))
      .sort((a, b) => (num(b['base']) ?? -1) - (num(a['base']) ?? -1))[0];
    if (top) await topLine(ctx, top, parts);
  }
  parts.push(`<h3>${esc(rt(lang, 'scenario'))}</h3>`);
  parts.push(scenarioBlock(ctx));
  return parts.join('\n');
}

async function topLine(ctx: ReportContext, top: ReportRow, parts: string[]): Promise<void> {
  const { lang } = ctx;
  const line = String(top['line_id']);
  const label = String(top['label']);
  const alt = String(top['alternative']);
  const h = Number(top['horizon_year']);
  const base = Number(top['base_year']);
  const scenarioId = ctx.input.methods.scenario?.id;
  const defs = scenarioId
    ? [`scenario:${scenarioId}`, `service-line:${line}`]
    : [`service-line:${line}`];
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
  if (ssb.length) {
    parts.push(
      await ctx.figure(
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
            mainAlternative: alt,
            valueTitle: String(top['unit']),
            title: `${label}: ${lang === 'en' ? 'projected volume' : 'framskrevet volum'}, ${ctx.hf.shortName}`,
            meta: ctx.meta({
              source: 'NPR, KPR; SSB',
              period: `${base}–${h}`,
              method:
                lang === 'en'
                  ? 'Base rates × projected population × change factors'
                  : 'Basisrater × framskrevet befolkning × endringsfaktorer',
              definitionIds: defs,
            }),
          },
        ),
      ),
    );
  }
  const dec = ctx.rows(
    ctx.input.tables.projectionDecomposition,
    (r) =>
      r['area_code'] === ctx.hf.code &&
      r['line_id'] === line &&
      r['alternative'] === alt &&
      Number(r['year']) === h,
  );
  if (dec.length) {
    const rows: WaterfallRow[] = [
      {
        label: `${label} ${base}`,
        kind: 'start',
        value: num(top['base']),
        suppressed: flagOf(top) === 'none' ? 'none' : 'derived',
      },
      ...dec.map((r): WaterfallRow => ({
        label: factorLabel(ctx, String(r['component'])),
        kind: 'change',
        value: num(r['value']),
        suppressed: flagOf(r) as WaterfallRow['suppressed'],
      })),
      {
        label: `${label} ${h}`,
        kind: 'end',
        value: num(top['horizon']),
        suppressed: flagOf(top) === 'none' ? 'none' : 'derived',
      },
    ];
    parts.push(
      await ctx.figure(
        `projection-waterfall-${line}`,
        waterfallSpec(rows, {
          lang,
          valueTitle: String(top['unit']),
          title: `${label}: ${lang === 'en' ? 'change' : 'endring'} ${base}–${h} (${alt})`,
          meta: ctx.meta({
            source: 'NPR, KPR; SSB',
            period: `${base}–${h}`,
            method:
              lang === 'en'
                ? 'Decomposition: demography, each change factor, interaction'
                : 'Dekomponering: demografi, hver endringsfaktor, samspill',
            definitionIds: defs,
          }),
        }),
      ),
    );
  }
}

function scenarioBlock(ctx: ReportContext): string {
  const { lang } = ctx;
  const s = ctx.input.methods.scenario;
  if (!s) return unavailableNote(ctx.input.unavailable?.projections ?? rt(lang, 'notAvailable'));
  const head = `<p><strong>${esc(s.title)}</strong> <span class="muted">(${esc(s.id)} v${esc(s.version)})</span>${s.description ? ` — ${esc(s.description)}` : ''}</p>`;
  const facts = [
    s.basePeriod ? `${lang === 'en' ? 'Base period' : 'Basisperiode'}: ${s.basePeriod}` : '',
    s.horizon ? `${lang === 'en' ? 'Horizon' : 'Horisont'}: ${s.horizon}` : '',
    s.alternatives?.length
      ? `${lang === 'en' ? 'SSB alternatives' : 'SSB-alternativer'}: ${s.alternatives.join(', ')}`
      : '',
  ].filter(Boolean);
  const list = facts.length ? `<ul>${facts.map((f) => `<li>${esc(f)}</li>`).join('')}</ul>` : '';
  if (!s.factors.length)
    return (
      head +
      list +
      `<p>${lang === 'en' ? 'No change factors: demography only.' : 'Ingen endringsfaktorer: bare demografi.'}</p>`
    );
  const trs = s.factors.map((f) => {
    const effect =
      f.value !== undefined
        ? formatNumber(f.value, '+.1%', lang)
        : f.interval
          ? `${formatNumber(f.interval[0], '+.1%', lang)} – ${formatNumber(f.interval[1], '+.1%', lang)}`
          : '';
    const lines = f.lines?.length ? f.lines.join(', ') : f.from ? `${f.from} → ${f.to ?? ''}` : '';
    return `${textCell(f.label ?? f.id)}${textCell(f.type)}${textCell(effect, 'num')}${textCell(`${f.start}–${f.target}${f.realisation !== undefined && f.realisation !== 1 ? ` (${formatNumber(f.realisation, '.0%', lang)})` : ''}`, 'num')}${textCell(lines)}`;
  });
  return (
    head +
    list +
    table(
      [
        rt(lang, 'factor'),
        rt(lang, 'type'),
        rt(lang, 'effect'),
        rt(lang, 'period'),
        rt(lang, 'lines'),
      ],
      trs,
      undefined,
      'data',
      2,
    )
  );
}

const pct = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v / 100 : null;

/** Dental service: share examined of the entitled population and caries-free share, by county. */
export async function dentalSection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const util = ctx.rows(ctx.input.tables.dentalUtilisation);
  if (!util.length)
    return unavailableNote(
      ctx.input.unavailable?.dental ?? `${rt(lang, 'notAvailable')}: ${rt(lang, 'dental')}`,
    );
  const counties = new Set((ctx.hf.counties ?? []).map((c) => c.code));
  const year = Math.max(...util.map((r) => Number(r['year'])));
  // Every county, the community's own highlighted (the first of its counties).
  const inHf = (r: ReportRow) => Number(r['year']) === year && r['county_code'] !== 'NO';
  const ownCounty = (ctx.hf.counties ?? [])[0]?.name;
  const mine = (r: ReportRow) => counties.has(String(r['county_code']));
  const isGroup = (g: unknown) => g !== 'all' && g !== 'none';
  const rows = util.filter((r) => inHf(r) && isGroup(r['group_id']) && r['entitled'] !== 0);
  const parts: string[] = [];
  if (!rows.length) return unavailableNote(`${rt(lang, 'dental')}: ${rt(lang, 'noData')}`);
  const data: DentalUtilisationRow[] = rows.map((r) => ({
    group: String(r['group_label']),
    county: String(r['county_name'] ?? r['county_code']),
    value: pct(r['share_examined']),
    lower: pct(r['examined_lower']),
    upper: pct(r['examined_upper']),
    suppressed: flagOf(r) as DentalUtilisationRow['suppressed'],
  }));
  const references = util
    .filter(
      (r) =>
        Number(r['year']) === year &&
        r['county_code'] === 'NO' &&
        isGroup(r['group_id']) &&
        pct(r['share_examined']) !== null,
    )
    .map((r) => ({
      group: String(r['group_label']),
      value: pct(r['share_examined'])!,
      label: rt(lang, 'national'),
    }));
  const defs = (ctx.input.methods.definitions ?? [])
    .filter((d) => d.kind === 'dental priority groups')
    .map((d) => d.id);
  parts.push(
    await ctx.figure(
      'dental-utilisation',
      dentalUtilisationSpec(data, {
        lang,
        references,
        ...(ownCounty ? { ownCounty } : {}),
        groupOrder: [...new Set(data.map((r) => r.group))].sort(),
        title:
          lang === 'en'
            ? `Share examined of the entitled population, ${year}`
            : `Andel undersøkt av dem med rett til tannhelsetjenester, ${year}`,
        meta: ctx.meta({
          source: 'KPR (DOT); SSB',
          period: String(year),
          method: lang === 'en' ? 'Proportion, Wilson 95 %' : 'Andel, Wilson 95 %',
          definitionIds: defs,
        }),
      }),
    ),
  );
  const trs = rows
    .filter(mine)
    .map(
      (r) =>
        `${textCell(r['group_label'])}${textCell(r['county_name'] ?? r['county_code'])}${numCell(r, 'entitled', lang)}${numCell(r, 'share_examined', lang, ',.1f')}${numCell(r, 'examined_lower', lang, ',.1f')}${numCell(r, 'examined_upper', lang, ',.1f')}`,
    );
  parts.push(
    table(
      [
        rt(lang, 'priorityGroup'),
        rt(lang, 'county'),
        lang === 'en' ? 'Entitled' : 'Med rett',
        `${rt(lang, 'examined')} %`,
        t_(lang, 'lower'),
        t_(lang, 'upper'),
      ],
      trs,
      undefined,
      'data',
      2,
    ),
  );
  const caries = ctx.rows(ctx.input.tables.dentalCaries, (r) => inHf(r));
  if (caries.length) {
    const label = (r: ReportRow) =>
      `${String(r['age'])} ${lang === 'en' ? 'years' : 'år'} (${String(r['caries_index'])})`;
    const cdata: DentalCariesRow[] = [...caries]
      .sort((a, b) => Number(a['age']) - Number(b['age']))
      .map((r) => ({
        group: label(r),
        county: String(r['county_name'] ?? r['county_code']),
        value: pct(r['share_caries_free']),
        lower: pct(r['caries_free_lower']),
        upper: pct(r['caries_free_upper']),
        suppressed: flagOf(r) as DentalCariesRow['suppressed'],
      }));
    parts.push(
      await ctx.figure(
        'dental-caries-free',
        dentalCariesSpec(cdata, {
          lang,
          measure: 'cariesFree',
          ...(ownCounty ? { ownCounty } : {}),
          groupOrder: [...new Set(cdata.map((r) => r.group))],
          title:
            lang === 'en'
              ? `Share caries-free by age, ${year}`
              : `Andel kariesfrie etter alder, ${year}`,
          meta: ctx.meta({
            source: 'KPR (DOT)',
            period: String(year),
            method:
              lang === 'en'
                ? 'Proportion of those examined, Wilson 95 %'
                : 'Andel av de undersøkte, Wilson 95 %',
            definitionIds: defs,
          }),
        }),
      ),
    );
  }
  return parts.join('\n');
}
