/** The cross-sector table of the dental analysis: dental use in the cohorts of the other services. */
import {
  DEFAULT_CROSS_SECTOR_COHORTS,
  SHARE_METHOD,
  dentalCrossSector as crossSector,
  dentalShare as share,
} from '@felles/core';
import type { DentalTableContext } from './table-context.js';

/** Dental use in the priority-group cohorts by county (`dental_cross_sector`). */
export async function putCrossSector(ctx: DentalTableContext): Promise<void> {
  const { db, years, options, names, county, keep, meta, put } = ctx;
  const cs = (
    await crossSector(db, years, options.cohorts ?? DEFAULT_CROSS_SECTOR_COHORTS, options.counties)
  ).filter((r) => keep(r.county_code));
  put(
    'crossSector',
    cs.map((r) => {
      const any = share(r.dental_any, r.members);
      const ex = share(r.examined, r.members);
      return {
        ...r,
        county_name: names.get(r.county_code) ?? r.county_code,
        share_dental_any: any.value,
        dental_any_lower: any.lower,
        dental_any_upper: any.upper,
        share_examined: ex.value,
        examined_lower: ex.lower,
        examined_upper: ex.upper,
      };
    }),
    {
      name: 'dental_cross_sector',
      dimensions: ['year', county, 'cohort_id'],
      counts: ['members', 'dental_any', 'examined'],
      derived: {
        share_dental_any: ['dental_any', 'members'],
        dental_any_lower: ['dental_any', 'members'],
        dental_any_upper: ['dental_any', 'members'],
        share_examined: ['examined', 'members'],
        examined_lower: ['examined', 'members'],
        examined_upper: ['examined', 'members'],
      },
      attributes: ['county_name', 'id_space', 'status', 'note'],
    },

    meta('Tannhelsetjenester i de prioriterte pasientgruppene', { methods: [SHARE_METHOD] }),
  );
}
