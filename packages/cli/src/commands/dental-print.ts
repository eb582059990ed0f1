/**
 * The text output of `felles dental`: the tables of the latest analysed year, each after disclosure
 * control (":" where a cell is hidden or missing).
 */
import type { DentalAnalysis } from '@felles/pipelines';
import { out } from '../context.js';
import { formatTable } from '../format.js';

const pct = (v: unknown) => (v === null || v === undefined ? ':' : `${Number(v).toFixed(1)}`);
const dec = (v: unknown, d = 2) => (v === null || v === undefined ? ':' : Number(v).toFixed(d));
const cnt = (v: unknown) => (v === null || v === undefined ? ':' : Math.round(Number(v)));
const ci = (lo: unknown, hi: unknown, f: (x: unknown) => string) =>
  lo === null || lo === undefined || hi === null || hi === undefined ? '' : `${f(lo)}–${f(hi)}`;

/** Prints the dental analysis as text tables (the latest year; demand at the horizon). */
export function printAnalysis(a: DentalAnalysis): void {
  const year = a.years[a.years.length - 1]!;
  out(
    `Public dental service (DOT), ${a.years.join(', ')}; priority groups ${a.definition.id} ${a.definition.version}`,
  );
  printUtilisation(a, year);
  printCaries(a, year);
  printRecall(a, year);
  printCrossSector(a, year);
  printGroupCheck(a, year);
  printDemand(a);
  out('');
  out(
    '":" = hidden by disclosure control (or missing). Methods, definitions and sources: docs/dental.md.',
  );
}

/** Utilisation by county and priority group. */
function printUtilisation(a: DentalAnalysis, year: number): void {
  out('');
  out(
    `Utilisation by county and priority group, ${year} (shares in % of the entitled population, Wilson 95 %)`,
  );
  out(
    formatTable(
      [...a.tables.utilisation.rows]
        .filter((r) => r['year'] === year)
        .sort(
          (x, y) =>
            Number(x['county_code'] === 'NO') - Number(y['county_code'] === 'NO') ||
            String(x['county_name']).localeCompare(String(y['county_name']), 'nb') ||
            Number(x['group_id'] === 'all') - Number(y['group_id'] === 'all') ||
            String(x['group_id']).localeCompare(String(y['group_id'])),
        )
        .map((r) => ({
          county: String(r['county_name']),
          group: String(r['group_label']),
          entitled: cnt(r['entitled']),
          supervised: cnt(r['under_supervision']),
          examined: cnt(r['examined']),
          treated: cnt(r['treated']),
          '% examined': pct(r['share_examined']),
          '95 % CI': ci(r['examined_lower'], r['examined_upper'], pct),
          '% not seen 2 y': pct(r['share_not_seen_2y']),
        })),
    ),
  );
}

/** Caries at the status examinations. */
function printCaries(a: DentalAnalysis, year: number): void {
  out('');
  out(`Caries at status examinations, ${year} (always read with the share examined)`);
  out(
    formatTable(
      a.tables.caries.rows
        .filter((r) => r['year'] === year)
        .map((r) => ({
          county: String(r['county_name']),
          age: String(r['age']),
          index: String(r['caries_index']),
          '% examined': pct(r['share_examined']),
          scored: cnt(r['scored']),
          '% caries-free': pct(r['share_caries_free']),
          mean: dec(r['mean_score']),
          '95 % CI': ci(r['mean_lower'], r['mean_upper'], (x) => dec(x)),
          SiC: r['age'] === 12 ? dec(r['sic']) : '',
          '% <4': r['age'] === 18 ? pct(r['share_below_4']) : '',
          '% >9': r['age'] === 18 ? pct(r['share_above_9']) : '',
        })),
    ),
  );
}

/** Recall intervals, all groups. */
function printRecall(a: DentalAnalysis, year: number): void {
  out('');
  out(`Recall intervals (months between examinations), ${year}, all groups`);
  out(
    formatTable(
      a.tables.recall.rows
        .filter((r) => r['year'] === year && r['group_id'] === 'all')
        .map((r) => ({
          county: String(r['county_code']),
          intervals: cnt(r['intervals']),
          median: dec(r['median_months'], 1),
          p25: dec(r['p25_months'], 1),
          p75: dec(r['p75_months'], 1),
          '<12': cnt(r['under_12m']),
          '12–17': cnt(r['m12_17']),
          '18–23': cnt(r['m18_23']),
          '24+': cnt(r['m24_plus']),
        })),
    ),
  );
}

/** Dental use in the priority patient groups. */
function printCrossSector(a: DentalAnalysis, year: number): void {
  out('');
  out(`Dental use in the priority patient groups, ${year}`);
  out(
    formatTable(
      a.tables.crossSector.rows
        .filter((r) => r['year'] === year)
        .map((r) => ({
          county: String(r['county_name']),
          cohort: String(r['cohort_id']),
          status: String(r['status']),
          members: cnt(r['members']),
          '% any DOT record': pct(r['share_dental_any']),
          '% examined': pct(r['share_examined']),
          note: r['status'] === 'available' ? '' : String(r['note']),
        })),
    ),
  );
}

/** Recorded priority group against the rule in force. */
function printGroupCheck(a: DentalAnalysis, year: number): void {
  out('');
  out(`Recorded priority group against the rule in force on the record date, ${year} (records)`);
  out(
    formatTable(
      a.tables.groupCheck.rows
        .filter((r) => r['year'] === year)
        .map((r) => ({
          recorded: String(r['recorded_group']),
          rule: String(r['rule_group']),
          records: cnt(r['records']),
          agrees: r['agrees'] ? 'yes' : 'no',
        })),
    ),
  );
}

/** Demand at the horizon by county, group and measure under each SSB alternative. */
function printDemand(a: DentalAnalysis): void {
  const d = a.tables.demand;
  if (!d) return;
  const horizon = Math.max(...d.rows.map((r) => Number(r['year'])));
  const alts = [...new Set(d.rows.map((r) => String(r['alternative'])))];
  const byKey = new Map<string, Record<string, string | number>>();
  for (const r of d.rows.filter((x) => x['year'] === horizon)) {
    const key = `${String(r['county_code'])}|${String(r['group_id'])}|${String(r['measure'])}`;
    const row = byKey.get(key) ?? {
      county: String(r['county_code']),
      group: String(r['group_id']),
      measure: String(r['measure']),
      base: String(r['measure']).endsWith('fte') ? dec(r['base'], 1) : cnt(r['base']),
    };
    row[`${String(r['alternative'])} ${horizon}`] = String(r['measure']).endsWith('fte')
      ? dec(r['volume'], 1)
      : cnt(r['volume']);
    byKey.set(key, row);
  }
  out('');
  out(
    `Demand ${horizon} (demography only; FTEs from the productivity ratios; SSB alternatives are scenarios, not intervals)`,
  );
  out(
    formatTable(
      [...byKey.values()],
      ['county', 'group', 'measure', 'base', ...alts.map((x) => `${x} ${horizon}`)],
    ),
  );
}
