import { InputDataError } from '../../kernel/errors.js';
import { decideEncoding, type TextEncoding } from '../encoding.js';
import { inspectFile, splitHeader } from '../inspect.js';

/** Text encodings felles reads. SSB exports are UTF-8 (API, newer StatBank) or ISO-8859-1. */
export type SsbEncoding = TextEncoding;

/** File formats SSB users download. */
export type SsbFormat = 'statbank-csv' | 'api-csv' | 'json-stat2';

/**
 * Detect the encoding of a text file: UTF-8 (with or without BOM) when every byte sequence is
 * valid UTF-8, otherwise ISO-8859-1. The whole file is scanned (streamed), because SSB's
 * Latin-1 exports are often pure ASCII for thousands of lines before the first "ø".
 * UTF-16/UTF-32 files (BOM or NUL bytes) are refused with `UNKNOWN_ENCODING`.
 */
export async function detectEncoding(file: string): Promise<SsbEncoding> {
  return (await scanEncoding(file)).encoding;
}

/**
 * Like {@link detectEncoding}, and also the 1-based line of the first byte sequence that is not
 * UTF-8 (for a file that is ISO-8859-1). One pass of the intake's file inspection.
 */
export async function scanEncoding(
  file: string,
): Promise<{ encoding: SsbEncoding; firstNonUtf8Line?: number }> {
  const facts = await inspectFile(file);
  const encoding = decideEncoding(facts, 'auto');
  return encoding === 'utf-8' || facts.firstInvalidUtf8Line === undefined
    ? { encoding }
    : { encoding, firstNonUtf8Line: facts.firstInvalidUtf8Line };
}

/** How often `delim` separates fields outside quotes. */
function countDelims(line: string, delim: string): number {
  return splitHeader(line, delim).length - 1;
}

/** What {@link sniffCsv} found out about a CSV file's layout. */
export interface CsvLayout {
  format: SsbFormat;
  delimiter: string;
  /** Title line of a StatBank export ("07459: Population, by region, …"), if any. */
  title?: string;
  /** 1-based physical line number of the header. */
  headerLine: number;
  header: string[];
}

/**
 * Find the header of an SSB CSV: a StatBank export starts with a quoted title line and a blank
 * line; an API CSV starts with the header. The delimiter is the one of `;`, `,`, tab that splits
 * the header into most fields (or the override).
 */
export function sniffCsv(file: string, head: string, delimiter?: string): CsvLayout {
  const lines = head.split(/\r?\n/);
  let i = 0;
  while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  let title: string | undefined;
  const firstLine = lines[i] ?? '';
  const next = lines[i + 1] ?? '';
  const delimiters = delimiter ? [delimiter] : [';', ',', '\t'];
  const isTitle = (l: string) =>
    /^"[^"]*"$/.test(l.trim()) || delimiters.every((d) => countDelims(l, d) === 0);
  if (isTitle(firstLine) && next.trim() === '' && lines.length > i + 2) {
    title = firstLine.trim().replace(/^"|"$/g, '');
    i += 1;
    while (i < lines.length && (lines[i] ?? '').trim() === '') i++;
  }
  const headerText = lines[i] ?? '';
  let best = delimiters[0] as string;
  let bestN = -1;
  for (const d of delimiters) {
    const n = countDelims(headerText, d);
    if (n > bestN) {
      best = d;
      bestN = n;
    }
  }
  if (bestN < 1) {
    throw new InputDataError(
      'WRONG_DELIMITER',
      `the header has only one field: no ${delimiters.map(showDelim).join(', ')} found; SSB files are separated by ";" (StatBank) or "," (API) — pass --delimiter if the file uses another one`,
      { file, line: i + 1, value: headerText },
    );
  }
  return {
    format: title !== undefined ? 'statbank-csv' : 'api-csv',
    delimiter: best,
    title,
    headerLine: i + 1,
    header: splitHeader(headerText, best),
  };
}

/** `;` → `";"`, tab → `tab`, for messages. */
export function showDelim(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}
