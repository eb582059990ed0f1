/**
 * One physical line of a CSV file split into fields, with the quoting rules DuckDB's reader
 * applies in strict mode: a field that starts with `"` is quoted and ends at a `"` that is not
 * doubled, which must be followed by the delimiter or the end of the line; a `"` inside a field
 * that does not start with one is an ordinary character. A record never spans lines: a quote
 * still open at the end of the line is an error of that line alone.
 */
export type SplitResult =
  | { ok: true; fields: string[] }
  | { ok: false; problem: 'unterminated-quote' | 'text-after-quote'; at: number };

/** Split `line` (without its line end) on `delimiter`. */
export function splitLine(line: string, delimiter: string): SplitResult {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line.charCodeAt(i) === 34 /* " */) {
      let value = '';
      let j = i + 1;
      for (;;) {
        const k = line.indexOf('"', j);
        if (k < 0) return { ok: false, problem: 'unterminated-quote', at: i };
        value += line.slice(j, k);
        if (line.charCodeAt(k + 1) === 34) {
          value += '"';
          j = k + 2;
          continue;
        }
        i = k + 1;
        break;
      }
      fields.push(value);
      if (i === line.length) return { ok: true, fields };
      if (!line.startsWith(delimiter, i)) return { ok: false, problem: 'text-after-quote', at: i };
      i += delimiter.length;
      continue;
    }
    const k = line.indexOf(delimiter, i);
    if (k < 0) {
      fields.push(line.slice(i));
      return { ok: true, fields };
    }
    fields.push(line.slice(i, k));
    i = k + delimiter.length;
  }
}

/** A field written for DuckDB's reader: empty stays empty (missing), anything else is quoted. */
export function quoteField(value: string): string {
  if (value === '') return '';
  return `"${value.replaceAll('"', '""')}"`;
}
