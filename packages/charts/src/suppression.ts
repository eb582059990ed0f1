/**
 * Suppressed and missing cells: split rows into those drawn with their value and those drawn as
 * "skjult"/"mangler" markers, and the marker styling. A hidden cell never reaches a layer that
 * encodes its value, so it can never be drawn as zero.
 */
import { suppressionLabel, t } from './labels.js';
import { ROLE_COLORS } from './theme.js';
import type { Lang, Suppressible, SuppressionFlag } from './types.js';

/** Extra fields on a hidden row as it goes into the spec. */
export interface HiddenFields {
  /** `suppressed` or `missing`. */
  _status: 'suppressed' | 'missing';
  /** Short label drawn in the figure: `skjult` / `mangler`. */
  _label: string;
  /** Longer reason for tooltips: `skjult (lite antall)`. */
  _reason: string;
}

/** The result of {@link splitHidden}. */
export interface Split<T> {
  /** Rows with a real value, drawn normally. */
  shown: T[];
  /** Rows drawn as markers; their value fields are set to NULL. */
  hidden: Array<T & HiddenFields>;
}

/** The row's flag, `none` when absent. */
export function flagOf(row: Suppressible): SuppressionFlag {
  return row.suppressed ?? 'none';
}

/**
 * What the drawn value is, in disclosure terms. `derived` (rates, shares, limits, standardised
 * rates): hidden whenever the row's flag is not `none`. `count` (a protected count such as a
 * population): hidden when the flag is `primary` or `secondary`; a row flagged `derived` keeps its
 * count (core's disclosure module hides only the figures derived from a hidden count there).
 */
export type ValueRole = 'derived' | 'count';

/**
 * Split rows into shown and hidden. A row is hidden when its flag hides the drawn value (see
 * {@link ValueRole}) or when any of `valueKeys` is NULL/undefined/NaN (missing; with a flag set
 * it counts as suppressed). On hidden rows all `valueKeys` and `nullKeys` are set to NULL, so a
 * value that slipped through disclosure is not drawn either.
 */
export function splitHidden<T extends Suppressible>(
  rows: readonly T[],
  valueKeys: ReadonlyArray<keyof T & string>,
  lang: Lang,
  nullKeys: ReadonlyArray<keyof T & string> = [],
  role: ValueRole = 'derived',
): Split<T> {
  const shown: T[] = [];
  const hidden: Array<T & HiddenFields> = [];
  for (const row of rows) {
    const flag = flagOf(row);
    const missing = valueKeys.some((k) => {
      const v = row[k] as unknown;
      return v == null || (typeof v === 'number' && Number.isNaN(v));
    });
    const flagHides =
      role === 'count' ? flag === 'primary' || flag === 'secondary' : flag !== 'none';
    if (!flagHides && !missing) {
      shown.push(row);
      continue;
    }
    const copy = { ...row } as Record<string, unknown>;
    for (const k of [...valueKeys, ...nullKeys]) copy[k] = null;
    const suppressed = flag !== 'none';
    copy._status = suppressed ? 'suppressed' : 'missing';
    copy._label = t(lang, suppressed ? 'suppressed' : 'missing');
    copy._reason = suppressed ? suppressionLabel(lang, flag) : t(lang, 'missing');
    hidden.push(copy as unknown as T & HiddenFields);
  }
  return { shown, hidden };
}

/**
 * A diagonal-hatch fill (grey stripes on light grey) as a Vega linear gradient with hard stops,
 * used for suppressed cells in heatmaps. Works in SVG, PNG (resvg) and browsers.
 */
export function hatchFill(stripes = 6): {
  gradient: 'linear';
  x1: number;
  y1: number;
  x2: number;
  y2: number;
  stops: Array<{ offset: number; color: string }>;
} {
  const stops: Array<{ offset: number; color: string }> = [];
  for (let i = 0; i < stripes; i++) {
    const a = i / stripes;
    const b = (i + 0.35) / stripes;
    const c = (i + 1) / stripes;
    stops.push(
      { offset: round(a), color: ROLE_COLORS.suppressed },
      { offset: round(b), color: ROLE_COLORS.suppressed },
      { offset: round(b), color: ROLE_COLORS.suppressedFill },
      { offset: round(c), color: ROLE_COLORS.suppressedFill },
    );
  }
  return { gradient: 'linear', x1: 0, y1: 0, x2: 1, y2: 1, stops };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
