import { UsageError } from '../../kernel/errors.js';
import type { AgeBand } from './types.js';

/** Default lower bounds: 0–4, 5–9, …, 85–89, 90+. */
export const DEFAULT_AGE_BANDS: readonly number[] = [
  0, 5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90,
];

/**
 * Age bands from their lower bounds (strictly increasing, starting at 0); the last band is open
 * (e.g. `[0, 20, 67, 80, 90]` → 0–19, 20–66, 67–79, 80–89, 90+).
 */
export function makeAgeBands(lowerBounds: readonly number[] = DEFAULT_AGE_BANDS): AgeBand[] {
  if (lowerBounds.length === 0 || lowerBounds[0] !== 0) {
    throw new UsageError(
      'BAD_AGE_BANDS',
      `age bands must start at 0, got [${lowerBounds.join(', ')}]`,
    );
  }
  for (let i = 0; i < lowerBounds.length; i++) {
    const b = lowerBounds[i]!;
    if (!Number.isInteger(b) || b < 0 || b > 120)
      throw new UsageError('BAD_AGE_BANDS', `age band bound ${b} is not a whole number 0–120`);
    if (i > 0 && b <= lowerBounds[i - 1]!)
      throw new UsageError(
        'BAD_AGE_BANDS',
        `age band bounds must increase: [${lowerBounds.join(', ')}]`,
      );
  }
  return lowerBounds.map((from, index) => {
    const next = lowerBounds[index + 1];
    const to = next === undefined ? null : next - 1;
    return { index, from, to, label: to === null ? `${from}+` : `${from}-${to}` };
  });
}

/**
 * Midpoint of a band, used by healthy ageing: (from + to + 1) / 2 for closed bands; for the open
 * top band, from + half the width of the band below (92.5 for 90+ after 85–89).
 */
export function bandMidpoint(bands: readonly AgeBand[], i: number): number {
  const b = bands[i]!;
  if (b.to !== null) return (b.from + b.to + 1) / 2;
  const prev = bands[i - 1];
  const width = prev && prev.to !== null ? prev.to - prev.from + 1 : 5;
  return b.from + width / 2;
}

/** A SQL `VALUES` body `(index, from, to, label), …` for joining ages to bands. */
export function bandValuesSql(
  bands: readonly AgeBand[],
  lit: (v: string | number | null) => string,
): string {
  return bands.map((b) => `(${b.index}, ${b.from}, ${lit(b.to)}, ${lit(b.label)})`).join(', ');
}

/** Whether an age group of the projection lies inside one band. */
function insideBand(g: { age_from: number; age_to: number | null }, bands: readonly AgeBand[]) {
  return bands.some(
    (b) => g.age_from >= b.from && (b.to === null || (g.age_to !== null && g.age_to <= b.to)),
  );
}

/**
 * The age bands of a run: those asked for; else 0–4 … 90+ when every age group of the
 * projection lies inside one of them; else the projection's own groups (with a warning).
 */
export function chooseBands(
  groups: ReadonlyArray<{ age_from: number; age_to: number | null }>,
  bandBounds: readonly number[] | undefined,
  warn: (w: { code: string; message: string }) => void,
): AgeBand[] {
  let bands = makeAgeBands(bandBounds ?? DEFAULT_AGE_BANDS);
  if (!bandBounds && !groups.every((g) => insideBand(g, bands))) {
    bands = makeAgeBands([...new Set(groups.map((g) => g.age_from))].sort((a, b) => a - b));
    warn({
      code: 'AGE_BANDS_FROM_PROJECTION',
      message: `the default 5-year age bands cut the projection's age groups; using its groups: ${bands.map((b) => b.label).join(', ')}`,
    });
  }
  return bands;
}

/** Refuse bands that cut one of the projection's age groups (`PROJECTION_AGE_GROUPS`). */
export function checkBandsFitGroups(
  groups: ReadonlyArray<{ age_from: number; age_to: number | null }>,
  bands: readonly AgeBand[],
): void {
  const straddle = groups.find((g) => !insideBand(g, bands));
  if (straddle) {
    throw new UsageError(
      'PROJECTION_AGE_GROUPS',
      `the projection's age group ${straddle.age_from}–${straddle.age_to ?? ''} does not fit inside one of the age bands; choose bands whose bounds match the projection's age groups`,
    );
  }
}
