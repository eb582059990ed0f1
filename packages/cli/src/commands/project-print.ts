/** Printing `felles project`: the disclosed summary as text, in bokmål or English. */
import type { DisclosedProjection, ProjectionResult } from '@felles/core';
import { localText } from '@felles/text';
import { out } from '../context.js';
import { formatTable } from '../format.js';
import { fmtNumber, fmtPercent, unitName, type PrintLang } from '../number-format.js';

const TEXT = {
  nb: {
    scenario: 'Scenario',
    basePeriod: (years: string, base: number) => `Basisperiode ${years} (basisår ${base})`,
    population: (tbl: string, vintage: number) => `befolkning ${tbl} årgang ${vintage}`,
    demo: ' (DEMODATA)',
    horizon: 'horisont',
    hf: 'Helsefellesskap',
    municipality: 'Kommune',
    line: 'tjenestelinje',
    unit: 'enhet',
    base: 'basis',
    hidden:
      '":" = skjult av avsløringskontroll (1–terskel hendelser i basisperioden). SSBs alternativer er scenarier, ikke sannsynlighetsintervaller.',
    monteCarlo: (runs: number, seed: number, weights: string) =>
      `Monte Carlo: ${runs} kjøringer, frø ${seed}, vekter ${weights}.`,
  },
  en: {
    scenario: 'Scenario',
    basePeriod: (years: string, base: number) => `Base period ${years} (base year ${base})`,
    population: (tbl: string, vintage: number) => `population ${tbl} vintage ${vintage}`,
    demo: ' (DEMO DATA)',
    horizon: 'horizon',
    hf: 'Helsefellesskap',
    municipality: 'Municipality',
    line: 'service line',
    unit: 'unit',
    base: 'base',
    hidden: `":" = hidden by disclosure control (1–threshold base-period events). SSB's alternatives are scenarios, not probability intervals.`,
    monteCarlo: (runs: number, seed: number, weights: string) =>
      `Monte Carlo: ${runs} runs, seed ${seed}, weights ${weights}.`,
  },
} as const;

/**
 * Print the disclosed summary: one block per area, one row per line (sub-lines with
 * `subLines`), the base, each alternative's horizon value and change %, and P10/P50/P90.
 */
export function printSummary(
  r: ProjectionResult,
  d: DisclosedProjection,
  subLines: boolean,
  lang: PrintLang,
): void {
  const t = TEXT[lang];
  const m = r.meta;
  const h = m.years[m.years.length - 1]!;
  out(
    `${t.scenario} ${m.scenario.id} ${m.scenario.version} — ${localText(m.scenario.title, lang)}`,
  );
  out(
    `${t.basePeriod(m.basePeriod.years.join(', '), m.baseYear)}; ${t.population(m.population.tableId, m.population.vintage)}` +
      `${m.population.isDemo ? t.demo : ''}; ${t.horizon} ${h}`,
  );
  const alts = m.population.alternatives;
  const rows = d.summary.rows as ReadonlyArray<Record<string, string | number | boolean | null>>;
  const baseCol = `${t.base} ${m.baseYear}`;
  const mc = [`P10 ${h}`, `P50 ${h}`, `P90 ${h}`];
  const cols = [
    t.line,
    t.unit,
    baseCol,
    ...alts.flatMap((a) => [`${a} ${h}`, `${a} %`]),
    ...(m.monteCarlo ? mc : []),
  ];
  for (const area of m.areas) {
    const byLine = new Map<string, Record<string, string>>();
    for (const r0 of rows.filter((x) => x['area_code'] === area)) {
      const id = String(r0['line_id']);
      if (!subLines && id.includes(':')) continue;
      const row = byLine.get(id) ?? {
        [t.line]: id,
        [t.unit]: unitName(String(r0['unit'] ?? ''), lang),
        [baseCol]: fmtNumber(r0['base'], 0, lang),
      };
      const alt = String(r0['alternative']);
      if (alt === 'monte_carlo') {
        row[mc[0]!] = fmtNumber(r0['p10'], 0, lang);
        row[mc[1]!] = fmtNumber(r0['horizon'], 0, lang);
        row[mc[2]!] = fmtNumber(r0['p90'], 0, lang);
      } else {
        row[`${alt} ${h}`] = fmtNumber(r0['horizon'], 0, lang);
        row[`${alt} %`] = fmtPercent(r0['change_pct'], 1, lang);
      }
      byLine.set(id, row);
    }
    out('');
    out(`${m.areaLevel === 'hff' ? t.hf : t.municipality} ${area}`);
    out(formatTable([...byLine.values()], cols, cols.slice(2)));
  }
  out('');
  out(t.hidden);
  if (m.monteCarlo) {
    const weights = Object.entries(m.monteCarlo.weights)
      .map(([a, w]) => `${a} ${fmtNumber(w, 3, lang)}`)
      .join(', ');
    out(t.monteCarlo(m.monteCarlo.runs, m.monteCarlo.seed, weights));
  }
}
