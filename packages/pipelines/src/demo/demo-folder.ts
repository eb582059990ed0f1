/**
 * Where `felles demo` may work. The demo never destroys or mixes: it works only in a new or
 * empty folder (which it marks as a demo workspace before anything else) or in a folder that
 * carries that mark; `--fresh` deletes only such a folder. A real workspace, a folder of other
 * files, and a demo workspace into which other files were loaded are refused, with what to do.
 */
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve, isAbsolute } from 'node:path';
import {
  CONFIG_FILE,
  DB_FILE,
  Db,
  DEMO_MARKER,
  isDemoWorkspace,
  toolVersion,
  UsageError,
  type DemoMarker,
} from '@felles/core';

/** What {@link claimDemoFolder} found. */
export type DemoFolderState = 'new' | 'demo';

async function writeMarker(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const marker: DemoMarker = {
    felles: 'demo',
    createdAt: new Date().toISOString(),
    toolVersion: toolVersion(),
    note: 'This folder was made by felles demo and holds synthetic data only. felles demo --fresh deletes it.',
  };
  await writeFile(join(dir, DEMO_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
}

/** Files loaded into the demo workspace in `dir` from outside its `extracts/` folder. */
async function foreignLoads(dir: string): Promise<string[]> {
  if (!existsSync(join(dir, CONFIG_FILE)) || !existsSync(join(dir, DB_FILE))) return [];
  // The database is read as it is, without the workspace's schema-version check, so that a demo
  // workspace made by an older felles can be recognised and replaced with --fresh.
  const db = await Db.open(join(dir, DB_FILE), { readOnly: true });
  try {
    const extracts = join(dir, 'extracts');
    const paths = await db.all<{ path: string }>(
      `SELECT DISTINCT path FROM ingest_file ORDER BY 1`,
    );
    return paths
      .map((p) => resolve(p.path))
      .filter((p) => {
        const rel = relative(extracts, p);
        return rel === '' || rel.startsWith('..') || isAbsolute(rel);
      });
  } finally {
    db.close();
  }
}

/**
 * Check that the demo may use `dir` and prepare it: a folder that does not exist or is empty gets
 * the demo marker (`new`); a demo workspace is kept (`demo`), or with `fresh` deleted and started
 * again (`new`). Everything else is refused with a usage error saying why and what to do:
 * `DEMO_REAL_WORKSPACE` (a workspace `felles demo` did not make), `DEMO_FOLDER_NOT_EMPTY` (other
 * files), `DEMO_HOLDS_OTHER_DATA` (a demo workspace with files loaded from elsewhere),
 * `NOT_A_FOLDER`.
 */
export async function claimDemoFolder(
  dir: string,
  options: { fresh?: boolean } = {},
): Promise<DemoFolderState> {
  const abs = resolve(dir);
  if (!existsSync(abs)) {
    await writeMarker(abs);
    return 'new';
  }
  if (!statSync(abs).isDirectory())
    throw new UsageError(
      'NOT_A_FOLDER',
      `${abs} is a file, not a folder; give felles demo a new folder: felles demo --out <new folder>`,
      { dir: abs },
    );
  if (isDemoWorkspace(abs)) {
    const foreign = await foreignLoads(abs);
    if (foreign.length)
      throw new UsageError(
        'DEMO_HOLDS_OTHER_DATA',
        `${abs} is a demo workspace, but files from outside it were loaded into it (${foreign.slice(0, 2).join(', ')}${foreign.length > 2 ? ` and ${foreign.length - 2} more` : ''}); felles demo neither mixes synthetic data with them nor deletes them. Run the demo in a new folder: felles demo --out <new folder>`,
        { dir: abs, files: foreign.slice(0, 20) },
      );
    if (!options.fresh) return 'demo';
    await rm(abs, { recursive: true, force: true });
    await writeMarker(abs);
    return 'new';
  }
  const entries = await readdir(abs);
  if (entries.length === 0) {
    await writeMarker(abs);
    return 'new';
  }
  const fresh = options.fresh ? ' (--fresh deletes only a demo workspace)' : '';
  if (existsSync(join(abs, CONFIG_FILE)))
    throw new UsageError(
      'DEMO_REAL_WORKSPACE',
      `${abs} is a felles workspace that felles demo did not make; the demo neither loads synthetic data into it nor deletes it${fresh}. Run the demo in a new folder: felles demo --out <new folder> (a demo workspace made by an older felles has no ${DEMO_MARKER}: delete it yourself if you no longer need it)`,
      { dir: abs },
    );
  throw new UsageError(
    'DEMO_FOLDER_NOT_EMPTY',
    `${abs} holds other files (${entries.slice(0, 3).join(', ')}${entries.length > 3 ? ` and ${entries.length - 3} more` : ''}); felles demo works only in a new or empty folder or in a demo workspace it made${fresh}. Run it in a new folder: felles demo --out <new folder>`,
    { dir: abs, files: entries.slice(0, 20) },
  );
}
