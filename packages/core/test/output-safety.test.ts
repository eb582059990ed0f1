/**
 * Nothing a user made is overwritten, and a wrong or broken output path is a clear error before
 * anything is computed: the output-folder check, the no-clobber writers, and the mapping of
 * system errors (a full disk, a read-only folder, a file where a folder is wanted) to typed
 * felles errors. Faults are real: a read-only folder, a full tmpfs, `/proc`.
 */
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
import { afterEach, describe, expect, it } from 'vitest';
import {
  disclose,
  exportTables,
  FellesError,
  prepareOutputFolder,
  systemError,
  Workspace,
  writeAtomic,
} from '../src/internal.js';
import { readOnlyFolder, smallDisk, type FaultyFolder } from './fs-faults.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'felles-out-'));

/** The felles error `p` rejects with (or fails the test). */
async function failure(p: Promise<unknown>): Promise<FellesError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, 'expected the call to fail').toBeDefined();
  const f = systemError(e);
  expect(f, `not a felles error: ${String(e)}`).toBeInstanceOf(FellesError);
  return f!;
}

const cleanups: FaultyFolder[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c.cleanup();
});

/** Every file under `dir`, relative. */
function files(dir: string, base = ''): string[] {
  return readdirSync(join(dir, base), { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? files(dir, join(base, d.name)) : [join(base, d.name)],
  );
}

describe('prepareOutputFolder: checked before any computing', () => {
  it('a new folder (also nested) is accepted and not yet created', async () => {
    const base = tmp();
    const out = join(base, 'a', 'b');
    expect(await prepareOutputFolder(out)).toBe(out);
    expect(existsSync(join(base, 'a'))).toBe(false);
  });

  it('an empty folder, or one with only hidden files, is accepted', async () => {
    const out = tmp();
    writeFileSync(join(out, '.DS_Store'), '');
    expect(await prepareOutputFolder(out)).toBe(out);
  });

  it('a folder that holds files is refused (exit 2) unless overwrite; nothing is touched', async () => {
    const out = tmp();
    writeFileSync(join(out, 'mine.xlsx'), 'my work');
    const e = await failure(prepareOutputFolder(out));
    expect(e.code).toBe('OUTPUT_NOT_EMPTY');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain('mine.xlsx');
    expect(e.message).toContain('--force');
    expect(await prepareOutputFolder(out, { overwrite: true })).toBe(out);
    expect(readFileSync(join(out, 'mine.xlsx'), 'utf8')).toBe('my work');
    expect(files(out)).toEqual(['mine.xlsx']);
  });

  it('a file, or a path through a file, is NOT_A_FOLDER (exit 2), also with overwrite', async () => {
    const base = tmp();
    const file = join(base, 'report.html');
    writeFileSync(file, 'x');
    for (const p of [file, join(file, 'sub')]) {
      const e = await failure(prepareOutputFolder(p, { overwrite: true }));
      expect(e.code).toBe('NOT_A_FOLDER');
      expect(e.exitCode).toBe(2);
      expect(e.message).toContain(`${file} is a file`);
    }
  });

  it('/proc/x is refused at once as a folder that takes no files (no hang)', async () => {
    const e = await failure(prepareOutputFolder('/proc/x', { option: '--out' }));
    expect(e.code).toBe('OUTPUT_NOT_WRITABLE');
    expect(e.exitCode).toBe(2);
    expect(e.message).toBe(
      '--out /proc/x: felles cannot write files in /proc (that folder does not take files); choose a folder you can write to',
    );
  });

  it('a read-only folder is refused with the reason (exit 2)', async () => {
    const ro = readOnlyFolder();
    cleanups.push(ro);
    const e = await failure(prepareOutputFolder(join(ro.dir, 'out')));
    expect(e.code).toBe('OUTPUT_NOT_WRITABLE');
    expect(e.exitCode).toBe(2);
    expect(e.message).toMatch(
      new RegExp(
        `cannot write files in ${ro.dir} \\((it is on a read-only file system|permission denied)\\)`,
      ),
    );
  });
});

describe('writers never replace a file without overwrite', () => {
  it('writeAtomic refuses an existing file (OUTPUT_EXISTS), leaves it and no temp file', async () => {
    const out = tmp();
    const f = join(out, 'indicators.xlsx');
    writeFileSync(f, 'my edited workbook');
    const e = await failure(writeAtomic(f, 'new'));
    expect(e.code).toBe('OUTPUT_EXISTS');
    expect(e.exitCode).toBe(2);
    expect(e.message).toContain(f);
    expect(readFileSync(f, 'utf8')).toBe('my edited workbook');
    expect(files(out)).toEqual(['indicators.xlsx']);
    await writeAtomic(f, 'new', true);
    expect(readFileSync(f, 'utf8')).toBe('new');
    expect(files(out)).toEqual(['indicators.xlsx']);
  });

  it('every export format refuses a file of the same name and replaces it with overwrite', async () => {
    const table = await disclose(
      [
        { area_code: 'A', numerator: 20 },
        { area_code: 'B', numerator: 30 },
      ],
      { name: 'tab', dimensions: ['area_code'], counts: ['numerator'] },
    );
    const names: Record<string, string> = {
      csv: 'tab.csv',
      parquet: 'tab.parquet',
      arrow: 'tab.arrow',
      xlsx: 'tab.xlsx',
      json: 'tab.json',
    };
    for (const [format, name] of Object.entries(names)) {
      const out = tmp();
      writeFileSync(join(out, name), 'mine');
      const e = await failure(exportTables([table], { format, out, manifestId: 'run-1' }));
      expect(e.code, format).toBe('OUTPUT_EXISTS');
      expect(readFileSync(join(out, name), 'utf8'), format).toBe('mine');
      expect(
        files(out).filter((f) => f.endsWith('.tmp')),
        format,
      ).toEqual([]);
      const written = await exportTables([table], {
        format,
        out,
        manifestId: 'run-1',
        overwrite: true,
      });
      expect(written).toContain(join(out, name));
      expect(readFileSync(join(out, name)).length, format).toBeGreaterThan(4);
    }
  });
});

describe('system errors become typed errors naming what could not be written', () => {
  const sys = (code: string, path?: string, syscall = 'open') =>
    Object.assign(new Error(`${code}: x`), { code, syscall, ...(path ? { path } : {}) });

  it('Node errors: full disk exit 3; permission, read-only, folder/file mix-ups exit 2', () => {
    const cases: Array<[string, string, number, string]> = [
      ['ENOSPC', 'DISK_FULL', 3, 'could not write /o/a.csv: the disk is full'],
      ['EDQUOT', 'DISK_QUOTA_EXCEEDED', 3, 'could not write /o/a.csv: your disk quota is used up'],
      ['EACCES', 'PERMISSION_DENIED', 2, 'could not write /o/a.csv: permission denied'],
      [
        'EROFS',
        'READ_ONLY_FILE_SYSTEM',
        2,
        'could not write /o/a.csv: it is on a read-only file system',
      ],
      ['EISDIR', 'IS_A_FOLDER', 2, '/o/a.csv is a folder where a file is wanted'],
      ['ENOTDIR', 'NOT_A_FOLDER', 2, '/o/a.csv goes through a file where a folder is wanted'],
      ['EEXIST', 'OUTPUT_EXISTS', 2, '/o/a.csv already exists and is not replaced'],
    ];
    for (const [errno, code, exit, start] of cases) {
      const e = systemError(sys(errno, '/o/a.csv'))!;
      expect(e.code, errno).toBe(code);
      expect(e.exitCode, errno).toBe(exit);
      expect(e.message.startsWith(start), e.message).toBe(true);
    }
    expect(systemError(sys('ENOSPC', '/o/x', 'mkdir'))!.message).toMatch(
      /^could not create the folder \/o\/x: the disk is full/,
    );
  });

  it('DuckDB I/O errors by their text, with the file they name; other errors are left alone', () => {
    const e = systemError(
      new Error('IO Error: Could not write file "/ws/felles.duckdb.wal": No space left on device'),
    )!;
    expect(e.code).toBe('DISK_FULL');
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(/^could not write \/ws\/felles\.duckdb\.wal: the disk is full/);
    expect(systemError(new Error('Binder Error: column "Permission denied" not found'))).toBe(
      undefined,
    );
    expect(systemError(new TypeError('x is undefined'))).toBe(undefined);
    expect(systemError(sys('ECONNRESET'))).toBe(undefined);
  });
});

describe('a full disk', () => {
  it('an export to a full disk: DISK_FULL naming the file, exit 3, no temp file left', async () => {
    const disk = smallDisk(1);
    cleanups.push(disk);
    const out = join(disk.dir, 'out');
    mkdirSync(out);
    disk.fill();
    const rows = Array.from({ length: 4000 }, (_, i) => ({
      area_code: `area-${String(i).padStart(5, '0')}-${'x'.repeat(40)}`,
      numerator: 100 + i,
    }));
    const table = await disclose(rows, {
      name: 'big',
      dimensions: ['area_code'],
      counts: ['numerator'],
    });
    const e = await failure(exportTables([table], { format: 'json', out, manifestId: 'run-1' }));
    expect(e.code).toBe('DISK_FULL');
    expect(e.exitCode).toBe(3);
    expect(e.message).toMatch(new RegExp(`^could not write ${out}/big\\.json: the disk is full`));
    expect(files(out)).toEqual([]);
  });

  it('a run on a full disk fails with DISK_FULL, leaves no manifest.json.tmp and the data as they were', async () => {
    const disk = smallDisk(60);
    cleanups.push(disk);
    const dir = join(disk.dir, 'ws');
    (await Workspace.init(dir)).close();
    disk.fill();
    const ws = await Workspace.open(dir);
    try {
      const e = await failure(
        ws.run('fill', {}, () =>
          ws.db.transaction(async () => {
            await ws.db.exec(
              `CREATE TABLE big AS SELECT range AS i, repeat('x', 200) || range AS s FROM range(500000)`,
            );
          }),
        ),
      );
      expect(e.code).toBe('DISK_FULL');
      expect(e.exitCode).toBe(3);
      expect(e.message).toMatch(/^could not write \S+: the disk is full/);
    } finally {
      ws.close();
    }
    expect(files(join(dir, 'runs')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(files(join(dir, 'runs')).length).toBe(1); // the init run only
    const again = await Workspace.open(dir, { readOnly: true });
    try {
      expect(
        Number(
          await again.db.value(
            `SELECT count(*) FROM information_schema.tables WHERE table_name = 'big'`,
          ),
        ),
      ).toBe(0);
    } finally {
      again.close();
    }
  });
});
