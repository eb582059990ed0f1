/**
 * The group check of the dental analysis: the priority group the DOT recorded against the group of
 * the rule in force on the record date (data quality).
 */
import { sql } from '@felles/core';
import { type DentalTableContext, num } from './table-context.js';

/** Records by recorded letter × rule group (`dental_group_check`). */
export async function putGroupCheck(ctx: DentalTableContext): Promise<void> {
  const { db, years, options, county, meta, put } = ctx;
  // Recorded letter against the rule's group (data quality); per county with --county (the
  // kept counties are parts of the country, not the country).
  const byCounty = Boolean(options.counties?.length);
  const chk = await db.all(
    `SELECT year, ${byCounty ? 'county_code, ' : ''}COALESCE(recorded_group, 'missing') AS recorded_group, rule_group, count(*)::BIGINT AS records
     FROM dtl_rec WHERE year IN ${sql.inList(years)} ${byCounty ? `AND county_code IN ${sql.inList(options.counties!)}` : ''}
     GROUP BY ALL ORDER BY ALL`,
  );
  put(
    'groupCheck',
    chk.map((r) => ({
      year: num(r['year']),
      ...(byCounty ? { county_code: String(r['county_code']) } : {}),
      recorded_group: String(r['recorded_group']),
      rule_group: String(r['rule_group']),
      records: num(r['records']),
      agrees:
        r['rule_group'] !== 'none' &&
        String(r['rule_group']).startsWith(String(r['recorded_group'])),
    })),
    {
      name: 'dental_group_check',
      dimensions: ['year', ...(byCounty ? [county] : []), 'recorded_group', 'rule_group'],
      counts: ['records'],
      attributes: ['agrees'],
    },

    meta('Registrert prioritetsgruppe mot gruppen etter regelen på journaldatoen', {
      unit: 'records',
      notes: [
        'rule_group "none": no group of § 1-3 applied on the record date; d25 is letter d from 1 July 2025.',
      ],
    }),
  );
}
