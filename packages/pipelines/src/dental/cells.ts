/**
 * The cell identities of the dental tables: each count column of a table is a measure of its own
 * (`dental_utilisation:examined`, …); years are periods, counties a coordinate with the country
 * total `NO`, priority groups, clinics and cohorts coordinates with their totals.
 */
import type { CellIdentity, DisclosureSchema } from '@felles/core';

/** Column → coordinate of the dental tables (a column not listed keeps its name). */
const COORDINATES: Record<string, string> = {
  year: 'period',
  county_code: 'county',
  group_id: 'dental_group',
  clinic: 'dental_clinic',
  cohort_id: 'cohort',
  age: 'caries_age',
};

/**
 * The cell identities of a dental table. In `dental_demand` the base-year count is the same for
 * every alternative and projected year: those columns come before `measure` in the dimensions
 * and are mapped onto its coordinate, so the measure's value is the cell's (one cell per county,
 * group and measure).
 */
export function dentalCells(schema: DisclosureSchema): CellIdentity {
  const demand = schema.name === 'dental_demand';
  const coordinates: Record<string, string> = {};
  for (const d of schema.dimensions) {
    const col = typeof d === 'string' ? d : d.column;
    coordinates[col] =
      demand && ['alternative', 'year', 'measure'].includes(col)
        ? 'dental_measure'
        : (COORDINATES[col] ?? col);
  }
  return {
    measures: Object.fromEntries(schema.counts.map((c) => [c, `${schema.name}:${c}`])),
    coordinates,
  };
}
