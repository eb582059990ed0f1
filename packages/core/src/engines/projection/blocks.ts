import type { AreaVolumes } from './area-volumes.js';
import type { CellBlock } from './factors.js';
import type { AgeBand } from './types.js';

/**
 * Arrange one area's volumes into a {@link CellBlock} per population alternative. Every line in
 * `lineIds` gets a row of cells (zeros where the area has no rate for it), so factors that move
 * volume between lines always find both. `v` holds indices into `lineIds`, `alternatives` and
 * `sexes` (as {@link AreaVolumes} documents).
 */
export function buildBlocks(
  v: AreaVolumes,
  lineIds: string[],
  bands: AgeBand[],
  sexes: readonly string[],
  years: number[],
  alternatives: string[],
): Map<string, CellBlock> {
  const nb = bands.length;
  const cells = sexes.length * nb;
  const yearIndex = new Map(years.map((y, i) => [y, i]));
  const base = lineIds.map(() => new Float64Array(cells));
  const blocks: CellBlock[] = alternatives.map(() => ({
    lines: lineIds,
    years,
    bands,
    cells,
    demo: lineIds.map(() => new Float64Array(years.length * cells)),
    prev: lineIds.map(() => new Float64Array(years.length * cells)),
    base,
  }));
  for (let i = 0; i < v.line.length; i++) {
    const l = v.line[i]!;
    const s = v.sex[i]!;
    if (l >= lineIds.length || s >= sexes.length) continue;
    const c = s * nb + v.band[i]!;
    const a = v.alternative[i]!;
    if (a < 0) {
      base[l]![c]! += v.demo[i]!;
      continue;
    }
    const blk = blocks[a];
    const yi = yearIndex.get(v.year[i]!);
    if (!blk || yi === undefined) continue;
    blk.demo[l]![yi * cells + c]! += v.demo[i]!;
    blk.prev[l]![yi * cells + c]! += v.prev[i]!;
  }
  const out = new Map<string, CellBlock>();
  alternatives.forEach((alt, a) => out.set(alt, blocks[a]!));
  return out;
}

/** Expected base-period events per line × cell of an area (for the Poisson redraw). */
export function eventCounts(
  v: AreaVolumes,
  lineIds: string[],
  bands: AgeBand[],
  sexes: readonly string[],
): Float64Array[] {
  const nb = bands.length;
  return lineIds.map((id) => {
    const a = new Float64Array(sexes.length * nb);
    sexes.forEach((s, si) => {
      for (let b = 0; b < nb; b++) a[si * nb + b] = v.events.get(`${id}|${s}|${b}`) ?? 0;
    });
    return a;
  });
}
