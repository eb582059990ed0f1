import { join } from 'node:path';
import type { Db } from '../../kernel/db.js';
import { DEFINITIONS_DIR } from '../../kernel/util/paths.js';
import { readDefinitionsById } from '../../kernel/util/definitions.js';
import {
  codelistCatalogue,
  codelistFiles,
  type CodelistCatalogue,
  type CodelistFile,
} from './codelists.js';
import type { CohortDefinition, IdSpace, LoadedCohort } from './types.js';
import { assertValidDefinition, criteria, derivedIdSpace } from './validate.js';

/** Folder of the built-in cohort definitions. */
export const COHORTS_DIR = join(DEFINITIONS_DIR, 'cohorts');
/** Where a workspace keeps its own cohort definitions (add or override by id). */
export const WORKSPACE_COHORTS_SUBDIR = join('definitions', 'cohorts');

/** Every cohort and code list available, validated. */
export interface CohortLibrary {
  cohorts: Map<string, LoadedCohort>;
  codelists: CodelistFile[];
  catalogue: CodelistCatalogue;
}

/**
 * Load and validate the cohort library: the built-in definitions, then the workspace's own
 * (`<workspace>/definitions/cohorts/*.json`), which add cohorts or replace a built-in one with the
 * same id; likewise code lists. `db` is used to read the code-list CSVs (nothing is written).
 * @throws InputDataError `BAD_COHORT_DEFINITION` with the JSON path of every problem.
 */
export async function loadCohortLibrary(db: Db, workspaceDir?: string): Promise<CohortLibrary> {
  const codelists = await codelistFiles(workspaceDir);
  const catalogue = await codelistCatalogue(db, codelists);
  const raw = readDefinitionsById(
    'cohort',
    COHORTS_DIR,
    workspaceDir ? join(workspaceDir, WORKSPACE_COHORTS_SUBDIR) : undefined,
  );
  // Id spaces: declared, or derived from the sources; cohorts made of other cohorts take theirs.
  const spaces = new Map<string, IdSpace>();
  for (let pass = 0; pass <= raw.size; pass++) {
    let changed = false;
    for (const [id, r] of raw) {
      if (spaces.has(id)) continue;
      const def = r.value as CohortDefinition;
      if (!Array.isArray(def.rules)) {
        spaces.set(id, 'npr');
        changed = true;
        continue;
      }
      const refs = criteria(def).flatMap((c) =>
        c.criterion?.type === 'cohort' ? c.criterion.cohorts : [],
      );
      if (refs.some((x) => raw.has(x) && !spaces.has(x))) continue;
      const s = derivedIdSpace(def, spaces);
      spaces.set(id, s === 'mixed' ? 'linked' : s);
      changed = true;
    }
    if (!changed) break;
  }
  for (const id of raw.keys()) if (!spaces.has(id)) spaces.set(id, 'npr'); // cycles: reported when compiled
  const cohorts = new Map<string, LoadedCohort>();
  for (const id of [...raw.keys()].sort()) {
    const r = raw.get(id)!;
    const definition = assertValidDefinition(
      r.value,
      { codelists: catalogue, cohortSpaces: spaces },
      r.file,
    );
    cohorts.set(id, { definition, file: r.file, builtIn: r.builtIn, idSpace: spaces.get(id)! });
  }
  return { cohorts, codelists, catalogue };
}
