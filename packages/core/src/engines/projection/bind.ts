import { matchesPattern } from './definitions.js';
import type { BoundFactor } from './factors.js';
import { pointValue } from './factors.js';
import type { AgeBand, ChangeFactor, ProjectionWarning } from './types.js';

/**
 * Bind a scenario's factors to the line indexes of a projection. A factor whose lines match
 * nothing (or whose transfer end is missing) is dropped with a warning. `values` overrides the
 * point values (Monte Carlo draws), by factor id.
 */
export function bindFactors(
  factors: readonly ChangeFactor[],
  lineIds: readonly string[],
  bands: readonly AgeBand[],
  warn?: (w: ProjectionWarning) => void,
  values?: ReadonlyMap<string, number>,
): BoundFactor[] {
  const out: BoundFactor[] = [];
  const idx = (id: string) => lineIds.indexOf(id);
  const match = (patterns: readonly string[]) =>
    lineIds.flatMap((id, i) => (patterns.some((p) => matchesPattern(id, p)) ? [i] : []));
  for (const f of factors) {
    const base = {
      id: f.id,
      type: f.type,
      start: f.start,
      target: f.target,
      realisation: f.realisation ?? 1,
      value: values?.get(f.id) ?? pointValue(f),
      lineIdx: [] as number[],
      fromIdx: -1,
      toIdx: -1,
      companionIdx: [] as number[],
      ratio: f.ratio ?? 1,
      fromBand: 0,
    };
    if (f.type === 'task_transfer' || f.type === 'care_shift') {
      const from = idx(f.from ?? '');
      const to = idx(f.to ?? '');
      if (from < 0 || to < 0) {
        warn?.({
          code: 'FACTOR_UNUSED',
          message: `factor ${f.id}: line ${from < 0 ? f.from : f.to} is not in this projection; the factor is left out`,
        });
        continue;
      }
      out.push({ ...base, fromIdx: from, toIdx: to, companionIdx: match(f.companions ?? []) });
      continue;
    }
    const lineIdx = match(f.lines ?? []);
    if (lineIdx.length === 0) {
      warn?.({
        code: 'FACTOR_UNUSED',
        message: `factor ${f.id}: no line in this projection matches ${(f.lines ?? []).join(', ')}; the factor is left out`,
      });
      continue;
    }
    let fromBand = 0;
    if (f.type === 'healthy_ageing') {
      const fromAge = f.fromAge ?? 65;
      fromBand = bands.findIndex((b) => b.from >= fromAge);
      if (fromBand < 0) fromBand = bands.length;
    }
    out.push({ ...base, lineIdx, fromBand });
  }
  return out;
}
