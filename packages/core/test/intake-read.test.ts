import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ingestRegistry, InputDataError, type Workspace } from '../src/internal.js';
import { splitLine } from '../src/intake/csv/split-line.js';
import { inspectFile } from '../src/intake/inspect.js';
import { freshWorkspace, fx, tempDir } from './fixtures/registry/helpers.js';

let ws: Workspace | undefined;
afterEach(() => {
  ws?.close();
  ws = undefined;
});

const dir = () => tempDir('felles-intake-read-');
function write(name: string, content: string | Buffer): string {
  const f = join(dir(), name);
  writeFileSync(f, content);
  return f;
}

const LINK_HEADER = 'npr_lopenr;kpr_lnr';

describe('splitLine: the quoting rules of one physical line', () => {
  it('splits plain, quoted and doubled-quote fields; a quote inside an unquoted field is a character', () => {
    expect(splitLine('a;b;c', ';')).toEqual({ ok: true, fields: ['a', 'b', 'c'] });
    expect(splitLine('"a;b";"say ""hi""";', ';')).toEqual({
      ok: true,
      fields: ['a;b', 'say "hi"', ''],
    });
    expect(splitLine('K"2;x', ';')).toEqual({ ok: true, fields: ['K"2', 'x'] });
    expect(splitLine('', ';')).toEqual({ ok: true, fields: [''] });
  });

  it('an opening quote that does not close on the line, or text after a closing quote, is an error', () => {
    expect(splitLine('P2;"K2', ';')).toEqual({ ok: false, problem: 'unterminated-quote', at: 3 });
    expect(splitLine('"P2;K2', ';')).toEqual({ ok: false, problem: 'unterminated-quote', at: 0 });
    expect(splitLine('"ab"c;d', ';')).toEqual({ ok: false, problem: 'text-after-quote', at: 4 });
  });
});

describe('every row accounted for: one reject on its true line, the rows after it read on', () => {
  // Five data rows (lines 2–6); line 4 is broken in each file.
  const rows = (bad: string) =>
    [LINK_HEADER, 'P1;K1', 'P2;K2', bad, 'P4;K4', 'P5;K5', ''].join('\n');
  const cases: [string, string, RegExp][] = [
    ['stray quote', '"P3;K3', /^unterminated quote/],
    ['quote closed mid-field', '"P3"x;K3', /^stray quote/],
    ['short row', 'P3', /^wrong number of fields: expected 2, found 1$/],
    ['long row', 'P3;K3;extra', /^wrong number of fields: expected 2, found 3$/],
  ];
  for (const [name, bad, reason] of cases) {
    it(`${name}: read 5, loaded 4, rejected 1 on line 4`, async () => {
      ws = await freshWorkspace();
      const f = write(`${name.replace(/ /g, '-')}.csv`, rows(bad));
      const r = await ingestRegistry(ws, 'link', [f]);
      expect(r.files[0]).toMatchObject({ rowsRead: 5, rowsLoaded: 4, rowsRejected: 1 });
      const rej = await ws.db.all<{ line: number; raw_value: string; reason: string }>(
        `SELECT line, raw_value, reason FROM reject`,
      );
      expect(rej).toHaveLength(1);
      expect(rej[0]).toMatchObject({ line: 4, raw_value: bad });
      expect(rej[0]!.reason).toMatch(reason);
      expect(await ws.db.all(`SELECT npr_id, line FROM link_row ORDER BY line`)).toEqual([
        { npr_id: 'P1', line: 2 },
        { npr_id: 'P2', line: 3 },
        { npr_id: 'P4', line: 5 },
        { npr_id: 'P5', line: 6 },
      ]);
    });
  }

  it('a short row in an ISO-8859-1 file (where DuckDB counted 14 rejects for one line) is one reject', async () => {
    ws = await freshWorkspace();
    const text = [
      'npr_lopenr;kpr_lnr',
      'P1;Kø1',
      'P2',
      'P3;K3',
      ...Array.from({ length: 200 }, (_, i) => `Q${i};Kå${i}`),
    ].join('\n');
    const f = write('latin1-short.csv', Buffer.from(`${text}\n`, 'latin1'));
    const r = await ingestRegistry(ws, 'link', [f]);
    expect(r.files[0]).toMatchObject({ rowsRead: 203, rowsLoaded: 202, rowsRejected: 1 });
    expect(r.files[0]!.encoding).toBe('latin-1');
    expect(await ws.db.all(`SELECT line, raw_value FROM reject`)).toEqual([
      { line: 3, raw_value: 'P2' },
    ]);
    expect(await ws.db.value(`SELECT kpr_id FROM link_row WHERE line = 2`)).toBe('Kø1');
    expect(await ws.db.value(`SELECT max(line) FROM link_row`)).toBe(204);
  });

  it('blank lines and CRLF: line numbers stay physical', async () => {
    ws = await freshWorkspace();
    const f = write('blank.csv', `${LINK_HEADER}\r\nP1;K1\r\n\r\nP3;K3\r\n\nP5;K5\r\n`);
    const r = await ingestRegistry(ws, 'link', [f]);
    expect(r.files[0]).toMatchObject({ rowsRead: 3, rowsLoaded: 3, rowsRejected: 0 });
    expect(await ws.db.all(`SELECT kpr_id, line FROM link_row ORDER BY line`)).toEqual([
      { kpr_id: 'K1', line: 2 },
      { kpr_id: 'K3', line: 4 },
      { kpr_id: 'K5', line: 6 },
    ]);
  });

  it('a quoted line break: the first line is rejected, the next read as a line of its own', async () => {
    ws = await freshWorkspace();
    const f = write('multiline.csv', `${LINK_HEADER}\nP1;"K\n1"\nP3;K3\n`);
    const r = await ingestRegistry(ws, 'link', [f]);
    expect(r.files[0]).toMatchObject({ rowsRead: 3, rowsLoaded: 1, rowsRejected: 2 });
    expect(await ws.db.all(`SELECT line, reason FROM reject ORDER BY line`)).toEqual([
      {
        line: 2,
        reason: 'unterminated quote: a field opens with " and the line ends before it closes',
      },
      { line: 3, reason: 'wrong number of fields: expected 2, found 1' },
    ]);
    expect(await ws.db.value(`SELECT line FROM link_row`)).toBe(4);
  });

  it('a 1 MB id is rejected (value longer than 64 characters), its raw value stored cut', async () => {
    ws = await freshWorkspace();
    const big = `P${'x'.repeat(1_000_000)}`;
    const f = write('big.csv', `${LINK_HEADER}\nP1;K1\n${big};K2\nP3;K3\n`);
    const r = await ingestRegistry(ws, 'link', [f]);
    expect(r.files[0]).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    const rej = (await ws.db.one<{
      line: number;
      column_name: string;
      reason: string;
      raw: string;
    }>(`SELECT line, column_name, reason, raw_value AS raw FROM reject`))!;
    expect(rej).toMatchObject({
      line: 3,
      column_name: 'npr_lopenr',
      reason: 'value longer than 64 characters',
    });
    expect(rej.raw).toBe(`${big.slice(0, 200)}… (1000001 characters)`);
  });

  it('a line longer than 2 MiB is one reject; the rows after it load', async () => {
    ws = await freshWorkspace();
    const f = write('huge.csv', `${LINK_HEADER}\nP1;K1\nP2;${'y'.repeat(2_200_000)}\nP3;K3\n`);
    const r = await ingestRegistry(ws, 'link', [f]);
    expect(r.files[0]).toMatchObject({ rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(await ws.db.all(`SELECT line, reason, raw_value FROM reject`)).toEqual([
      {
        line: 3,
        reason: 'line longer than 2097152 bytes',
        raw_value: `P2;${'y'.repeat(197)}… (2200003 bytes)`,
      },
    ]);
  });

  it('DuckDB in one pass and the line-by-line reader stage the fixtures identically', async () => {
    const { stageFile } = await import('../src/intake/registry/stage-file.js');
    const { builtinProfile } = await import('../src/intake/registry/profile.js');
    ws = await freshWorkspace();
    const tempDir = dir();
    for (const [kind, file] of [
      ['npr', 'npr.csv'],
      ['kpr-claims', 'kpr-bills.csv'],
      ['kpr-claims', 'kpr-diagnoses.csv'],
      ['kpr-services', 'kpr-services.csv'],
      ['iplos-function', 'iplos-function.csv'],
      ['dental', 'dental.csv'],
      ['link', 'link-2.csv'],
    ] as const) {
      const profile = builtinProfile(kind);
      const facts = await inspectFile(fx(file));
      const fast = await stageFile(ws.db, facts, profile, { tempDir }, profile.files);
      const slow = await stageFile(
        ws.db,
        facts,
        profile,
        { tempDir, forceScan: true },
        profile.files,
      );
      expect([fast.reader, slow.reader], file).toEqual(['duckdb', 'lines']);
      const rows = (t: string) => ws!.db.all(`SELECT * FROM ${t} ORDER BY line`);
      expect(await rows(slow.table), file).toEqual(await rows(fast.table));
    }
  });
});

describe('the file inspector', () => {
  it('names UTF-16 (with or without byte order mark), binary files and folders', async () => {
    ws = await freshWorkspace();
    const text = `${LINK_HEADER}\r\nP1;K1\r\n`;
    const bom = write(
      'bom.csv',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const nobom = write('nobom.csv', Buffer.from(text, 'utf16le'));
    const bin = write('bin.csv', Buffer.from([0x50, 0x41, 0x00, 0x01, 0x0a, 0x02]));
    const folder = join(dir(), 'a folder');
    mkdirSync(folder);
    const err = (f: string) =>
      ingestRegistry(ws!, 'link', [f]).catch((e: unknown) => e as InputDataError);
    expect(await err(bom)).toMatchObject({ code: 'UNKNOWN_ENCODING', exitCode: 3 });
    expect((await err(bom)).message).toContain('the file is UTF-16 (byte order mark FF FE)');
    expect((await err(nobom)).message).toContain('the file is UTF-16 (no byte order mark');
    expect(await err(bin)).toMatchObject({ code: 'UNKNOWN_ENCODING', location: { line: 1 } });
    expect((await err(bin)).message).toContain('NUL bytes');
    expect(await err(folder)).toMatchObject({ code: 'NOT_A_FILE' });
    expect((await err(folder)).message).toBe(`${folder}: this is a folder (directory), not a file`);
    expect(await ws.db.value(`SELECT count(*) FROM ingest_file`)).toBe(0);
  });

  it('counts lines, blank lines and the longest line, and finds the first bad UTF-8 line', async () => {
    const f = write(
      'facts.csv',
      Buffer.concat([Buffer.from('a;b\nxx;y\n\nø;'), Buffer.from([0xf8]), Buffer.from('\nlast')]),
    );
    const facts = await inspectFile(f);
    expect(facts).toMatchObject({
      lines: 5,
      lastBlankLine: 3,
      longestLine: 4,
      validUtf8: false,
      firstInvalidUtf8Line: 4,
      nonAscii: true,
      format: 'csv',
      bom: null,
    });
    expect(facts.headerBytes.toString()).toBe('a;b');
  });
});
