import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SYNTH_MANIFEST } from './generate.js';

/**
 * The file `felles demo` writes into a folder before it puts anything else there. Only a folder
 * with this marker is a demo workspace: the only kind `felles demo` loads synthetic data into,
 * and the only kind `felles demo --fresh` deletes.
 */
export const DEMO_MARKER = 'felles-demo.json';

/** The content of {@link DEMO_MARKER}. */
export interface DemoMarker {
  felles: 'demo';
  createdAt: string;
  toolVersion: string;
  note: string;
}

/** True when `dir` carries the demo marker written by `felles demo`. */
export function isDemoWorkspace(dir: string): boolean {
  const f = join(dir, DEMO_MARKER);
  if (!existsSync(f)) return false;
  try {
    return (JSON.parse(readFileSync(f, 'utf8')) as Partial<DemoMarker>).felles === 'demo';
  } catch {
    return false;
  }
}

/**
 * True when the workspace in `dir` holds felles' synthetic demo data (the demo marker, or an
 * extracts folder with the generator's manifest). Everything printed from such a workspace must
 * say the figures are synthetic, not SSB's or the registries'.
 */
export function isSyntheticWorkspace(dir: string): boolean {
  return isDemoWorkspace(dir) || existsSync(join(dir, 'extracts', SYNTH_MANIFEST));
}
