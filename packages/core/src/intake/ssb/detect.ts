import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputDataError, UsageError } from '../../kernel/errors.js';

/** Text encodings felles reads. SSB exports are UTF-8 (API, newer StatBank) or ISO-8859-1. */
export type SsbEncoding = 'utf-8' | 'latin-1';

/** File formats SSB users download. */
export type SsbFormat = 'statbank-csv' | 'api-csv' | 'json-stat2';

/** Accepted spellings of an encoding override, mapped to DuckDB's names. */
const ENCODING_ALIASES: Record<string, SsbEncoding> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-8-bom': 'utf-8',
  'latin-1': 'latin-1',
  latin1: 'latin-1',
  'iso-8859-1': 'latin-1',
  'iso8859-1': 'latin-1',
  iso88591: 'latin-1',
};

/**
 * Parse a user's `--encoding` value. Throws a UsageError naming the accepted values for
 * anything else (`auto` or undefined mean "detect").
 */
export function parseEncoding(value: string | undefined): SsbEncoding | undefined {
  if (value === undefined || value === '' || value.toLowerCase() === 'auto') return undefined;
  const enc = ENCODING_ALIASES[value.toLowerCase()];
  if (!enc) {
    throw new UsageError(
      'UNKNOWN_ENCODING',
      `unknown encoding "${value}"; use utf-8 or latin-1 (ISO-8859-1), or leave it out to detect it`,
      {
        encoding: value,
      },
    );
  }
  return enc;
}

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
 * UTF-8 (for a file that is ISO-8859-1).
 */
export async function scanEncoding(
  file: string,
): Promise<{ encoding: SsbEncoding; firstNonUtf8Line?: number }> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  let bad: number | undefined;
  let line = 1;
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (first) {
        first = false;
        if ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff)) {
          throw new InputDataError(
            'UNKNOWN_ENCODING',
            'the file is UTF-16 (byte order mark FF FE / FE FF); save it as UTF-8 or ISO-8859-1 and try again',
            { file, line: 1 },
          );
        }
      }
      const nul = chunk.indexOf(0);
      if (nul >= 0) {
        throw new InputDataError(
          'UNKNOWN_ENCODING',
          'the file contains NUL bytes: it is not text in UTF-8 or ISO-8859-1 (UTF-16 or a binary file?)',
          { file, line: line + countNewlines(chunk, nul) },
        );
      }
      if (bad === undefined) {
        try {
          decoder.decode(chunk, { stream: true });
        } catch {
          bad = line + firstBadLine(chunk);
        }
      }
      line += countNewlines(chunk, chunk.length);
    }
    if (bad === undefined) {
      try {
        decoder.decode();
      } catch {
        bad = line;
      }
    }
  } finally {
    stream.destroy();
  }
  return bad === undefined ? { encoding: 'utf-8' } : { encoding: 'latin-1', firstNonUtf8Line: bad };
}

/** 0-based index of the first line of `chunk` that is not valid UTF-8. */
function firstBadLine(chunk: Buffer): number {
  let start = 0;
  for (let i = 0; ; i++) {
    const nl = chunk.indexOf(10, start);
    const end = nl < 0 ? chunk.length : nl;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(chunk.subarray(start, end));
    } catch {
      return i;
    }
    if (nl < 0) return i;
    start = nl + 1;
  }
}

function countNewlines(buf: Buffer, end: number): number {
  let n = 0;
  let i = buf.indexOf(10);
  while (i >= 0 && i < end) {
    n++;
    i = buf.indexOf(10, i + 1);
  }
  return n;
}

/** The first `bytes` of a file decoded as text (BOM removed). */
export async function readHead(
  file: string,
  encoding: SsbEncoding,
  bytes = 65536,
): Promise<string> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(bytes);
    const { bytesRead } = await fh.read(buf, 0, bytes, 0);
    let b = buf.subarray(0, bytesRead);
    if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
    return encoding === 'utf-8' ? new TextDecoder('utf-8').decode(b) : b.toString('latin1');
  } finally {
    await fh.close();
  }
}

/** Split one CSV line on `delim`, honouring double quotes (`""` inside quotes is a quote). */
export function splitCsvLine(line: string, delim: string): string[] {
  const out: string[] = [];
  let cur = '';
  let q = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (q) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          cur += '"';
          i++;
        } else q = false;
      } else cur += ch;
    } else if (ch === '"') q = true;
    else if (ch === delim) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out.map((s) => s.trim());
}

/** How often `delim` occurs outside quotes. */
function countDelims(line: string, delim: string): number {
  let n = 0;
  let q = false;
  for (const ch of line) {
    if (ch === '"') q = !q;
    else if (!q && ch === delim) n++;
  }
  return n;
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
    header: splitCsvLine(headerText, best),
  };
}

/** `;` → `";"`, tab → `tab`, for messages. */
export function showDelim(d: string): string {
  return d === '\t' ? 'tab' : `"${d}"`;
}
