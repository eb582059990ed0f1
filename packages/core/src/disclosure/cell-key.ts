/**
 * Cell states and the canonical key of a cell of the published system (see `cell-system.ts`).
 */
/** The value of a coordinate that stands for "all" (the total over the coordinate). */
export const TOTAL = '*';

/** Cell states. */
export const SHOWN = 0;
export const PRIMARY = 1;
export const SECONDARY = 2;
/** Not published by anyone: an unknown ≥ 0 that takes part in relations. */
export const FREE = 3;
export type CellState = typeof SHOWN | typeof PRIMARY | typeof SECONDARY | typeof FREE;

/** What {@link cellKey} and {@link describeCell} need of a cell. */
export interface CellCoordinates {
  measure: string;
  coords: ReadonlyMap<string, string>;
}

/** Build the canonical key of a cell: measure and its non-total coordinates, sorted. */
export function cellKey(measure: string, coords: ReadonlyMap<string, string>): string {
  const parts = [...coords]
    .filter(([, v]) => v !== TOTAL)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([c, v]) => `${c}=${v}`);
  return `${measure}\u001e${parts.join('\u001f')}`;
}

/** A cell in words for messages: `measure (area HFF-X, year 2024)`. Never its value. */
export function describeCell(c: CellCoordinates): string {
  const coords = [...c.coords]
    .filter(([, v]) => v !== TOTAL)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${c.measure}${coords ? ` (${coords})` : ' (total)'}`;
}
