/**
 * The additive constraints of an aggregate table: "this total row is the sum of those rows",
 * worked out from the dimension specs. They are what an attacker can use to recover a hidden
 * cell, so they are what complementary suppression and the audit look at.
 */
import {
  normaliseDimensions,
  type AggregateRow,
  type DisclosureSchema,
  type NormalDimension,
} from './schema.js';

/** One constraint: `rows[parent] = Σ rows[children]`, for every protected count column. */
export interface ConstraintSet {
  /** Dimension column the total is over. */
  dimension: string;
  /** Value of the total in that column. */
  total: string;
  /** Values of the other dimensions, for messages: `{ year: '2024', sex: 'T' }`. */
  context: Record<string, string | null>;
  /** Row index of the total. */
  parent: number;
  /** Row indexes of the parts (absent parts are known zeros). */
  children: number[];
}

/**
 * Every constraint set of the table. For each dimension with a total or parents, for each parent
 * value and each combination of the other dimensions' values, the parent row and its child rows.
 * A row whose value is NULL (unknown) is a part of the dimension's `total`, if one is declared.
 * Sets whose total row is absent, or that have no child rows, constrain nothing and are dropped.
 */
export function buildConstraintSets(
  rows: readonly AggregateRow[],
  dims: readonly NormalDimension[],
): ConstraintSet[] {
  const out: ConstraintSet[] = [];
  // Values as text once per cell; NULL as a marker no text value can take.
  const text = dims.map((d) =>
    rows.map((r) => {
      const v = r[d.column];
      return v === null || v === undefined ? null : String(v);
    }),
  );
  dims.forEach((dim, k) => {
    if (dim.total === undefined && dim.parents.size === 0) return;
    const parentValues = new Set<string>();
    for (const ps of dim.parents.values()) for (const p of ps) parentValues.add(p);
    if (dim.total !== undefined) parentValues.add(dim.total);
    const totalOnly = dim.total !== undefined ? [dim.total] : [];
    const parentsOf = (v: string): readonly string[] => {
      const ps = dim.parents.get(v);
      if (ps) return ps;
      return v !== dim.total ? totalOnly : [];
    };
    const others = dims.map((_, j) => j).filter((j) => j !== k);
    const sets = new Map<string, ConstraintSet>();
    const get = (p: string, ctxKey: string, i: number): ConstraintSet => {
      const key = `${p}\u0001${ctxKey}`;
      let s = sets.get(key);
      if (!s) {
        const context: Record<string, string | null> = {};
        for (const j of others) context[dims[j]!.column] = text[j]![i]!;
        s = { dimension: dim.column, total: p, context, parent: -1, children: [] };
        sets.set(key, s);
      }
      return s;
    };
    const own = text[k]!;
    for (let i = 0; i < rows.length; i++) {
      let ctxKey = '';
      for (const j of others) {
        const v = text[j]![i] ?? null;
        ctxKey += v === null ? '\u0002|' : `${v.length}:${v}|`;
      }
      const v = own[i];
      if (v === null || v === undefined) {
        // An unknown value (e.g. municipality not known) is part of the grand total.
        if (dim.total !== undefined) get(dim.total, ctxKey, i).children.push(i);
        continue;
      }
      if (parentValues.has(v)) get(v, ctxKey, i).parent = i;
      for (const p of parentsOf(v)) get(p, ctxKey, i).children.push(i);
    }
    for (const s of sets.values()) if (s.parent >= 0 && s.children.length > 0) out.push(s);
  });
  return out;
}

/** Human form of a set's total for reasons: `sex = T (year 2024)`. */
export function describeSet(s: ConstraintSet): string {
  const ctx = Object.entries(s.context)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `${s.dimension} = ${s.total}${ctx ? ` (${ctx})` : ''}`;
}

/** `dimension \u0001 row` → rows of the totals that row is a part of along that dimension. */
export function totalsByPart(sets: readonly ConstraintSet[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const s of sets) {
    for (const c of s.children) {
      const key = `${s.dimension}\u0001${c}`;
      const l = out.get(key) ?? [];
      l.push(s.parent);
      out.set(key, l);
    }
  }
  return out;
}

/**
 * The constraint sets over *cells* of all protected count columns of a table: cell `(column c,
 * row i)` has index `c × rows + i`, columns in `schema.counts` order. Each row-wise set (from the
 * dimensions) is repeated for every count column; each `countTotals` entry adds, for every row, a
 * set "total column = Σ part columns" (reported as dimension `columns`).
 */
export function buildCellSets(
  rows: readonly AggregateRow[],
  schema: DisclosureSchema,
): ConstraintSet[] {
  const n = rows.length;
  const dims = normaliseDimensions(schema);
  const rowSets = buildConstraintSets(rows, dims);
  const col = new Map(schema.counts.map((c, k) => [c, k]));
  const out: ConstraintSet[] = [];
  schema.counts.forEach((_, k) => {
    const off = k * n;
    for (const s of rowSets)
      out.push({ ...s, parent: off + s.parent, children: s.children.map((x) => off + x) });
  });
  for (const [total, parts] of Object.entries(schema.countTotals ?? {})) {
    const t = col.get(total)!;
    const ps = parts.map((p) => col.get(p)!);
    for (let i = 0; i < n; i++) {
      const context: Record<string, string | null> = {};
      for (const d of dims) {
        const v = rows[i]![d.column];
        context[d.column] = v === null || v === undefined ? null : String(v);
      }
      out.push({
        dimension: 'columns',
        total,
        context,
        parent: t * n + i,
        children: ps.map((p) => p * n + i),
      });
    }
  }
  return out;
}
