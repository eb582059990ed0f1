/**
 * `dentalAnalysis()`: the public dental service (DOT) tables for county dental leaders —
 * utilisation by priority group and county (entitled population, under supervision, examined,
 * treated, not seen for two years), by clinic, caries at the status-examination ages with the
 * share examined beside every figure, recall intervals, and dental use in the cross-sector
 * priority groups. Every table is published through disclosure control ({@link dentalAnalysis}, or a
 * command's `Publication`). See `docs/dental.md`.
 */
import {
  type Db,
  type Row,
  FellesError,
  UsageError,
  type DisclosedTable,
  type AggregateRow,
  type DisclosureSchema,
  type TableMetadata,
  type TableToPublish,
  sql,
  dentalCrossSector as crossSector,
  DEFAULT_CROSS_SECTOR_COHORTS,
  entitledSql,
  MEAN_METHOD,
  meanWithCi,
  dentalShare as share,
  SHARE_METHOD,
  dropDental,
  prepareDental,
  cariesByCounty,
  DEFAULT_CARIES_AGES,
  recallIntervals,
  utilisationByClinic,
  utilisationByCounty,
  groupLabel,
  loadPriorityGroups,
  type PriorityGroupDefinition,
} from '@felles/core';
import { dentalCells } from './cells.js';
import { DEFAULT_PRODUCTIVITY, dentalDemand, type ProductivityRatios } from './demand.js';

/** Anything with a database and the workspace's disclosure threshold (a `Workspace`). */
export interface DentalTarget {
  db: Db;
  config: { disclosure: { threshold: number } };
}

/** Options of {@link dentalAnalysis}. */
export interface DentalOptions {
  /** Years to report (default: every year with DOT records). */
  years?: number[];
  /** County codes (2 digits) to keep; default all counties and the national total `NO`. */
  counties?: string[];
  /** Priority-group definition (default: the built-in file). */
  definition?: PriorityGroupDefinition;
  /** Reference date (MM-DD) whose rule decides the yearly entitled population; default `12-31`. */
  referenceDate?: string;
  /** Ages with status examinations and their caries index; default 3, 5 (dmft), 12, 15, 18 (DMFT). */
  cariesAges?: Record<number, 'dmft' | 'DMFT'>;
  /** Cohorts for the cross-sector table (ids in `cohort_member`). */
  cohorts?: string[];
  /** Disclosure threshold (default: the workspace's). */
  threshold?: number;
  /** Allow a threshold below the published convention of 4 (recorded in every table). */
  allowBelowConvention?: boolean;
  /**
   * Demand projection (needs an SSB population projection in the workspace): `false` to skip;
   * default on, base year = the latest year, horizon 2040. Without a projection the demand table
   * is left out with a warning.
   */
  demand?:
    | false
    | {
        baseYear?: number;
        horizon?: number;
        alternatives?: string[];
        vintage?: number;
        productivity?: ProductivityRatios;
      };
}

/** The disclosed tables of the dental analysis. */
export interface DentalTables {
  utilisation: DisclosedTable;
  clinics: DisclosedTable;
  caries: DisclosedTable;
  recall: DisclosedTable;
  crossSector: DisclosedTable;
  /** Records by the letter the DOT recorded × the group of the rule in force on the record date. */
  groupCheck: DisclosedTable;
  /** Absent when the demand projection was skipped or could not run (see warnings). */
  demand?: DisclosedTable;
}

/** The dental tables before disclosure control ({@link dentalTableInputs}). */
export interface DentalInputs {
  definition: { id: string; version: string };
  years: number[];
  inputs: Partial<Record<keyof DentalTables, TableToPublish>>;
  warnings: string[];
}

/** Result of {@link dentalAnalysis}. */
export interface DentalAnalysis {
  definition: { id: string; version: string };
  years: number[];
  tables: DentalTables;
  warnings: string[];
}

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));

/** Years with DOT records. */
export async function dentalYears(db: Db): Promise<number[]> {
  const rows = await db.all(`SELECT DISTINCT year FROM dental_record ORDER BY year`);
  return rows.map((r) => Number(r['year']));
}

/** County code → name, from the workspace's `municipality` table (and `NO` → Norge). */
export async function countyNames(db: Db): Promise<Map<string, string>> {
  const rows = await db.all(`SELECT DISTINCT county_code, county_name FROM municipality`);
  const m = new Map<string, string>(
    rows.map((r) => [String(r['county_code']), String(r['county_name'])]),
  );
  m.set('NO', 'Norge');
  m.set('unknown', 'Ukjent fylke');
  return m;
}

function checkOptions(o: DentalOptions): void {
  if (
    o.referenceDate !== undefined &&
    !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(o.referenceDate)
  )
    throw new UsageError(
      'BAD_REFERENCE_DATE',
      `the reference date must be MM-DD, got ${o.referenceDate}`,
    );
  for (const c of o.counties ?? [])
    if (!/^\d{2}$/.test(c))
      throw new UsageError('BAD_COUNTY', `a county code has 2 digits (e.g. 40), got ${c}`);
  for (const y of o.years ?? [])
    if (!Number.isInteger(y) || y < 1984 || y > 2100)
      throw new UsageError('BAD_YEAR', `not a year: ${y}`);
}

/**
 * The tables of the dental analysis, ready to publish (read-only is enough: only temporary
 * tables are made). Throws `UsageError NO_DENTAL_RECORDS` when the workspace has no DOT records
 * for the years. See {@link dentalAnalysis} to disclose them.
 */
export async function dentalTableInputs(
  ws: DentalTarget,
  options: DentalOptions = {},
): Promise<DentalInputs> {
  checkOptions(options);
  const db = ws.db;
  const def = options.definition ?? loadPriorityGroups();
  const available = await dentalYears(db);
  const years = options.years?.length ? [...options.years].sort((a, b) => a - b) : available;
  if (years.length === 0 || !years.some((y) => available.includes(y)))
    throw new UsageError(
      'NO_DENTAL_RECORDS',
      `the workspace has no public dental service records${options.years?.length ? ` for ${years.join(', ')}` : ''}; load them with: felles ingest dental <file>`,
      { available },
    );
  const warnings: string[] = [];
  for (const y of years) if (!available.includes(y)) warnings.push(`no DOT records for ${y}`);
  try {
    await prepareDental(db, def, years, options.referenceDate ?? '12-31');
    await db.exec(entitledSql());
    const names = await countyNames(db);
    // With --county the other counties (and unknown residence) are parts of the country left
    // unpublished: a county kept alone is not the country. Without it the parts are the rows'.
    const county = {
      column: 'county_code',
      total: 'NO',
      ...(options.counties?.length ? { parts: [...names.keys()].filter((k) => k !== 'NO') } : {}),
    };
    const keep = (c: unknown) => !options.counties?.length || options.counties.includes(String(c));
    const meta = (title: string, extra: Partial<TableMetadata> = {}): TableMetadata => ({
      title,
      definitions: [{ id: def.id, version: def.version }],
      dataVintage: `DOT ${years.join(', ')}`,
      ...extra,
    });
    const dOpts = (m: TableMetadata) => m;
    const label = (g: unknown) => groupLabel(def, String(g));
    const inputs: Partial<Record<keyof DentalTables, TableToPublish>> = {};
    const put = (
      key: keyof DentalTables,
      rows: AggregateRow[] | Record<string, unknown>[],
      schema: DisclosureSchema,
      metadata: TableMetadata,
    ) => {
      inputs[key] = { input: rows, schema: { ...schema, cells: dentalCells(schema) }, metadata };
    };
    const unmatched = await db.value<number>(
      `SELECT count(*) FROM dtl_rec WHERE year IN ${sql.inList(years)} AND rule_group = 'none'`,
    );
    if (Number(unmatched) > 0)
      warnings.push(
        `${Number(unmatched)} DOT records fall in no priority group under the rule in force on their date (group "none")`,
      );

    // Utilisation by county.
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
      dOpts(
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
      ),
    );

    // By clinic.
    const clinAll = await utilisationByClinic(db, years);
    const clin = clinAll.filter((r) => keep(r['county_code']));
    // the clinics of every county are the parts of "all" (a clinic's counts are 0 elsewhere),
    // also when --county keeps fewer: every run declares the same partition
    const clinics = [...new Set(clinAll.map((r) => String(r['clinic'])))].filter(
      (c) => c !== 'all',
    );
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
      dOpts(
        meta('Tannhelsetjenesten per klinikk: undersøkt og behandlet av dem under tilsyn', {
          methods: [SHARE_METHOD],
          unit: 'persons; shares in per cent',
        }),
      ),
    );

    // Caries.
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
      dOpts(
        meta('Karies ved statusundersøkelse (3, 5, 12, 15, 18 år) med andel undersøkt', {
          methods: [SHARE_METHOD, MEAN_METHOD, 'SiC index, Bratthall 2000'],
          unit: 'dmft (3, 5 years) / DMFT (12, 15, 18 years); shares in per cent',
          notes: [
            'Always read a caries figure with share_examined beside it: counties examine very different shares of each birth cohort.',
            'Age is the year one turns N (record year − birth year). cohort = SSB population of the birth cohort.',
          ],
        }),
      ),
    );

    // Recall intervals.
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
      dOpts(
        meta('Innkallingsintervall: tid mellom statusundersøkelser (måneder)', {
          methods: ['median and quartiles (linear interpolation)'],
          unit: 'intervals; months (days / 30.4375)',
        }),
      ),
    );

    // Cross-sector.
    const cs = (
      await crossSector(
        db,
        years,
        options.cohorts ?? DEFAULT_CROSS_SECTOR_COHORTS,
        options.counties,
      )
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
      dOpts(
        meta('Tannhelsetjenester i de prioriterte pasientgruppene', { methods: [SHARE_METHOD] }),
      ),
    );

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
      dOpts(
        meta('Registrert prioritetsgruppe mot gruppen etter regelen på journaldatoen', {
          unit: 'records',
          notes: [
            'rule_group "none": no group of § 1-3 applied on the record date; d25 is letter d from 1 July 2025.',
          ],
        }),
      ),
    );

    // Demand.
    if (options.demand !== false) {
      const d = options.demand ?? {};
      const baseYear = d.baseYear ?? years[years.length - 1]!;
      if (!years.includes(baseYear)) {
        warnings.push(`demand: the base year ${baseYear} is not among the analysed years`);
      } else {
        const muns = options.counties?.length
          ? (
              await db.all(
                `SELECT code FROM municipality WHERE county_code IN ${sql.inList(options.counties)}`,
              )
            ).map((r) => String(r['code']))
          : undefined;
        try {
          const productivity = d.productivity ?? DEFAULT_PRODUCTIVITY;
          const res = await dentalDemand(db, def, {
            baseYear,
            ...(d.horizon !== undefined ? { horizon: d.horizon } : {}),
            ...(d.alternatives ? { alternatives: d.alternatives } : {}),
            ...(d.vintage !== undefined ? { vintage: d.vintage } : {}),
            ...(muns ? { municipalities: muns } : {}),
            productivity,
            disclosureThreshold: options.threshold ?? ws.config.disclosure.threshold,
          });
          for (const w of res.projection.warnings) warnings.push(`demand: ${w.message}`);
          const pm = res.projection.meta;
          put(
            'demand',
            res.rows
              .filter((r) => keep(r.county_code))
              .map((r) => ({
                ...r,
                group_label: label(r.group_id),
                change_pct: r.base > 0 ? ((r.volume - r.base) / r.base) * 100 : null,
                table_id: pm.population.tableId,
                vintage: pm.population.vintage,
              })),
            {
              name: 'dental_demand',
              dimensions: ['alternative', 'year', county, 'group_id', 'measure'],
              counts: ['base_events'],
              derived: {
                base: ['base_events'],
                volume: ['base_events'],
                change_pct: ['base_events'],
              },
              attributes: ['group_label', 'table_id', 'vintage'],
            },
            dOpts(
              meta('Tannhelsetjenesten: framskrevet rett, undersøkte og årsverk', {
                methods: [
                  `base-year rates × SSB projected population (${pm.population.tableId}, vintage ${pm.population.vintage}), demography only`,
                  `FTE = examined × share / persons per FTE (dentist ${productivity.dentistPersonsPerFte}, hygienist ${productivity.hygienistPersonsPerFte}; hygienist shares ${JSON.stringify(productivity.hygienistShare)})`,
                ],
                unit: 'persons (entitled, examined); FTE (dentist_fte, hygienist_fte)',
                notes: [
                  "Productivity ratios are illustrative defaults; give the county's own figures.",
                  "SSB's alternatives are scenarios, not probability intervals.",
                  `Base year ${baseYear}; rule in force on its reference date.`,
                ],
              }),
            ),
          );
        } catch (e) {
          if (!(e instanceof FellesError)) throw e;
          warnings.push(`demand projection not available: ${e.message}`);
        }
      }
    }

    return { definition: { id: def.id, version: def.version }, years, inputs, warnings };
  } finally {
    await dropDental(db);
    await db.exec('DROP TABLE IF EXISTS dtl_ind; DROP TABLE IF EXISTS dtl_ent;');
  }
}

/** Rows of a query, for the explain output. */
export type { Row };
