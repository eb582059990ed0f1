import type { LocalText } from '@felles/text';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../../kernel/db.js';
import { InputDataError } from '../../kernel/errors.js';
import { lit, path as sqlPath } from '../../kernel/sql.js';
import { sha256File } from '../../kernel/util/hash.js';
import { DEFINITIONS_DIR } from '../../kernel/util/paths.js';

/** Folder of the built-in code lists (`<id>.csv` + `<id>.json` source note). */
export const CODELISTS_DIR = join(DEFINITIONS_DIR, 'codelists');
/** Where a workspace keeps its own code lists (add or override by id). */
export const WORKSPACE_CODELISTS_SUBDIR = join('definitions', 'codelists');

/** The source note that sits beside every code list CSV (`<id>.json`). */
export interface CodelistMeta {
  id: string;
  version: string;
  title?: LocalText;
  description?: LocalText;
  /** Paper, DOI, document, version; what was used where an official list is not public. */
  source?: string;
  notes?: string[];
}

/** A code-list file found on disk. */
export interface CodelistFile {
  id: string;
  csv: string;
  meta: CodelistMeta;
  builtIn: boolean;
}

/** What validation needs to know about a code list. */
export interface CodelistInfo {
  id: string;
  version: string;
  systems: Set<'icd10' | 'icpc2'>;
  conditions: Set<string>;
  hasOrganSystems: boolean;
  hasWeights: boolean;
  rows: number;
}

/** Code lists by id. */
export type CodelistCatalogue = Map<string, CodelistInfo>;

/** The columns of a felles code-list CSV, in order. */
export const CODELIST_COLUMNS = [
  'system',
  'code',
  'match',
  'condition',
  'organ_system',
  'weight',
  'exclude',
  'description',
] as const;

/**
 * The code-list files: the built-in ones, then the workspace's `definitions/codelists/*.csv`, which
 * add lists or replace a built-in list with the same id. A workspace list without a `<id>.json`
 * note gets version `local-<first 8 hex of the file's SHA-256>`.
 */
export async function codelistFiles(workspaceDir?: string): Promise<CodelistFile[]> {
  const out = new Map<string, CodelistFile>();
  const scan = async (dir: string, builtIn: boolean) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir)
      .filter((x) => x.endsWith('.csv'))
      .sort()) {
      const id = basename(f, '.csv');
      const csv = join(dir, f);
      const metaFile = join(dir, `${id}.json`);
      let meta: CodelistMeta;
      if (existsSync(metaFile)) {
        try {
          meta = JSON.parse(readFileSync(metaFile, 'utf8')) as CodelistMeta;
        } catch (e) {
          throw new InputDataError('BAD_JSON', `not valid JSON: ${(e as Error).message}`, {
            file: metaFile,
          });
        }
        if (meta.id !== id || typeof meta.version !== 'string') {
          throw new InputDataError(
            'BAD_CODELIST',
            `the note must have "id": "${id}" and a "version"`,
            { file: metaFile },
          );
        }
      } else {
        meta = { id, version: `local-${(await sha256File(csv)).sha256.slice(0, 8)}` };
      }
      out.set(id, { id, csv, meta, builtIn });
    }
  };
  await scan(CODELISTS_DIR, true);
  if (workspaceDir) await scan(join(workspaceDir, WORKSPACE_CODELISTS_SUBDIR), false);
  return [...out.values()].sort((a, b) => a.id.localeCompare(b.id));
}

function readCsv(file: string): string {
  return `read_csv(${sqlPath(file)}, header = true, all_varchar = true, delim = ',', quote = '"', escape = '"')`;
}

/** The normalised rows of one code-list file, with their 1-based line numbers. */
function normalisedSelect(f: CodelistFile): string {
  return `SELECT ${lit(f.id)} AS list_id, ${lit(f.meta.version)} AS version,
    lower(trim(system)) AS system,
    upper(regexp_replace(coalesce(code, ''), '[.\\s]', '', 'g')) AS code,
    coalesce(nullif(lower(trim(match)), ''), 'prefix') AS match,
    nullif(trim(condition), '') AS condition,
    nullif(trim(organ_system), '') AS organ_system,
    TRY_CAST(nullif(trim(weight), '') AS DOUBLE) AS weight,
    coalesce(lower(trim(exclude)) IN ('true', '1', 'yes'), FALSE) AS exclude,
    nullif(trim(description), '') AS description,
    weight AS weight_raw, exclude AS exclude_raw, system AS system_raw, match AS match_raw,
    row_number() OVER () + 1 AS line
  FROM ${readCsv(f.csv)}`;
}

async function checkFile(db: Db, f: CodelistFile): Promise<void> {
  let bad;
  try {
    bad = await db.one(`SELECT line, CASE
        WHEN system NOT IN ('icd10', 'icpc2') THEN 'system'
        WHEN code = '' OR NOT regexp_full_match(code, '[A-Z0-9]+') THEN 'code'
        WHEN match NOT IN ('prefix', 'exact') THEN 'match'
        WHEN weight IS NULL AND nullif(trim(weight_raw), '') IS NOT NULL THEN 'weight'
        WHEN nullif(trim(exclude_raw), '') IS NOT NULL AND lower(trim(exclude_raw)) NOT IN ('true', 'false', '1', '0', 'yes', 'no') THEN 'exclude'
      END AS col, system_raw, code, match_raw, weight_raw, exclude_raw
      FROM (${normalisedSelect(f)}) WHERE col IS NOT NULL ORDER BY line LIMIT 1`);
  } catch (e) {
    throw new InputDataError(
      'BAD_CODELIST',
      `cannot read the code list: ${(e as Error).message.split('\n')[0]}`,
      { file: f.csv },
    );
  }
  if (bad) {
    const col = String(bad['col']);
    const raw = {
      system: bad['system_raw'],
      code: bad['code'],
      match: bad['match_raw'],
      weight: bad['weight_raw'],
      exclude: bad['exclude_raw'],
    }[col];
    const reason =
      {
        system: 'system must be icd10 or icpc2',
        code: 'code must be letters and digits (dots and spaces are removed)',
        match: 'match must be prefix or exact',
        weight: 'weight must be a number',
        exclude: 'exclude must be true or false',
      }[col] ?? 'invalid value';
    throw new InputDataError('BAD_CODELIST', reason, {
      file: f.csv,
      line: Number(bad['line']),
      column: col,
      value: String(raw ?? ''),
    });
  }
}

/**
 * Fill the workspace `codelist` table from the code-list files (built-in and the workspace's
 * own): codes upper case without dots or spaces, `match` defaulting to `prefix`. Each list is
 * replaced as a whole. Runs inside the caller's transaction.
 * @throws InputDataError `BAD_CODELIST` naming file, line, column and value.
 */
export async function loadCodelists(
  db: Db,
  files: readonly CodelistFile[],
): Promise<{ id: string; version: string; rows: number }[]> {
  const out: { id: string; version: string; rows: number }[] = [];
  for (const f of files) {
    await checkFile(db, f);
    await db.run(`DELETE FROM codelist WHERE list_id = $1`, [f.id]);
    const n =
      await db.run(`INSERT INTO codelist (list_id, version, system, code, match, condition, organ_system, weight, exclude, description)
      SELECT list_id, version, system, code, match, condition, organ_system, weight, exclude, description FROM (${normalisedSelect(f)}) ORDER BY line`);
    out.push({ id: f.id, version: f.meta.version, rows: n });
  }
  return out;
}

/** Summaries of the code-list files (read with DuckDB, nothing written), for validation. */
export async function codelistCatalogue(
  db: Db,
  files: readonly CodelistFile[],
): Promise<CodelistCatalogue> {
  const cat: CodelistCatalogue = new Map();
  for (const f of files) {
    await checkFile(db, f);
    const r = await db.one(`SELECT count(*) AS n, list_distinct(list(system)) AS systems,
        list_distinct(list(condition) FILTER (WHERE condition IS NOT NULL)) AS conditions,
        count(organ_system) > 0 AS has_os, count(weight) > 0 AS has_w FROM (${normalisedSelect(f)})`);
    cat.set(f.id, {
      id: f.id,
      version: f.meta.version,
      systems: new Set((r?.['systems'] as ('icd10' | 'icpc2')[] | null) ?? []),
      conditions: new Set((r?.['conditions'] as string[] | null) ?? []),
      hasOrganSystems: Boolean(r?.['has_os']),
      hasWeights: Boolean(r?.['has_w']),
      rows: Number(r?.['n'] ?? 0),
    });
  }
  return cat;
}
