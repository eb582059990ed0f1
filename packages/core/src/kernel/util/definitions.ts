import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputDataError } from '../errors.js';

/** One definition file as read, before validation. */
export interface RawDefinitionFile {
  file: string;
  /** True for the files shipped with felles, false for the workspace's own. */
  builtIn: boolean;
  value: unknown;
}

/** The `*.json` files of a folder, sorted by name; a missing folder has none. */
export function readDefinitionFiles(dir: string, builtIn: boolean): RawDefinitionFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      try {
        return { file, builtIn, value: JSON.parse(readFileSync(file, 'utf8')) as unknown };
      } catch (e) {
        throw new InputDataError('BAD_JSON', `not valid JSON: ${(e as Error).message}`, { file });
      }
    });
}

/**
 * Definitions by id: the built-in files of `builtInDir`, then the workspace's own in
 * `workspaceDir` (when given), which add definitions or replace a built-in one with the same id.
 * Two files of the same origin with one id are an error, as is a file without a string `id`.
 *
 * @param kind  the word used in messages and error codes: `cohort` gives
 *   `BAD_COHORT_DEFINITION` and `DUPLICATE_COHORT`.
 */
export function readDefinitionsById(
  kind: string,
  builtInDir: string,
  workspaceDir: string | undefined,
): Map<string, RawDefinitionFile> {
  const KIND = kind.toUpperCase();
  const raw = new Map<string, RawDefinitionFile>();
  for (const r of [
    ...readDefinitionFiles(builtInDir, true),
    ...(workspaceDir ? readDefinitionFiles(workspaceDir, false) : []),
  ]) {
    const id = (r.value as { id?: unknown })?.id;
    if (typeof id !== 'string')
      throw new InputDataError(
        `BAD_${KIND}_DEFINITION`,
        `invalid ${kind} definition: at /id: missing`,
        { file: r.file },
      );
    const prev = raw.get(id);
    if (prev && prev.builtIn === r.builtIn)
      throw new InputDataError(
        `DUPLICATE_${KIND}`,
        `${kind} "${id}" is also defined in ${prev.file}`,
        {
          file: r.file,
        },
      );
    raw.set(id, r);
  }
  return raw;
}
