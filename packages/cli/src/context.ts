import {
  Workspace,
  FellesError,
  belowConventionNotice,
  resolveThreshold,
  type ProgressFn,
  type ProgressEvent,
} from '@felles/core';
import cliProgress from 'cli-progress';

/** Global options every command understands. */
export interface GlobalOptions {
  workspace: string;
  json?: boolean;
  quiet?: boolean;
  /** Time every statement and write the timings into the run manifest. */
  profile?: boolean;
}

/** Write a result line to stdout. */
export function out(text = ''): void {
  process.stdout.write(`${text}\n`);
}

/** Write a log line to stderr unless --quiet. */
export function log(globals: GlobalOptions, text: string): void {
  if (!globals.quiet) process.stderr.write(`${text}\n`);
}

/** Print a value as pretty JSON on stdout. */
export function outJson(value: unknown): void {
  process.stdout.write(
    `${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`,
  );
}

/** Report an error on stderr: one line for felles errors, the stack for unexpected ones. */
export function errorOutput(e: unknown, json: boolean): void {
  if (json) {
    const body =
      e instanceof FellesError
        ? { error: { code: e.code, kind: e.kind, message: e.message, details: e.details } }
        : {
            error: {
              code: 'INTERNAL',
              kind: 'internal',
              message: e instanceof Error ? e.message : String(e),
            },
          };
    process.stderr.write(`${JSON.stringify(body)}\n`);
    return;
  }
  if (e instanceof FellesError) {
    process.stderr.write(`felles: error: ${e.message}\n`);
  } else {
    process.stderr.write(
      `felles: unexpected error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`,
    );
    process.stderr.write('This is a bug in felles; please report it with the command you ran.\n');
  }
}

/**
 * A progress callback for core: a bar on a TTY (stderr), plain log lines otherwise, nothing with
 * --quiet. Call `.stop()` when done.
 */
export function progressReporter(globals: GlobalOptions): ProgressFn & { stop(): void } {
  const tty = Boolean(process.stderr.isTTY) && !globals.quiet && !process.env['CI'];
  let bar: cliProgress.SingleBar | undefined;
  const fn = ((e: ProgressEvent) => {
    if (globals.quiet) return;
    if (tty && e.total !== undefined && (e.phase === 'start' || e.phase === 'update')) {
      if (!bar) {
        bar = new cliProgress.SingleBar(
          {
            format: `${e.stage} [{bar}] {percentage}% {value}/{total} ${e.unit ?? ''} {message}`,
            stream: process.stderr,
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        );
        bar.start(e.total, e.done ?? 0, { message: e.message ?? '' });
      } else {
        bar.setTotal(e.total);
        bar.update(e.done ?? 0, { message: e.message ?? '' });
      }
      return;
    }
    if (e.phase === 'end') {
      if (bar) {
        bar.stop();
        bar = undefined;
      }
      if (e.message) process.stderr.write(`${e.stage}: ${e.message}\n`);
      return;
    }
    if (e.phase === 'update' && !tty) return; // no flood of lines in logs
    const count =
      e.done !== undefined
        ? ` ${e.done}${e.total !== undefined ? `/${e.total}` : ''}${e.unit ? ` ${e.unit}` : ''}`
        : '';
    process.stderr.write(`${e.stage}:${count}${e.message ? ` ${e.message}` : ''}\n`);
  }) as ProgressFn & { stop(): void };
  fn.stop = () => {
    bar?.stop();
    bar = undefined;
  };
  return fn;
}

/** Open the workspace named by --workspace, run `fn`, and close it in all cases. */
export async function withWorkspace<T>(
  globals: GlobalOptions,
  options: { readOnly?: boolean; sealed?: boolean },
  fn: (ws: Workspace) => Promise<T>,
): Promise<T> {
  const ws = await Workspace.open(globals.workspace, {
    readOnly: options.readOnly ?? false,
    sealed: options.sealed ?? false,
    ...(globals.profile ? { profile: true } : {}),
  });
  const notice = belowConventionNotice(resolveThreshold({}, ws.config.disclosure));
  if (notice) process.stderr.write(`${notice}\n`);
  try {
    return await fn(ws);
  } finally {
    ws.close();
  }
}
