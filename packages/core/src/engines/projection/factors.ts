import type { AgeBand, ChangeFactor, FactorType } from './types.js';
import { bandMidpoint } from './age-bands.js';

/**
 * The cells of one area × population alternative: per service line, per year, per sex × age band.
 * Arrays are indexed `[line][yearIndex * cells + cell]` with `cell = sexIndex * bands + bandIndex`.
 */
export interface CellBlock {
  lines: string[];
  years: number[];
  bands: AgeBand[];
  /** Number of cells per year (sexes × bands). */
  cells: number;
  /** Σ rate × projected population (demography only). */
  demo: Float64Array[];
  /** Σ rate of the band below × projected population of this band (for healthy ageing). */
  prev: Float64Array[];
  /** Modelled base-year volume per cell: Σ rate × base-year population. */
  base: Float64Array[];
}

/** A factor bound to line indexes, with the value to use (point value or a Monte Carlo draw). */
export interface BoundFactor {
  id: string;
  type: FactorType;
  lineIdx: number[];
  fromIdx: number;
  toIdx: number;
  companionIdx: number[];
  ratio: number;
  /** First band index the healthy-ageing shift applies to. */
  fromBand: number;
  start: number;
  target: number;
  realisation: number;
  value: number;
}

/**
 * Linear phase-in: 0 up to the start year, 1 from the target year on, linear in between:
 * p(y) = min(1, max(0, (y − start) / (target − start))). With start = target it is a step at the
 * target year.
 */
export function phase(year: number, start: number, target: number): number {
  if (target <= start) return year >= target ? 1 : 0;
  return Math.min(1, Math.max(0, (year - start) / (target - start)));
}

/**
 * The full effect of a factor at its target year, before realisation and phase-in:
 * - trend: (1 + v/100)^(target − start) − 1 (relative change in the rate);
 * - los_reduction, efficiency, task_transfer, care_shift: v/100 (a share);
 * - healthy_ageing: v (years of age shift).
 */
export function fullEffect(type: FactorType, value: number, start: number, target: number): number {
  switch (type) {
    case 'trend':
      return (1 + value / 100) ** Math.max(0, target - start) - 1;
    case 'healthy_ageing':
      return value;
    default:
      return value / 100;
  }
}

/** Realised effect in a year: realisation × p(y) × full effect. */
export function effectAt(
  f: Pick<BoundFactor, 'type' | 'value' | 'start' | 'target' | 'realisation'>,
  year: number,
): number {
  return (
    f.realisation * phase(year, f.start, f.target) * fullEffect(f.type, f.value, f.start, f.target)
  );
}

/** Point value of a factor in deterministic mode: the value, or the midpoint of the interval. */
export function pointValue(f: ChangeFactor): number {
  if (f.value !== undefined) return f.value;
  if (f.interval) return (f.interval[0] + f.interval[1]) / 2;
  return 0;
}

/** Per line and year: multipliers, healthy-ageing weights per band (clipped to 0–1) and out-shares. */
interface FactorArrays {
  mult: Float64Array[];
  /** `[line][yearIndex * bands + band]`, or undefined when no healthy-ageing factor acts on the line. */
  w: Array<Float64Array | undefined>;
  outShare: Float64Array[];
  transfers: BoundFactor[];
}

function factorArrays(block: CellBlock, factors: readonly BoundFactor[]): FactorArrays {
  const { lines, years, bands } = block;
  const nb = bands.length;
  const nl = lines.length;
  const ny = years.length;
  const mids = bands.map((_, i) => bandMidpoint(bands, i));
  const mult: Float64Array[] = Array.from({ length: nl }, () => new Float64Array(ny).fill(1));
  const w: Array<Float64Array | undefined> = new Array<Float64Array | undefined>(nl).fill(
    undefined,
  );
  const outShare: Float64Array[] = Array.from({ length: nl }, () => new Float64Array(ny));
  const transfers: BoundFactor[] = [];
  for (const f of factors) {
    for (let yi = 0; yi < ny; yi++) {
      const e = effectAt(f, years[yi]!);
      switch (f.type) {
        case 'trend':
          for (const l of f.lineIdx) mult[l]![yi]! *= Math.max(0, 1 + e);
          break;
        case 'los_reduction':
        case 'efficiency':
          for (const l of f.lineIdx) mult[l]![yi]! *= Math.max(0, 1 - e);
          break;
        case 'healthy_ageing':
          for (const l of f.lineIdx) {
            const wl = (w[l] ??= new Float64Array(ny * nb));
            for (let b = Math.max(1, f.fromBand); b < nb; b++)
              wl[yi * nb + b]! += e / (mids[b]! - mids[b - 1]!);
          }
          break;
        case 'task_transfer':
        case 'care_shift':
          outShare[f.fromIdx]![yi]! += e;
          for (const l of f.companionIdx) mult[l]![yi]! *= Math.max(0, 1 - e);
          break;
      }
    }
    if (f.type === 'task_transfer' || f.type === 'care_shift') transfers.push(f);
  }
  for (const wl of w)
    if (wl) for (let i = 0; i < wl.length; i++) wl[i] = Math.min(1, Math.max(0, wl[i]!));
  return { mult, w, outShare, transfers };
}

/** V_mult of one line (cells of every year), before transfers. */
function multVolumes(
  block: CellBlock,
  fa: FactorArrays,
  l: number,
  scale?: Float64Array[],
): Float64Array {
  const { cells } = block;
  const nb = block.bands.length;
  const ny = block.years.length;
  const d = block.demo[l]!;
  const p = block.prev[l]!;
  const s = scale?.[l];
  const wl = fa.w[l];
  const ml = fa.mult[l]!;
  const out = new Float64Array(ny * cells);
  for (let yi = 0; yi < ny; yi++) {
    const m = ml[yi]!;
    const o = yi * cells;
    if (!wl) {
      if (s) for (let c = 0; c < cells; c++) out[o + c] = d[o + c]! * s[c]! * m;
      else for (let c = 0; c < cells; c++) out[o + c] = d[o + c]! * m;
      continue;
    }
    for (let c = 0; c < cells; c++) {
      const b = c % nb;
      const wb = wl[yi * nb + b]!;
      const dv = s ? d[o + c]! * s[c]! : d[o + c]!;
      const pv = wb > 0 ? (s ? p[o + c]! * s[c - 1]! : p[o + c]!) : 0;
      out[o + c] = ((1 - wb) * dv + wb * pv) * m;
    }
  }
  return out;
}

/** Share of a transfer actually moved: when out-shares of one line add up to more than 1, each is scaled down alike. */
function transferShare(f: BoundFactor, fa: FactorArrays, year: number, yi: number): number {
  const e = effectAt(f, year);
  const total = fa.outShare[f.fromIdx]![yi]!;
  return total > 1 ? e / total : e;
}

/**
 * Volumes per line with the given factors (see `docs/projections.md`, "Applying the factors"):
 *
 *   V_mult = [(1 − w)·D + w·P] · Π m_f          (per cell; w = healthy-ageing weight, m = multipliers)
 *   V      = V_mult · (1 − Σ out-shares) + Σ ratio · share · V_mult(from)
 *
 * `scale` (Monte Carlo) multiplies each line's rates per cell (Poisson redraw); the band below's
 * scale applies to P.
 */
export function computeVolumes(
  block: CellBlock,
  factors: readonly BoundFactor[],
  scale?: Float64Array[],
): Float64Array[] {
  const { lines, years, cells } = block;
  const ny = years.length;
  const fa = factorArrays(block, factors);
  const sources = new Set(fa.transfers.map((f) => f.fromIdx));
  const pre = new Map<number, Float64Array>();
  const result = lines.map((_, l) => {
    const v = multVolumes(block, fa, l, scale);
    if (sources.has(l)) {
      pre.set(l, v.slice());
      for (let yi = 0; yi < ny; yi++) {
        const keep = Math.max(0, 1 - fa.outShare[l]![yi]!);
        for (let c = 0; c < cells; c++) v[yi * cells + c]! *= keep;
      }
    }
    return v;
  });
  for (const f of fa.transfers) {
    const src = pre.get(f.fromIdx)!;
    const dst = result[f.toIdx]!;
    for (let yi = 0; yi < ny; yi++) {
      const k = f.ratio * transferShare(f, fa, years[yi]!, yi);
      for (let c = 0; c < cells; c++) dst[yi * cells + c]! += k * src[yi * cells + c]!;
    }
  }
  return result;
}

/**
 * Each line's total per year with the given factors: the same as summing {@link computeVolumes}
 * over cells, without keeping the cells (what Monte Carlo needs, run after run).
 */
export function computeTotals(
  block: CellBlock,
  factors: readonly BoundFactor[],
  scale?: Float64Array[],
): Float64Array[] {
  const { lines, years, cells } = block;
  const ny = years.length;
  const fa = factorArrays(block, factors);
  const pre = lines.map((_, l) => totalsByYear(multVolumes(block, fa, l, scale), ny, cells));
  const out = pre.map((t, l) => {
    const r = new Float64Array(ny);
    for (let yi = 0; yi < ny; yi++) r[yi] = t[yi]! * Math.max(0, 1 - fa.outShare[l]![yi]!);
    return r;
  });
  for (const f of fa.transfers) {
    for (let yi = 0; yi < ny; yi++)
      out[f.toIdx]![yi]! += f.ratio * transferShare(f, fa, years[yi]!, yi) * pre[f.fromIdx]![yi]!;
  }
  return out;
}

/** Sum of one line's cells per year. */
export function totalsByYear(v: Float64Array, years: number, cells: number): Float64Array {
  const t = new Float64Array(years);
  for (let yi = 0; yi < years; yi++) {
    let s = 0;
    for (let c = 0; c < cells; c++) s += v[yi * cells + c]!;
    t[yi] = s;
  }
  return t;
}

/** Sum of all entries. */
export function sum(a: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s;
}
