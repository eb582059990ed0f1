/**
 * The utilisation tables of the dental analysis: entitled population, under supervision, examined,
 * treated and not seen for two years by priority group and county, and the same by clinic, each
 * share with its Wilson limits.
 */
import {
  type AggregateRow,
  dentalShare as share,
  SHARE_METHOD,
  utilisationByClinic,
  utilisationByCounty,
} from '@felles/core';
import { type DentalTableContext, num } from './table-context.js';

/** Utilisation by priority group and county (`dental_utilisation`). */
export async function putUtilisation(ctx: DentalTableContext): Promise<void> {
  const { db, years, names, county, keep, meta, label, put } = ctx;
  const util = (await utilisationByCounty(db, years)).filter((r) => keep(r['county_code']));
  const utilRows: AggregateRow[] = util.map((r) => {
    const e = num(r['entitled']);
    const sup = share(num(r['under_supervision']), e);
    const exa = share(num(r['examined']), e);
    const tre = share(num(r['treated']), e);
    const eos = share(num(r['examined']), num(r['under_supervision']));
    const seen = num(r['seen_2y']);
    const ns = e !== null && seen !== null && seen <= e ? share(e - seen, e) : share(null, null);
    return {
      year: num(r['year']),
      county_code: String(r['county_code']),
      county_name: names.get(String(r['county_code'])) ?? String(r['county_code']),
      group_id: String(r['group_id']),
      group_label: r['group_id'] === 'all' ? 'Alle' : label(r['group_id']),
      entitled: e,
      registered: num(r['registered']),
      under_supervision: num(r['under_supervision']),
      examined: num(r['examined']),
      treated: num(r['treated']),
      seen_2y: seen,
      share_supervised: sup.value,
      supervised_lower: sup.lower,
      supervised_upper: sup.upper,
      share_examined: exa.value,
      examined_lower: exa.lower,
      examined_upper: exa.upper,
      share_treated: tre.value,
      treated_lower: tre.lower,
      treated_upper: tre.upper,
      share_examined_of_supervised: eos.value,
      examined_of_supervised_lower: eos.lower,
      examined_of_supervised_upper: eos.upper,
      share_not_seen_2y: ns.value,
      not_seen_2y_lower: ns.lower,
      not_seen_2y_upper: ns.upper,
      method: SHARE_METHOD,
      note: [sup.note, exa.note, ns.note].filter(Boolean).join('; ') || null,
    };
  });
  put(
    'utilisation',
    utilRows,
    {
      name: 'dental_utilisation',
      dimensions: ['year', county, { column: 'group_id', total: 'all' }],
      counts: ['entitled', 'registered', 'under_supervision', 'examined', 'treated', 'seen_2y'],
      derived: {
        share_supervised: ['under_supervision', 'entitled'],
        supervised_lower: ['under_supervision', 'entitled'],
        supervised_upper: ['under_supervision', 'entitled'],
        share_examined: ['examined', 'entitled'],
        examined_lower: ['examined', 'entitled'],
        examined_upper: ['examined', 'entitled'],
        share_treated: ['treated', 'entitled'],
        treated_lower: ['treated', 'entitled'],
        treated_upper: ['treated', 'entitled'],
        share_examined_of_supervised: ['examined', 'under_supervision'],
        examined_of_supervised_lower: ['examined', 'under_supervision'],
        examined_of_supervised_upper: ['examined', 'under_supervision'],
        share_not_seen_2y: ['seen_2y', 'entitled'],
        not_seen_2y_lower: ['seen_2y', 'entitled'],
        not_seen_2y_upper: ['seen_2y', 'entitled'],
      },
      attributes: ['county_name', 'group_label', 'method', 'note'],
    },

    meta(
      'Tannhelsetjenesten: rett, tilsyn, undersøkt og behandlet etter prioritert gruppe og fylke',
      {
        methods: [SHARE_METHOD],
        unit: 'persons; shares in per cent',
        notes: [
          'Entitled population: SSB population for the age groups, KPR municipal services for group c, DOT registrations for b, e, f (docs/dental.md).',
          'A person counts once a year, in the county and group of their latest record of the year.',
          'share_not_seen_2y = (entitled − persons examined or treated in the year or the year before) / entitled.',
        ],
      },
    ),
  );
}

/** Utilisation by clinic and priority group (`dental_clinics`). */
export async function putClinics(ctx: DentalTableContext): Promise<void> {
  const { db, years, keep, meta, label, put } = ctx;
  const clinAll = await utilisationByClinic(db, years);
  const clin = clinAll.filter((r) => keep(r['county_code']));
  // the clinics of every county are the parts of "all" (a clinic's counts are 0 elsewhere),
  // also when --county keeps fewer: every run declares the same partition
  const clinics = [...new Set(clinAll.map((r) => String(r['clinic'])))].filter((c) => c !== 'all');
  put(
    'clinics',
    clin.map((r) => {
      const eos = share(num(r['examined']), num(r['under_supervision']));
      const tos = share(num(r['treated']), num(r['under_supervision']));
      return {
        year: num(r['year']),
        county_code: String(r['county_code']),
        clinic: String(r['clinic']),
        group_id: String(r['group_id']),
        group_label: r['group_id'] === 'all' ? 'Alle' : label(r['group_id']),
        registered: num(r['registered']),
        under_supervision: num(r['under_supervision']),
        examined: num(r['examined']),
        treated: num(r['treated']),
        share_examined_of_supervised: eos.value,
        examined_lower: eos.lower,
        examined_upper: eos.upper,
        share_treated_of_supervised: tos.value,
        treated_lower: tos.lower,
        treated_upper: tos.upper,
        method: SHARE_METHOD,
      };
    }),
    {
      name: 'dental_clinics',
      dimensions: [
        'year',
        'county_code',
        { column: 'clinic', total: 'all', parts: clinics.sort() },
        { column: 'group_id', total: 'all' },
      ],
      counts: ['registered', 'under_supervision', 'examined', 'treated'],
      derived: {
        share_examined_of_supervised: ['examined', 'under_supervision'],
        examined_lower: ['examined', 'under_supervision'],
        examined_upper: ['examined', 'under_supervision'],
        share_treated_of_supervised: ['treated', 'under_supervision'],
        treated_lower: ['treated', 'under_supervision'],
        treated_upper: ['treated', 'under_supervision'],
      },
      attributes: ['group_label', 'method'],
    },

    meta('Tannhelsetjenesten per klinikk: undersøkt og behandlet av dem under tilsyn', {
      methods: [SHARE_METHOD],
      unit: 'persons; shares in per cent',
    }),
  );
}
