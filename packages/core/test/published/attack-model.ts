/**
 * How an attacker reads felles' published tables: what each count column counts (the same count
 * in two tables or two outputs gets the same measure name), which columns are coordinates, and
 * which values are totals; plus the public hierarchies (geography, breakdown partitions, service
 * lines that add up). Written from the outputs and the public definitions only — it does not use
 * the cell identities the engines declare — so that an attack with it checks those declarations.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '@felles/core';
import { ALL, type AttackTable, type Hierarchy } from '../attacker/attacker.js';
import type { PublishedTable, Value } from './read-outputs.js';

const root = fileURLToPath(new URL('../../../..', import.meta.url));

interface CountSpec {
  source?: string;
  count?: unknown;
  where?: unknown;
  kind?: string;
}
interface IndicatorDef {
  id: string;
  kind?: string;
  numerator: CountSpec;
  denominator: CountSpec;
  breakdowns?: Array<{ id: string; partition?: boolean }>;
}

/** The built-in indicator catalogue (public definitions), by id. */
export function indicatorCatalogue(): Map<string, IndicatorDef> {
  const dir = join(root, 'packages/core/definitions/indicators');
  const out = new Map<string, IndicatorDef>();
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.json'))) {
    const d = JSON.parse(readFileSync(join(dir, f), 'utf8')) as IndicatorDef;
    if (d.id && d.numerator) out.set(d.id, d);
  }
  return out;
}

const stable = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort())
      : x,
  );

/** What a count counts, from its definition: two indicators counting the same thing share it. */
export function countMeasure(spec: CountSpec): string {
  return `count:${stable({ source: spec.source, count: spec.count, where: spec.where ?? [] })}`;
}

/** Area id of a cohort, report or projection row (`K-…`, `HFF-…`, `K-unknown`, `NO`). */
function areaOf(level: string | null, code: string): string {
  if (code === 'NO') return 'NO';
  if (code === 'unknown') return 'K-unknown';
  if (level === 'municipality') return `K-${code}`;
  return `HFF-${code}`;
}

const withArea = (
  rows: Array<Record<string, Value>>,
  col: string,
  level?: string,
): Array<Record<string, Value>> =>
  rows.map((r) => ({
    ...r,
    area: areaOf(level ? String(r[level]) : null, String(r[col])),
  }));

function indicatorTables(t: PublishedTable, defs: Map<string, IndicatorDef>): AttackTable[] {
  const id = String(t.rows[0]?.['indicator_id']);
  const def = defs.get(id);
  if (!def) throw new Error(`attack model: no definition for indicator ${id} (${t.from})`);
  const coordinates: Record<string, string> = { year: 'period', area_id: 'area' };
  const totals: Record<string, string> = {};
  for (const b of def.breakdowns ?? []) {
    coordinates[b.id] = b.id;
    if (b.partition) totals[b.id] = 'all';
  }
  const den =
    def.denominator.kind === 'events'
      ? countMeasure(def.denominator)
      : def.denominator.kind === 'cohort'
        ? 'cohort-members'
        : null;
  if (def.kind === 'growth-comparison') {
    // this year: numerator and comparator numerator; the year before: the two denominators
    return [
      {
        rows: t.rows,
        measures: {
          numerator: countMeasure(def.numerator),
          comparator_numerator: countMeasure(def.denominator),
        },
        coordinates,
        totals,
      },
      {
        rows: t.rows.map((r) => ({ ...r, year: Number(r['year']) - 1 })),
        measures: {
          denominator: countMeasure(def.numerator),
          comparator_denominator: countMeasure(def.denominator),
        },
        coordinates,
        totals,
      },
    ];
  }
  return [
    {
      rows: t.rows,
      measures: { numerator: countMeasure(def.numerator), ...(den ? { denominator: den } : {}) },
      coordinates,
      totals,
    },
  ];
}

/** The attacker's reading of one published table (none for tables of public counts only). */
export function attackTables(t: PublishedTable, defs: Map<string, IndicatorDef>): AttackTable[] {
  if (t.rows.length === 0) return [];
  if ('indicator_id' in t.rows[0]!) return indicatorTables(t, defs);
  const n = t.name;
  const cohort = { cohort_id: 'cohort', year: 'period', area: 'area' };
  if (n === 'cohort_counts')
    return [
      {
        rows: withArea(t.rows, 'area_code', 'level'),
        measures: { members: 'cohort-members' },
        coordinates: { ...cohort, sex: 'sex', age_group: 'cohort_age' },
        totals: { area: 'NO', sex: 'T', age_group: 'all' },
      },
    ];
  if (n === 'cohort_attrition')
    return [
      {
        rows: t.rows,
        measures: { persons: 'cohort-attrition' },
        coordinates: { cohort_id: 'cohort', year: 'period', step: 'step' },
      },
    ];
  if (n === 'report_cohort_prevalence')
    return [
      {
        rows: withArea(t.rows, 'area_code'),
        measures: { members: 'cohort-members' },
        coordinates: cohort,
        totals: { area: 'NO' },
      },
    ];
  if (n === 'report_cohort_service_use')
    return [
      {
        rows: withArea(t.rows, 'area_code'),
        measures: {
          members: 'cohort-members',
          specialist: 'cohort-contacts:specialist',
          primary: 'cohort-contacts:primary',
          municipal: 'cohort-contacts:municipal',
        },
        coordinates: cohort,
        totals: { area: 'NO' },
      },
    ];
  if (n === 'cohort_overlap') {
    const rows = withArea(t.rows, 'hff_code');
    return [
      {
        rows: rows.filter((r) => r['cohort_a'] === r['cohort_b']),
        measures: { n_a: 'overlap-members' },
        coordinates: { cohort_a: 'cohort', area: 'area' },
        totals: { area: 'NO' },
      },
      {
        rows,
        measures: { n_both: 'overlap-both' },
        coordinates: { cohort_a: 'cohort', cohort_b: 'cohort_b', area: 'area' },
        totals: { area: 'NO' },
      },
    ];
  }
  if (n === 'report_population' || n === 'report_population_trend') return [];
  if (n.startsWith('projection_')) {
    if (n === 'projection_base_rates')
      return [
        {
          rows: t.rows,
          measures: { events: 'projection-rate-events' },
          coordinates: { line_id: 'line', rate_area: 'rate_area', sex: 'sex', band: 'band' },
        },
      ];
    return [
      {
        rows: withArea(t.rows, 'area_code'),
        measures: { base_events: 'projection-base-events' },
        coordinates: { area: 'area', line_id: 'line' },
        totals: { area: 'NO' },
      },
    ];
  }
  if (n.startsWith('dental_')) return dentalTables(t);
  throw new Error(`attack model: no reading for table ${n} (${t.from})`);
}

const DENTAL_COUNTS: Record<string, string[]> = {
  dental_utilisation: [
    'entitled',
    'registered',
    'under_supervision',
    'examined',
    'treated',
    'seen_2y',
  ],
  dental_clinics: ['registered', 'under_supervision', 'examined', 'treated'],
  dental_caries: ['cohort', 'examined', 'scored', 'caries_free', 'below_4', 'above_9'],
  dental_recall: ['intervals', 'under_12m', 'm12_17', 'm18_23', 'm24_plus'],
  dental_cross_sector: ['members', 'dental_any', 'examined'],
};

function dentalTables(t: PublishedTable): AttackTable[] {
  const byCounty = 'county_code' in t.rows[0]!;
  // the base-year count of a demand projection: one cell per county, group and measure, the same
  // for every alternative and year
  if (t.name === 'dental_demand')
    return [
      {
        rows: t.rows,
        measures: { base_events: 'dental_demand:base_events' },
        coordinates: { county_code: 'county', group_id: 'group_id', measure: 'dental_measure' },
        totals: { county_code: 'NO', group_id: 'all' },
      },
    ];
  if (t.name === 'dental_group_check')
    return [
      {
        rows: t.rows,
        measures: { records: 'dental_group_check:records' },
        coordinates: {
          year: 'period',
          recorded_group: 'recorded_group',
          rule_group: 'rule_group',
          ...(byCounty ? { county_code: 'county' } : {}),
        },
        totals: byCounty ? { county_code: 'NO' } : {},
      },
    ];
  const counts = DENTAL_COUNTS[t.name];
  if (!counts) throw new Error(`attack model: no reading for table ${t.name} (${t.from})`);
  const measures = Object.fromEntries(counts.map((c) => [c, `${t.name}:${c}`]));
  const coordinates: Record<string, string> = { year: 'period', county_code: 'county' };
  const totals: Record<string, string> = { county_code: 'NO' };
  for (const [col, total] of [
    ['group_id', 'all'],
    ['clinic', 'all'],
  ] as const) {
    if (col in t.rows[0]!) {
      coordinates[col] = col;
      totals[col] = total;
    }
  }
  if ('age' in t.rows[0]!) Object.assign(coordinates, { age: 'age', caries_index: 'index' });
  if ('cohort_id' in t.rows[0]!) Object.assign(coordinates, { cohort_id: 'cohort' });
  return [
    {
      rows: t.rows,
      measures,
      coordinates,
      totals,
      ...(t.name === 'dental_recall'
        ? { columnTotals: { intervals: ['under_12m', 'm12_17', 'm18_23', 'm24_plus'] } }
        : {}),
    },
  ];
}

/**
 * The public hierarchies: the geography of the workspace (country = Σ RHF + unknown residence,
 * RHF = Σ helsefellesskap, helsefellesskap = Σ municipalities, health trust = Σ its catchment,
 * Oslo = Σ its city districts), every partition seen in the tables (the total = Σ its values,
 * per measure), and service lines = Σ their sub-lines.
 */
export async function publicHierarchies(
  db: Db,
  tables: readonly AttackTable[],
  lineParents: Readonly<Record<string, string>> = {},
): Promise<Hierarchy[]> {
  const out: Hierarchy[] = [];
  const group = (rows: Array<Record<string, unknown>>, coordinate: string) => {
    const m = new Map<string, string[]>();
    for (const r of rows) m.set(String(r['p']), [...(m.get(String(r['p'])) ?? []), String(r['c'])]);
    for (const [parent, children] of m) out.push({ coordinate, parent, children });
  };
  group(
    [
      ...(await db.all(
        `SELECT DISTINCT '${ALL}' AS p, 'RHF-' || rhf_code AS c FROM helsefellesskap`,
      )),
      { p: ALL, c: 'K-unknown' },
    ],
    'area',
  );
  out.push({ coordinate: 'area', parent: 'NO', children: [ALL] });
  group(
    await db.all(`SELECT 'RHF-' || rhf_code AS p, 'HFF-' || code AS c FROM helsefellesskap`),
    'area',
  );
  group(
    await db.all(`SELECT 'HFF-' || hff_code AS p, 'K-' || code AS c FROM municipality`),
    'area',
  );
  group(
    await db.all(`SELECT DISTINCT 'HF-' || hf_code AS p,
        CASE WHEN area_level = 'district' THEN 'B-' || area_code ELSE 'K-' || area_code END AS c
      FROM catchment WHERE structure_year = (SELECT max(structure_year) FROM catchment)`),
    'area',
  );
  group(
    await db.all(`SELECT DISTINCT 'K-' || municipality_code AS p, 'B-' || area_code AS c
      FROM catchment WHERE area_level = 'district' AND structure_year = (SELECT max(structure_year) FROM catchment)`),
    'area',
  );
  // partitions: per measure and coordinate with a total, the values seen
  const parts = new Map<string, Set<string>>();
  for (const t of tables) {
    for (const [col, total] of Object.entries(t.totals ?? {})) {
      const coordinate = t.coordinates[col]!;
      if (coordinate === 'area') continue;
      for (const measure of Object.values(t.measures)) {
        const k = `${measure}\u0001${coordinate}`;
        const set = parts.get(k) ?? new Set<string>();
        for (const r of t.rows) {
          const v = r[col];
          if (v !== null && v !== undefined && String(v) !== total) set.add(String(v));
        }
        parts.set(k, set);
      }
    }
  }
  for (const [k, set] of parts) {
    const [measure, coordinate] = k.split('\u0001') as [string, string];
    if (set.size) out.push({ coordinate, measure, parent: ALL, children: [...set].sort() });
  }
  const subs = new Map<string, string[]>();
  for (const [sub, parent] of Object.entries(lineParents))
    subs.set(parent, [...(subs.get(parent) ?? []), sub]);
  for (const [parent, children] of subs) out.push({ coordinate: 'line', parent, children });
  return out;
}
