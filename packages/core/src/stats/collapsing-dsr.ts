/**
 * Direct standardisation with collapsing strata: the one way felles standardises a rate over
 * 5-year age bands × sex when some stratum has events but no population.
 */
import { directlyStandardisedRate, type DsrStratum } from './direct-standardisation.js';
import type { StandardPopulation, StratumSex } from '../reference/standard-population.js';
import type { StatRow } from './types.js';

/**
 * One cell of the subject population: a 5-year age band (`band` = its first age, a multiple of 5;
 * 90 = 90 and over) × sex, with its events and population at risk. Cells with the same band and
 * sex are added together.
 */
export interface DsrBandCell {
  band: number;
  sex: StratumSex;
  events: number;
  population: number;
}

/** The 5-year band of an age: its first age, 90 for 90 and over. */
export function fiveYearBand(age: number): number {
  return Math.min(Math.floor(age / 5) * 5, 90);
}

const LADDER: ReadonlyArray<{ width: number; bySex: boolean; label: string | null }> = [
  { width: 5, bySex: true, label: null },
  { width: 5, bySex: false, label: '5-year bands, both sexes' },
  { width: 10, bySex: false, label: '10-year bands, both sexes' },
  { width: 20, bySex: false, label: '20-year bands, both sexes' },
  { width: 1000, bySex: false, label: 'one age band' },
];

/**
 * Dobson DSR (see {@link directlyStandardisedRate}) over 5-year bands × sex. When a stratum has
 * events but no population (people who moved, small municipalities) its rate is undefined; the
 * strata are then collapsed — sexes together, then 10- and 20-year bands (counted from the lowest
 * band present), then one band — until none is left with events and no population. A collapsed
 * result names the strata it used in `method` and says why in `note`. Null when there is no
 * population at all.
 */
export function collapsingDsr(
  cells: readonly DsrBandCell[],
  standard: StandardPopulation,
  multiplier: number,
  confidenceLevel: number,
): StatRow | null {
  if (cells.length === 0 || !cells.some((c) => c.population > 0)) return null;
  const lo = Math.min(...cells.map((c) => c.band));
  const hi = Math.max(...cells.map((c) => c.band));
  for (const step of LADDER) {
    const strata = new Map<string, DsrStratum>();
    for (const c of cells) {
      const from = lo + Math.floor((c.band - lo) / step.width) * step.width;
      const top = from + step.width - 1;
      const ageTo = hi >= 90 && top >= 90 ? null : Math.min(top, hi + 4);
      const sex = step.bySex ? c.sex : null;
      const k = `${from}|${sex ?? ''}`;
      const st = strata.get(k) ?? { ageFrom: from, ageTo, sex, events: 0, population: 0 };
      st.events += c.events;
      st.population += c.population;
      strata.set(k, st);
    }
    const list = [...strata.values()].sort(
      (a, b) => a.ageFrom - b.ageFrom || String(a.sex).localeCompare(String(b.sex)),
    );
    if (list.some((s) => s.population === 0 && s.events > 0)) continue;
    const row = directlyStandardisedRate(list, { standard, multiplier, confidenceLevel });
    if (!step.label) return row;
    const why = `standardised on ${step.label}: an age band × sex had events but no population`;
    return {
      ...row,
      method: `${row.method} (${step.label})`,
      note: row.note ? `${row.note}; ${why}` : why,
    };
  }
  return null;
}
