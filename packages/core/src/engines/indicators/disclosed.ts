/**
 * Indicator results on their way out: one aggregate table per indicator (every level, year and
 * breakdown in one table), all indicators of a run disclosed together as one publication
 * ({@link publishIndicators}), their counts identified by what they count so that the same count
 * is one cell wherever it appears.
 */
import { createHash } from 'node:crypto';
import type { Db } from '../../kernel/db.js';
import {
  AREA,
  type CellIdentity,
  type DisclosedTable,
  type DisclosureSchema,
} from '../../disclosure/index.js';
import { int } from '../../kernel/sql.js';
import type { ComparisonFields } from './comparison.js';
import type { IndicatorRow } from './compute.js';
import type { Breakdown, IndicatorDefinition, Measure } from './types.js';

/** Area id in the output: level prefix + code, unique across levels (`K-3301`, `HFF-TELEMARK`, `HF-TELEMARK`, `RHF-HSO`, `NO`). */
export function areaId(level: string, code: string): string {
  switch (level) {
    case 'municipality':
    case 'unknown':
      return `K-${code}`;
    case 'helsefellesskap':
      return `HFF-${code}`;
    case 'health_trust':
      return `HF-${code}`;
    case 'rhf':
      return `RHF-${code}`;
    default:
      return 'NO';
  }
}

/** Names of areas and the true additive relations between them. */
export interface AreaFrame {
  names: Map<string, string>;
  /** [child area id, parent area id] pairs that hold exactly. */
  parents: Array<[string, string]>;
}

/**
 * Area names and the hierarchy: municipality → helsefellesskap → RHF → NO, unknown → NO, and health trust → helsefellesskap where the two cover the same municipalities
 * (the Oslo trusts and Ahus also cover Oslo city districts: no relation is declared for them).
 */
export async function areaFrame(db: Db, structureYear: number): Promise<AreaFrame> {
  const names = new Map<string, string>([
    ['NO', 'Norway'],
    ['K-unknown', 'unknown residence'],
  ]);
  const parents: Array<[string, string]> = [['K-unknown', 'NO']];
  for (const r of await db.all(`SELECT m.code, m.short_name, m.hff_code, h.short_name AS hff_name, h.rhf_code, h.rhf_name, c.hf_code, c.hf_name
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code, any_value(hf_name) AS hf_name FROM catchment
                 WHERE structure_year = ${int(structureYear)} GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code`)) {
    names.set(`K-${String(r['code'])}`, String(r['short_name']));
    names.set(`HFF-${String(r['hff_code'])}`, String(r['hff_name']));
    names.set(`RHF-${String(r['rhf_code'])}`, String(r['rhf_name']));
    parents.push([`K-${String(r['code'])}`, `HFF-${String(r['hff_code'])}`]);
  }
  // A health trust whose municipalities are exactly its helsefellesskap's is the same total: declared
  // as the community's only part (HF-X → HFF-X), so hiding one hides the other. Trusts that also
  // cover Oslo city districts (Oslo's three and Ahus) are not sums of whole municipalities: no relation.
  for (const r of await db.all(
    `SELECT DISTINCT hf_code, hf_name FROM catchment WHERE structure_year = ${int(structureYear)}`,
  ))
    names.set(`HF-${String(r['hf_code'])}`, String(r['hf_name']));
  for (const r of await db.all(`WITH t AS (SELECT hf_code, list(DISTINCT municipality_code ORDER BY municipality_code) AS muns, count(*) FILTER (WHERE area_level = 'district') AS districts
        FROM catchment WHERE structure_year = ${int(structureYear)} GROUP BY 1),
      h AS (SELECT hff_code, list(code ORDER BY code) AS muns FROM municipality GROUP BY 1)
      SELECT t.hf_code, h.hff_code FROM t JOIN h ON h.muns = t.muns WHERE t.districts = 0 ORDER BY t.hf_code`)) {
    parents.push([`HF-${String(r['hf_code'])}`, `HFF-${String(r['hff_code'])}`]);
  }
  // a strict tree (municipality → helsefellesskap → RHF → country): the same totals as declaring the
  // country the sum of the 19 communities too, without a second path the suppression would have to
  // reconcile
  for (const r of await db.all(`SELECT code, rhf_code FROM helsefellesskap`))
    parents.push([`HFF-${String(r['code'])}`, `RHF-${String(r['rhf_code'])}`]);
  for (const r of await db.all(`SELECT DISTINCT rhf_code FROM helsefellesskap`))
    parents.push([`RHF-${String(r['rhf_code'])}`, 'NO']);
  return { names, parents };
}

/**
 * The hierarchy restricted to the areas in a table: a child whose parent is not in the table is
 * attached to the nearest ancestor that is (municipality → country when only those two levels
 * are shown), so every total that is published keeps its parts.
 */
export function presentParents(
  pairs: ReadonlyArray<readonly [string, string]>,
  present: ReadonlySet<string>,
): Array<[string, string]> {
  const up = new Map<string, string[]>();
  for (const [c, p] of pairs) up.set(c, [...(up.get(c) ?? []), p]);
  const out = new Set<string>();
  const climb = (child: string, parent: string, depth: number) => {
    if (depth > 10) return;
    if (present.has(parent)) out.add(`${child}\u0001${parent}`);
    else for (const g of up.get(parent) ?? []) climb(child, g, depth + 1);
  };
  for (const [c, p] of pairs) if (present.has(c)) climb(c, p, 0);
  return [...out].map((x) => x.split('\u0001') as [string, string]);
}

/** Table name of an indicator in exports (file and sheet name). */
export function indicatorTableName(def: IndicatorDefinition): string {
  return def.id.slice(0, 64);
}

const COMPARISON_COLUMNS = [
  'national_value',
  'significance',
  'assessment',
  'rank',
  'rank_best',
  'rank_worst',
  'funnel_position',
  'peer_value',
  'peers',
] as const;

/** Text and yes/no figures that say something about the value: emptied on rows with hidden figures. */
const LABEL_COLUMNS = ['significance', 'assessment', 'funnel_position', 'meets_target'] as const;

export function flatRows(
  def: IndicatorDefinition,
  rows: Array<IndicatorRow & ComparisonFields>,
  frame: AreaFrame,
  hidden?: (i: number) => boolean,
  base?: DisclosedTable | null,
): Record<string, unknown>[] {
  const growth = def.kind === 'growth-comparison';
  const prev = new Map<string, Readonly<Record<string, unknown>>>();
  for (const b of base?.rows ?? []) prev.set(`${String(b['year'])}|${String(b['area_id'])}`, b);
  return rows.map((r, i) => {
    const id = areaId(r.level, r.area_code);
    // a growth comparison's previous year, as published (hidden there: hidden here, with the value)
    const p = prev.get(`${r.year - 1}|${id}`);
    const prevShown =
      !growth || !base || (p?.['numerator'] != null && p['comparator_numerator'] != null);
    const out: Record<string, unknown> = {
      indicator_id: r.indicator_id,
      version: r.version,
      year: r.year,
      area_id: id,
      level: r.level,
      area_code: r.area_code,
      area_name: frame.names.get(id) ?? r.area_code,
      ...r.breakdown,
      value: prevShown ? r.value : null,
      lower: r.lower,
      upper: r.upper,
      confidence_level: r.confidence_level,
      method: r.method,
      method_id: r.method_id,
      numerator: r.numerator,
      denominator: growth && base ? (p?.['numerator'] ?? null) : r.denominator,
      ...(growth
        ? {
            comparator_numerator: r.comparator_numerator ?? null,
            comparator_denominator: base
              ? (p?.['comparator_numerator'] ?? null)
              : (r.comparator_denominator ?? null),
          }
        : {}),
      unit: r.unit,
      status: r.status,
      note: prevShown
        ? r.note
        : [r.note, 'the previous year is hidden by disclosure control'].filter(Boolean).join('; '),
      reporting: r.reporting,
      municipalities: r.municipalities,
      target: r.target,
      ...Object.fromEntries(COMPARISON_COLUMNS.map((c) => [c, r[c]])),
      meets_target: prevShown ? r.meets_target : null,
    };
    if (hidden === undefined || hidden(i)) for (const c of LABEL_COLUMNS) out[c] = null;
    return out;
  });
}

/** A short, stable digest of a definition part (sorted keys). */
function digest(v: unknown): string {
  const stable = JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === 'object' && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort())
      : x,
  );
  return createHash('sha256').update(stable).digest('hex').slice(0, 12);
}

/**
 * What a count of an indicator counts, independent of the indicator: its source, what is
 * counted, its filters and the population restriction. Two indicators with the same numerator
 * (or a numerator that is another's events denominator) publish the same cells.
 */
export function countMeasure(
  m: { source: string; count: unknown; where?: unknown },
  population: IndicatorDefinition['population'],
): string {
  return `count:${m.source}:${digest({ source: m.source, count: m.count, where: m.where ?? [], population: population ?? null })}`;
}

/** Cohort members (`cohort_count`), the denominator of cohort indicators: one measure. */
export const COHORT_MEMBERS = 'cohort-members';

/**
 * The coordinate of a breakdown: `cohort` for cohort breakdowns (the cohort id, as in the cohort
 * tables), else the breakdown id with a digest of its values (the same codes mean the same
 * groups only with the same definitions).
 */
export function breakdownCoordinate(b: Breakdown): string {
  return b.values.every((v) => v.cohort === v.code) && b.id === 'cohort'
    ? 'cohort'
    : `${b.id}#${digest(b.values)}`;
}

/** The cell identities of an indicator table (the published counts, see `docs/disclosure.md`). */
export function indicatorCells(def: IndicatorDefinition): CellIdentity {
  const growth = def.kind === 'growth-comparison';
  const den = def.denominator;
  const measures: Record<string, string> = {
    numerator: countMeasure(def.numerator, def.population),
  };
  if (growth) measures['comparator_numerator'] = countMeasure(den as Measure, def.population);
  else if (den.kind === 'events') measures['denominator'] = countMeasure(den, def.population);
  else if (den.kind === 'cohort') measures['denominator'] = COHORT_MEMBERS;
  return {
    measures,
    coordinates: {
      year: 'period',
      area_id: AREA,
      ...Object.fromEntries((def.breakdowns ?? []).map((b) => [b.id, breakdownCoordinate(b)])),
    },
  };
}

/**
 * The disclosure schema of an indicator table. The area coordinate takes the run's geography;
 * partition breakdowns declare their total `all` and every part. A growth comparison's previous
 * year counts (`denominator`, `comparator_denominator`) are the previous year's cells, published
 * through its base-year table ({@link growthBaseTable}); here they are attributes copied from it.
 */
export function indicatorSchema(def: IndicatorDefinition): DisclosureSchema {
  const growth = def.kind === 'growth-comparison';
  const publicDen = def.denominator.kind === 'population';
  const counts = [
    'numerator',
    ...(growth ? ['comparator_numerator'] : publicDen ? [] : ['denominator']),
  ];
  const all = [...counts];
  return {
    name: indicatorTableName(def),
    dimensions: [
      'year',
      'area_id',
      ...(def.breakdowns ?? []).map((b) =>
        b.partition ? { column: b.id, total: 'all', parts: b.values.map((v) => v.code) } : b.id,
      ),
    ],
    counts,
    ...(publicDen && !growth ? { publicCounts: ['denominator'] } : {}),
    derived: {
      value: all,
      lower: all,
      upper: all,
      ...Object.fromEntries(
        COMPARISON_COLUMNS.filter(
          (c) => c !== 'peers' && !(LABEL_COLUMNS as readonly string[]).includes(c),
        ).map((c) => [c, all]),
      ),
    },
    // computed from shown counts only (publishIndicators), so they are attributes
    attributes: [
      'indicator_id',
      'version',
      'level',
      'area_code',
      'area_name',
      'confidence_level',
      'method',
      'method_id',
      'unit',
      'status',
      'note',
      'reporting',
      'municipalities',
      'target',
      'peers',
      ...(growth ? ['denominator', 'comparator_denominator'] : []),
      ...LABEL_COLUMNS,
    ],
    cells: indicatorCells(def),
  };
}

/**
 * A growth comparison's previous-year counts as a table of their own: the numerator and
 * comparator of year − 1 per area (the cells the `denominator` columns show). Disclosed with the
 * run, never written on its own.
 */
export function growthBaseTable(
  def: IndicatorDefinition,
  rows: IndicatorRow[],
): { rows: Record<string, unknown>[]; schema: DisclosureSchema } | null {
  if (def.kind !== 'growth-comparison') return null;
  const byKey = new Map<string, Record<string, unknown>>();
  for (const r of rows) {
    const id = areaId(r.level, r.area_code);
    byKey.set(`${r.year - 1}|${id}`, {
      year: r.year - 1,
      area_id: id,
      numerator: r.denominator,
      comparator_numerator: r.comparator_denominator ?? null,
    });
  }
  return {
    rows: [...byKey.values()],
    schema: {
      name: `${indicatorTableName(def).slice(0, 50)}_base_year`,
      dimensions: ['year', 'area_id'],
      counts: ['numerator', 'comparator_numerator'],
      cells: indicatorCells(def),
    },
  };
}
