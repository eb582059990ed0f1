/**
 * The audit: can any hidden cell be worked out exactly from what is shown? Used by
 * {@link disclose} after complementary suppression (and to add more when needed), and by tests
 * on exported files read back.
 */
import {
  buildCellSets,
  buildConstraintSets,
  totalsByPart,
  type ConstraintSet,
} from './constraints.js';
import {
  FLAG_COLUMN,
  normaliseDimensions,
  type AggregateRow,
  type DisclosureSchema,
} from './schema.js';

/** Components with more unknowns than this are not audited (reported as skipped). */
export const AUDIT_MAX_UNKNOWNS = 400;

/** Result of {@link findRecoverable}. */
export interface RecoverableResult {
  /** Row indexes whose unknown cell is determined exactly by the constraints. */
  determined: number[];
  /** Unknown cells in components too large to audit. */
  skipped: number;
}

/**
 * Which unknown cells are determined by the linear system of constraint sets?
 *
 * Each set says `x_parent − Σ x_children = 0`; shown cells are constants, unknown cells are
 * variables. A variable is determined exactly iff its unit vector lies in the row space of the
 * system restricted to the unknowns, i.e. iff the reduced row echelon form has a row whose only
 * non-zero entry is that variable. Solved per connected component of unknowns (Gauss–Jordan
 * elimination, partial pivoting). Bounds from non-negativity are not considered.
 */
export function findRecoverable(
  sets: readonly ConstraintSet[],
  unknown: (row: number) => boolean,
): RecoverableResult {
  const eqs: { vars: number[]; coef: number[] }[] = [];
  const parent = new Map<number, number>();
  const find = (x: number): number => {
    let r = x;
    while (parent.get(r)! !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  for (const s of sets) {
    const vars: number[] = [];
    const coef: number[] = [];
    if (unknown(s.parent)) {
      vars.push(s.parent);
      coef.push(1);
    }
    for (const c of s.children) {
      if (unknown(c)) {
        vars.push(c);
        coef.push(-1);
      }
    }
    if (vars.length === 0) continue;
    for (const v of vars) if (!parent.has(v)) parent.set(v, v);
    for (const v of vars.slice(1)) {
      const a = find(vars[0]!);
      const b = find(v);
      if (a !== b) parent.set(a, b);
    }
    eqs.push({ vars, coef });
  }
  const byComp = new Map<number, { vars: Set<number>; eqs: typeof eqs }>();
  for (const v of parent.keys()) {
    const r = find(v);
    if (!byComp.has(r)) byComp.set(r, { vars: new Set(), eqs: [] });
    byComp.get(r)!.vars.add(v);
  }
  for (const e of eqs) byComp.get(find(e.vars[0]!))!.eqs.push(e);

  const determined: number[] = [];
  let skipped = 0;
  for (const comp of byComp.values()) {
    const vars = [...comp.vars];
    if (vars.length > AUDIT_MAX_UNKNOWNS) {
      skipped += vars.length;
      continue;
    }
    const col = new Map(vars.map((v, j) => [v, j]));
    const m = comp.eqs.map((e) => {
      const row = new Array<number>(vars.length).fill(0);
      e.vars.forEach((v, k) => {
        row[col.get(v)!]! += e.coef[k]!;
      });
      return row;
    });
    for (const j of solvedColumns(m, vars.length)) determined.push(vars[j]!);
  }
  return { determined: determined.sort((a, b) => a - b), skipped };
}

/** Columns `j` for which the RREF of `m` has a row equal (up to scale) to the unit vector e_j. */
function solvedColumns(m: number[][], n: number): number[] {
  const eps = 1e-9;
  let r = 0;
  for (let c = 0; c < n && r < m.length; c++) {
    let best = r;
    for (let i = r + 1; i < m.length; i++)
      if (Math.abs(m[i]![c]!) > Math.abs(m[best]![c]!)) best = i;
    if (Math.abs(m[best]![c]!) < eps) continue;
    [m[r], m[best]] = [m[best]!, m[r]!];
    const piv = m[r]!;
    const p = piv[c]!;
    for (let k = 0; k < n; k++) piv[k]! /= p;
    for (let i = 0; i < m.length; i++) {
      if (i === r) continue;
      const row = m[i]!;
      const f = row[c]!;
      if (Math.abs(f) < eps) continue;
      for (let k = 0; k < n; k++) row[k]! -= f * piv[k]!;
    }
    r++;
  }
  const out: number[] = [];
  for (let i = 0; i < r; i++) {
    const nz: number[] = [];
    m[i]!.forEach((x, k) => {
      if (Math.abs(x) > eps) nz.push(k);
    });
    if (nz.length === 1) out.push(nz[0]!);
  }
  return out;
}

/** One problem found by {@link auditDisclosedRows}. */
export interface AuditFinding {
  kind: 'small_count' | 'recoverable' | 'derived_shown' | 'person_id_column';
  row: number;
  column: string;
  message: string;
}

/**
 * Audit rows as published (e.g. an export read back): no protected count from 1 to the
 * threshold is shown; no derived figure is shown while a count it depends on is hidden; and no
 * hidden count (NULL on a row flagged other than `none`) can be worked out exactly from the shown
 * cells and the totals. Returns the problems found (empty when the table is safe).
 */
export function auditDisclosedRows(
  rows: readonly AggregateRow[],
  schema: DisclosureSchema,
  threshold: number,
): AuditFinding[] {
  const findings: AuditFinding[] = [];
  const n = rows.length;
  schema.counts.forEach((col) => {
    rows.forEach((r, i) => {
      const v = r[col];
      if (typeof v === 'number' && v >= 1 && v <= threshold) {
        findings.push({
          kind: 'small_count',
          row: i,
          column: col,
          message: `${col} shows a count from 1 to ${threshold}`,
        });
      }
    });
  });
  const cellSets = buildCellSets(rows, schema);
  const unknownCell = (cell: number) => {
    const col = schema.counts[Math.floor(cell / Math.max(n, 1))]!;
    const r = rows[cell % n]!;
    return r[col] === null && (r[FLAG_COLUMN] ?? 'none') !== 'none';
  };
  for (const cell of findRecoverable(cellSets, unknownCell).determined) {
    const col = schema.counts[Math.floor(cell / n)]!;
    findings.push({
      kind: 'recoverable',
      row: cell % n,
      column: col,
      message: `hidden ${col} can be worked out from the totals`,
    });
  }
  const sets = buildConstraintSets(rows, normaliseDimensions(schema));
  const totals = totalsByPart(sets);
  const isHidden = (i: number, c: string) =>
    rows[i]![c] === null && (rows[i]![FLAG_COLUMN] ?? 'none') !== 'none';
  for (const [fig, from] of Object.entries(schema.derived ?? {})) {
    rows.forEach((r, i) => {
      if (r[fig] === null || r[fig] === undefined) return;
      for (const src of from) {
        const bad =
          typeof src === 'string'
            ? schema.counts.includes(src) && isHidden(i, src)
            : (totals.get(`${src.totalOver}\u0001${i}`) ?? []).some((p) => isHidden(p, src.column));
        if (bad) {
          const what =
            typeof src === 'string' ? src : `${src.column} of its total over ${src.totalOver}`;
          findings.push({
            kind: 'derived_shown',
            row: i,
            column: fig,
            message: `${fig} is shown although ${what} is hidden`,
          });
        }
      }
    });
  }
  return findings;
}
