/**
 * Faults during a load: the process killed (kill -9) early, mid-way and during the commit, and a
 * full disk. The workspace is either as it was or has the whole load, the next command opens it,
 * and a full disk is a clear error (exit 3) with nothing half-written left behind.
 *
 * The kills run the built CLI (`pnpm build` first) as a child process and kill it when its
 * progress on stderr says it has reached the point: reading the file (before anything changes),
 * rebuilding the derived tables (inside the transaction, after the inserts) and the end of the
 * load (the transaction is being committed).
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FellesError, ingestRegistry, Workspace } from '../src/internal.js';

const CLI = fileURLToPath(new URL('../../cli/bin/felles.js', import.meta.url));
const ROWS = 20_000;
let dir: string;
let extract: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'felles-faults-'));
  extract = join(dir, 'npr.csv');
  const lines = [
    'lopenr;kjonn;fodselsar;komnrhjem2;inndato;inntid;utdato;uttid;omsorgsniva;tilstand_1_1',
  ];
  for (let i = 0; i < ROWS; i++) {
    const d = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      `P${i % 20000};${1 + (i % 2)};${1930 + (i % 80)};0301;2023-03-${d};10:00;2023-03-${d};18:00;${1 + (i % 3)};I${10 + (i % 80)}`,
    );
  }
  writeFileSync(extract, `${lines.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** What a workspace holds of the load: nothing, or all of it (and its derived tables). */
async function state(wsDir: string): Promise<'as it was' | 'whole' | string> {
  const ws = await Workspace.open(wsDir);
  try {
    const q = async (sql: string) => Number(await ws.db.value(sql));
    const files = await q(`SELECT count(*) FROM ingest_file`);
    const episodes = await q(`SELECT count(*) FROM specialist_episode`);
    const persons = await q(`SELECT count(*) FROM person`);
    const stays = await q(`SELECT count(*) FROM hospital_stay`);
    if (files === 0 && episodes === 0 && persons === 0 && stays === 0) return 'as it was';
    if (files === 1 && episodes === ROWS && persons === 20000 && stays > 0) return 'whole';
    return `half: ${files} files, ${episodes} episodes, ${persons} persons, ${stays} stays`;
  } finally {
    ws.close();
  }
}

/** Run `felles ingest npr` and kill -9 it as soon as stderr shows `marker`. */
function killAt(wsDir: string, marker: RegExp): Promise<{ killed: boolean; code: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, '-w', wsDir, 'ingest', 'npr', extract], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let seen = '';
    let killed = false;
    child.stderr.on('data', (b: Buffer) => {
      seen += b.toString();
      if (!killed && marker.test(seen)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ killed, code }));
  });
}

describe('kill -9 during a load', () => {
  // Before the commit nothing can have landed; during it, either nothing or all of it.
  const points: [string, RegExp, string[]][] = [
    ['early (reading the file)', /reading npr\.csv/, ['as it was']],
    ['mid-way (rebuilding, inside the transaction)', /rebuilding person/, ['as it was']],
    ['during the commit', /read 20000, loaded 20000, rejected 0/, ['as it was', 'whole']],
  ];
  for (const [name, marker, allowed] of points) {
    it(name, async () => {
      const wsDir = join(mkdtempSync(join(dir, 'kill-')), 'ws');
      (await Workspace.init(wsDir)).close();
      const r = await killAt(wsDir, marker);
      expect(r.killed, 'the process was killed at the point').toBe(true);
      const after = await state(wsDir);
      expect(allowed).toContain(after);
      // The next command opens the workspace; a load that did not land is loaded whole now.
      const sql = spawnSync(
        process.execPath,
        [CLI, '-q', '-w', wsDir, 'sql', 'SELECT count(*) AS n FROM ingest_file'],
        {
          encoding: 'utf8',
        },
      );
      expect(sql.status, sql.stderr).toBe(0);
      if (after === 'as it was') {
        const ws = await Workspace.open(wsDir);
        try {
          const res = await ingestRegistry(ws, 'npr', [extract]);
          expect(res.files[0]).toMatchObject({ rowsLoaded: ROWS, rowsRejected: 0 });
        } finally {
          ws.close();
        }
      }
      expect(await state(wsDir)).toBe('whole');
    });
  }
});

/** Mount a small tmpfs (root only); undefined where that is not allowed. */
function mountTmpfs(at: string, size: string): (() => void) | undefined {
  mkdirSync(at, { recursive: true });
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', at], {
    encoding: 'utf8',
  });
  if (r.status !== 0) return undefined;
  return () => {
    spawnSync('umount', [at]);
  };
}

const canMount = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'felles-mount-probe-'));
  const un = mountTmpfs(probe, '1m');
  un?.();
  rmSync(probe, { recursive: true, force: true });
  return un !== undefined;
})();

describe('a full disk during a load', () => {
  // Where mounting is not allowed (not root), the DuckDB test below stands in for it.
  it.runIf(canMount)(
    'a full tmpfs: exit 3 DISK_FULL, the workspace as it was, no stray files',
    async () => {
      const mnt = join(dir, 'tmpfs');
      const unmount = mountTmpfs(mnt, '6m')!;
      try {
        const wsDir = join(mnt, 'ws');
        (await Workspace.init(wsDir)).close();
        const r = spawnSync(process.execPath, [CLI, '-w', wsDir, 'ingest', 'npr', extract], {
          encoding: 'utf8',
        });
        expect(r.status).toBe(3);
        expect(r.stderr).toMatch(
          /felles: error: could not write .*: the disk is full .* The load was rolled back: nothing of it is in the workspace/,
        );
        expect(r.stderr).not.toMatch(/bug in felles|unexpected error/);
        expect(await state(wsDir)).toBe('as it was');
        const leftovers = readdirSync(join(wsDir, 'runs'), { recursive: true }).map(String);
        expect(leftovers.filter((f) => f.endsWith('.tmp'))).toEqual([]);
      } finally {
        unmount();
      }
    },
  );

  it('DuckDB out of temporary space: DISK_FULL or OUT_OF_MEMORY, exit 3, the workspace as it was', async () => {
    const wsDir = join(mkdtempSync(join(dir, 'temp-')), 'ws');
    const ws = await Workspace.init(wsDir);
    try {
      await ws.db.exec(
        `SET memory_limit = '24MB'; SET max_temp_directory_size = '1MB'; SET threads = 1`,
      );
      const e = await ingestRegistry(ws, 'npr', [extract]).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(FellesError);
      expect((e as FellesError).code).toMatch(/^(DISK_FULL|OUT_OF_MEMORY)$/);
      expect((e as FellesError).exitCode).toBe(3);
      expect((e as Error).message).toMatch(/rolled back: nothing of it is in the workspace/);
    } finally {
      ws.close();
    }
    expect(await state(wsDir)).toBe('as it was');
  });
});
