/**
 * Where a run writes its files, checked before any computing starts: the folder must be a folder
 * (or creatable as one), felles must be able to write in it, and it must be new or empty unless
 * the user said `--force`. A run thus never mixes its files with an earlier run's, and never
 * replaces a file a user made without their say; and a wrong `--out` is a usage error in a
 * second, not an unexpected error after minutes of work.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, open, readdir, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { FellesError, UsageError } from '../kernel/errors.js';

/** Options of {@link prepareOutputFolder}. */
export interface OutputFolderOptions {
  /**
   * Allow a folder that already holds files; files of the same name are then replaced (the CLI's
   * `--force`). Without it, a folder with anything but hidden files in it is refused.
   */
  overwrite?: boolean;
  /** How the user named the folder, for the messages (default `--out`). */
  option?: string;
}

async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await stat(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'ENOTDIR') return null; // a parent is a file; found while walking up
    throw e;
  }
}

/** The nearest folder at or above `abs` that exists, and whether a file stands in the way. */
async function nearestExisting(abs: string): Promise<{ dir: string; blockedBy?: string }> {
  let p = abs;
  for (;;) {
    const s = await statOrNull(p);
    if (s) return s.isDirectory() ? { dir: p } : { dir: dirname(p), blockedBy: p };
    const up = dirname(p);
    if (up === p) return { dir: p };
    p = up;
  }
}

const REASON: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted there',
  EROFS: 'it is on a read-only file system',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  ENOENT: 'that folder does not take files',
  EINVAL: 'that folder does not take files',
};

/** Create and remove a small file in `dir` to prove felles can write there. */
async function probeWritable(dir: string, shown: string, option: string): Promise<void> {
  const probe = join(dir, `.felles-write-check-${process.pid}-${randomBytes(3).toString('hex')}`);
  try {
    const fh = await open(probe, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY);
    await fh.close();
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const full = code === 'ENOSPC' || code === 'EDQUOT';
    throw new FellesError(
      full ? 'DISK_FULL' : 'OUTPUT_NOT_WRITABLE',
      `${option} ${shown}: felles cannot write files in ${dir} (${REASON[code] ?? code}); choose a folder you can write to`,
      full ? 'input' : 'usage',
      { dir, errno: code },
      { cause: e },
    );
  }
  await rm(probe, { force: true });
}

/**
 * Check the output folder `dir` before a run computes anything, and return its absolute path.
 * Nothing is created: the writers create the folder when they write the first file.
 *
 * Refused with a usage error (exit 2): a path that is a file (`NOT_A_FOLDER`), a path under a file,
 * a folder felles cannot write in — no permission, a read-only file system, a pseudo file system
 * such as `/proc` (`OUTPUT_NOT_WRITABLE`) — and, unless `overwrite`, a folder that already holds
 * files (`OUTPUT_NOT_EMPTY`; hidden files such as `.DS_Store` do not count). A full disk is
 * `DISK_FULL` (exit 3).
 */
export async function prepareOutputFolder(
  dir: string,
  options: OutputFolderOptions = {},
): Promise<string> {
  const option = options.option ?? '--out';
  const abs = resolve(dir);
  const here = await lstat(abs).catch(() => null);
  const s = here?.isSymbolicLink() ? await statOrNull(abs) : here;
  if (s && !s.isDirectory())
    throw new UsageError(
      'NOT_A_FOLDER',
      `${option} ${dir}: ${abs} is a file, not a folder; give a new folder for the output`,
      { dir: abs },
    );
  const { dir: existing, blockedBy } = s ? { dir: abs } : await nearestExisting(abs);
  if (blockedBy)
    throw new UsageError(
      'NOT_A_FOLDER',
      `${option} ${dir}: ${blockedBy} is a file, so no folder can be made there; give another folder`,
      { dir: abs, file: blockedBy },
    );
  await probeWritable(existing, dir, option);
  if (s && !options.overwrite) {
    const entries = (await readdir(abs)).filter((n) => !n.startsWith('.')).sort();
    if (entries.length > 0) {
      const shown = entries.slice(0, 3).join(', ');
      const more = entries.length > 3 ? ` and ${entries.length - 3} more` : '';
      throw new UsageError(
        'OUTPUT_NOT_EMPTY',
        `${option} ${dir}: the folder already holds files (${shown}${more}); felles writes into a new or empty folder so that nothing is replaced or mixed with another run's files. Choose a new folder, or pass --force to write into this one (files of the same name are replaced)`,
        { dir: abs, files: entries.slice(0, 20) },
      );
    }
  }
  return abs;
}
