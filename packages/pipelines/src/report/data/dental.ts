/**
 * The dental section of the report (`felles report`): the disclosed tables plus the rows the
 * chart builders of `@felles/charts` take (`dentalUtilisationSpec`: {group, county, value, lower,
 * upper} with the share as a fraction 0–1; `dentalCariesSpec`: the same per age group, measure
 * `meanDmft` or `cariesFree`). Every chart row is read from a `DisclosedTable`'s rows, so a
 * hidden cell stays hidden (value NULL, flag and reason passed through).
 */
import type { DisclosedTable, SuppressionFlag } from '@felles/core';
import {
  type DentalAnalysis,
  type DentalOptions,
  type DentalTarget,
} from '../../dental/analysis.js';
import { dentalAnalysis } from '../../dental/publish.js';

/** A chart row, structurally the `DentalUtilisationRow` / `DentalCariesRow` of `@felles/charts`. */
export interface DentalChartRow {
  group: string;
  county: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  suppressed?: SuppressionFlag;
  suppression_reason?: string;
}

/** A reference value per panel (national figure), as the charts' `GroupReference`. */
export interface DentalChartReference {
  group: string;
  value: number;
  label?: string;
}

/** One point of the national trend of the share examined, per group and year. */
export interface DentalTrendRow {
  year: number;
  group: string;
  value: number | null;
  lower: number | null;
  upper: number | null;
  suppressed?: SuppressionFlag;
  suppression_reason?: string;
}

/** Everything the report's dental section needs. */
export interface DentalReportSection {
  year: number;
  definition: { id: string; version: string };
  /** The disclosed tables to print / export (utilisation, caries, recall, cross-sector, demand when available). */
  tables: DisclosedTable[];
  /** Share examined of the entitled population (fraction 0–1) by group (panel) and county (bar), the report year. */
  utilisation: {
    rows: DentalChartRow[];
    references: DentalChartReference[];
    groupOrder: string[];
    countyOrder: string[];
  };
  /** Mean dmft/DMFT by age (panel) and county, `dentalCariesSpec(rows, { measure: 'meanDmft' })`. */
  cariesMean: { rows: DentalChartRow[]; references: DentalChartReference[]; groupOrder: string[] };
  /** Share caries-free (fraction) by age and county, `dentalCariesSpec(rows, { measure: 'cariesFree' })`. */
  cariesFree: { rows: DentalChartRow[]; references: DentalChartReference[]; groupOrder: string[] };
  /** Share of the birth cohort examined (fraction) by age and county: print beside every caries figure. */
  cariesExamined: { rows: DentalChartRow[]; groupOrder: string[] };
  /** National share examined by group and year (fraction), for a trend line. */
  trend: DentalTrendRow[];
  warnings: string[];
  /** The full analysis (all years, all tables). */
  analysis: DentalAnalysis;
}

const frac = (v: unknown): number | null =>
  v === null || v === undefined ? null : Number(v) / 100;
const flag = (r: Readonly<Record<string, unknown>>) => ({
  suppressed: r['suppressed'] as SuppressionFlag,
  suppression_reason: String(r['suppression_reason'] ?? ''),
});

/**
 * Run the dental analysis for the report and shape its disclosed rows for the charts. `year` is
 * the report year (default the latest with DOT records); the trend uses every year analysed
 * (`options.years`, default all).
 */
export async function dentalReportSection(
  ws: DentalTarget,
  options: DentalOptions & { year?: number } = {},
): Promise<DentalReportSection> {
  const analysis = await dentalAnalysis(ws, options);
  const year = options.year ?? analysis.years[analysis.years.length - 1]!;
  const t = analysis.tables;
  const util = t.utilisation.rows.filter((r) => r['year'] === year);
  const isGroup = (g: unknown) => g !== 'all' && g !== 'none';
  const utilRows: DentalChartRow[] = util
    .filter((r) => r['county_code'] !== 'NO' && isGroup(r['group_id']) && r['entitled'] !== 0)
    .map((r) => ({
      group: String(r['group_label']),
      county: String(r['county_name']),
      value: frac(r['share_examined']),
      lower: frac(r['examined_lower']),
      upper: frac(r['examined_upper']),
      ...flag(r),
    }));
  const refs = (
    rows: readonly Readonly<Record<string, unknown>>[],
    groupCol: (r: Readonly<Record<string, unknown>>) => string,
    col: string,
    scale: (v: unknown) => number | null,
  ): DentalChartReference[] =>
    rows
      .filter((r) => r['county_code'] === 'NO' && scale(r[col]) !== null)
      .map((r) => ({ group: groupCol(r), value: scale(r[col])!, label: 'Norge' }));
  const utilRefs = refs(
    util.filter((r) => isGroup(r['group_id'])),
    (r) => String(r['group_label']),
    'share_examined',
    frac,
  );
  const groupOrder = [...new Set(utilRows.map((r) => r.group))].sort();
  const countyOrder = [...new Set(utilRows.map((r) => r.county))].sort((a, b) =>
    a.localeCompare(b, 'nb'),
  );

  const car = t.caries.rows.filter((r) => r['year'] === year);
  const ageLabel = (r: Readonly<Record<string, unknown>>) =>
    `${String(r['age'])} år (${String(r['caries_index'])})`;
  const ageOrder = [
    ...new Set([...car].sort((a, b) => Number(a['age']) - Number(b['age'])).map(ageLabel)),
  ];
  const counties = car.filter((r) => r['county_code'] !== 'NO');
  const caryRows = (
    valueCol: string,
    lo: string,
    up: string,
    scale: (v: unknown) => number | null,
  ) =>
    counties.map((r) => ({
      group: ageLabel(r),
      county: String(r['county_name']),
      value: scale(r[valueCol]),
      lower: scale(r[lo]),
      upper: scale(r[up]),
      ...flag(r),
    }));
  const id = (v: unknown) => (v === null || v === undefined ? null : Number(v));

  const trend: DentalTrendRow[] = t.utilisation.rows
    .filter((r) => r['county_code'] === 'NO' && isGroup(r['group_id']))
    .map((r) => ({
      year: Number(r['year']),
      group: String(r['group_label']),
      value: frac(r['share_examined']),
      lower: frac(r['examined_lower']),
      upper: frac(r['examined_upper']),
      ...flag(r),
    }));

  return {
    year,
    definition: analysis.definition,
    tables: [t.utilisation, t.caries, t.recall, t.crossSector, ...(t.demand ? [t.demand] : [])],
    utilisation: { rows: utilRows, references: utilRefs, groupOrder, countyOrder },
    cariesMean: {
      rows: caryRows('mean_score', 'mean_lower', 'mean_upper', id),
      references: refs(car, ageLabel, 'mean_score', id),
      groupOrder: ageOrder,
    },
    cariesFree: {
      rows: caryRows('share_caries_free', 'caries_free_lower', 'caries_free_upper', frac),
      references: refs(car, ageLabel, 'share_caries_free', frac),
      groupOrder: ageOrder,
    },
    cariesExamined: {
      rows: caryRows('share_examined', 'examined_lower', 'examined_upper', frac),
      groupOrder: ageOrder,
    },
    trend,
    warnings: analysis.warnings,
    analysis,
  };
}
