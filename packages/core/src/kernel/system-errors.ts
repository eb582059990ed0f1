/**
 * The one place where failures of the machine rather than of felles — a full disk, a folder
 * without write access, a read-only file system, a file where a folder is wanted — become typed
 * felles errors with a message that says what could not be written and what to do. They come
 * either as Node.js system errors (`code` such as `ENOSPC`, with `path`) or as DuckDB I/O errors
 * (text such as `No space left on device`). Everything else is left alone: an error that is not
 * recognised here is a bug and must stay visible as one.
 */
import { FellesError, type ErrorKind } from './errors.js';

/** What felles makes of one kind of system error. */
interface SystemErrorRule {
  /** Stable felles error code. */
  code: string;
  kind: ErrorKind;
  /** Patterns of DuckDB's (and other libraries') error text for the same condition. */
  text: RegExp;
  /** The message, given the path (or undefined when the error names none). */
  message(path: string | undefined, verb: string): string;
}

const where = (path: string | undefined) => (path ? ` ${path}` : '');

const RULES: Readonly<Record<string, SystemErrorRule>> = {
  ENOSPC: {
    code: 'DISK_FULL',
    kind: 'input',
    text: /No space left on device/i,
    message: (p, verb) =>
      `could not ${verb}${where(p)}: the disk is full (no space left on the device). Free some space or write to another disk, then run the command again`,
  },
  EDQUOT: {
    code: 'DISK_QUOTA_EXCEEDED',
    kind: 'input',
    text: /Disk quota exceeded/i,
    message: (p, verb) =>
      `could not ${verb}${where(p)}: your disk quota is used up. Free some space or write to another disk, then run the command again`,
  },
  EFBIG: {
    code: 'FILE_TOO_LARGE',
    kind: 'input',
    text: /File too large/i,
    message: (p, verb) =>
      `could not ${verb}${where(p)}: the file is larger than the file system allows. Write to another disk`,
  },
  EROFS: {
    code: 'READ_ONLY_FILE_SYSTEM',
    kind: 'usage',
    text: /Read-only file system/i,
    message: (p, verb) =>
      `could not ${verb}${where(p)}: it is on a read-only file system. Choose a folder on a disk you can write to`,
  },
  EACCES: {
    code: 'PERMISSION_DENIED',
    kind: 'usage',
    text: /Permission denied/i,
    message: (p, verb) =>
      `could not ${verb}${where(p)}: permission denied. Choose a folder you may write to, or ask for access`,
  },
  EPERM: {
    code: 'PERMISSION_DENIED',
    kind: 'usage',
    text: /Operation not permitted/i,
    message: (p, verb) =>
      `could not ${verb}${where(p)}: the operation is not permitted there. Choose a folder you may write to`,
  },
  EISDIR: {
    code: 'IS_A_FOLDER',
    kind: 'usage',
    text: /Is a directory/i,
    message: (p) =>
      `${p ?? 'the path'} is a folder where a file is wanted; choose another file name`,
  },
  ENOTDIR: {
    code: 'NOT_A_FOLDER',
    kind: 'usage',
    text: /Not a directory/i,
    message: (p) =>
      `${p ?? 'the path'} goes through a file where a folder is wanted; choose another folder`,
  },
  EEXIST: {
    code: 'OUTPUT_EXISTS',
    kind: 'usage',
    text: /File exists/i,
    message: (p) =>
      `${p ?? 'the file'} already exists and is not replaced; choose another folder, or pass --force to replace it`,
  },
  ENOENT: {
    code: 'PATH_NOT_FOUND',
    kind: 'input',
    text: /No such file or directory/i,
    message: (p) => `no such file or folder:${where(p)}`,
  },
};

/** Verb for the message from a Node.js `syscall` (`open` → "write"/"open", `mkdir` → "create"). */
function verbOf(syscall: unknown): string {
  switch (syscall) {
    case 'mkdir':
      return 'create the folder';
    case 'rename':
    case 'write':
    case 'copyfile':
    case 'link':
      return 'write';
    case 'unlink':
    case 'rmdir':
    case 'rm':
      return 'remove';
    case 'scandir':
    case 'read':
    case 'stat':
    case 'lstat':
      return 'read';
    default:
      return 'write';
  }
}

/**
 * The felles error for a system error, or `undefined` when `e` is not one this module knows (then
 * it is a bug and should be reported as such). Felles errors are returned as they are.
 *
 * Node.js errors are recognised by their `code` (`ENOSPC`, `EDQUOT`, `EFBIG`, `EROFS`, `EACCES`, `EPERM`,
 * `EISDIR`, `ENOTDIR`, `EEXIST`, `ENOENT`) and name their `path`; DuckDB's I/O errors by their
 * text (`IO Error: … No space left on device`), with the first quoted path in the text.
 */
export function systemError(e: unknown): FellesError | undefined {
  if (e instanceof FellesError) return e;
  if (!(e instanceof Error)) return undefined;
  const errno = (e as NodeJS.ErrnoException).code;
  if (typeof errno === 'string' && Object.hasOwn(RULES, errno)) {
    const rule = RULES[errno]!;
    const path = (e as NodeJS.ErrnoException).path;
    const verb = verbOf((e as NodeJS.ErrnoException).syscall);
    return new FellesError(
      rule.code,
      rule.message(path, verb),
      rule.kind,
      { errno, ...(path ? { path } : {}) },
      { cause: e },
    );
  }
  // DuckDB reports file-system failures as text ("IO Error: Could not write file "x": No space
  // left on device"); only I/O errors are taken, so that a query error quoting the same words is not.
  if (
    /\bIO Error\b|\bIOException\b|Could not (write|open|create|read|truncate|sync)/i.test(e.message)
  ) {
    for (const [errnoName, rule] of Object.entries(RULES)) {
      if (!rule.text.test(e.message)) continue;
      const path = /"([^"]+)"/.exec(e.message)?.[1];
      const verb = /Could not (open|read)\b/i.test(e.message) ? 'open' : 'write';
      return new FellesError(
        rule.code,
        rule.message(path, verb),
        rule.kind,
        { errno: errnoName, ...(path ? { path } : {}), duckdb: e.message },
        { cause: e },
      );
    }
  }
  return undefined;
}
