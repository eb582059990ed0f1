/**
 * Direct standardisation of an indicator's aggregates: numerator and denominator per 5-year band ×
 * sex into {@link collapsingDsr}.
 */
import { collapsingDsr, type DsrBandCell } from '../../stats/collapsing-dsr.js';
import type { StandardPopulation, StratumSex } from '../../reference/standard-population.js';
import type { StatRow } from '../../stats/types.js';

/** The indicator's numerator (`n`) and denominator (`d`) by band × sex, standardised. */
export function standardiseIndicator(
  n: { band: number; sex: string; v: number }[],
  d: { band: number; sex: string; v: number }[],
  standard: StandardPopulation,
  mult: number,
  level: number,
): StatRow | null {
  const cells: DsrBandCell[] = [
    ...d.map((x) => ({ band: x.band, sex: x.sex as StratumSex, events: 0, population: x.v })),
    ...n.map((x) => ({ band: x.band, sex: x.sex as StratumSex, events: x.v, population: 0 })),
  ];
  return collapsingDsr(cells, standard, mult, level);
}
