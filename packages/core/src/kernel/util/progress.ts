/**
 * Progress reporting. Core never prints; long operations call a {@link ProgressFn} that the CLI
 * turns into a bar (on a TTY) or log lines, and that library users may ignore.
 */
export interface ProgressEvent {
  /** Short stage name, e.g. `"ingest npr"`. */
  stage: string;
  /** Human-readable detail (file name, table). */
  message?: string;
  /** Work done so far and total, in `unit`s, when known. */
  done?: number;
  total?: number;
  unit?: string;
  /** `'start' | 'update' | 'end' | 'log'`. */
  phase: 'start' | 'update' | 'end' | 'log';
}

/** Receives progress of long work (core reports through it; the CLI draws bars on stderr). */
export type ProgressFn = (event: ProgressEvent) => void;

/** A progress callback that does nothing. */
export const noProgress: ProgressFn = () => {};
