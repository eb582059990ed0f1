/**
 * Indicator results on their way out: one aggregate table per indicator (every level, year and
 * breakdown in one table, the area hierarchy declared) passed through {@link disclose}, the only
 * door out of felles.
 */
import { localText } from '@felles/text';
import type { Db } from '../../kernel/db.js';
import {
  disclose,
  PersonIdProbe,
  type DisclosedTable,
  type DisclosureSchema,
} from '../../disclosure/index.js';
import { variationSummary } from '../../stats/variation.js';
import { int } from '../../kernel/sql.js';
import { compareRows, rowKey, type ComparisonFields } from './comparison.js';
import type { IndicatorRow } from './compute.js';
import type { IndicatorDefinition } from './types.js';

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

function flatRows(
  def: IndicatorDefinition,
  rows: Array<IndicatorRow & ComparisonFields>,
  frame: AreaFrame,
  hidden?: ReadonlySet<number>,
): Record<string, unknown>[] {
  const growth = def.kind === 'growth-comparison';
  return rows.map((r, i) => {
    const id = areaId(r.level, r.area_code);
    return {
      indicator_id: r.indicator_id,
      version: r.version,
      year: r.year,
      area_id: id,
      level: r.level,
      area_code: r.area_code,
      area_name: frame.names.get(id) ?? r.area_code,
      ...r.breakdown,
      value: r.value,
      lower: r.lower,
      upper: r.upper,
      confidence_level: r.confidence_level,
      method: r.method,
      method_id: r.method_id,
      numerator: r.numerator,
      denominator: r.denominator,
      ...(growth
        ? {
            comparator_numerator: r.comparator_numerator ?? null,
            comparator_denominator: r.comparator_denominator ?? null,
          }
        : {}),
      unit: r.unit,
      status: r.status,
      note: r.note,
      reporting: r.reporting,
      municipalities: r.municipalities,
      target: r.target,
      ...Object.fromEntries(COMPARISON_COLUMNS.map((c) => [c, r[c]])),
      meets_target: r.meets_target,
      ...(hidden === undefined || hidden.has(i)
        ? Object.fromEntries(LABEL_COLUMNS.map((c) => [c, null]))
        : {}),
    };
  });
}

/** The disclosure schema of an indicator table. */
export function indicatorSchema(
  def: IndicatorDefinition,
  frame: AreaFrame,
  present?: ReadonlySet<string>,
): DisclosureSchema {
  const growth = def.kind === 'growth-comparison';
  const publicDen = def.denominator.kind === 'population';
  const counts = [
    'numerator',
    ...(publicDen ? [] : ['denominator']),
    ...(growth ? ['comparator_numerator', 'comparator_denominator'] : []),
  ];
  const all = [
    'numerator',
    'denominator',
    ...(growth ? ['comparator_numerator', 'comparator_denominator'] : []),
  ];
  return {
    name: indicatorTableName(def),
    dimensions: [
      'year',
      {
        column: 'area_id',
        parents: present ? presentParents(frame.parents, present) : frame.parents,
      },
      ...(def.breakdowns ?? []).map((b) => (b.partition ? { column: b.id, total: 'all' } : b.id)),
    ],
    counts,
    ...(publicDen ? { publicCounts: ['denominator'] } : {}),
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
    // the labels are text: emptied by discloseIndicator wherever the row's figures are hidden
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
      ...LABEL_COLUMNS,
    ],
  };
}

/** Options of {@link discloseIndicator}. */
export interface DiscloseIndicatorOptions {
  workspace: { config: { disclosure: { threshold: number } }; db?: Db };
  threshold?: number;
  frame: AreaFrame;
  /** Peers per area for the peer comparison (0 = none). */
  peers?: number;
  populations?: Map<string, number>;
  /** Data vintage for the metadata. */
  dataVintage?: string;
  standard?: string;
  /** The person-id lookup shared over the indicators of a run (default: one for this indicator). */
  personIds?: PersonIdProbe;
}

/**
 * Add the comparison frame and disclose one indicator's rows. With peers, disclosure runs twice:
 * the pooled peer value is computed only where no peer's figures were hidden in the first pass
 * (otherwise the hidden count could be worked out from it), then the table is disclosed again.
 */
export async function discloseIndicator(
  def: IndicatorDefinition,
  rows: IndicatorRow[],
  o: DiscloseIndicatorOptions,
): Promise<DisclosedTable> {
  const threshold = o.threshold ?? o.workspace.config.disclosure.threshold;
  const present = new Set(rows.map((r) => areaId(r.level, r.area_code)));
  const schema = indicatorSchema(def, o.frame, present);
  const methods = [...new Set(rows.map((r) => r.method).filter((m) => m !== 'not computed'))];
  const metadata = (notes: string[]) => ({
    title: def.title,
    ...(def.shortTitle ? { shortTitle: def.shortTitle } : {}),
    description: def.description,
    definitions: [{ id: def.id, version: def.version }],
    methods,
    unit: rows[0]?.unit ?? def.unit,
    ...(o.dataVintage ? { dataVintage: o.dataVintage } : {}),
    notes: [
      `source note: ${def.source}`,
      ...(def.caveat ? [`caveat: ${localText(def.caveat, 'en')}`] : []),
      `direction: ${def.direction.replace(/_/g, ' ')}; quality dimension: ${def.qualityDimension}; data sources: ${def.dataSources.join('; ')}`,
      ...(o.standard && def.standardisation === 'direct'
        ? [`standard population: ${o.standard}`]
        : []),
      'missing is never zero: status "missing" = no data reported (value empty), "partial" = computed on the municipalities that reported',
      ...notes,
    ],
  });
  const personIds = o.personIds ?? (o.workspace.db ? new PersonIdProbe(o.workspace.db) : undefined);
  const opts = { workspace: o.workspace, threshold, ...(personIds ? { personIds } : {}) };
  let compared = compareRows(def, rows, { threshold });
  // first pass: learn which rows disclosure control hides (labels left empty everywhere)
  const first = await disclose(flatRows(def, compared, o.frame), schema, {
    ...opts,
    metadata: metadata([]),
  });
  const hiddenIdx = new Set<number>();
  const hiddenKeys = new Set<string>();
  first.rows.forEach((r, i) => {
    if (r['suppressed'] !== 'none') {
      hiddenIdx.add(i);
      hiddenKeys.add(rowKey(compared[i]!));
    }
  });
  const notes = variationNotes(def, first);
  if ((o.peers ?? 0) > 0 && o.populations) {
    compared = compareRows(def, rows, {
      threshold,
      peers: o.peers ?? 0,
      populations: o.populations,
      hidden: hiddenKeys,
    });
  }
  // same counts, same schema: suppression is identical; labels are shown only on rows with nothing hidden
  return disclose(flatRows(def, compared, o.frame, hiddenIdx), schema, {
    ...opts,
    metadata: metadata(notes),
  });
}

/** SKDE variation across the helsefellesskap (CV, FT1–FT3) per year, from visible values only. */
function variationNotes(def: IndicatorDefinition, table: DisclosedTable): string[] {
  const notes: string[] = [];
  const byYear = new Map<string, Array<{ area: string; rate: number }>>();
  for (const r of table.rows) {
    if (
      r['level'] !== 'helsefellesskap' ||
      (def.breakdowns ?? []).some((b) => r[b.id] !== (b.partition ? 'all' : b.values[0]!.code))
    )
      continue;
    const k = String(r['year']);
    const list = byYear.get(k) ?? [];
    list.push({
      area: String(r['area_code']),
      rate: r['value'] === null ? NaN : Number(r['value']),
    });
    byYear.set(k, list);
  }
  for (const [year, list] of [...byYear].sort()) {
    if (
      list.length < 2 ||
      list.some((a) => !Number.isFinite(a.rate)) ||
      !list.some((a) => a.rate > 0)
    )
      continue;
    const v = variationSummary(list);
    const ft = (x: typeof v.ft1, n: number) =>
      x && x.value !== null
        ? `FT${n} ${x.value.toFixed(2)} (${x.highest.area}/${x.lowest.area})`
        : `FT${n} –`;
    notes.push(
      `variation across the helsefellesskap ${year}${(def.breakdowns ?? []).length ? ' (first breakdown value / all)' : ''}: CV ${(v.cv * 100).toFixed(1)} %, ${ft(v.ft1, 1)}, ${ft(v.ft2, 2)}, ${ft(v.ft3, 3)} (${v.method})`,
    );
  }
  return notes;
}
