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

/**
 * An exact `sum(expr)` of a DOUBLE expression, returned as DOUBLE: every term is rounded to 18
 * decimal places (DECIMAL(38, 18), terms and sum below 10^20) and added as a 128-bit integer, so
 * the result is the same to the last bit whatever order the rows arrive in. DuckDB adds DOUBLEs in
 * the order its threads happen to deliver them, so a plain `sum` can differ in the last bits
 * between runs and between thread counts. `expr` (and the optional `filter`, a FILTER clause's
 * condition) are SQL written by felles, never user input.
 */
export function exactSum(expr: string, filter?: string): string {
  return `CAST(sum(CAST(${expr} AS DECIMAL(38, 18)))${filter ? ` FILTER (WHERE ${filter})` : ''} AS DOUBLE)`;
}
