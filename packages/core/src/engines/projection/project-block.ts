import { bindFactors } from './bind.js';
import { computeVolumes, sum, totalsByYear, type BoundFactor, type CellBlock } from './factors.js';
import type { AgeBand, CapacityRow, DecompositionRow, Scenario, SeriesRow } from './types.js';

/** Does a bound factor act on line index `l`? */
function touches(f: BoundFactor, l: number): boolean {
  return f.lineIdx.includes(l) || f.fromIdx === l || f.toIdx === l || f.companionIdx.includes(l);
}

export interface BlockJob {
  area: string;
  alt: string;
  block: CellBlock;
  scenario: Scenario;
  bands: AgeBand[];
  baseYear: number;
  population: { tableId: string; vintage: number };
  popOf: (alternative: string, year: number) => number;
  baseEvents: Map<string, number>;
  terms: Map<string, Array<{ resource: string; divisor: number; formula: string }>>;
  series: SeriesRow[];
  decomposition: DecompositionRow[];
  capacity: CapacityRow[];
}

/**
 * Deterministic projection of one area × alternative: volumes with all factors, and the
 * decomposition of the change from base
 *   total − base = (D − base) + Σ_f (V_f − D) + interaction,
 * where D is demography only and V_f applies factor f alone; the interaction is the remainder,
 * so the parts always add up to the total change.
 */
export function projectBlock(j: BlockJob): void {
  const { block, area, alt } = j;
  const ny = block.years.length;
  const bound = bindFactors(j.scenario.factors, block.lines, j.bands);
  const all = computeVolumes(block, bound);
  const alone = bound.map((f) => computeVolumes(block, [f]));
  block.lines.forEach((line, l) => {
    const base = sum(block.base[l]!);
    const demo = totalsByYear(block.demo[l]!, ny, block.cells);
    const total = totalsByYear(all[l]!, ny, block.cells);
    const single = alone.map((v) => totalsByYear(v[l]!, ny, block.cells));
    const base_events = j.baseEvents.get(line) ?? 0;
    const common = {
      area_code: area,
      line_id: line,
      base_events,
      alternative: alt,
      table_id: j.population.tableId,
      vintage: j.population.vintage,
    };
    j.series.push({
      ...common,
      year: j.baseYear,
      population: Math.round(j.popOf('~base', j.baseYear)),
      base,
      demography: base,
      volume: base,
      change: 0,
      change_pct: base > 0 ? 0 : null,
    });
    const termList = j.terms.get(line) ?? [];
    for (const t of termList) {
      j.capacity.push({
        area_code: area,
        line_id: line,
        base_events,
        alternative: alt,
        year: j.baseYear,
        resource: t.resource,
        base: base / t.divisor,
        value: base / t.divisor,
        formula: t.formula,
      });
    }
    for (let yi = 0; yi < ny; yi++) {
      const year = block.years[yi]!;
      const v = total[yi]!;
      j.series.push({
        ...common,
        year,
        population: Math.round(j.popOf(alt, year)),
        base,
        demography: demo[yi]!,
        volume: v,
        change: v - base,
        change_pct: base > 0 ? (100 * (v - base)) / base : null,
      });
      const dec = { area_code: area, line_id: line, base_events, alternative: alt, year };
      let explained = demo[yi]! - base;
      j.decomposition.push({ ...dec, component: 'demography', value: demo[yi]! - base });
      bound.forEach((f, fi) => {
        if (!touches(f, l)) return;
        const e = single[fi]![yi]! - demo[yi]!;
        explained += e;
        j.decomposition.push({ ...dec, component: f.id, value: e });
      });
      j.decomposition.push({ ...dec, component: 'interaction', value: v - base - explained });
      for (const t of termList) {
        j.capacity.push({
          area_code: area,
          line_id: line,
          base_events,
          alternative: alt,
          year,
          resource: t.resource,
          base: base / t.divisor,
          value: v / t.divisor,
          formula: t.formula,
        });
      }
    }
  });
}
