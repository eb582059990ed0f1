/**
 * The indicators of a run published together: two disclosure passes over the same counts (which
 * counts are hidden; then the comparison figures from shown counts only), with the variation
 * notes and metadata of each table.
 */
import { localText } from '@felles/text';
import { FellesError } from '../../kernel/errors.js';
import {
  PersonIdProbe,
  type DisclosedTable,
  type PriorCells,
  type TableMetadata,
} from '../../disclosure/index.js';
import { Publication } from '../../export/publication.js';
import { variationSummary } from '../../stats/variation.js';
import type { Workspace } from '../../workspace/workspace.js';
import { compareRows, rowKey } from './comparison.js';
import type { IndicatorRow } from './compute.js';
import { flatRows, growthBaseTable, indicatorSchema, type AreaFrame } from './disclosed.js';
import type { IndicatorDefinition } from './types.js';

/** One indicator to publish. */
export interface IndicatorToPublish {
  def: IndicatorDefinition;
  rows: IndicatorRow[];
  /** Data vintage for the metadata. */
  dataVintage?: string;
  standard?: string;
}

/** Options of {@link publishIndicators}. */
export interface PublishIndicatorsOptions {
  frame: AreaFrame;
  threshold?: number;
  /** Peers per area for the peer comparison (0 = none). */
  peers?: number;
  populations?: Map<string, number>;
  /** The person-id lookup shared over the tables (default: one per publication). */
  personIds?: PersonIdProbe;
}

/**
 * Disclose the indicators of a run together, as one publication with everything the workspace
 * published before. Two passes over the same counts: the first finds which counts are hidden;
 * the comparison figures (national value, ranks, significance, funnel, peers), the growth
 * comparison's previous-year counts and the variation notes are then computed from shown counts
 * only, and the second pass (the same suppression, checked) makes the tables. Record the
 * returned publication once the tables are written or printed.
 */
export async function publishIndicators(
  ws: Workspace,
  items: readonly IndicatorToPublish[],
  o: PublishIndicatorsOptions,
): Promise<{ tables: DisclosedTable[]; publication: Publication }> {
  const threshold = o.threshold ?? ws.config.disclosure.threshold;
  const personIds = o.personIds ?? new PersonIdProbe(ws.db);
  const open = (prior?: PriorCells) =>
    Publication.open(ws, {
      personIds,
      ...(o.threshold !== undefined ? { threshold } : {}),
      ...(prior ? { prior } : {}),
    });
  const add = async (
    pub: Publication,
    tablesOf: (it: IndicatorToPublish, k: number) => Record<string, unknown>[],
    notes: (k: number) => string[],
  ) => {
    for (const [k, it] of items.entries()) {
      await pub.add(tablesOf(it, k), indicatorSchema(it.def), {
        metadata: indicatorMetadata(it, notes(k)),
      });
      const base = growthBaseTable(it.def, it.rows);
      if (base) await pub.add(base.rows, base.schema);
    }
  };
  // pass 1: which counts are hidden
  const probe = await open();
  await add(
    probe,
    (it) => flatRows(it.def, compareRows(it.def, it.rows, { threshold }), o.frame),
    () => [],
  );
  const first = await probe.seal();
  const positions = tablePositions(items);
  // pass 2: the comparison frame from shown counts only; suppression starts from the first
  // pass's hidden cells, and its audit checks them
  const pub = await open(first.hidden);
  const finalRows = items.map((it, k) => {
    const t = first.tables[positions[k]!]!;
    const visible = new Set<string>();
    it.rows.forEach((r, i) => {
      if (countsShown(t.rows[i]!, t.schema.counts)) visible.add(rowKey(r));
    });
    const compared = compareRows(it.def, it.rows, {
      threshold,
      visible,
      ...((o.peers ?? 0) > 0 && o.populations
        ? { peers: o.peers ?? 0, populations: o.populations }
        : {}),
    });
    const base = growthBaseTable(it.def, it.rows) ? first.tables[positions[k]! + 1]! : null;
    return flatRows(it.def, compared, o.frame, (i) => !visible.has(rowKey(it.rows[i]!)), base);
  });
  await add(
    pub,
    (_it, k) => finalRows[k]!,
    (k) => variationNotes(items[k]!.def, first.tables[positions[k]!]!),
  );
  const second = await pub.seal();
  // the first pass is part of the cost of disclosing the run
  pub.sealMs += probe.sealMs;
  for (const [k, p] of positions.entries()) {
    const a = first.tables[p]!.rows;
    const b = second.tables[p]!.rows;
    if (a.some((r, i) => r['suppressed'] !== b[i]!['suppressed']))
      throw new FellesError(
        'DISCLOSURE_UNSTABLE',
        `indicator ${items[k]!.def.id}: the second disclosure pass hid other cells than the first; please report this`,
      );
  }
  return { tables: positions.map((p) => second.tables[p]!), publication: pub };
}

/** Position of each indicator's table among the tables added (growth base tables follow theirs). */
function tablePositions(items: readonly IndicatorToPublish[]): number[] {
  const out: number[] = [];
  let p = 0;
  for (const it of items) {
    out.push(p);
    p += it.def.kind === 'growth-comparison' ? 2 : 1;
  }
  return out;
}

/** Every protected count of the row is shown. */
function countsShown(row: Readonly<Record<string, unknown>>, counts: readonly string[]): boolean {
  return counts.every((c) => row[c] !== null && row[c] !== undefined);
}

function indicatorMetadata(it: IndicatorToPublish, notes: string[]): TableMetadata {
  const def = it.def;
  const methods = [...new Set(it.rows.map((r) => r.method).filter((m) => m !== 'not computed'))];
  return {
    title: def.title,
    ...(def.shortTitle ? { shortTitle: def.shortTitle } : {}),
    description: def.description,
    definitions: [{ id: def.id, version: def.version }],
    methods,
    unit: it.rows[0]?.unit ?? def.unit,
    ...(it.dataVintage ? { dataVintage: it.dataVintage } : {}),
    notes: [
      `source note: ${def.source}`,
      ...(def.caveat ? [`caveat: ${localText(def.caveat, 'en')}`] : []),
      `direction: ${def.direction.replace(/_/g, ' ')}; quality dimension: ${def.qualityDimension}; data sources: ${def.dataSources.join('; ')}`,
      ...(it.standard && def.standardisation === 'direct'
        ? [`standard population: ${it.standard}`]
        : []),
      'missing is never zero: status "missing" = no data reported (value empty), "partial" = computed on the municipalities that reported',
      'national value, ranks, significance, funnel positions and peer values are computed from shown counts only',
      ...notes,
    ],
  };
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
