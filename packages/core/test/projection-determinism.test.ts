import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fellesInProcess } from '../../../test/felles-in-process.js';
import { DETERMINISM_HFS, determinismWorkspace } from './projection-determinism-fixture.js';

// Same inputs and seed → the same bytes, whatever DuckDB's thread count and the order it
// delivers rows in (projection-determinism-fixture.ts: a demo-sized workspace).
let dir = '';
beforeAll(async () => {
  const f = await determinismWorkspace();
  dir = f.dir;
  f.ws.close();
}, 600_000);
afterAll(() => {
  if (dir) rmSync(dirname(dir), { recursive: true, force: true });
});

function setThreads(threads: number): void {
  const file = join(dir, 'felles.json');
  const cfg = JSON.parse(readFileSync(file, 'utf8')) as { duckdb: Record<string, unknown> };
  cfg.duckdb = { ...cfg.duckdb, threads };
  writeFileSync(file, JSON.stringify(cfg, null, 2));
}

describe('felles project --runs 200 --seed 7 --json', () => {
  it('prints the same bytes with 1 and 2 DuckDB threads, and twice in a row', async () => {
    const args = [
      'project',
      '--hf',
      'all',
      '--to',
      '2040',
      '--runs',
      '200',
      '--seed',
      '7',
      '--json',
    ];
    const outs: string[] = [];
    for (const threads of [1, 2, 2]) {
      setThreads(threads);
      const r = await fellesInProcess(dir, args, { quiet: true });
      expect(r.code, r.stderr).toBe(0);
      outs.push(r.stdout);
    }
    const first = JSON.parse(outs[0]!) as { meta: { areas: string[] }; summary: unknown[] };
    expect(first.meta.areas).toEqual(DETERMINISM_HFS);
    expect(first.summary.length).toBeGreaterThan(300);
    expect(outs[1]).toBe(outs[0]);
    expect(outs[2]).toBe(outs[0]);
  }, 900_000);
});
