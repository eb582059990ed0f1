/** The community's population now and at the horizon (main alternative), and the change 80+. */
import type { ReportContext } from './context.js';
import { num } from './html.js';

/** Year of the registered population shown as "now". */
export function popYear(ctx: ReportContext): number {
  return ctx.input.populationYear ?? ctx.input.year;
}

/**
 * Residents now, at the horizon (SSB main alternative MMMM) and the relative change of those
 * aged 80 and over, from the disclosed population trend (totals by age group, so no small band
 * is needed).
 */
export function populationFacts(ctx: ReportContext): {
  now: number | null;
  horizon: number | null;
  change80: number | null;
} {
  const code = ctx.hf.code;
  const trend = ctx.rows(ctx.input.tables.populationTrend, (r) => r['hff_code'] === code);
  const h = ctx.input.horizon;
  const at = (series: string, year: number | undefined, age: string) =>
    num(
      trend.find((r) => r['series'] === series && r['year'] === year && r['age_group'] === age)?.[
        'population'
      ],
    );
  const now80 = at('registered', popYear(ctx), '80+');
  const h80 = at('MMMM', h, '80+');
  return {
    now: at('registered', popYear(ctx), 'all'),
    horizon: at('MMMM', h, 'all'),
    change80: now80 && h80 !== null ? (h80 - now80) / now80 : null,
  };
}
