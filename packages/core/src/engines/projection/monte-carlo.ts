import { bindFactors } from './bind.js';
import { validRange } from './definitions.js';
import { computeTotals, type CellBlock } from './factors.js';
import { quantileSorted, Random, streamSeed, Z80 } from './random.js';
import type { CapacityTerm } from './capacity.js';
import type { AgeBand, ChangeFactor, UncertaintyRow } from './types.js';

export interface MonteCarloInput {
  area: string;
  /** One block per alternative (same lines, years and bands). */
  blocks: Map<string, CellBlock>;
  /** Sampling weights of the alternatives (need not sum to 1). */
  weights: Record<string, number>;
  factors: readonly ChangeFactor[];
  bands: AgeBand[];
  /** Expected base-period events per line × cell (Poisson means). */
  events: Float64Array[];
  runs: number;
  seed: number;
}

/** Quantiles of each line's total per year: `[line][year] → {p10, p50, p90}`. */
export interface MonteCarloOutput {
  lines: string[];
  years: number[];
  p10: Float64Array[];
  p50: Float64Array[];
  p90: Float64Array[];
}

/**
 * Seeded Monte Carlo for one area. Each run, in this order:
 * 1. draws a population alternative with probability weight / Σ weights;
 * 2. draws every factor given as an interval [lo, hi] from Normal(mid, (hi − lo) / (2 · 1.2816)),
 *    i.e. the interval is its 80 % range, clipped to the factor's valid values; point values stay;
 * 3. redraws each line × sex × band base count as Poisson(n) and scales that cell's rate by
 *    Poisson(n) / n (n = expected base-period events; cells with n = 0 keep their rate);
 * 4. computes every line's volume per year with these draws.
 * P10, P50 and P90 are taken per line and year over the runs (type-7 quantiles). The stream is
 * seeded by (seed, area code), so an area gives the same result alone or among all.
 */
export function monteCarlo(input: MonteCarloInput): MonteCarloOutput {
  const alts = [...input.blocks.keys()];
  const first = input.blocks.get(alts[0]!)!;
  const { lines, years, cells } = first;
  const ny = years.length;
  const nl = lines.length;
  const w = alts.map((a) => Math.max(0, input.weights[a] ?? 0));
  const wsum = w.reduce((s, x) => s + x, 0);
  const cum = w.map((_, i) => w.slice(0, i + 1).reduce((s, x) => s + x, 0) / (wsum || 1));
  const rng = new Random(streamSeed(input.seed, input.area));
  const totals = new Float64Array(input.runs * nl * ny);
  const sampled = input.factors.filter((f) => f.interval && f.value === undefined);
  const bound0 = bindFactors(input.factors, lines, input.bands);
  for (let r = 0; r < input.runs; r++) {
    const u = rng.uniform();
    let ai = cum.findIndex((c) => u < c);
    if (ai < 0) ai = alts.length - 1;
    const block = input.blocks.get(alts[ai]!)!;
    const values = new Map<string, number>();
    for (const f of sampled) {
      const [lo, hi] = f.interval!;
      const sd = (hi - lo) / (2 * Z80);
      const [vmin, vmax] = validRange(f);
      values.set(f.id, Math.min(vmax, Math.max(vmin, (lo + hi) / 2 + sd * rng.normal())));
    }
    const scale = input.events.map((ev) => {
      const s = new Float64Array(cells);
      for (let c = 0; c < cells; c++) {
        const n = ev[c]!;
        s[c] = n > 0 ? rng.poisson(n) / n : 1;
      }
      return s;
    });
    const bound = bound0.map((f) => (values.has(f.id) ? { ...f, value: values.get(f.id)! } : f));
    const tot = computeTotals(block, bound, scale);
    for (let l = 0; l < nl; l++) {
      const t = tot[l]!;
      for (let yi = 0; yi < ny; yi++) totals[(l * ny + yi) * input.runs + r] = t[yi]!;
    }
  }
  const p10: Float64Array[] = [];
  const p50: Float64Array[] = [];
  const p90: Float64Array[] = [];
  for (let l = 0; l < nl; l++) {
    const a10 = new Float64Array(ny);
    const a50 = new Float64Array(ny);
    const a90 = new Float64Array(ny);
    for (let yi = 0; yi < ny; yi++) {
      const off = (l * ny + yi) * input.runs;
      const sorted = totals.slice(off, off + input.runs).sort();
      a10[yi] = quantileSorted(sorted, 0.1);
      a50[yi] = quantileSorted(sorted, 0.5);
      a90[yi] = quantileSorted(sorted, 0.9);
    }
    p10.push(a10);
    p50.push(a50);
    p90.push(a90);
  }
  return { lines, years, p10, p50, p90 };
}

/**
 * The quantiles of one area as rows, appended to `out`: per line and year, the volume and each
 * capacity resource the line feeds (the volume's quantiles divided by the resource's divisor).
 */
export function uncertaintyRows(
  mc: MonteCarloOutput,
  ctx: {
    area: string;
    baseEvents: ReadonlyMap<string, number>;
    terms: ReadonlyMap<string, readonly CapacityTerm[]>;
    runs: number;
    seed: number;
  },
  out: UncertaintyRow[],
): void {
  const { area, runs, seed } = ctx;
  mc.lines.forEach((line, l) => {
    mc.years.forEach((year, yi) => {
      const q = { p10: mc.p10[l]![yi]!, p50: mc.p50[l]![yi]!, p90: mc.p90[l]![yi]! };
      const base_events = ctx.baseEvents.get(line) ?? 0;
      out.push({
        area_code: area,
        line_id: line,
        base_events,
        quantity: 'volume',
        year,
        ...q,
        runs,
        seed,
      });
      for (const t of ctx.terms.get(line) ?? []) {
        out.push({
          area_code: area,
          line_id: line,
          base_events,
          quantity: t.resource,
          year,
          p10: q.p10 / t.divisor,
          p50: q.p50 / t.divisor,
          p90: q.p90 / t.divisor,
          runs,
          seed,
        });
      }
    });
  });
}
