/**
 * Typed errors of felles. Core never prints and never exits: it throws one of these, each with a
 * stable `code`, and the CLI maps the error's `kind` to an exit code
 * (usage and workspace → 2, input → 3, check → 4, internal → 1).
 */

/** Broad class of an error; decides the CLI exit code. */
export type ErrorKind = 'usage' | 'input' | 'check' | 'workspace' | 'internal';

/**
 * Exit code per kind, as fixed in docs/architecture.md (0 ok, 1 unexpected, 2 usage, 3 bad input data, 4 a
 * check failed). A workspace that is missing, damaged, of another version or in use by another
 * felles process is something the user must set right before the command can run: exit 2, the
 * same as a usage error; `--json` tells them apart by `code` (e.g. `WORKSPACE_IN_USE`).
 */
export const EXIT_CODES: Readonly<Record<ErrorKind, number>> = {
  internal: 1,
  workspace: 2,
  usage: 2,
  input: 3,
  check: 4,
};

/** Base class: every error thrown by felles on purpose. */
export class FellesError extends Error {
  /** Stable, machine-readable code, e.g. `WORKSPACE_IN_USE`. */
  readonly code: string;
  readonly kind: ErrorKind;
  /** Extra structured facts for `--json` error output. */
  readonly details: Record<string, unknown>;

  constructor(
    code: string,
    message: string,
    kind: ErrorKind = 'internal',
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'FellesError';
    this.code = code;
    this.kind = kind;
    this.details = details;
  }

  get exitCode(): number {
    return EXIT_CODES[this.kind];
  }
}

/** The caller asked for something impossible (unknown option value, unknown area, …). */
export class UsageError extends FellesError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 'usage', details);
    this.name = 'UsageError';
  }
}

/** Where in an input file a problem was found. Line numbers are 1-based physical lines. */
export interface InputLocation {
  file: string;
  line?: number;
  column?: string;
  value?: string;
}

/**
 * Bad input data. The message always names the file and, when known, the line, column and value.
 */
export class InputDataError extends FellesError {
  readonly location: InputLocation;

  constructor(
    code: string,
    reason: string,
    location: InputLocation,
    details: Record<string, unknown> = {},
  ) {
    super(code, formatInputMessage(reason, location), 'input', { ...details, ...location });
    this.name = 'InputDataError';
    this.location = location;
  }
}

/** A quality check or assertion the user asked for did not pass. */
export class CheckFailedError extends FellesError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, 'check', details);
    this.name = 'CheckFailedError';
  }
}

/** The workspace is missing, corrupt, or locked by another process. */
export class WorkspaceError extends FellesError {
  constructor(
    code: string,
    message: string,
    details: Record<string, unknown> = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, 'workspace', details, options);
    this.name = 'WorkspaceError';
  }
}

/** `file:line: column "x" value "v": reason` — the one format for input problems. */
export function formatInputMessage(reason: string, loc: InputLocation): string {
  let where = loc.file;
  if (loc.line !== undefined) where += `:${loc.line}`;
  const parts: string[] = [];
  if (loc.column !== undefined) parts.push(`column "${loc.column}"`);
  if (loc.value !== undefined) parts.push(`value "${truncate(loc.value, 60)}"`);
  return parts.length ? `${where}: ${parts.join(', ')}: ${reason}` : `${where}: ${reason}`;
}

function truncate(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
}
