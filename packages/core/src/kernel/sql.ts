/**
 * All SQL escaping lives here. Values reach SQL as bound parameters or through `lit()`;
 * identifiers through `ident()`; file paths through `path()`. Nothing else in the code base
 * splices a string into SQL.
 */

/** Quote an identifier (table or column name) for DuckDB: `"na""me"`. */
export function ident(name: string): string {
  if (name.includes('\u0000')) throw new Error('identifier contains a NUL character');
  return `"${name.replace(/"/g, '""')}"`;
}

/** Quote a qualified name `schema.table` part by part. */
export function qualified(...parts: string[]): string {
  return parts.map(ident).join('.');
}

/** A SQL literal for a JavaScript value: strings quoted, numbers checked finite, null as NULL. */
export function lit(value: string | number | bigint | boolean | null | undefined | Date): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`not a finite number: ${value}`);
    return String(value);
  }
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return `DATE ${str(value.toISOString().slice(0, 10))}`;
  return str(value);
}

/** A quoted string literal: `'it''s'`. */
export function str(s: string): string {
  if (s.includes('\u0000')) throw new Error('string contains a NUL character');
  return `'${s.replace(/'/g, "''")}'`;
}

/** A file path as a string literal, for `read_csv(...)`, `COPY ... TO ...`, `ATTACH ...`. */
export function path(p: string): string {
  return str(p);
}

/** A list literal `['a', 'b']` for DuckDB list values. */
export function list(values: ReadonlyArray<string | number>): string {
  return `[${values.map((v) => lit(v)).join(', ')}]`;
}

/** `(a, b, c)` of literals, for `IN` lists. Empty list becomes `(NULL)` which matches nothing. */
export function inList(values: ReadonlyArray<string | number>): string {
  return values.length ? `(${values.map((v) => lit(v)).join(', ')})` : '(NULL)';
}

/** An integer literal, refused unless it is a safe integer. */
export function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not an integer: ${n}`);
  return String(n);
}

/** 2^60 as a SQL DOUBLE: the fixed-point scale of {@link exactSum}. */
const FIXED = 'CAST(1152921504606846976 AS DOUBLE)';

/** `expr` as a 128-bit integer of 2^-60 units (exact for every |x| ≥ 2^-8 below 2^67). */
const fixedPoint = (expr: string) => `CAST(CAST((${expr}) AS DOUBLE) * ${FIXED} AS HUGEINT)`;

/**
 * `sum(expr)` of a DOUBLE expression that does not depend on the order rows arrive in: each term
 * is turned into a 128-bit integer count of 2^-60 (exact for every value from 2^-8 up, within
 * 2^-61 below), the integers are added exactly, and the total is turned back into a DOUBLE
 * (integer totals below 2^53 come back exact). DuckDB adds DOUBLEs in the order its threads
 * happen to deliver them, so a plain `sum` can differ in the last bits between runs and between
 * thread counts. Totals must stay below 2^67 (about 1.5·10^20). `expr` (and the optional
 * `filter`, a FILTER clause's condition) are SQL written by felles, never user input.
 */
export function exactSum(expr: string, filter?: string): string {
  return `(CAST(sum(${fixedPoint(expr)})${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE) / ${FIXED})`;
}

/** {@link exactSum} as a window function: `sum(expr) OVER <window>` without order dependence. */
export function exactWindowSum(expr: string, window: string): string {
  return `(CAST(sum(${fixedPoint(expr)}) OVER ${window} AS DOUBLE) / ${FIXED})`;
}
