/**
 * Section "De fire prioriterte pasientgruppene": per group its cohorts' size and prevalence
 * (standardised and crude, all 19 communities), the overlap between the groups, and service use
 * per person across levels of care.
 */
import {
  areaRatesSpec,
  overlapMatrixSpec,
  type AreaRateRow,
  type OverlapRow,
  t,
} from '@felles/charts';
import type { ReportContext } from './context.js';
import { esc, flagOf, num, numCell, table, textCell, unavailableNote } from './html.js';
import { groupName, PRIORITY_GROUPS, rt, standardName } from './text.js';
import type { ReportRow } from './types.js';

/** A cohort of one of the four priority groups, with its prevalence rows (latest year). */
export interface PriorityCohort {
  id: string;
  title: string;
  group: string;
  year: number;
  rows: ReportRow[];
}

/** Cohorts in the four priority groups (group order, then id), rows of the latest year. */
export function priorityCohorts(ctx: ReportContext): PriorityCohort[] {
  const all = ctx.rows(ctx.input.tables.cohortPrevalence);
  const ids = [...new Set(all.map((r) => String(r['cohort_id'])))];
  const out: PriorityCohort[] = [];
  for (const id of ids) {
    const rows = all.filter((r) => r['cohort_id'] === id);
    const group = String(rows[0]?.['priority_group'] ?? '');
    if (!(PRIORITY_GROUPS as readonly string[]).includes(group)) continue;
    const year = Math.max(...rows.map((r) => Number(r['year'])));
    out.push({
      id,
      title: ctx.defTitle('cohort', id),
      group,
      year,
      rows: rows.filter((r) => Number(r['year']) === year),
    });
  }
  const order = (g: string) => (PRIORITY_GROUPS as readonly string[]).indexOf(g);
  return out.sort((a, b) => order(a.group) - order(b.group) || a.id.localeCompare(b.id));
}

/** The measure a cohort is compared on: standardised when any community has it, else crude. */
function measureOf(rows: readonly ReportRow[]): 'dsr' | 'crude' {
  return rows.some((r) => num(r['dsr']) !== null) ? 'dsr' : 'crude';
}

/** Rank of the own community among the 19 by prevalence (1 = highest); null when hidden. */
export function prevalenceRank(
  ctx: ReportContext,
  rows: readonly ReportRow[],
): { rank: number; of: number } | null {
  const m = measureOf(rows);
  const vals = rows.filter((r) => r['area_code'] !== 'NO' && num(r[m]) !== null);
  const own = vals.find((r) => r['area_code'] === ctx.hf.code);
  if (!own) return null;
  const v = num(own[m])!;
  return { rank: 1 + vals.filter((r) => num(r[m])! > v).length, of: vals.length };
}

/** The section. */
export async function prioritySection(ctx: ReportContext): Promise<string> {
  const { lang } = ctx;
  const cohorts = priorityCohorts(ctx);
  if (!cohorts.length)
    return unavailableNote(
      ctx.input.unavailable?.priorityGroups ??
        `${rt(lang, 'priorityGroups')}: ${rt(lang, 'noData')}`,
    );
  const parts: string[] = [];
  const s = ctx.input.methods.standardPopulation;
  const std = s ? standardName(lang, s) : rt(lang, 'national');
  for (const g of PRIORITY_GROUPS) {
    parts.push(`<h3>${esc(groupName(lang, g))}</h3>`);
    const mine = cohorts.filter((c) => c.group === g);
    if (!mine.length) {
      parts.push(unavailableNote(`${rt(lang, 'notAvailable')}: ${rt(lang, 'noCohortInGroup')}`));
      continue;
    }
    for (const c of mine) {
      parts.push(`<h4>${esc(c.title)} <span class="muted">(${esc(c.id)}, ${c.year})</span></h4>`);
      const m = measureOf(c.rows);
      const rates: AreaRateRow[] = c.rows
        .filter((r) => r['area_code'] !== 'NO')
        .map((r) => ({
          area: ctx.areaName(r['area_code']),
          period: String(c.year),
          value: num(r[m]),
          lower: num(r[`${m}_lower`]),
          upper: num(r[`${m}_upper`]),
          suppressed: flagOf(r) as AreaRateRow['suppressed'],
        }));
      const nat = c.rows.find((r) => r['area_code'] === 'NO');
      const method =
        m === 'dsr' ? rt(lang, 'dsrMethod', { standard: std }) : rt(lang, 'crudeMethod');
      parts.push(
        await ctx.figure(
          `prevalence-${c.id}`,
          areaRatesSpec(rates, {
            lang,
            barPeriod: String(c.year),
            ownArea: ctx.hf.shortName,
            national: num(nat?.[m]),
            yearlyPoints: false,
            valueTitle: m === 'dsr' ? rt(lang, 'dsr') : rt(lang, 'crude'),
            title: `${c.title}: ${rt(lang, 'prevalenceAmong').toLowerCase()}`,
            meta: ctx.meta({
              source: 'NPR, KPR; SSB',
              period: String(c.year),
              method,
              definitionIds: [c.id],
            }),
          }),
        ),
      );
      const trs = [ctx.hf.code, 'NO'].map((code) => {
        const r = c.rows.find((x) => x['area_code'] === code);
        return `${textCell(ctx.areaName(code))}${numCell(r, 'members', lang)}${numCell(r, 'population', lang)}${numCell(r, 'crude', lang, ',.1f')}${numCell(r, 'crude_lower', lang, ',.1f')}${numCell(r, 'crude_upper', lang, ',.1f')}${numCell(r, 'dsr', lang, ',.1f')}${numCell(r, 'dsr_lower', lang, ',.1f')}${numCell(r, 'dsr_upper', lang, ',.1f')}`;
      });
      parts.push(
        table(
          [
            '',
            rt(lang, 'members'),
            rt(lang, 'populationNow'),
            rt(lang, 'crude'),
            t(lang, 'lower'),
            t(lang, 'upper'),
            rt(lang, 'dsr'),
            t(lang, 'lower'),
            t(lang, 'upper'),
          ],
          trs,
        ),
      );
    }
  }
  parts.push(`<h3>${esc(rt(lang, 'overlap'))}</h3>`);
  parts.push(await overlapBlock(ctx, cohorts));
  parts.push(`<h3>${esc(rt(lang, 'serviceUse'))}</h3>`);
  parts.push(serviceUseBlock(ctx, cohorts));
  return parts.join('\n');
}

async function overlapBlock(ctx: ReportContext, cohorts: PriorityCohort[]): Promise<string> {
  const { lang } = ctx;
  const ids = new Set(cohorts.map((c) => c.id));
  const title = (id: unknown) => cohorts.find((c) => c.id === id)?.title ?? String(id);
  const rows = ctx.rows(
    ctx.input.tables.cohortOverlap,
    (r) =>
      r['hff_code'] === ctx.hf.code &&
      ids.has(String(r['cohort_a'])) &&
      ids.has(String(r['cohort_b'])),
  );
  if (!rows.length)
    return unavailableNote(
      ctx.input.unavailable?.priorityGroups ?? `${rt(lang, 'overlap')}: ${rt(lang, 'noData')}`,
    );
  const data: OverlapRow[] = rows.map((r) => {
    const share = num(r['share_pct']);
    return {
      rowGroup: title(r['cohort_a']),
      colGroup: title(r['cohort_b']),
      count: num(r['n_both']),
      share: share === null ? null : share / 100,
      suppressed: flagOf(r) as OverlapRow['suppressed'],
    };
  });
  return ctx.figure(
    'overlap',
    overlapMatrixSpec(data, {
      lang,
      groupOrder: cohorts.map((c) => c.title),
      title: rt(lang, 'overlapTitle', { area: ctx.hf.shortName }),
      meta: ctx.meta({
        source: 'NPR, KPR',
        period: String(Math.max(...cohorts.map((c) => c.year))),
        method: rt(lang, 'overlapMethod'),
        definitionIds: cohorts.map((c) => c.id),
      }),
    }),
  );
}

function serviceUseBlock(ctx: ReportContext, cohorts: PriorityCohort[]): string {
  const { lang } = ctx;
  const rows = ctx.rows(
    ctx.input.tables.cohortServiceUse,
    (r) => r['area_code'] === ctx.hf.code || r['area_code'] === 'NO',
  );
  if (!rows.length)
    return unavailableNote(
      ctx.input.unavailable?.priorityGroups ?? `${rt(lang, 'serviceUse')}: ${rt(lang, 'noData')}`,
    );
  const levels: Array<['specialist' | 'primary' | 'municipal', string]> = [
    ['specialist', rt(lang, 'specialist')],
    ['primary', rt(lang, 'primary')],
    ['municipal', rt(lang, 'municipal')],
  ];
  const trs: string[] = [];
  for (const c of cohorts) {
    for (const [key, label] of levels) {
      const own = rows.find((r) => r['cohort_id'] === c.id && r['area_code'] === ctx.hf.code);
      const nat = rows.find((r) => r['cohort_id'] === c.id && r['area_code'] === 'NO');
      if (!own && !nat) continue;
      trs.push(
        `${textCell(c.title)}${textCell(label)}${numCell(own, 'members', lang)}${numCell(own, key, lang)}${numCell(own, `${key}_per_person`, lang, ',.2f')}${numCell(nat, `${key}_per_person`, lang, ',.2f')}`,
      );
    }
  }
  if (!trs.length) return unavailableNote(`${rt(lang, 'serviceUse')}: ${rt(lang, 'noData')}`);
  return table(
    [
      rt(lang, 'cohort'),
      rt(lang, 'level'),
      rt(lang, 'members'),
      rt(lang, 'contacts'),
      rt(lang, 'perPerson'),
      `${rt(lang, 'perPerson')} (${rt(lang, 'national')})`,
    ],
    trs,
    undefined,
    'data',
    2,
  );
}
