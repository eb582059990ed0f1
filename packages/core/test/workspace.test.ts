import {
  mkdtempSync,
  writeFileSync,
  readFileSync,
  existsSync,
  readdirSync,
  mkdirSync,
} from 'node:fs';
import { availableParallelism, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import {
  Workspace,
  WorkspaceError,
  UsageError,
  machineDuckdbDefaults,
  sql,
  type RunManifest,
} from '../src/internal.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'felles-ws-'));

describe('Workspace', () => {
  it('init creates felles.json, felles.duckdb, runs/ and an init manifest', async () => {
    const dir = join(tmp(), 'ws');
    const ws = await Workspace.init(dir);
    ws.close();
    expect(existsSync(join(dir, 'felles.json'))).toBe(true);
    expect(existsSync(join(dir, 'felles.duckdb'))).toBe(true);
    const cfg = JSON.parse(readFileSync(join(dir, 'felles.json'), 'utf8'));
    expect(cfg.structureYear).toBe(2024);
    expect(cfg.disclosure.threshold).toBe(4);
    const runs = readdirSync(join(dir, 'runs'));
    expect(runs).toHaveLength(1);
    const m = JSON.parse(
      readFileSync(join(dir, 'runs', runs[0]!, 'manifest.json'), 'utf8'),
    ) as RunManifest;
    expect(m.command).toBe('init');
    expect(m.status).toBe('ok');
    expect(m.toolVersion).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('refuses to init over an existing workspace or a non-empty folder', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'something.txt'), 'x');
    await expect(Workspace.init(dir)).rejects.toMatchObject({ code: 'DIRECTORY_NOT_EMPTY' });
    const dir2 = join(tmp(), 'ws');
    (await Workspace.init(dir2)).close();
    await expect(Workspace.init(dir2)).rejects.toBeInstanceOf(UsageError);
  });

  it('gives clear errors for a missing, foreign or corrupt workspace', async () => {
    await expect(Workspace.open(join(tmp(), 'nope'))).rejects.toMatchObject({
      code: 'WORKSPACE_NOT_FOUND',
    });
    const empty = tmp();
    await expect(Workspace.open(empty)).rejects.toMatchObject({ code: 'WORKSPACE_NOT_FOUND' });

    const badJson = tmp();
    writeFileSync(join(badJson, 'felles.json'), '{ not json');
    await expect(Workspace.open(badJson)).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT' });

    const noDb = tmp();
    writeFileSync(join(noDb, 'felles.json'), JSON.stringify({ felles: 1 }));
    await expect(Workspace.open(noDb)).rejects.toMatchObject({ code: 'WORKSPACE_CORRUPT' });

    const garbageDb = tmp();
    writeFileSync(join(garbageDb, 'felles.json'), JSON.stringify({ felles: 1 }));
    writeFileSync(
      join(garbageDb, 'felles.duckdb'),
      'this is not a database file at all'.repeat(200),
    );
    const err = await Workspace.open(garbageDb).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkspaceError);
    expect((err as WorkspaceError).code).toMatch(/WORKSPACE_CORRUPT|DB_OPEN_FAILED/);
  });

  it('a second process gets WORKSPACE_IN_USE, not a DuckDB stack trace', async () => {
    const dir = join(tmp(), 'ws');
    const ws = await Workspace.init(dir);
    try {
      const script = `
        import { Workspace } from ${JSON.stringify(new URL('../src/index.ts', import.meta.url).pathname)};
        try { await Workspace.open(${JSON.stringify(dir)}); console.log('OPENED'); }
        catch (e) { console.log(e.code + ' ' + e.message); }`;
      const file = join(tmp(), 'open.mts');
      writeFileSync(file, script);
      const output = await new Promise<string>((resolve, reject) => {
        const p = spawn(process.execPath, ['--import', 'tsx', file], { cwd: process.cwd() });
        let s = '';
        p.stdout.on('data', (d) => (s += String(d)));
        p.stderr.on('data', (d) => (s += String(d)));
        p.on('close', () => resolve(s));
        p.on('error', reject);
      });
      expect(output).toMatch(
        /^WORKSPACE_IN_USE the workspace is in use by another felles process/m,
      );
    } finally {
      ws.close();
    }
  });

  it('run() writes a failed manifest and rolls back a failed transaction', async () => {
    const dir = join(tmp(), 'ws');
    const ws = await Workspace.init(dir);
    try {
      await ws.db.exec('CREATE TABLE t (x INTEGER)');
      await expect(
        ws.run('test', { a: 1 }, async (run) => {
          await ws.db.transaction(async () => {
            await ws.db.run('INSERT INTO t VALUES (1), (2)');
            run.count('t', 2);
            throw new Error('boom');
          });
        }),
      ).rejects.toThrow('boom');
      expect(await ws.db.value('SELECT count(*) FROM t')).toBe(0);
      const runs = await ws.runs();
      const last = runs[runs.length - 1]!;
      expect(last.command).toBe('test');
      expect(last.status).toBe('failed');
      expect(last.error?.message).toBe('boom');
      expect(last.parameters).toEqual({ a: 1 });
    } finally {
      ws.close();
    }
  });

  it('records inputs with SHA-256', async () => {
    const dir = join(tmp(), 'ws');
    const ws = await Workspace.init(dir);
    try {
      const f = join(tmp(), 'in.txt');
      writeFileSync(f, 'abc');
      const { manifest } = await ws.run('hash', {}, async (run) => {
        await run.addInput(f, 'test');
      });
      // SHA-256 of "abc" (FIPS 180-2 example).
      expect(manifest.inputs[0]?.sha256).toBe(
        'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
      );
      expect(manifest.inputs[0]?.bytes).toBe(3);
    } finally {
      ws.close();
    }
  });

  it('read-only workspaces refuse run()', async () => {
    const dir = join(tmp(), 'ws');
    (await Workspace.init(dir)).close();
    const ro = await Workspace.open(dir, { readOnly: true });
    try {
      await expect(ro.run('x', {}, async () => 1)).rejects.toMatchObject({
        code: 'WORKSPACE_READ_ONLY',
      });
    } finally {
      ro.close();
    }
  });

  it('--profile: every statement of a run is timed into its manifest', async () => {
    const dir = join(tmp(), 'ws');
    (await Workspace.init(dir)).close();
    const ws = await Workspace.open(dir, { profile: true });
    try {
      const { manifest } = await ws.run('probe', {}, async () => {
        await ws.db.exec('CREATE TABLE t AS SELECT range AS x FROM range(1000)');
        await ws.db.value('SELECT   sum(x)\n FROM t');
        await ws.db.run('DELETE FROM t WHERE x < 10');
      });
      const p = manifest['profile'] as {
        statements: number;
        totalMs: number;
        slowest: { sql: string; ms: number }[];
        queries: { sql: string; ms: number }[];
      };
      expect(p.statements).toBe(3);
      expect(p.queries.map((q) => q.sql)).toEqual([
        'CREATE TABLE t AS SELECT range AS x FROM range(1000)',
        'SELECT sum(x) FROM t',
        'DELETE FROM t WHERE x < 10',
      ]);
      expect(p.slowest).toHaveLength(3);
      expect(p.slowest[0]!.ms).toBeGreaterThanOrEqual(p.slowest[2]!.ms);
      for (const q of p.queries) expect(q.ms).toBeGreaterThanOrEqual(0);
    } finally {
      ws.close();
    }
    const ws2 = await Workspace.open(dir, { profile: false });
    try {
      const { manifest } = await ws2.run('probe', {}, async () => ws2.db.value('SELECT 1'));
      expect(manifest['profile']).toBeUndefined();
      expect(ws2.db.profiling).toBe(false);
    } finally {
      ws2.close();
    }
  });

  it('a bad duckdb setting in felles.json is refused with the setting and the value', async () => {
    const dir = join(tmp(), 'ws');
    await expect(
      Workspace.init(dir, { config: { duckdb: { memoryLimit: '8 gigs' } } }),
    ).rejects.toThrow(
      'duckdb.memoryLimit must be an amount with a unit such as "8GB" or "9600MB", got "8 gigs"',
    );
    await expect(Workspace.init(dir, { config: { duckdb: { threads: 0 } } })).rejects.toThrow(
      'duckdb.threads must be a whole number ≥ 1, got 0',
    );
  });

  it('sizes DuckDB from the machine unless felles.json says otherwise', async () => {
    const { memoryLimit, threads } = machineDuckdbDefaults();
    const mb = Number(/^(\d+)MB$/.exec(memoryLimit)![1]);
    expect(mb).toBe(Math.max(1024, Math.floor((totalmem() / 1048576) * 0.4)));
    expect(threads).toBe(availableParallelism());
    const dir = join(tmp(), 'ws');
    (
      await Workspace.init(dir, { config: { duckdb: { threads: 1, memoryLimit: '700MB' } } })
    ).close();
    const ws = await Workspace.open(dir);
    try {
      expect(await ws.db.value(`SELECT current_setting('threads')`)).toBe(1);
      // DuckDB reports the limit in its own units (700MB = 667.5 MiB).
      expect(String(await ws.db.value(`SELECT current_setting('memory_limit')`))).toMatch(
        /^667\.5 MiB$/,
      );
    } finally {
      ws.close();
    }
    const dir2 = join(tmp(), 'ws2');
    (await Workspace.init(dir2)).close();
    const ws2 = await Workspace.open(dir2);
    try {
      expect(await ws2.db.value(`SELECT current_setting('threads')`)).toBe(threads);
    } finally {
      ws2.close();
    }
  });
});

describe('sql escaping', () => {
  it('quotes identifiers, strings and paths so that input cannot break out', () => {
    expect(sql.ident('a"b')).toBe('"a""b"');
    expect(sql.str("O'Brien")).toBe("'O''Brien'");
    expect(sql.lit(null)).toBe('NULL');
    expect(sql.lit(3.5)).toBe('3.5');
    expect(() => sql.lit(Number.NaN)).toThrow();
    expect(sql.inList([])).toBe('(NULL)');
    expect(sql.inList(['a', "b'c"])).toBe("('a', 'b''c')");
  });

  it('a hostile string round-trips through DuckDB unchanged', async () => {
    const dir = join(tmp(), 'ws');
    mkdirSync(dir, { recursive: true });
    const ws = await Workspace.init(join(dir, 'w'));
    try {
      const evil = `x'); DROP TABLE meta; --"`;
      expect(await ws.db.value(`SELECT ${sql.str(evil)} AS v`)).toBe(evil);
      expect(await ws.db.value(`SELECT count(*) FROM meta`)).toBeGreaterThan(0);
    } finally {
      ws.close();
    }
  });
});
