import type { Db } from '../../kernel/db.js';
import { InputDataError } from '../../kernel/errors.js';
import { ident, path as sqlPath, str } from '../../kernel/sql.js';
import { dropTemps, readCsv } from '../csv/read-csv.js';
import type { FileFacts } from '../inspect.js';
import { DEFAULT_MAX_LENGTH } from '../limits.js';
import type { ProfileFile, ResolvedProfile } from './profile.js';
import {
  bestRole,
  guessKind,
  planCsv,
  stagingNames,
  type ColumnBound,
  type HeaderMatch,
  type ReadOptions,
  type StagedFile,
} from './stage.js';

let seq = 0;

/**
 * Bulk-load one file into a temporary staging view with DuckDB's own reader (never row by row).
 * Every value arrives as trimmed text (empty → NULL), recoded by the profile; `line` is the
 * physical line in the file (header = 1; Parquet: the row number). CSV lines that cannot be read
 * are in the file's rejects table, one per line, with the reason.
 */
export async function stageFile(
  db: Db,
  facts: FileFacts,
  profile: ResolvedProfile,
  opts: ReadOptions,
  roles: ProfileFile[],
): Promise<StagedFile> {
  const n = ++seq;
  const table = `ingest_stg_${n}`;
  const src =
    facts.format === 'parquet'
      ? await stageParquet(db, facts, profile, roles, `ingest_raw_${n}`)
      : await stageCsv(db, facts, profile, opts, roles, `ingest_raw_${n}`);
  const { match, header } = src;
  const present = new Set<string>();
  const bounds: ColumnBound[] = [];
  const selects: string[] = ['line'];
  const names = stagingNames(match.role);
  for (const [native, spec] of Object.entries(match.role.columns)) {
    const low = names.get(native)!;
    const i = match.index.get(low);
    if (i === undefined) {
      selects.push(`CAST(NULL AS VARCHAR) AS ${ident(low)}`);
      continue;
    }
    present.add(low);
    bounds.push({ column: low, name: native, maxLength: spec.maxLength ?? DEFAULT_MAX_LENGTH });
    selects.push(
      `${valueExpr(`c${i}`, profile.recode[native] ?? profile.recode[native.toLowerCase()])} AS ${ident(low)}`,
    );
  }
  const patternColumns = patternSelects(match, header, present, selects);
  for (const p of patternColumns)
    bounds.push({ column: p, name: p, maxLength: DEFAULT_MAX_LENGTH });
  // A view, not a copy: each loader reads it once into its check table.
  await db.exec(
    `CREATE OR REPLACE TEMP VIEW ${table} AS SELECT ${selects.join(', ')} FROM ${src.from}`,
  );
  return {
    facts,
    role: match.role.role,
    table,
    temps: [`VIEW ${table}`, ...src.temps],
    patternColumns,
    present,
    rowsParsed: src.rows,
    parseRejects: src.parseRejects,
    rejectsTable: src.rejects,
    bounds,
    encoding: src.encoding,
    delimiter: src.delimiter,
    reader: src.reader,
  };
}

/** Native columns matched by a pattern of the role (e.g. `tilstand_2_1`), in file order. */
function patternSelects(
  match: HeaderMatch,
  header: string[],
  present: Set<string>,
  selects: string[],
): string[] {
  const out: string[] = [];
  const taken = new Set(match.index.values());
  for (const pattern of Object.keys(match.role.columnPatterns ?? {})) {
    const re = new RegExp(`^${pattern}$`, 'i');
    for (const [i, h] of header.entries()) {
      const low = h.toLowerCase();
      if (re.test(low) && !present.has(low) && !out.includes(low) && !taken.has(i)) {
        out.push(low);
        selects.push(`${valueExpr(`c${i}`, undefined)} AS ${ident(low)}`);
      }
    }
  }
  return out;
}

interface Source {
  match: HeaderMatch;
  header: string[];
  /** FROM clause with `line` and `c0 … c{n-1}`. */
  from: string;
  temps: string[];
  rows: number;
  parseRejects: number;
  rejects: string;
  encoding: StagedFile['encoding'];
  delimiter: string | null;
  reader: StagedFile['reader'];
}

async function stageParquet(
  db: Db,
  facts: FileFacts,
  profile: ResolvedProfile,
  roles: ProfileFile[],
  raw: string,
): Promise<Source> {
  let header: string[];
  try {
    header = await db.columns(`SELECT * FROM read_parquet(${sqlPath(facts.path)})`);
  } catch (e) {
    throw new InputDataError(
      'BAD_PARQUET',
      `the file cannot be read as Parquet: ${(e as Error).message.split('\n')[0]}`,
      { file: facts.path },
    );
  }
  const match = bestRole(header, profile, roles);
  if (match.missing.length) {
    const req = Object.entries(match.role.columns)
      .filter(([, v]) => v.required)
      .map(([k]) => k);
    const looks = guessKind(header, profile.kind);
    throw new InputDataError(
      looks ? 'WRONG_KIND' : 'MISSING_COLUMN',
      `missing required column(s) ${match.missing.join(', ')}; expected a ${profile.kind} extract with the columns ${req.join(', ')}.${looks ? ` The file looks like a "${looks}" extract.` : ''}`,
      { file: facts.path, column: match.missing[0]! },
    );
  }
  const cols = header.map((h, i) => `CAST(${ident(h)} AS VARCHAR) AS c${i}`).join(', ');
  // A view, not a copy: Parquet is already columnar and typed, and the loader reads it once into
  // its check table (a national NPR file copied into a temporary table first cost ~20 s).
  const rejects = `${raw}_rj`;
  await db.exec(
    `CREATE OR REPLACE TEMP VIEW ${raw} AS SELECT ${cols}, file_row_number + 1 AS line FROM read_parquet(${sqlPath(facts.path)}, file_row_number = true);
     CREATE OR REPLACE TEMP TABLE ${rejects} (line BIGINT, reason VARCHAR, raw VARCHAR)`,
  );
  const rows = Number(await db.value(`SELECT count(*) FROM ${raw}`));
  return {
    match,
    header,
    from: raw,
    temps: [`VIEW ${raw}`, `TABLE ${rejects}`],
    rows,
    parseRejects: 0,
    rejects,
    encoding: null,
    delimiter: null,
    reader: null,
  };
}

async function stageCsv(
  db: Db,
  facts: FileFacts,
  profile: ResolvedProfile,
  opts: ReadOptions,
  roles: ProfileFile[],
  raw: string,
): Promise<Source> {
  const plan = planCsv(facts, profile, opts, roles);
  const read = await readCsv(db, facts, {
    table: raw,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    skip: 1,
    fields: plan.header.length,
    tempDir: opts.tempDir,
    ...(opts.forceScan ? { forceScan: true } : {}),
  });
  return {
    match: plan.match,
    header: plan.header,
    from: raw,
    temps: read.temps,
    rows: read.rowsParsed,
    parseRejects: read.parseRejects,
    rejects: read.rejects,
    encoding: plan.encoding,
    delimiter: plan.delimiter,
    reader: read.reader,
  };
}

/** Drop the temporary views and tables of a staged file. */
export async function dropStaged(db: Db, f: Pick<StagedFile, 'temps'>): Promise<void> {
  await dropTemps(db, f.temps);
}

function valueExpr(col: string, recode: Record<string, string | null> | undefined): string {
  const v = `NULLIF(trim(${col}), '')`;
  if (!recode || !Object.keys(recode).length) return v;
  const whens = Object.entries(recode)
    .map(([from, to]) => `WHEN ${str(from)} THEN ${to === null ? 'NULL' : str(to)}`)
    .join(' ');
  return `NULLIF(trim(CASE ${v} ${whens} ELSE ${v} END), '')`;
}
