import { isAscii, isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { type BigIntStats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InputDataError } from '../kernel/errors.js';

/** Identity of a file on disk: changes when the file is written to, replaced or removed. */
export interface FileFingerprint {
  dev: string;
  ino: string;
  size: string;
  mtimeNs: string;
  ctimeNs: string;
}

/** A byte order mark at the start of a file. */
export type ByteOrderMark = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/**
 * What one streamed pass over an input file learned: its hash and identity, its format, and for
 * text its encoding and line structure. Every file that enters a workspace is inspected once.
 */
export interface FileFacts {
  /** Absolute path. */
  path: string;
  sha256: string;
  bytes: number;
  /** Identity when it was hashed; {@link assertUnchanged} compares it before the load commits. */
  fingerprint: FileFingerprint;
  /** `parquet` (magic bytes), `json` (first character `{` or `[`), otherwise `csv` (text). */
  format: 'csv' | 'parquet' | 'json';
  bom: ByteOrderMark | null;
  /** Text: the whole file is valid UTF-8. */
  validUtf8: boolean;
  /** Text: the file has bytes above 127. */
  nonAscii: boolean;
  /** Text: 1-based line of the first byte that is not valid UTF-8. */
  firstInvalidUtf8Line?: number;
  /** Text: 1-based line of the first NUL byte (UTF-16 without a byte order mark, or binary). */
  firstNulLine?: number;
  /** Text: the file looks like UTF-16 without a byte order mark (NUL in every other byte). */
  utf16NoBom: boolean;
  /** Text: physical lines (a last line without a line end counts). */
  lines: number;
  /** Text: 1-based number of the last line that is empty (or only a carriage return); 0 if none. */
  lastBlankLine: number;
  /** Text: bytes of the longest line. */
  longestLine: number;
  /** The first 64 KiB without the byte order mark. */
  head: Buffer;
  /** Text: the first line without line end and byte order mark (at most 1 MiB). */
  headerBytes: Buffer;
  /** Kept for callers of the earlier inspector: `bom === 'utf-8'`. */
  hasBom: boolean;
}

const CHUNK = 1 << 20;
const HEAD = 1 << 16;

/**
 * Read a file once, in bounded memory: SHA-256, size, identity, format (Parquet magic, JSON), byte
 * order mark, UTF-8 validity and the line of the first invalid byte, NUL bytes, the number of
 * physical lines, blank lines, the longest line and the first 64 KiB.
 *
 * Throws `InputDataError` `FILE_NOT_FOUND` (no such file), `NOT_A_FILE` (a directory or a device),
 * `UNREADABLE_FILE` (no permission) and `FILE_CHANGED` (written to while it was read).
 */
export async function inspectFile(file: string): Promise<FileFacts> {
  const path = resolve(file);
  await checkIsFile(path);
  const fh = await open(path, 'r').catch((e: unknown) => {
    throw fileError(path, e);
  });
  try {
    const before = fingerprintOf(await fh.stat({ bigint: true }));
    const scan = new Scan();
    const buf = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const { bytesRead } = await fh.read(buf, 0, CHUNK, null);
      if (bytesRead === 0) break;
      scan.push(buf.subarray(0, bytesRead));
    }
    const after = fingerprintOf(await fh.stat({ bigint: true }));
    if (!sameFingerprint(before, after)) throw changedError(path);
    return scan.facts(path, before);
  } finally {
    await fh.close();
  }
}

async function checkIsFile(path: string): Promise<void> {
  let st;
  try {
    st = await stat(path);
  } catch (e) {
    throw fileError(path, e);
  }
  if (st.isDirectory())
    throw new InputDataError('NOT_A_FILE', 'this is a folder (directory), not a file', {
      file: path,
    });
  if (!st.isFile())
    throw new InputDataError(
      'NOT_A_FILE',
      'this is not a regular file (a device, pipe or socket); give the path of an extract file',
      { file: path },
    );
}

function fileError(path: string, e: unknown): InputDataError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return new InputDataError('FILE_NOT_FOUND', 'no such file', { file: path });
  if (code === 'EACCES' || code === 'EPERM')
    return new InputDataError(
      'UNREADABLE_FILE',
      'felles may not read this file (permission denied)',
      {
        file: path,
      },
    );
  if (code === 'EISDIR')
    return new InputDataError('NOT_A_FILE', 'this is a folder (directory), not a file', {
      file: path,
    });
  return new InputDataError('UNREADABLE_FILE', `the file cannot be read: ${(e as Error).message}`, {
    file: path,
  });
}

function changedError(path: string): InputDataError {
  return new InputDataError(
    'FILE_CHANGED',
    'the file was changed, replaced or removed while felles read it; nothing was loaded. Load it again once nothing writes to it',
    { file: path },
  );
}

function fingerprintOf(st: BigIntStats): FileFingerprint {
  return {
    dev: String(st.dev),
    ino: String(st.ino),
    size: String(st.size),
    mtimeNs: String(st.mtimeNs),
    ctimeNs: String(st.ctimeNs),
  };
}

function sameFingerprint(a: FileFingerprint, b: FileFingerprint): boolean {
  return (
    a.dev === b.dev &&
    a.ino === b.ino &&
    a.size === b.size &&
    a.mtimeNs === b.mtimeNs &&
    a.ctimeNs === b.ctimeNs
  );
}

/**
 * Check, just before a load commits, that an inspected file is still the one that was hashed (same
 * identity, size and change time): the hash recorded is then the hash of the bytes loaded. Throws
 * `InputDataError` `FILE_CHANGED` otherwise.
 */
export async function assertUnchanged(
  facts: Pick<FileFacts, 'path' | 'fingerprint'>,
): Promise<void> {
  let now: FileFingerprint;
  try {
    now = fingerprintOf(await stat(facts.path, { bigint: true }));
  } catch {
    throw changedError(facts.path);
  }
  if (!sameFingerprint(now, facts.fingerprint)) throw changedError(facts.path);
}

/** The streamed state of {@link inspectFile}. */
class Scan {
  private readonly hash = createHash('sha256');
  private bytes = 0;
  private readonly headParts: Buffer[] = [];
  private headLen = 0;
  private lineStart = 0; // offset of the current line's first byte
  private newlines = 0;
  private lastByte = -1;
  private prevNl = -1; // offset of the previous newline
  private lastBlank = 0;
  private longest = 0;
  private validUtf8 = true;
  private carry: Buffer = Buffer.alloc(0); // an incomplete UTF-8 sequence at a chunk end
  private nonAscii = false;
  private firstInvalid?: number;
  private firstNul?: number;

  push(chunk: Buffer): void {
    this.hash.update(chunk);
    if (this.headLen < HEAD) {
      const part = Buffer.from(chunk.subarray(0, HEAD - this.headLen));
      this.headParts.push(part);
      this.headLen += part.length;
    }
    if (!this.nonAscii && !isAscii(chunk)) this.nonAscii = true;
    if (this.firstNul === undefined) {
      const nul = chunk.indexOf(0);
      if (nul >= 0) this.firstNul = this.newlines + 1 + countNewlines(chunk, 0, nul);
    }
    if (this.validUtf8) this.checkUtf8(chunk);
    this.countLines(chunk);
    this.bytes += chunk.length;
    this.lastByte = chunk[chunk.length - 1]!;
  }

  private checkUtf8(chunk: Buffer): void {
    const data = this.carry.length ? Buffer.concat([this.carry, chunk]) : chunk;
    const keep = incompleteTail(data);
    const body = data.subarray(0, data.length - keep);
    if (!isUtf8(body)) {
      this.validUtf8 = false;
      // Lines before this chunk (the carried bytes hold no line end), plus the line within it.
      this.firstInvalid = this.newlines + invalidLine(body);
      return;
    }
    this.carry = Buffer.from(data.subarray(data.length - keep));
  }

  private countLines(chunk: Buffer): void {
    let i = chunk.indexOf(0x0a);
    while (i >= 0) {
      const at = this.bytes + i;
      const len = at - this.lineStart;
      if (len > this.longest) this.longest = len;
      const start = this.prevNl + 1;
      if (
        at === start ||
        (at === start + 1 && byteAt(chunk, this.bytes, start, this.lastByte) === 0x0d)
      )
        this.lastBlank = this.newlines + 1;
      this.prevNl = at;
      this.lineStart = at + 1;
      this.newlines++;
      i = chunk.indexOf(0x0a, i + 1);
    }
  }

  facts(path: string, fingerprint: FileFingerprint): FileFacts {
    if (this.validUtf8 && this.carry.length) {
      this.validUtf8 = false;
      this.firstInvalid = this.newlines + 1;
    }
    const tailLen = this.bytes - this.lineStart;
    if (tailLen > this.longest) this.longest = tailLen;
    const lines = this.newlines + (this.bytes > this.lineStart ? 1 : 0);
    let head = Buffer.concat(this.headParts);
    const bom = byteOrderMark(head);
    if (bom) head = head.subarray(bom === 'utf-8' ? 3 : bom.startsWith('utf-16') ? 2 : 4);
    const isParquet = head.length >= 4 && head.subarray(0, 4).toString('latin1') === 'PAR1';
    const firstChar = /\S/.exec(head.subarray(0, 256).toString('latin1'))?.[0];
    const nl = head.indexOf(0x0a);
    let headerBytes = nl >= 0 ? head.subarray(0, nl) : head;
    if (headerBytes[headerBytes.length - 1] === 0x0d) headerBytes = headerBytes.subarray(0, -1);
    return {
      path,
      sha256: this.hash.digest('hex'),
      bytes: this.bytes,
      fingerprint,
      format: isParquet ? 'parquet' : firstChar === '{' || firstChar === '[' ? 'json' : 'csv',
      bom,
      validUtf8: this.validUtf8,
      nonAscii: this.nonAscii,
      ...(this.firstInvalid !== undefined ? { firstInvalidUtf8Line: this.firstInvalid } : {}),
      ...(this.firstNul !== undefined ? { firstNulLine: this.firstNul } : {}),
      utf16NoBom: !bom && looksUtf16(head),
      lines,
      lastBlankLine: this.lastBlank,
      longestLine: this.longest,
      head,
      headerBytes: Buffer.from(headerBytes),
      hasBom: bom === 'utf-8',
    };
  }
}

/** The byte at absolute offset `at`: in this chunk (which starts at `chunkStart`) or the last one. */
function byteAt(chunk: Buffer, chunkStart: number, at: number, lastByte: number): number {
  return at >= chunkStart ? chunk[at - chunkStart]! : lastByte;
}

function byteOrderMark(b: Buffer): ByteOrderMark | null {
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) return 'utf-8';
  if (b[0] === 0xff && b[1] === 0xfe && b[2] === 0 && b[3] === 0) return 'utf-32le';
  if (b[0] === 0 && b[1] === 0 && b[2] === 0xfe && b[3] === 0xff) return 'utf-32be';
  if (b[0] === 0xff && b[1] === 0xfe) return 'utf-16le';
  if (b[0] === 0xfe && b[1] === 0xff) return 'utf-16be';
  return null;
}

/** NUL in at least 40 % of the even or of the odd bytes of the first KiB: UTF-16 text. */
function looksUtf16(head: Buffer): boolean {
  const n = Math.min(head.length, 1024);
  if (n < 8) return false;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i++) {
    if (head[i] !== 0) continue;
    if (i % 2) odd++;
    else even++;
  }
  return even > 0.4 * (n / 2) || odd > 0.4 * (n / 2);
}

/** Bytes at the end of `b` that start a UTF-8 sequence which the next chunk may complete. */
function incompleteTail(b: Buffer): number {
  for (let k = 1; k <= 3 && k <= b.length; k++) {
    const x = b[b.length - k]!;
    if ((x & 0xc0) === 0x80) continue; // continuation byte: look further back
    const need = x >= 0xf0 ? 4 : x >= 0xe0 ? 3 : x >= 0xc0 ? 2 : 1;
    return need > k ? k : 0;
  }
  return 0;
}

function countNewlines(buf: Buffer, from: number, end: number): number {
  let n = 0;
  let i = buf.indexOf(0x0a, from);
  while (i >= 0 && i < end) {
    n++;
    i = buf.indexOf(0x0a, i + 1);
  }
  return n;
}

/** 1-based line (within `buf`) of the first byte that breaks UTF-8. */
function invalidLine(buf: Buffer): number {
  let start = 0;
  for (let line = 1; ; line++) {
    const nl = buf.indexOf(0x0a, start);
    const end = nl < 0 ? buf.length : nl;
    if (!isUtf8(buf.subarray(start, end))) return line;
    if (nl < 0) return line;
    start = nl + 1;
  }
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
