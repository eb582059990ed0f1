/**
 * The caries table of the dental analysis: dmft/DMFT at the status examinations by county and age,
 * with the share of the birth cohort examined beside every figure, and the SiC index.
 */
import {
  DEFAULT_CARIES_AGES,
  MEAN_METHOD,
  SHARE_METHOD,
  cariesByCounty,
  dentalShare as share,
  meanWithCi,
} from '@felles/core';
import { type DentalTableContext, num } from './table-context.js';

/** Caries at the status-examination ages by county (`dental_caries`). */
export async function putCaries(ctx: DentalTableContext): Promise<void> {
  const { db, years, options, names, county, keep, meta, put } = ctx;
  const car = (await cariesByCounty(db, years, options.cariesAges ?? DEFAULT_CARIES_AGES)).filter(
    (r) => keep(r['county_code']),
  );
  put(
    'caries',
    car.map((r) => {
      const scored = num(r['scored']) ?? 0;
      const ex = share(num(r['examined']), num(r['cohort']));
      const cf = share(num(r['caries_free']), scored);
      const mean = meanWithCi(scored, num(r['score_sum']) ?? 0, num(r['score_sumsq']) ?? 0);
      const lt4 = share(num(r['below_4']), r['below_4'] === null ? null : scored);
      const gt9 = share(num(r['above_9']), r['above_9'] === null ? null : scored);
      return {
        year: num(r['year']),
        county_code: String(r['county_code']),
        county_name: names.get(String(r['county_code'])) ?? String(r['county_code']),
        age: num(r['age']),
        caries_index: String(r['caries_index']),
        cohort: num(r['cohort']),
        examined: num(r['examined']),
        scored: num(r['scored']),
        caries_free: num(r['caries_free']),
        below_4: num(r['below_4']),
        above_9: num(r['above_9']),
        share_examined: ex.value,
        examined_lower: ex.lower,
        examined_upper: ex.upper,
        share_caries_free: cf.value,
        caries_free_lower: cf.lower,
        caries_free_upper: cf.upper,
        mean_score: mean.value,
        mean_lower: mean.lower,
        mean_upper: mean.upper,
        share_below_4: lt4.value,
        below_4_lower: lt4.lower,
        below_4_upper: lt4.upper,
        share_above_9: gt9.value,
        above_9_lower: gt9.lower,
        above_9_upper: gt9.upper,
        sic: num(r['sic']),
        sic_k: num(r['sic_k']),
        method_share: SHARE_METHOD,
        method_mean: MEAN_METHOD,
        method_sic:
          'SiC index (Bratthall 2000): mean score of the round(n/3) persons with the highest scores',
      };
    }),
    {
      name: 'dental_caries',
      dimensions: ['year', county, 'age'],
      counts: ['examined', 'scored', 'caries_free', 'below_4', 'above_9'],
      publicCounts: ['cohort'],
      derived: {
        share_examined: ['examined', 'cohort'],
        examined_lower: ['examined', 'cohort'],
        examined_upper: ['examined', 'cohort'],
        share_caries_free: ['caries_free', 'scored'],
        caries_free_lower: ['caries_free', 'scored'],
        caries_free_upper: ['caries_free', 'scored'],
        mean_score: ['scored'],
        mean_lower: ['scored'],
        mean_upper: ['scored'],
        share_below_4: ['below_4', 'scored'],
        below_4_lower: ['below_4', 'scored'],
        below_4_upper: ['below_4', 'scored'],
        share_above_9: ['above_9', 'scored'],
        above_9_lower: ['above_9', 'scored'],
        above_9_upper: ['above_9', 'scored'],
        sic: ['scored'],
        sic_k: ['scored'],
      },
      attributes: ['county_name', 'caries_index', 'method_share', 'method_mean', 'method_sic'],
    },

    meta('Karies ved statusundersøkelse (3, 5, 12, 15, 18 år) med andel undersøkt', {
      methods: [SHARE_METHOD, MEAN_METHOD, 'SiC index, Bratthall 2000'],
      unit: 'dmft (3, 5 years) / DMFT (12, 15, 18 years); shares in per cent',
      notes: [
        'Always read a caries figure with share_examined beside it: counties examine very different shares of each birth cohort.',
        'Age is the year one turns N (record year − birth year). cohort = SSB population of the birth cohort.',
      ],
    }),
  );
}
