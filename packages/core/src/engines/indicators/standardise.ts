/**
 * Direct standardisation of an indicator's aggregates, with collapsing strata.
 */
import { directlyStandardisedRate, type DsrStratum } from '../../stats/direct-standardisation.js';
import type { StandardPopulation } from '../../reference/standard-population.js';
import type { StatRow } from '../../stats/types.js';

/**
 * Dobson DSR over 5-year bands × sex. When a stratum has events but no population (people who
 * moved, tiny municipalities), the rate of that stratum is undefined: the strata are then
 * collapsed — sexes combined, then 10- and 20-year bands, then one band — until none is left
 * without population, and the note says how it was standardised.
 */
export function collapsingDsr(
  n: { band: number; sex: string; v: number }[],
  d: { band: number; sex: string; v: number }[],
  standard: StandardPopulation,
  mult: number,
  level: number,
): StatRow | null {
  const cells = [
    ...d.map((x) => ({ ...x, pop: x.v, ev: 0 })),
    ...n.map((x) => ({ ...x, pop: 0, ev: x.v })),
  ];
  if (cells.length === 0 || !cells.some((c) => c.pop > 0)) return null;
  const lo = Math.min(...cells.map((c) => c.band));
  const hi = Math.max(...cells.map((c) => c.band));
  const ladder: Array<{ width: number; bySex: boolean; label: string | null }> = [
    { width: 5, bySex: true, label: null },
    { width: 5, bySex: false, label: '5-year bands, both sexes' },
    { width: 10, bySex: false, label: '10-year bands, both sexes' },
    { width: 20, bySex: false, label: '20-year bands, both sexes' },
    { width: 1000, bySex: false, label: 'one age band' },
  ];
  for (const step of ladder) {
    const strata = new Map<string, DsrStratum>();
    for (const c of cells) {
      const from = lo + Math.floor((c.band - lo) / step.width) * step.width;
      const top = from + step.width - 1;
      const ageTo = hi >= 90 && top >= 90 ? null : Math.min(top, hi + 4);
      const sex = step.bySex ? (c.sex as 'M' | 'F') : null;
      const k = `${from}|${sex ?? ''}`;
      const st = strata.get(k) ?? { ageFrom: from, ageTo, sex, events: 0, population: 0 };
      st.events += c.ev;
      st.population += c.pop;
      strata.set(k, st);
    }
    const list = [...strata.values()].sort(
      (a, b) => a.ageFrom - b.ageFrom || String(a.sex).localeCompare(String(b.sex)),
    );
    if (list.some((s) => s.population === 0 && s.events > 0)) continue;
    const row = directlyStandardisedRate(list, {
      standard,
      multiplier: mult,
      confidenceLevel: level,
    });
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
