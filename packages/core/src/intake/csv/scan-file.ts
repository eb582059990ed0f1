import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { decode, type TextEncoding } from '../encoding.js';
import { cutRaw } from '../rejects.js';
import { quoteField, splitLine } from './split-line.js';

/** The longest line felles reads (DuckDB's default `max_line_size`); longer lines are rejected. */
export const MAX_LINE_BYTES = 2_097_152;

/** What {@link scanCsvFile} wrote. */
export interface ScanResult {
  /** Clean copy: `line,"f1","f2",…` in UTF-8, one record per line. */
  cleanFile: string;
  /** Rejected lines: `line,"reason","raw"` in UTF-8. */
  rejectFile: string;
  rows: number;
  rejects: number;
}

/**
 * Read a CSV file line by line (physical lines, `\n` or `\r\n`): every line after the first
 * `skip` is split ({@link splitLine}) and either written to a clean copy, prefixed with its
 * physical line number and with every field quoted, or written to a reject file with the reason —
 * a quote that does not close on its line, text after a closing quote, a wrong number of fields,
 * a line longer than {@link MAX_LINE_BYTES}. Blank lines are skipped. One bad line never affects
 * another: the rows after it are read on. Bounded memory; both files go to `tempDir`.
 */
export async function scanCsvFile(
  file: string,
  options: {
    encoding: TextEncoding;
    delimiter: string;
    skip: number;
    fields: number;
    tempDir: string;
  },
): Promise<ScanResult> {
  mkdirSync(options.tempDir, { recursive: true });
  const stem = join(options.tempDir, `felles-scan-${randomBytes(6).toString('hex')}`);
  const out = new BufferedWriter(await open(`${stem}.csv`, 'w'));
  const rej = new BufferedWriter(await open(`${stem}-rejects.csv`, 'w'));
  const input = await open(file, 'r');
  const result: ScanResult = {
    cleanFile: `${stem}.csv`,
    rejectFile: `${stem}-rejects.csv`,
    rows: 0,
    rejects: 0,
  };
  try {
    const onLine = async (bytes: Buffer, lineNo: number, fullLength: number) => {
      if (lineNo <= options.skip) return;
      let end = bytes.length;
      if (end > 0 && bytes[end - 1] === 0x0d) end--;
      if (end === 0) return; // blank line
      const text = decode(bytes.subarray(0, end), options.encoding);
      if (fullLength > MAX_LINE_BYTES) {
        result.rejects++;
        const raw = cutRaw(text, fullLength, 'bytes');
        return rej.write(rejectLine(lineNo, `line longer than ${MAX_LINE_BYTES} bytes`, raw));
      }
      const split = splitLine(text, options.delimiter);
      if (!split.ok) {
        result.rejects++;
        const reason =
          split.problem === 'unterminated-quote'
            ? 'unterminated quote: a field opens with " and the line ends before it closes'
            : 'stray quote: text after the closing " of a quoted field';
        return rej.write(rejectLine(lineNo, reason, cutRaw(text)));
      }
      if (split.fields.length !== options.fields) {
        result.rejects++;
        return rej.write(
          rejectLine(
            lineNo,
            `wrong number of fields: expected ${options.fields}, found ${split.fields.length}`,
            cutRaw(text),
          ),
        );
      }
      result.rows++;
      return out.write(`${lineNo},${split.fields.map(quoteField).join(',')}\n`);
    };
    await forEachLine(input, onLine);
    await out.close();
    await rej.close();
  } catch (e) {
    await out.close().catch(() => undefined);
    await rej.close().catch(() => undefined);
    throw e;
  } finally {
    await input.close();
  }
  return result;
}

/** A line of the reject file; `raw` is already cut by {@link cutRaw}. */
function rejectLine(lineNo: number, reason: string, raw: string): string {
  return `${lineNo},${quoteField(reason)},${quoteField(raw)}\n`;
}

/**
 * Call `fn(bytes, lineNo, fullLength)` for every physical line of a file (without `\n`). A line
 * longer than {@link MAX_LINE_BYTES} is passed cut to its first bytes, with its full length.
 */
async function forEachLine(
  fh: FileHandle,
  fn: (bytes: Buffer, lineNo: number, fullLength: number) => Promise<void>,
): Promise<void> {
  const buf = Buffer.allocUnsafe(1 << 20);
  let parts: Buffer[] = [];
  let kept = 0; // bytes of the current line held in parts
  let length = 0; // full length of the current line
  let lineNo = 0;
  const take = (piece: Buffer) => {
    length += piece.length;
    const room = MAX_LINE_BYTES + 1 - kept;
    if (room > 0) {
      const p = Buffer.from(piece.subarray(0, room));
      parts.push(p);
      kept += p.length;
    }
  };
  const flush = async () => {
    lineNo++;
    const bytes = parts.length === 1 ? parts[0]! : Buffer.concat(parts);
    await fn(bytes, lineNo, length);
    parts = [];
    kept = 0;
    length = 0;
  };
  for (;;) {
    const { bytesRead } = await fh.read(buf, 0, buf.length, null);
    if (bytesRead === 0) break;
    const chunk = buf.subarray(0, bytesRead);
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, start)) {
      take(chunk.subarray(start, nl));
      await flush();
      start = nl + 1;
    }
    if (start < chunk.length) take(chunk.subarray(start));
  }
  if (length > 0) await flush();
}

/** Text written to a file in blocks of about 1 MiB. */
class BufferedWriter {
  private pending: string[] = [];
  private size = 0;
  constructor(private readonly fh: FileHandle) {}

  async write(text: string): Promise<void> {
    this.pending.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const text = this.pending.join('');
    this.pending = [];
    this.size = 0;
    await this.fh.write(text, null, 'utf8');
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.fh.close();
    }
  }
}
