/**
 * The hostile-input matrix: every ingest kind × every hostile case. Each case either loads
 * (exit 0) with exactly the rejects it should have, or stops with an input error (exit 3) and
 * leaves the workspace as it was. One workspace per kind; the files are a few lines each.
 *
 * Registry extracts reject a bad row alone; SSB files load whole or not at all, so there the same
 * cases stop the load with the line. Cases that need a column a kind does not have (a
 * municipality in a key file or a time-point file) are listed as not applicable in `NA`.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FellesError,
  ingestPopulation,
  ingestProjection,
  ingestRegistry,
  type RegistryKind,
  type Workspace,
} from '../src/internal.js';
import { freshWorkspace, tempDir } from './fixtures/registry/helpers.js';

type Kind = RegistryKind | 'population' | 'projection';

/** A minimal valid file of a kind: header, four rows (lines 2–5), columns the cases aim at. */
interface Spec {
  delimiter: string;
  header: string[];
  /** Four good rows; `t` makes ids, claim ids and years unique per case. */
  rows: (t: number) => string[][];
  /** Column index of an id (1 MB value), a date, a municipality, a code (SQL text). */
  id: number;
  date?: number;
  muni?: number;
  code?: number;
  /** Load options every case uses. */
  options?: Record<string, unknown>;
}

const NPR_EPISODES = ['Q1', 'Q2', 'Q3', 'Q4'];

const SPECS: Record<Kind, Spec> = {
  npr: {
    delimiter: ';',
    header: ['lopenr', 'kjonn', 'fodselsar', 'komnrhjem2', 'inndato', 'utdato', 'tilstand_1_1'],
    rows: (t) =>
      [1, 2, 3, 4].map((i) => [
        `P${t}-${i}`,
        '1',
        '1950',
        '0301',
        '2023-03-01',
        '2023-03-02',
        'I500',
      ]),
    id: 0,
    date: 4,
    muni: 3,
    code: 6,
  },
  'npr-time': {
    delimiter: ';',
    header: ['lopenr', 'inndato', 'inntid', 'typeTidspunkt', 'dato', 'tid'],
    rows: () => NPR_EPISODES.map((p) => [p, '2023-03-01', '10:00', '2', '2023-03-02', '12:00']),
    id: 0,
    date: 4,
    code: 3,
  },
  'kpr-claims': {
    delimiter: ';',
    header: [
      'kpr_lnr',
      'enkeltregning_lnr',
      'dato',
      'kjonn',
      'fodselsaar',
      'kommuneNr',
      'tjenestetype',
    ],
    rows: (t) =>
      [1, 2, 3, 4].map((i) => [`K${i}`, `B${t}-${i}`, '2023-02-01', '1', '1950', '0301', '1']),
    id: 0,
    date: 2,
    muni: 5,
    code: 6,
  },
  'kpr-services': {
    delimiter: ';',
    header: ['kpr_lnr', 'tjenesteType', 'tjenesteStartDato', 'tjenesteSluttDato', 'kommuneNr'],
    rows: (t) => [1, 2, 3, 4].map((i) => [`K${t}-${i}`, '21', '2023-01-10', '', '0301']),
    id: 0,
    date: 2,
    muni: 4,
    code: 1,
  },
  'iplos-function': {
    delimiter: ';',
    header: ['kpr_lnr', 'vurderingDato', 'kommuneNr', 'sosialDeltakelse'],
    rows: (t) => [1, 2, 3, 4].map((i) => [`K${t}-${i}`, '2023-05-01', '0301', '2']),
    id: 0,
    date: 1,
    muni: 2,
    code: 3,
  },
  dental: {
    delimiter: ';',
    header: ['kpr_lnr', 'dato', 'fylkeNr', 'prioritetsgruppe', 'alder'],
    rows: (t) => [1, 2, 3, 4].map((i) => [`K${t}-${i}`, '2023-03-01', '03', 'a', '6']),
    id: 0,
    date: 1,
    code: 3,
  },
  link: {
    delimiter: ';',
    header: ['npr_lopenr', 'kpr_lnr', 'dodsdato'],
    rows: (t) => [1, 2, 3, 4].map((i) => [`N${t}-${i}`, `K${t}-${i}`, i === 4 ? '2023-06-30' : '']),
    id: 0,
    date: 2,
  },
  population: {
    delimiter: ',',
    header: ['region', 'kjønn', 'alder', 'år', 'value'],
    rows: (t) => [
      ['K-4001 Porsgrunn', 'Menn', '0 år', String(1950 + t), '150'],
      ['K-4001 Porsgrunn', 'Kvinner', '0 år', String(1950 + t), '140'],
      ['K-4003 Skien', 'Menn', '0 år', String(1950 + t), '300'],
      ['K-4003 Skien', 'Kvinner', '0 år', String(1950 + t), '290'],
    ],
    id: 4,
    date: 3,
    muni: 0,
    code: 0,
  },
  projection: {
    delimiter: ',',
    header: ['region', 'statistikkvariabel', 'år', 'alder', 'value', 'Framskriving', 'Tabell'],
    rows: (t) =>
      ['Porsgrunn', 'Skien', 'Porsgrunn', 'Skien'].map((r, i) => [
        r,
        'Hovedalternativet (MMMM)',
        String(2030 + t),
        `${i < 2 ? 0 : 1} år`,
        '303',
        '2024',
        '14288',
      ]),
    id: 4,
    date: 2,
    muni: 0,
    code: 0,
    // A file of only a header does not say its table.
    options: { tableId: '14288' },
  },
};

/** Cases that need a column the kind does not have. */
const NA: Partial<Record<Kind, string[]>> = {
  'npr-time': ['unknown municipality'],
  dental: ['unknown municipality'],
  link: ['unknown municipality', 'SQL in a code field'],
};

const SSB = (k: Kind) => k === 'population' || k === 'projection';

/** What a case should do: load with these rejects (line → reason), or stop with this code. */
type Outcome =
  | { load: true; read: number; rejects: [number, RegExp][] }
  | { load: false; code: string | RegExp; line?: number };

interface Case {
  name: string;
  /** The file (content or a folder) and the load options. */
  make: (
    k: Kind,
    s: Spec,
    dir: string,
    t: number,
  ) => { path: string; options?: Record<string, unknown> };
  outcome: (k: Kind) => Outcome;
}

const text = (s: Spec, rows: string[][], end = '\n') =>
  [s.header, ...rows].map((r) => r.join(s.delimiter)).join('\n') + end;
const file = (dir: string, name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
/** The good rows with row 2 (line 3) changed by `f`. */
const line3 = (s: Spec, t: number, f: (r: string[]) => string[]) =>
  s.rows(t).map((r, i) => (i === 1 ? f([...r]) : r));
const set = (col: number | undefined, v: string) => (r: string[]) => {
  r[col!] = v;
  return r;
};
const ok = (...rejects: [number, RegExp][]): Outcome => ({ load: true, read: 4, rejects });
const stop = (code: string | RegExp, line?: number): Outcome => ({
  load: false,
  code,
  ...(line !== undefined ? { line } : {}),
});
/** SQL in a field; quoted, since it holds the delimiter. */
const SQL = `"x');DROP TABLE person;--"`;

const CASES: Case[] = [
  {
    name: 'wrong encoding',
    make: (_k, s, d, t) => ({
      path: file(
        d,
        'latin1.csv',
        Buffer.from(
          text(
            s,
            line3(s, t, (r) => r.map((v, i) => (i === s.id ? `${v}ø` : v))),
          ),
          'latin1',
        ),
      ),
      options: { encoding: 'utf-8' },
    }),
    outcome: () => stop('WRONG_ENCODING'),
  },
  {
    name: 'UTF-16',
    make: (_k, s, d, t) => ({
      path: file(
        d,
        'utf16.csv',
        Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text(s, s.rows(t)), 'utf16le')]),
      ),
    }),
    outcome: () => stop('UNKNOWN_ENCODING', 1),
  },
  {
    name: 'byte order mark',
    make: (_k, s, d, t) => ({ path: file(d, 'bom.csv', `\uFEFF${text(s, s.rows(t))}`) }),
    outcome: () => ok(),
  },
  {
    name: 'wrong delimiter',
    make: (_k, s, d, t) => ({
      path: file(d, 'delim.csv', text(s, s.rows(t))),
      options: { delimiter: s.delimiter === ';' ? ',' : ';' },
    }),
    outcome: () => stop('WRONG_DELIMITER'),
  },
  {
    name: 'missing column',
    make: (k, s, d, t) => {
      const drop = SSB(k) ? (k === 'population' ? 2 : 3) : s.id; // age, or the id
      const cut = (r: string[]) => r.filter((_, i) => i !== drop);
      return {
        path: file(
          d,
          'missing.csv',
          [cut(s.header), ...s.rows(t).map(cut)].map((r) => r.join(s.delimiter)).join('\n'),
        ),
      };
    },
    outcome: () => stop(/^(MISSING_COLUMN|WRONG_KIND)$/),
  },
  {
    name: 'duplicate column',
    make: (_k, s, d, t) => {
      const dup = (r: string[]) => [...r, r[0]!];
      return {
        path: file(
          d,
          'dup.csv',
          [dup(s.header), ...s.rows(t).map(dup)].map((r) => r.join(s.delimiter)).join('\n'),
        ),
      };
    },
    outcome: () => stop('DUPLICATE_COLUMN'),
  },
  {
    name: 'truncated last row',
    make: (_k, s, d, t) => {
      const rows = s.rows(t);
      rows[3] = [rows[3]![0]!.slice(0, 5)];
      return { path: file(d, 'truncated.csv', text(s, rows, '')) };
    },
    outcome: (k) =>
      SSB(k)
        ? stop('WRONG_DELIMITER', 5)
        : ok([5, /^wrong number of fields: expected \d+, found 1$/]),
  },
  {
    name: 'header only',
    make: (_k, s, d) => ({ path: file(d, 'header.csv', text(s, [])) }),
    // An SSB file loads whole or not at all; one without figures is refused.
    outcome: (k) => (SSB(k) ? stop('NO_DATA', 1) : { load: true, read: 0, rejects: [] }),
  },
  {
    name: 'empty file',
    make: (_k, _s, d) => ({ path: file(d, 'empty.csv', '') }),
    outcome: () => stop('EMPTY_FILE', 1),
  },
  {
    name: 'binary file',
    make: (_k, _s, d) => ({
      path: file(d, 'binary.csv', Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x0a, 0xff, 0x00, 0x3b])),
    }),
    outcome: () => stop('UNKNOWN_ENCODING'),
  },
  {
    name: '1 MB field',
    make: (k, s, d, t) => ({
      path: file(
        d,
        'mb.csv',
        text(
          s,
          line3(s, t, set(s.id, SSB(k) ? '1'.repeat(1_000_000) : `P${'x'.repeat(1_000_000)}`)),
        ),
      ),
    }),
    outcome: (k) =>
      SSB(k) ? stop('NOT_A_NUMBER', 3) : ok([3, /^value longer than 64 characters$/]),
  },
  {
    name: 'impossible date',
    make: (k, s, d, t) => ({
      path: file(d, 'date.csv', text(s, line3(s, t, set(s.date, SSB(k) ? '20x3' : '2023-02-30')))),
    }),
    outcome: (k) => (SSB(k) ? stop('BAD_YEAR', 3) : ok([3, /invalid/])),
  },
  {
    name: 'future date',
    make: (k, s, d, t) => ({
      path: file(
        d,
        'future.csv',
        text(
          s,
          line3(
            s,
            t,
            set(s.date, k === 'projection' ? '2199' : k === 'population' ? '2099' : '2099-01-01'),
          ),
        ),
      ),
    }),
    outcome: (k) => (SSB(k) ? stop('IMPLAUSIBLE_YEAR', 3) : ok([3, /^date outside 1900-01-01 … /])),
  },
  {
    name: 'unknown municipality',
    make: (k, s, d, t) => ({
      path: file(
        d,
        'muni.csv',
        text(
          s,
          line3(
            s,
            t,
            set(
              s.muni,
              k === 'population' ? 'K-9998 Ukjent' : k === 'projection' ? 'Atlantis' : '9998',
            ),
          ),
        ),
      ),
    }),
    outcome: (k) =>
      k === 'population'
        ? stop('UNKNOWN_MUNICIPALITY', 3)
        : k === 'projection'
          ? stop('UNKNOWN_REGION', 3)
          : ok(),
  },
  {
    name: 'SQL in a code field',
    make: (k, s, d, t) => ({
      path: file(
        d,
        'sql.csv',
        text(
          s,
          line3(s, t, set(s.code, k === 'population' ? `"K-4001 Porsgrunn${SQL.slice(1)}` : SQL)),
        ),
      ),
    }),
    outcome: (k) =>
      k === 'population'
        ? ok()
        : k === 'projection'
          ? stop('UNKNOWN_REGION', 3)
          : ok([3, /^(value longer than|invalid|time-point type)/]),
  },
  {
    name: 'a path with spaces, quotes and non-ASCII',
    make: (_k, s, d, t) => {
      const sub = join(d, `a folder with "quotes" and 'apostrophes' ø`);
      mkdirSync(sub);
      return { path: file(sub, `fil ø "x" 'y'.csv`, text(s, s.rows(t))) };
    },
    outcome: () => ok(),
  },
  {
    name: 'a folder instead of a file',
    make: (_k, _s, d) => {
      const p = join(d, 'folder.csv');
      mkdirSync(p);
      return { path: p };
    },
    outcome: () => stop('NOT_A_FILE'),
  },
  {
    name: 'stray quote',
    make: (_k, s, d, t) => ({
      path: file(
        d,
        'quote.csv',
        text(
          s,
          line3(s, t, (r) => [`"${r[0]}`, ...r.slice(1)]),
        ),
      ),
    }),
    outcome: (k) => (SSB(k) ? stop('WRONG_DELIMITER', 3) : ok([3, /^unterminated quote/])),
  },
  {
    name: 'short row',
    make: (_k, s, d, t) => ({
      path: file(
        d,
        'short.csv',
        text(
          s,
          line3(s, t, (r) => r.slice(0, 1)),
        ),
      ),
    }),
    outcome: (k) =>
      SSB(k)
        ? stop('WRONG_DELIMITER', 3)
        : ok([3, /^wrong number of fields: expected \d+, found 1$/]),
  },
  {
    name: 'long row',
    make: (_k, s, d, t) => ({
      path: file(
        d,
        'long.csv',
        text(
          s,
          line3(s, t, (r) => [...r, 'extra']),
        ),
      ),
    }),
    outcome: (k) =>
      SSB(k)
        ? stop('WRONG_DELIMITER', 3)
        : ok([3, /^wrong number of fields: expected \d+, found \d+$/]),
  },
];

const TABLES = [
  'ingest_file',
  'reject',
  'specialist_episode',
  'primary_contact',
  'municipal_service',
  'function_assessment',
  'dental_record',
  'link_row',
  'person',
  'residence',
  'hospital_stay',
  'person_link',
  'population',
  'population_projection',
];

async function counts(ws: Workspace): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of TABLES) out[t] = Number(await ws.db.value(`SELECT count(*) FROM ${t}`));
  out['episode_ready'] = Number(
    await ws.db.value(`SELECT count(discharge_ready_at) FROM specialist_episode`),
  );
  return out;
}

async function load(ws: Workspace, k: Kind, path: string, options: Record<string, unknown>) {
  if (k === 'population') {
    const r = await ingestPopulation(ws, [path], options);
    return { fileId: r.files[0]!.fileId, read: r.files[0]!.cellsRead };
  }
  if (k === 'projection') {
    const r = await ingestProjection(ws, [path], options);
    return { fileId: r.files[0]!.fileId, read: r.files[0]!.cellsRead };
  }
  const r = await ingestRegistry(ws, k, [path], options);
  const f = r.files[0]!;
  expect(f.rowsRead, 'read = loaded + rejected').toBe(f.rowsLoaded + f.rowsRejected);
  return { fileId: f.fileId, read: f.rowsRead };
}

for (const kind of Object.keys(SPECS) as Kind[]) {
  describe(`hostile input: ${kind}`, () => {
    const spec = SPECS[kind];
    let ws: Workspace;
    let dir: string;
    beforeAll(async () => {
      ws = await freshWorkspace();
      dir = tempDir(`felles-matrix-${kind}-`);
      if (kind === 'npr-time') {
        // The episodes the time points apply to.
        const f = file(
          dir,
          'episodes.csv',
          ['lopenr;inndato;inntid', ...NPR_EPISODES.map((p) => `${p};2023-03-01;10:00`)].join('\n'),
        );
        await ingestRegistry(ws, 'npr', [f]);
      }
    });
    afterAll(() => ws.close());

    CASES.forEach((c, t) => {
      if (NA[kind]?.includes(c.name)) return;
      it(c.name, async () => {
        const d = mkdtempSync(join(dir, 'case-'));
        const { path, options } = c.make(kind, spec, d, t);
        const expected = c.outcome(kind);
        const before = await counts(ws);
        const result = await load(ws, kind, path, { ...spec.options, ...options }).catch(
          (e: unknown) => e,
        );
        if (!expected.load) {
          expect(result, 'an input error').toBeInstanceOf(FellesError);
          const e = result as FellesError & { location?: { line?: number } };
          expect(e.code).toMatch(expected.code);
          expect(e.exitCode).toBe(3);
          if (expected.line !== undefined) expect(e.location?.line).toBe(expected.line);
          expect(e.message).not.toMatch(/bug in felles|undefined/);
          expect(await counts(ws), 'workspace unchanged').toEqual(before);
          return;
        }
        if (result instanceof Error) throw result;
        const r = result as { fileId: number; read: number };
        expect(r.read).toBe(expected.read);
        const rejects = await ws.db.all<{ line: number; reason: string }>(
          `SELECT DISTINCT line, reason FROM reject WHERE file_id = $1 ORDER BY line`,
          [r.fileId],
        );
        // One rejected row per expected line (a row may have several reasons).
        expect([...new Set(rejects.map((x) => x.line))]).toEqual(expected.rejects.map(([l]) => l));
        for (const [l, re] of expected.rejects) {
          const reasons = rejects.filter((x) => x.line === l).map((x) => x.reason);
          expect(
            reasons.some((x) => re.test(x)),
            reasons.join(' | '),
          ).toBe(true);
        }
        expect(
          await ws.db.value(`SELECT path FROM ingest_file WHERE file_id = $1`, [r.fileId]),
        ).toBe(path);
      });
    });
  });
}
