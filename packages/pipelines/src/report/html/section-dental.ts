/**
 * Section "Den offentlige tannhelsetjenesten": share examined of the entitled population by
 * priority group and county (national reference line), and the share caries-free by age.
 */
import {
  dentalCariesSpec,
  dentalUtilisationSpec,
  t as chartWord,
  type DentalCariesRow,
  type DentalUtilisationRow,
} from '@felles/charts';
import { localText } from '@felles/text';
import type { ReportContext } from './context.js';
import { flagOf, numCell, table, textCell, unavailableNote } from './html.js';
import { rt } from './text.js';
import type { ReportRow } from './types.js';

const pct = (v: unknown): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v / 100 : null;

/** The short label of a dental priority group in the report's language. */
function groupLabel(ctx: ReportContext, r: ReportRow): string {
  const g = ctx.input.dentalGroups?.[String(r['group_id'])];
  return g ? localText(g, ctx.lang) : String(r['group_label'] ?? r['group_id']);
}

function definitionIds(ctx: ReportContext): string[] {
  return ctx.input.methods.definitions.filter((d) => d.kind === 'dental').map((d) => d.id);
}

async function caries(ctx: ReportContext, year: number, ownCounty: string | undefined) {
  const { lang } = ctx;
  const rows = ctx.rows(
    ctx.input.tables.dentalCaries,
    (r) => Number(r['year']) === year && r['county_code'] !== 'NO',
  );
  if (!rows.length) return '';
  const label = (r: ReportRow) =>
    rt(lang, 'cariesAge', { age: String(r['age']), index: String(r['caries_index']) });
  const data: DentalCariesRow[] = [...rows]
    .sort((a, b) => Number(a['age']) - Number(b['age']))
    .map((r) => ({
      group: label(r),
      county: String(r['county_name'] ?? r['county_code']),
      value: pct(r['share_caries_free']),
      lower: pct(r['caries_free_lower']),
      upper: pct(r['caries_free_upper']),
      suppressed: flagOf(r) as DentalCariesRow['suppressed'],
    }));
  const groups = [...new Set(data.map((r) => r.group))];
  return ctx.figure(
    'dental-caries-free',
    dentalCariesSpec(data, {
      lang,
      measure: 'cariesFree',
      ...(ownCounty ? { ownCounty } : {}),
      groupOrder: groups,
      // one row of panels when they fit, else rows without an empty place
      columns:
        groups.length <= 4
          ? groups.length
          : groups.length % 3 === 0
            ? 3
            : groups.length === 5
              ? 5
              : 4,
      ...(groups.length >= 5 ? { width: 150 } : {}),
      title: rt(lang, 'cariesTitle', { year }),
      meta: ctx.meta({
        source: 'KPR (DOT)',
        period: String(year),
        method: rt(lang, 'cariesMethod'),
        definitionIds: definitionIds(ctx),
      }),
    }),
  );
}

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
  const ownCounty = (ctx.hf.counties ?? [])[0]?.name;
  const isGroup = (g: unknown) => g !== 'all' && g !== 'none';
  const rows = util.filter(
    (r) =>
      Number(r['year']) === year &&
      r['county_code'] !== 'NO' &&
      isGroup(r['group_id']) &&
      r['entitled'] !== 0,
  );
  if (!rows.length) return unavailableNote(`${rt(lang, 'dental')}: ${rt(lang, 'noData')}`);
  const data: DentalUtilisationRow[] = rows.map((r) => ({
    group: groupLabel(ctx, r),
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
      group: groupLabel(ctx, r),
      value: pct(r['share_examined'])!,
      label: rt(lang, 'national'),
    }));
  const parts = [
    await ctx.figure(
      'dental-utilisation',
      dentalUtilisationSpec(data, {
        lang,
        references,
        ...(ownCounty ? { ownCounty } : {}),
        groupOrder: [...new Set(data.map((r) => r.group))].sort(),
        title: rt(lang, 'dentalUtilisationTitle', { year }),
        meta: ctx.meta({
          source: 'KPR (DOT); SSB',
          period: String(year),
          method: rt(lang, 'dentalMethod'),
          definitionIds: definitionIds(ctx),
        }),
      }),
    ),
  ];
  const trs = rows
    .filter((r) => counties.has(String(r['county_code'])))
    .map(
      (r) =>
        `${textCell(groupLabel(ctx, r))}${textCell(r['county_name'] ?? r['county_code'])}${numCell(r, 'entitled', lang)}${numCell(r, 'share_examined', lang, ',.1f')}${numCell(r, 'examined_lower', lang, ',.1f')}${numCell(r, 'examined_upper', lang, ',.1f')}`,
    );
  parts.push(
    table(
      [
        rt(lang, 'priorityGroup'),
        rt(lang, 'county'),
        rt(lang, 'entitled'),
        `${rt(lang, 'examined')} %`,
        chartWord(lang, 'lower'),
        chartWord(lang, 'upper'),
      ],
      trs,
      undefined,
      'data',
      2,
    ),
  );
  parts.push(await caries(ctx, year, ownCounty));
  return parts.join('\n');
}
