/**
 * Commands that never destroy or mix, and a clear error on every path, as a user meets them:
 * `felles demo` refuses a real workspace and a folder of other files (also with --fresh); no
 * writer replaces files without --force, and a wrong --out (a file, /proc/x, a read-only folder)
 * is a usage error before any computing (no run is even started); years and option values that
 * do not exist are refused; a busy workspace and a closed pipe behave. The CLI runs in-process
 * on the sources, except where a second process is the point (the built CLI).
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_MARKER, Workspace } from '@felles/core';
import { claimDemoFolder } from '../packages/pipelines/src/demo/demo-folder.js';
import { readOnlyFolder } from '../packages/core/test/fs-faults.js';
import { SQL_NOTICE } from '../packages/cli/src/commands/sql.js';
import { fellesInProcess } from './felles-in-process.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/bin/felles.js');
const FX = join(root, 'packages/core/test/fixtures');

let base: string;
let ws: string;
const felles = (args: string[], dir = ws) => fellesInProcess(dir, args, { quiet: true });
const runIds = () => readdirSync(join(ws, 'runs')).sort();
const commands = () =>
  runIds().map(
    (id) =>
      (
        JSON.parse(readFileSync(join(ws, 'runs', id, 'manifest.json'), 'utf8')) as {
          command: string;
        }
      ).command,
  );

beforeAll(async () => {
  base = mkdtempSync(join(tmpdir(), 'felles-safety-'));
  ws = join(base, 'ws');
  expect((await felles(['init', ws])).code).toBe(0);
  const pop2024 = join(base, 'population-2024.csv');
  writeFileSync(
    pop2024,
    readFileSync(join(FX, 'ssb/statbank-nb-utf8bom.csv'), 'utf8').replace(
      'Personer 2023',
      'Personer 2024',
    ),
  );
  for (const args of [
    ['ingest', 'population', join(FX, 'ssb/statbank-nb-utf8bom.csv')],
    ['ingest', 'population', pop2024],
    ['ingest', 'npr', join(FX, 'registry/npr.csv')],
    ['cohorts', 'run', '--year', '2023'],
  ]) {
    const r = await felles(args);
    expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  }
}, 300_000);

describe('felles demo never destroys or mixes', () => {
  it('refuses a real workspace, also with --fresh, and leaves it as it was', async () => {
    const before = runIds();
    const sum = async () =>
      (await felles(['--json', 'sql', 'SELECT sum(population) AS n FROM population'])).stdout;
    const population = await sum();
    for (const fresh of [[], ['--fresh']]) {
      const r = await felles(['demo', '--out', ws, ...fresh]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `felles: error: ${ws} is a felles workspace that felles demo did not make; the demo neither loads synthetic data into it nor deletes it`,
      );
      if (fresh.length) expect(r.stderr).toContain('(--fresh deletes only a demo workspace)');
    }
    expect(runIds()).toEqual(before);
    expect(existsSync(join(ws, DEMO_MARKER))).toBe(false);
    expect(existsSync(join(ws, 'extracts'))).toBe(false);
    expect(await sum()).toBe(population);
    expect(JSON.parse(population)[0].n).toBeGreaterThan(0);
  });

  it('refuses a folder of other files, also with --fresh, and adds nothing to it', async () => {
    const dir = join(base, 'notempty');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    for (const fresh of [[], ['--fresh']]) {
      const r = await felles(['demo', '--out', dir, ...fresh]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(
        `felles: error: ${dir} holds other files (notes.txt); felles demo works only in a new or empty folder or in a demo workspace it made`,
      );
    }
    expect(readdirSync(dir)).toEqual(['notes.txt']);
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a demo workspace into which files from elsewhere were loaded, also with --fresh', async () => {
    const dir = join(base, 'demo-plus');
    expect(await claimDemoFolder(dir)).toBe('new');
    expect((await felles(['init', dir, '--force'], dir)).code).toBe(0);
    const npr = join(FX, 'registry/npr.csv');
    expect((await felles(['ingest', 'npr', npr], dir)).code).toBe(0);
    const r = await felles(['demo', '--out', dir, '--fresh'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`files from outside it were loaded into it (${npr})`);
    expect(existsSync(join(dir, 'felles.json'))).toBe(true);
    const n = await felles(['--json', 'sql', 'SELECT count(*) AS n FROM specialist_episode'], dir);
    expect(JSON.parse(n.stdout)[0].n).toBeGreaterThan(0);
  });

  it('takes a new or empty folder (and marks it), reuses a demo workspace, --fresh starts one again', async () => {
    const fresh = join(base, 'demo-new');
    expect(await claimDemoFolder(fresh)).toBe('new');
    expect(JSON.parse(readFileSync(join(fresh, DEMO_MARKER), 'utf8')).felles).toBe('demo');
    const empty = join(base, 'demo-empty');
    mkdirSync(empty);
    expect(await claimDemoFolder(empty)).toBe('new');
    expect(readdirSync(empty)).toEqual([DEMO_MARKER]);
    writeFileSync(join(fresh, 'left-over.txt'), 'demo output');
    expect(await claimDemoFolder(fresh)).toBe('demo');
    expect(readdirSync(fresh).sort()).toEqual([DEMO_MARKER, 'left-over.txt']);
    expect(await claimDemoFolder(fresh, { fresh: true })).toBe('new');
    expect(readdirSync(fresh)).toEqual([DEMO_MARKER]);
  });

  it('--fresh replaces a demo workspace made by an older felles (an older schema version)', async () => {
    const dir = join(base, 'demo-old');
    expect(await claimDemoFolder(dir)).toBe('new');
    const ws = await Workspace.init(dir, { allowNonEmpty: true });
    await ws.db.exec(`UPDATE meta SET value = '1' WHERE key = 'schema_version'`);
    ws.close();
    await expect(Workspace.open(dir)).rejects.toMatchObject({ code: 'WORKSPACE_VERSION' });
    expect(await claimDemoFolder(dir, { fresh: true })).toBe('new');
    expect(readdirSync(dir)).toEqual([DEMO_MARKER]);
  });
});

describe('writers never overwrite; a wrong --out is a usage error before any computing', () => {
  const ind = (out: string, extra: string[] = []) => [
    'indicators',
    'run',
    '--year',
    '2024',
    '--id',
    'population-share-67-plus',
    '--format',
    'csv',
    '--out',
    out,
    ...extra,
  ];

  it('indicators run --out: a second run into the same folder is refused; --force replaces', async () => {
    const out = join(base, 'rapport');
    const first = await felles(ind(out));
    expect(first.code, first.stderr).toBe(0);
    const csv = join(out, 'population-share-67-plus.csv');
    const body = readFileSync(csv, 'utf8');
    const runs = runIds();
    const again = await felles(ind(out));
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      // the indicator's table and its data-quality flags, each with its metadata
      `felles: error: --out ${out}: the folder already holds files (indicator_quality.csv, indicator_quality.meta.json, population-share-67-plus.csv and 1 more); felles writes into a new or empty folder`,
    );
    expect(runIds()).toEqual(runs); // refused before a run was even started
    expect(readFileSync(csv, 'utf8')).toBe(body);
    const forced = await felles(ind(out, ['--force']));
    expect(forced.code, forced.stderr).toBe(0);
    expect(runIds().length).toBe(runs.length + 1);
    expect(commands().at(-1)).toBe('indicators run');
    const id = runIds().at(-1)!;
    expect(readFileSync(csv, 'utf8')).toContain(id); // the file of the new run
  });

  it('--out at a file, under a file, at /proc/x or in a read-only folder: exit 2, no run started', async () => {
    const file = join(base, 'a-file.txt');
    writeFileSync(file, 'x');
    const ro = readOnlyFolder();
    try {
      const cases: Array<[string, string]> = [
        [file, `--out ${file}: ${file} is a file, not a folder`],
        [join(file, 'sub'), `${file} is a file, so no folder can be made there`],
        ['/proc/x', '--out /proc/x: felles cannot write files in /proc'],
        [join(ro.dir, 'out'), `felles cannot write files in ${ro.dir}`],
      ];
      const runs = runIds();
      for (const [out, msg] of cases) {
        for (const args of [
          ind(out),
          ['report', '--hf', 'Telemark', '--out', out],
          ['project', '--hf', 'Telemark', '--out', out],
          ['dental', '--out', out],
        ]) {
          const r = await felles(args);
          expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
          expect(r.stderr).toContain(msg);
          expect(r.stderr).not.toContain('bug in felles');
        }
      }
      expect(runIds()).toEqual(runs);
    } finally {
      ro.cleanup();
    }
  });

  it('report --out: the same folder twice is refused, --force writes into it', async () => {
    const out = join(base, 'mine');
    const args = [
      'report',
      '--hf',
      'Telemark',
      '--year',
      '2023',
      '--no-png',
      '--no-projection',
      '--no-indicators',
      '--out',
      out,
    ];
    expect((await felles(args)).code).toBe(0);
    const html = readFileSync(join(out, 'telemark.html'), 'utf8');
    const again = await felles(args);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain(
      `--out ${out}: the folder already holds files (figures, tables, telemark.html)`,
    );
    expect(readFileSync(join(out, 'telemark.html'), 'utf8')).toBe(html);
    expect((await felles([...args, '--force'])).code).toBe(0);
  });

  it('project, dental and synth refuse a folder that holds files', async () => {
    const out = join(base, 'busy');
    mkdirSync(out);
    writeFileSync(join(out, 'keep.csv'), 'mine');
    for (const args of [
      ['project', '--hf', 'Telemark', '--out', out],
      ['dental', '--out', out],
      ['synth', '--out', out],
    ]) {
      const r = await felles(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`--out ${out}: the folder already holds files (keep.csv)`);
    }
    expect(readdirSync(out)).toEqual(['keep.csv']);
  });
});

describe('years and options that do not exist', () => {
  it('report --year 2031 and cohorts run --year 2031 are refused, naming the years there are', async () => {
    const rep = await felles([
      'report',
      '--hf',
      'Telemark',
      '--year',
      '2031',
      '--out',
      join(base, 'r2031'),
    ]);
    expect(rep.code).toBe(2);
    expect(rep.stderr).toBe(
      'felles: error: no data for 2031: the workspace has data for 2019–2020, 2023; give --year within those\n',
    );
    expect(existsSync(join(base, 'r2031'))).toBe(false);
    // The year is checked first, also when --out would be refused as well.
    const both = await felles(['report', '--hf', 'Telemark', '--year', '2031', '--out', base]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/^felles: error: no data for 2031:/);
    const coh = await felles(['cohorts', 'run', '--year', '2031']);
    expect(coh.code).toBe(2);
    expect(coh.stderr).toBe(
      'felles: error: no person-level registry data for 2031: the workspace has them for 2019–2020, 2023; give --year within those\n',
    );
  });

  it('indicators run --level kommune is a usage error listing the valid values', async () => {
    const r = await felles(['indicators', 'run', '--level', 'kommune']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      "error: option '--level <level...>' argument 'kommune' is invalid. Allowed choices are municipality, helsefellesskap, health_trust, rhf, national.",
    );
  });
});

describe('a busy workspace and a closed pipe (the built CLI)', () => {
  it('a second writer gets "in use" with the PID and exit 2', async () => {
    const holder = await Workspace.open(ws);
    try {
      const r = spawnSync(process.execPath, [bin, '-w', ws, 'cohorts', 'run', '--year', '2023'], {
        encoding: 'utf8',
        env: { ...process.env, TZ: 'UTC', CI: 'true' },
      });
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(
        `felles: error: the workspace is in use by another felles process (PID ${process.pid}); wait for it to finish and try again`,
      );
    } finally {
      holder.close();
    }
  });

  /** Run the built CLI with stdout closed by the reader before it writes; resolve its exit. */
  const closedPipe = (args: string[]) =>
    new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const p = spawn(process.execPath, [bin, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, TZ: 'UTC', CI: 'true' },
      });
      p.stdout.destroy();
      let stderr = '';
      p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      p.on('close', (code) => resolve({ code, stderr }));
    });

  it('felles --help | head and a long result into a closed pipe end quietly (EPIPE)', async () => {
    for (const args of [
      ['--help'],
      ['-w', ws, 'sql', '--limit', '100000', 'SELECT range AS i FROM range(100000)'],
    ]) {
      const r = await closedPipe(args);
      // Nothing on stderr but the notice `felles sql` prints with every result.
      const notice = args.includes('sql') ? SQL_NOTICE.map((l) => `${l}\n`).join('') : '';
      expect(r.stderr, args.join(' ')).toBe(notice);
      expect(r.code, args.join(' ')).toBe(0);
    }
  });
});
