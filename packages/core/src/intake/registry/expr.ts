import { str } from '../../kernel/sql.js';
import { icd10Chapters } from '../../reference/icd10-chapters.js';

/**
 * SQL expression builders for parsing and normalising staged text columns. Arguments are SQL
 * expressions built by felles itself (quoted identifiers), never user input.
 */

/** `YYYY-MM-DD`, `DD.MM.YYYY`, `YYYY-MM-DD HH:MM:SS` (Parquet timestamps) or `YYYYMMDD` → DATE; NULL when unparseable. */
export function dateExpr(x: string): string {
  return `CAST(coalesce(try_strptime(${x}, '%Y-%m-%d'), try_strptime(${x}, '%d.%m.%Y'), try_strptime(${x}, '%Y-%m-%d %H:%M:%S'), try_strptime(${x}, '%Y%m%d')) AS DATE)`;
}

/** `HH:MM`, `HH:MM:SS` or `HHMM` → TIME; NULL when unparseable. */
export function timeExpr(x: string): string {
  return `CAST(coalesce(try_strptime(${x}, '%H:%M:%S'), try_strptime(${x}, '%H:%M'), try_strptime(${x}, '%H%M')) AS TIME)`;
}

/** Whole number (allows `3.0`); NULL when unparseable. */
export function intExpr(x: string): string {
  return `coalesce(TRY_CAST(${x} AS INTEGER), CAST(TRY_CAST(${x} AS DOUBLE) AS INTEGER))`;
}

/** Decimal number with `.` or `,` as decimal mark. */
export function numExpr(x: string): string {
  return `TRY_CAST(replace(${x}, ',', '.') AS DOUBLE)`;
}

/** Registry sex code → 'M' | 'F' | NULL (0, 9 and missing are unknown). */
export function sexExpr(x: string): string {
  return `CASE ${x} WHEN '1' THEN 'M' WHEN '2' THEN 'F' WHEN 'M' THEN 'M' WHEN 'K' THEN 'F' WHEN 'F' THEN 'F' ELSE NULL END`;
}

/** TRUE when a sex code is present but not one of 0, 1, 2, 9 (M/K/F also accepted). */
export function sexInvalid(x: string): string {
  return `(${x} IS NOT NULL AND ${x} NOT IN ('0', '1', '2', '9', 'M', 'K', 'F'))`;
}

/** ICD-10 / ICPC-2 normalisation: upper case, no dot, no spaces, no dagger/asterisk marks. */
export function codeNorm(x: string): string {
  return `NULLIF(regexp_replace(upper(${x}), '[.\\s*†+]', '', 'g'), '')`;
}

/**
 * Is a normalised ICD-10 code well formed (letter, two digits, up to four more characters) with
 * its 3-character category inside an ICD-10 chapter range (definitions/ingest/icd10-chapters.csv)?
 * One regular expression, generated from the chapter ranges (no per-range comparisons).
 */
export function icd10Valid(x: string): string {
  return `regexp_full_match(${x}, ${str(`${icd10CategoryRegex()}[0-9A-Z]{0,4}`)})`;
}

/** Are all codes of a VARCHAR[] valid ICD-10 (an empty list is)? Vectorised: one regex over the joined list. */
export function icd10AllValid(list: string): string {
  const one = `${icd10CategoryRegex()}[0-9A-Z]{0,4}`;
  return `(len(${list}) = 0 OR regexp_full_match(array_to_string(${list}, ' '), ${str(`${one}( ${one})*`)}))`;
}

let categoryRegex: string | undefined;
/** `(?:A(?:0[0-9]|…)|B(?:…)|…)`: the valid 3-character categories of the chapter ranges. */
export function icd10CategoryRegex(): string {
  if (categoryRegex) return categoryRegex;
  const valid = new Set<string>();
  for (const { first, last } of icd10Chapters()) {
    for (let c = first.charCodeAt(0); c <= last.charCodeAt(0); c++) {
      const letter = String.fromCharCode(c);
      for (let n = 0; n < 100; n++) {
        const cat = `${letter}${String(n).padStart(2, '0')}`;
        if (cat >= first && cat <= last) valid.add(cat);
      }
    }
  }
  const parts: string[] = [];
  for (let c = 65; c <= 90; c++) {
    const letter = String.fromCharCode(c);
    const tens: string[] = [];
    for (let t = 0; t < 10; t++) {
      const units = [...Array(10).keys()].filter((u) => valid.has(`${letter}${t}${u}`));
      if (units.length === 10) tens.push(`${t}[0-9]`);
      else if (units.length) tens.push(`${t}[${units.join('')}]`);
    }
    if (tens.length === 10 && tens.every((x) => x.endsWith('[0-9]')))
      parts.push(`${letter}[0-9]{2}`);
    else if (tens.length) parts.push(`${letter}(?:${tens.join('|')})`);
  }
  categoryRegex = `(?:${parts.join('|')})`;
  return categoryRegex;
}

/** Is a normalised ICPC-2 code well formed (chapter letter + component 01–99, optional ICPC-2B extension)? */
export function icpc2Valid(x: string): string {
  return `regexp_full_match(${x}, '[ABDFHKLNPRSTUWXYZ](0[1-9]|[1-9][0-9])[0-9A-Z]{0,3}')`;
}

/** Birth year plausibility: 1890 … the year of the record. */
export function birthYearOk(by: string, year: string): string {
  return `(${by} BETWEEN 1890 AND coalesce(${year}, 2100))`;
}

/** A problem struct for the rejects list, or NULL when `cond` is false. */
export function problem(cond: string, column: string, raw: string, reason: string): string {
  return `CASE WHEN ${cond} THEN {'column_name': ${str(column)}, 'raw_value': CAST(${raw} AS VARCHAR), 'reason': ${str(reason)}} END`;
}

/**
 * A value the file gives that could not be read: `raw` (the file's column) is not NULL but
 * `parsed` (its reading) is. The reject names `column` and shows the raw value.
 */
export function unreadable(raw: string, column: string, parsed: string, reason: string): string {
  return problem(`${raw} IS NOT NULL AND ${parsed} IS NULL`, column, raw, reason);
}

/** `list_filter([p1, p2, …], x -> x IS NOT NULL)`. */
export function problems(list: string[]): string {
  return list.length
    ? `list_filter([${list.join(', ')}], p -> p IS NOT NULL)`
    : `CAST([] AS STRUCT(column_name VARCHAR, raw_value VARCHAR, reason VARCHAR)[])`;
}
