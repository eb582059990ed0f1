/** The recall table of the dental analysis: time between status examinations by county and group. */
import { recallIntervals } from '@felles/core';
import { type DentalTableContext, num } from './table-context.js';

/** Recall intervals by county and priority group (`dental_recall`). */
export async function putRecall(ctx: DentalTableContext): Promise<void> {
  const { db, years, county, keep, meta, put } = ctx;
  const rec = (await recallIntervals(db, years)).filter((r) => keep(r['county_code']));
  put(
    'recall',
    rec.map((r) => ({
      year: num(r['year']),
      county_code: String(r['county_code']),
      group_id: String(r['group_id']),
      intervals: num(r['intervals']),
      under_12m: num(r['under_12m']),
      m12_17: num(r['m12_17']),
      m18_23: num(r['m18_23']),
      m24_plus: num(r['m24_plus']),
      median_months: num(r['median_months']),
      p25_months: num(r['p25_months']),
      p75_months: num(r['p75_months']),
    })),
    {
      name: 'dental_recall',
      dimensions: ['year', county, { column: 'group_id', total: 'all' }],
      counts: ['intervals', 'under_12m', 'm12_17', 'm18_23', 'm24_plus'],
      countTotals: { intervals: ['under_12m', 'm12_17', 'm18_23', 'm24_plus'] },
      derived: {
        median_months: ['intervals'],
        p25_months: ['intervals'],
        p75_months: ['intervals'],
      },
    },

    meta('Innkallingsintervall: tid mellom statusundersøkelser (måneder)', {
      methods: ['median and quartiles (linear interpolation)'],
      unit: 'intervals; months (days / 30.4375)',
    }),
  );
}
