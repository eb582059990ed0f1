import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';

/**
 * Locations of files shipped with felles. Resolved relative to this module so they work from
 * `src/` (tests) and `dist/` (built CLI) alike: both sit three folders below `packages/core`.
 */
const coreRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** `packages/core/` with a trailing slash. */
export const CORE_ROOT = coreRoot;
/** The repository's `datasets/` folder (bundled reference data and demo extracts). */
export const DATASETS_DIR = fileURLToPath(new URL('../../../../../datasets/', import.meta.url));
/** Built-in definitions (cohorts, indicators, scenarios, code lists). */
export const DEFINITIONS_DIR = fileURLToPath(new URL('../../../definitions/', import.meta.url));

let version: string | undefined;
/** The felles version, from `packages/core/package.json`. */
export function toolVersion(): string {
  if (!version) {
    const pkg = JSON.parse(
      readFileSync(new URL('../../../package.json', import.meta.url), 'utf8'),
    ) as { version: string };
    version = pkg.version;
  }
  return version;
}
