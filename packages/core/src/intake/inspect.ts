import { createHash } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { InputDataError } from '../kernel/errors.js';

/** What a first streamed pass over an input file learned (one pass: hash, encoding, header). */
export interface FileFacts {
  path: string;
  sha256: string;
  bytes: number;
  format: 'csv' | 'parquet';
  /** CSV only: the file is valid UTF-8. */
  validUtf8: boolean;
  /** CSV only: the file has non-ASCII bytes. */
  nonAscii: boolean;
  /** CSV only: 1-based line of the first byte that is not valid UTF-8. */
  firstInvalidUtf8Line?: number;
  hasBom: boolean;
  /** CSV only: the raw bytes of the first line (without line end and BOM). */
  headerBytes: Buffer;
}

const MAX_HEADER = 1 << 20;

/**
 * Read a file once: SHA-256, size, Parquet magic, UTF-8 validity (native decoder per chunk; the
 * failing chunk is rescanned to find the line), and the header line. Bounded memory.
 */
export async function inspectFile(path: string): Promise<FileFacts> {
  if (!existsSync(path) || !statSync(path).isFile()) {
    throw new InputDataError('FILE_NOT_FOUND', 'no such file', { file: path });
  }
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let bytes = 0;
  let validUtf8 = true;
  let nonAscii = false;
  let firstInvalidUtf8Line: number | undefined;
  let linesBefore = 0;
  const header: Buffer[] = [];
  let headerLen = 0;
  let headerDone = false;
  let first4: Buffer | undefined;
  await new Promise<void>((resolve, reject) => {
    createReadStream(path, { highWaterMark: 1 << 20 })
      .on('data', (chunk) => {
        const buf = chunk as Buffer;
        hash.update(buf);
        if (!first4) first4 = Buffer.from(buf.subarray(0, 4));
        bytes += buf.length;
        if (!headerDone) {
          const nl = buf.indexOf(0x0a);
          const part = nl >= 0 ? buf.subarray(0, nl) : buf;
          header.push(Buffer.from(part));
          headerLen += part.length;
          if (nl >= 0 || headerLen > MAX_HEADER) headerDone = true;
        }
        if (!nonAscii && hasHighByte(buf)) nonAscii = true;
        if (validUtf8) {
          try {
            decoder.decode(buf, { stream: true });
          } catch {
            validUtf8 = false;
            firstInvalidUtf8Line = linesBefore + invalidLineInChunk(buf);
          }
          if (validUtf8) linesBefore += countNewlines(buf);
        }
      })
      .on('end', () => resolve())
      .on('error', reject);
  });
  if (validUtf8) {
    try {
      decoder.decode();
    } catch {
      validUtf8 = false;
      firstInvalidUtf8Line = linesBefore + 1;
    }
  }
  const isParquet = first4 !== undefined && first4.toString('latin1') === 'PAR1';
  let headerBytes = Buffer.concat(header);
  const hasBom =
    headerBytes.length >= 3 &&
    headerBytes[0] === 0xef &&
    headerBytes[1] === 0xbb &&
    headerBytes[2] === 0xbf;
  if (hasBom) headerBytes = headerBytes.subarray(3);
  if (headerBytes.length && headerBytes[headerBytes.length - 1] === 0x0d)
    headerBytes = headerBytes.subarray(0, -1);
  return {
    path,
    sha256: hash.digest('hex'),
    bytes,
    format: isParquet ? 'parquet' : 'csv',
    validUtf8,
    nonAscii,
    ...(firstInvalidUtf8Line !== undefined ? { firstInvalidUtf8Line } : {}),
    hasBom,
    headerBytes,
  };
}

function hasHighByte(buf: Buffer): boolean {
  for (let i = 0; i < buf.length; i++) if (buf[i]! >= 0x80) return true;
  return false;
}

function countNewlines(buf: Buffer): number {
  let n = 0;
  let i = buf.indexOf(0x0a);
  while (i >= 0) {
    n++;
    i = buf.indexOf(0x0a, i + 1);
  }
  return n;
}

/** 1-based line (within the chunk) of the first byte that breaks UTF-8. */
function invalidLineInChunk(buf: Buffer): number {
  let line = 1;
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    if (b === 0x0a) line++;
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xf0 && b <= 0xf4 ? 3 : b >= 0xe0 ? 2 : b >= 0xc2 && b <= 0xdf ? 1 : -1;
    if (need < 0) return line;
    for (let k = 1; k <= need; k++) {
      if (i + k >= buf.length) return line; // split at the chunk end: report here
      if ((buf[i + k]! & 0xc0) !== 0x80) return line;
    }
    i += need + 1;
  }
  return line;
}

/** Split a header line into field names, honouring double quotes. */
export function splitHeader(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

/** Delimiters felles detects, in order of preference on a tie. */
export const DELIMITERS = [';', ',', '\t', '|'] as const;
