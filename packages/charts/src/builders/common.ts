/**
 * Pieces shared by the builders: hidden-cell marker layers, tooltips, axis helpers.
 * Internal (not exported from the package index).
 */
import { wrapText } from '../caption.js';
import { ROLE_COLORS, SIZES } from '../theme.js';

type Obj = Record<string, unknown>;

/** A quantitative field with title and d3 format (tooltips and text). */
export function q(field: string, title: string, format?: string): Obj {
  return format
    ? { field, type: 'quantitative', title, format }
    : { field, type: 'quantitative', title };
}

/** A nominal field with title. */
export function n(field: string, title: string): Obj {
  return { field, type: 'nominal', title };
}

/** Year axis on a quantitative scale: integer ticks, no thousands separator. */
export function yearX(field: string, title: string): Obj {
  return {
    field,
    type: 'quantitative',
    title,
    scale: { zero: false, nice: false },
    axis: { format: 'd', tickMinStep: 1, labelFlush: true, grid: false },
  };
}

/** Grey italic text style for "skjult"/"mangler" labels. */
export const HIDDEN_TEXT_MARK: Obj = {
  type: 'text',
  color: ROLE_COLORS.suppressed,
  fontStyle: 'italic',
  fontSize: SIZES.markLabel,
};

/** A grey hollow cross marker for hidden points in x/y charts. */
export const HIDDEN_POINT_MARK: Obj = {
  type: 'point',
  shape: 'cross',
  filled: false,
  color: ROLE_COLORS.suppressed,
  strokeWidth: 1.5,
  size: 70,
};

/** Tooltip entries describing a hidden row (its label and reason). */
export function hiddenTooltip(extra: Obj[], statusTitle: string): Obj[] {
  return [...extra, { field: '_reason', type: 'nominal', title: statusTitle }];
}

/** Count suppressed/missing rows of a hidden list. */
export function countHidden(hidden: ReadonlyArray<{ _status: string }>): {
  suppressed: number;
  missing: number;
} {
  let suppressed = 0;
  let missing = 0;
  for (const h of hidden) {
    if (h._status === 'suppressed') suppressed++;
    else missing++;
  }
  return { suppressed, missing };
}

/** Stable sorted unique values. */
export function unique<T>(xs: Iterable<T>): T[] {
  return [...new Set(xs)];
}

/** Escape a string for use inside a single-quoted Vega expression literal. */
export function exprString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/**
 * A Vega `labelExpr` that breaks long axis labels into lines of at most `maxChars` characters
 * (at spaces), via a lookup table built here, so wrapping is deterministic and independent of
 * the renderer. Labels that fit are left alone.
 */
export function wrapLabelExpr(labels: readonly string[], maxChars: number): string {
  const table: Record<string, string[]> = {};
  for (const l of labels) {
    const lines = wrapText(l, maxChars);
    if (lines.length > 1) table[l] = lines;
  }
  if (Object.keys(table).length === 0) return 'datum.label';
  return `${JSON.stringify(table)}[datum.label] || datum.label`;
}
