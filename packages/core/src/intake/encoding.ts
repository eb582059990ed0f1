import { InputDataError, UsageError } from '../kernel/errors.js';
import type { FileFacts } from './inspect.js';

/** Text encodings felles reads: UTF-8 (with or without byte order mark) and ISO-8859-1. */
export type TextEncoding = 'utf-8' | 'latin-1';

/** Accepted spellings of an encoding given by the user, mapped to DuckDB's names. */
const ENCODING_ALIASES: Record<string, TextEncoding> = {
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
 * Parse a user's `--encoding` value. Throws a UsageError naming the accepted values for anything
 * else; `auto`, empty or undefined mean "detect" (undefined).
 */
export function parseEncoding(value: string | undefined): TextEncoding | undefined {
  if (value === undefined || value === '' || value.toLowerCase() === 'auto') return undefined;
  const enc = ENCODING_ALIASES[value.toLowerCase().replace(/_/g, '-')];
  if (!enc) {
    throw new UsageError(
      'UNKNOWN_ENCODING',
      `unknown encoding "${value}"; use utf-8 or latin-1 (ISO-8859-1), or leave it out to detect it`,
      { encoding: value },
    );
  }
  return enc;
}

/**
 * The encoding to read an inspected text file with: the one asked for (`want`), checked against
 * the file, or detected (`auto`): UTF-8 when the whole file is valid UTF-8, otherwise ISO-8859-1.
 *
 * Throws `InputDataError`: `UNKNOWN_ENCODING` for UTF-16/UTF-32 (byte order mark, or NUL bytes in
 * every other byte) and for other files with NUL bytes (binary); `WRONG_ENCODING` when UTF-8 is
 * asked for and the file is not UTF-8 (naming the first line that is not), or ISO-8859-1 is asked
 * for and the file is UTF-8 with letters beyond ASCII (they would be garbled).
 */
export function decideEncoding(
  facts: FileFacts,
  want: TextEncoding | 'auto' | undefined,
): TextEncoding {
  const file = facts.path;
  if (facts.bom && facts.bom !== 'utf-8') {
    const utf = facts.bom.startsWith('utf-16') ? 'UTF-16' : 'UTF-32';
    throw new InputDataError(
      'UNKNOWN_ENCODING',
      `the file is ${utf} (byte order mark ${facts.bom.endsWith('le') ? 'FF FE' : 'FE FF'}); save it as UTF-8 or ISO-8859-1 and try again`,
      { file, line: 1 },
    );
  }
  if (facts.utf16NoBom)
    throw new InputDataError(
      'UNKNOWN_ENCODING',
      'the file is UTF-16 (no byte order mark: every other byte is NUL); save it as UTF-8 or ISO-8859-1 and try again',
      { file, line: 1 },
    );
  if (facts.firstNulLine !== undefined)
    throw new InputDataError(
      'UNKNOWN_ENCODING',
      'the file contains NUL bytes: it is not text in UTF-8 or ISO-8859-1 (a binary file, or UTF-16?)',
      { file, line: facts.firstNulLine },
    );
  if (want === 'utf-8') {
    if (!facts.validUtf8)
      throw new InputDataError(
        'WRONG_ENCODING',
        'the file is not valid UTF-8 (it looks like ISO-8859-1); pass --encoding latin-1, or leave --encoding out to detect it',
        {
          file,
          ...(facts.firstInvalidUtf8Line !== undefined ? { line: facts.firstInvalidUtf8Line } : {}),
        },
      );
    return 'utf-8';
  }
  if (want === 'latin-1') {
    if (facts.validUtf8 && facts.nonAscii)
      throw new InputDataError(
        'WRONG_ENCODING',
        'the file is UTF-8 but ISO-8859-1 (latin-1) was given; letters like æ, ø, å would be garbled: pass --encoding utf-8 or leave --encoding out to detect it',
        { file },
      );
    return 'latin-1';
  }
  return facts.validUtf8 ? 'utf-8' : 'latin-1';
}

/** Bytes decoded as text in `encoding`. */
export function decode(bytes: Buffer, encoding: TextEncoding): string {
  return encoding === 'utf-8' ? bytes.toString('utf8') : bytes.toString('latin1');
}
