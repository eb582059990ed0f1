/**
 * The attacker's vocabulary (the attacker itself is `packages/core/test/attacker/attacker.ts`).
 */
export const ALL = '<all>';

/** Published rows of one table and how to read them. */
export interface AttackTable {
  rows: ReadonlyArray<Record<string, unknown>>;
  measures: Record<string, string>;
  coordinates: Record<string, string>;
  totals?: Record<string, string>;
  fixed?: Record<string, string>;
  columnTotals?: Record<string, string[]>;
  flagColumn?: string;
  reasonColumn?: string;
}

/** `parent = Σ children` for a coordinate (of every measure, or of one). */
export interface Hierarchy {
  coordinate: string;
  measure?: string;
  parent: string;
  children: string[];
}
