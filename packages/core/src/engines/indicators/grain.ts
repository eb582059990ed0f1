/**
 * Sub-year grain of an indicator: the year's figure split by calendar month or quarter. See
 * `docs/indicators.md`, "Months and quarters".
 *
 * The months are a partition breakdown of the year (`month`: `01` … `12`, and `none` for rows of
 * the year that fall in no month of it), so the year is their total (`all`) and disclosure
 * control protects the parts against the total as for any partition. Each row of a source counts
 * in one month inside its own year (the catalogue's `byMonth` relation), so the counts of the
 * months add up to the year's.
 *
 * Denominators: an events denominator of the same source is split by month as the numerator (a
 * share per month); a population (1 January) or cohort denominator stays the year's, so a monthly
 * rate is the month's events per the year's residents (not annualised) and the rates of the
 * months add up to the year's rate.
 */
import { UsageError } from '../../kernel/errors.js';
import { INDICATOR_SOURCES } from '../../catalogue/sources.js';
import type { Breakdown, IndicatorDefinition } from './types.js';

/** The grains an indicator can be computed at. */
export const GRAINS = ['year', 'quarter', 'month'] as const;

/** The time grain of an indicator run: the calendar year (default), quarter or month. */
export type Grain = (typeof GRAINS)[number];

/** Why an indicator has no sub-year figures (undefined: it has). */
export type GrainReason = 'growth' | 'no-month' | 'persons' | 'denominator';

/** The column of a fact relation's `byMonth` form that holds the month (1–12, 0 = none). */
export const PERIOD_MONTH = 'period_month';

const pad = (m: number) => String(m).padStart(2, '0');

/** The breakdown that splits a year into months (`01`–`12`) or quarters (`Q1`–`Q4`), and `none`. */
export function grainBreakdown(grain: Exclude<Grain, 'year'>): Breakdown {
  const parts =
    grain === 'month'
      ? Array.from({ length: 12 }, (_, i) => ({ code: pad(i + 1), months: [i + 1] }))
      : [1, 2, 3, 4].map((q) => ({
          code: `Q${q}`,
          months: [3 * q - 2, 3 * q - 1, 3 * q],
        }));
  return {
    id: grain,
    label: grain === 'month' ? { nb: 'Måned', en: 'Month' } : { nb: 'Kvartal', en: 'Quarter' },
    partition: true,
    values: [
      ...parts.map((p) => ({ code: p.code, where: [{ column: PERIOD_MONTH, in: p.months }] })),
      {
        code: 'none',
        label: { nb: 'uten dato i året', en: 'no date in the year' },
        where: [{ column: PERIOD_MONTH, in: [0] }],
      },
    ],
  };
}

/**
 * Whether an indicator can be split by month: a rate (not a growth comparison) whose numerator
 * source has a date per row, counting rows or summing a quantity (persons do not add up over
 * months: a person counted in two months is one person in the year), with a population or cohort
 * denominator or an events denominator of the numerator's own source (also not persons).
 */
export function grainReason(def: IndicatorDefinition): GrainReason | undefined {
  if (def.kind === 'growth-comparison') return 'growth';
  if (!INDICATOR_SOURCES[def.numerator.source].byMonth) return 'no-month';
  if (def.numerator.count === 'persons') return 'persons';
  const d = def.denominator;
  if (d.kind === 'events') {
    if (d.source !== def.numerator.source) return 'denominator';
    if (d.count === 'persons') return 'persons';
  }
  return undefined;
}

/** The definition with the grain's breakdown after its own (unchanged for `year`). */
export function withGrain(def: IndicatorDefinition, grain: Grain): IndicatorDefinition {
  if (grain === 'year') return def;
  return { ...def, breakdowns: [...(def.breakdowns ?? []), grainBreakdown(grain)] };
}

/** Why an indicator has no sub-year figures, in words. */
export const GRAIN_REASONS: Readonly<Record<GrainReason, string>> = {
  growth: 'a growth comparison is between years',
  'no-month': 'its source has no date per row',
  persons: 'it counts persons, who do not add up over months',
  denominator: 'its denominator counts another source, which is not split by month',
};

/**
 * The definition to compute at a grain: unchanged for `year`, else with the grain's breakdown;
 * refused (`NO_GRAIN`) for an indicator without sub-year figures.
 */
export function applyGrain(def: IndicatorDefinition, grain: Grain): IndicatorDefinition {
  if (grain === 'year') return def;
  const why = grainReason(def);
  if (why)
    throw new UsageError(
      'NO_GRAIN',
      `indicator ${def.id} has no ${grain}ly figures: ${GRAIN_REASONS[why]}`,
    );
  return withGrain(def, grain);
}

/** A source's relation: its monthly form for a sub-year grain (refused when it has none). */
export function factRelation(
  src: { name: string; sql: string; byMonth?: string },
  o: { byMonth?: boolean },
): string {
  if (!o.byMonth) return src.sql;
  if (!src.byMonth)
    throw new UsageError('NO_GRAIN', `source ${src.name} has no date per row: no monthly figures`);
  return src.byMonth;
}
