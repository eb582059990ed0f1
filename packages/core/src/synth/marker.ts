import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { SYNTH_MANIFEST } from './generate.js';

/**
 * True when the workspace in `dir` holds felles' synthetic demo data (its extracts folder has the
 * generator's manifest). Everything printed from such a workspace must say the figures are
 * synthetic, not SSB's or the registries'.
 */
export function isSyntheticWorkspace(dir: string): boolean {
  return existsSync(join(dir, 'extracts', SYNTH_MANIFEST));
}
