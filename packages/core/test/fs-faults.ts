/**
 * Real file-system faults for the tests: a read-only folder and a small file system that fills
 * up. As a normal user a read-only folder is a folder without write permission; as root (who
 * may write anyway) it is a read-only tmpfs mount, and the full disk is always a small tmpfs
 * mount, so those tests need root with the right to mount (the container the tests run in).
 * Each helper checks that the fault is real before it returns, so a test cannot pass by accident.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A folder and how to remove it again. */
export interface FaultyFolder {
  dir: string;
  cleanup(): void;
}

const isRoot = () => process.getuid?.() === 0;

function writable(dir: string): boolean {
  const f = join(dir, `.probe-${process.pid}`);
  try {
    writeFileSync(f, 'x');
    rmSync(f);
    return true;
  } catch {
    return false;
  }
}

function mount(options: string): FaultyFolder {
  const dir = mkdtempSync(join(tmpdir(), 'felles-fault-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `this test needs a tmpfs mount (${options}) and could not make one: ${(e as Error).message}`,
    );
  }
  return {
    dir,
    cleanup: () => {
      execFileSync('umount', [dir], { stdio: 'pipe' });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A folder felles cannot write in. */
export function readOnlyFolder(): FaultyFolder {
  let f: FaultyFolder;
  if (isRoot()) f = mount('ro,size=1m');
  else {
    const dir = mkdtempSync(join(tmpdir(), 'felles-ro-'));
    chmodSync(dir, 0o555);
    f = {
      dir,
      cleanup: () => {
        chmodSync(dir, 0o755);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  if (writable(f.dir)) {
    f.cleanup();
    throw new Error(`could not make a read-only folder (${f.dir} is writable)`);
  }
  return f;
}

/**
 * A file system of `mb` megabytes; call `fill()` to use up all of its space but about
 * `leaveKb` kilobytes.
 */
export function smallDisk(mb: number): FaultyFolder & { fill(leaveKb?: number): void } {
  const f = mount(`size=${mb}m`);
  return {
    ...f,
    fill(leaveKb = 0) {
      const free = Number(
        execFileSync('df', ['--output=avail', '-k', f.dir], { encoding: 'utf8' })
          .trim()
          .split('\n')
          .at(-1),
      );
      const kb = Math.max(0, free - leaveKb);
      try {
        execFileSync(
          'dd',
          ['if=/dev/zero', `of=${join(f.dir, 'filler')}`, 'bs=1k', `count=${kb}`],
          {
            stdio: 'pipe',
          },
        );
      } catch {
        // dd stops with "No space left on device" when the estimate was high: the disk is full
      }
    },
  };
}
