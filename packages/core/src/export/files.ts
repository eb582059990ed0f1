/** Small file helpers shared by the writers. */
import { constants } from 'node:fs';
import { copyFile, link, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { UsageError } from '../kernel/errors.js';

/**
 * Move a finished temporary file to its name. Without `overwrite` an existing file is never
 * replaced: the file is published with a hard link, which fails when the name is taken (where the
 * file system has no hard links, with an exclusive copy), and the run stops with `OUTPUT_EXISTS`.
 * The temporary file is removed in every case.
 */
export async function publishFile(tmp: string, file: string, overwrite = false): Promise<void> {
  try {
    if (overwrite) {
      await rename(tmp, file);
      return;
    }
    try {
      await link(tmp, file);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS')
        throw e;
      await copyFile(tmp, file, constants.COPYFILE_EXCL);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST')
      throw new UsageError(
        'OUTPUT_EXISTS',
        `${file} already exists and is not replaced; choose another output folder, or pass --force to replace it`,
        { file },
      );
    throw namePath(e, file);
  } finally {
    await rm(tmp, { force: true });
  }
}

/**
 * Write a file atomically: to `<file>.tmp`, then {@link publishFile} (never over an existing
 * file unless `overwrite`). Nothing is left behind when it fails.
 */
export async function writeAtomic(
  file: string,
  data: string | Uint8Array,
  overwrite = false,
): Promise<void> {
  const tmp = `${file}.tmp`;
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFile(tmp, data);
  } catch (e) {
    await rm(tmp, { force: true });
    throw namePath(e, file);
  }
  await publishFile(tmp, file, overwrite);
}

/**
 * A failed `write` names no file (`ENOSPC` from the write call has no `path`): give the error
 * the file it was for, so the message says what could not be written.
 */
function namePath(e: unknown, file: string): unknown {
  const err = e as NodeJS.ErrnoException;
  if (err && typeof err === 'object' && typeof err.code === 'string' && !err.path) err.path = file;
  return e;
}
