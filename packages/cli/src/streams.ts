/**
 * A reader that goes away (`felles --help | head`, `felles sql … | less` closed early) is not an
 * error: once stdout or stderr reports EPIPE, whatever felles still writes to it is dropped and
 * the command ends quietly, with the exit code it would have had. Any other stream error is
 * thrown as before.
 */
const guarded = new WeakSet<NodeJS.WriteStream>();

/** Install the EPIPE guard on `process.stdout` and `process.stderr` (once). */
export function guardBrokenPipes(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (guarded.has(stream)) continue;
    guarded.add(stream);
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code !== 'EPIPE' && e.code !== 'ERR_STREAM_DESTROYED') throw e;
      // The reader is gone: drop everything written from now on.
      stream.write = (() => true) as typeof stream.write;
    });
  }
}
