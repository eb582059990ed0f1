import type { Db } from '../../kernel/db.js';
import { InputDataError } from '../../kernel/errors.js';
import { ident, path as sqlPath, str } from '../../kernel/sql.js';
import { DELIMITERS, splitHeader, type FileFacts } from '../inspect.js';
import {
  REGISTRY_KINDS,
  builtinProfile,
  type ProfileFile,
  type RegistryKind,
  type ResolvedProfile,
} from './profile.js';

/** How to read a CSV file; `auto` (default) detects. */
export interface ReadOptions {
  encoding?: 'utf-8' | 'latin-1' | 'auto';
  delimiter?: string;
}

/** A file read into a temporary staging table: every column VARCHAR, named by its native name in lower case. */
export interface StagedFile {
  facts: FileFacts;
  role: string;
  /** Temporary view: `line BIGINT` + one VARCHAR column per native column (lower case). */
  table: string;
  /** Temporary objects to drop when the load is done (see {@link dropStaged}). */
  temps: string[];
  /** Native columns (lower case) matched by pattern, e.g. `tilstand_2_1`, in file order. */
  patternColumns: string[];
  /** Native columns present in the file (lower case). */
  present: Set<string>;
  /** Rows DuckDB parsed into the staging table. */
  rowsParsed: number;
  /** Lines DuckDB could not parse (wrong number of fields, …), with the raw text. */
  parseRejects: { line: number; reason: string; raw: string }[];
  encoding: 'utf-8' | 'latin-1' | null;
  delimiter: string | null;
}

interface HeaderMatch {
  role: ProfileFile;
  /** native (lower) → index in the header */
  index: Map<string, number>;
  missing: string[];
}

/**
 * Decide the encoding and delimiter of a CSV file from its first pass, match its header against
 * the profile (choosing the file role for multi-file kinds), and fail fast with an
 * `InputDataError` naming the file and what was expected when it cannot be the kind asked for.
 */
export function planCsv(
  facts: FileFacts,
  profile: ResolvedProfile,
  opts: ReadOptions,
  roles: ProfileFile[],
): {
  encoding: 'utf-8' | 'latin-1';
  delimiter: string;
  header: string[];
  match: HeaderMatch;
} {
  const file = facts.path;
  const want = opts.encoding ?? profile.encoding ?? 'auto';
  let encoding: 'utf-8' | 'latin-1';
  if (want === 'utf-8') {
    if (!facts.validUtf8) {
      throw new InputDataError(
        'WRONG_ENCODING',
        'the file is not valid UTF-8 (expected UTF-8 as given); it is probably ISO-8859-1: use --encoding latin-1',
        {
          file,
          ...(facts.firstInvalidUtf8Line !== undefined ? { line: facts.firstInvalidUtf8Line } : {}),
        },
      );
    }
    encoding = 'utf-8';
  } else if (want === 'latin-1') {
    if (facts.validUtf8 && facts.nonAscii) {
      throw new InputDataError(
        'WRONG_ENCODING',
        'the file is UTF-8 but ISO-8859-1 (latin-1) was given; letters like æ, ø, å would be garbled: use --encoding utf-8 or leave encoding to detection',
        { file },
      );
    }
    encoding = 'latin-1';
  } else encoding = facts.validUtf8 ? 'utf-8' : 'latin-1';
  const headerText =
    encoding === 'utf-8'
      ? facts.headerBytes.toString('utf8')
      : facts.headerBytes.toString('latin1');
  if (!headerText.trim())
    throw new InputDataError(
      'EMPTY_FILE',
      'the file is empty or has no header row (expected a header row with column names)',
      { file, line: 1 },
    );

  const given = opts.delimiter ?? profile.delimiter;
  const candidates = given ? [given] : [...DELIMITERS];
  let best: { delimiter: string; header: string[]; match: HeaderMatch } | undefined;
  for (const d of candidates) {
    const header = splitHeader(headerText, d);
    const match = bestRole(header, profile, roles);
    if (
      !best ||
      score(match) > score(best.match) ||
      (score(match) === score(best.match) && header.length > best.header.length)
    ) {
      best = { delimiter: d, header, match };
    }
  }
  const { delimiter, header, match } = best!;
  if (match.missing.length) {
    const expected = match.role.columns;
    const req = Object.entries(expected)
      .filter(([, v]) => v.required)
      .map(([k]) => k);
    let hint = '';
    if (header.length === 1) {
      const other = DELIMITERS.filter((d) => d !== delimiter).find(
        (d) => splitHeader(headerText, d).length > 1,
      );
      hint = given
        ? ` With the delimiter "${printable(delimiter)}" the header is one single column${other ? `; the file seems to use "${printable(other)}"` : ''}.`
        : ' The header could not be split with any of ; , tab |.';
    }
    const looks = guessKind(header, profile.kind);
    if (looks) hint += ` The file looks like a "${looks}" extract.`;
    const rolePart = roles.length > 1 ? ` (${profile.kind} ${match.role.role} file)` : '';
    throw new InputDataError(
      header.length === 1 && given ? 'WRONG_DELIMITER' : looks ? 'WRONG_KIND' : 'MISSING_COLUMN',
      `missing required column(s) ${match.missing.join(', ')}; expected a ${profile.kind} extract${rolePart} with the columns ${req.join(', ')} (docs/extract-formats.md).${hint}`,
      { file, line: 1, column: match.missing[0]! },
      { expected: req, found: header },
    );
  }
  const seen = new Set<string>();
  for (const h of header) {
    if (seen.has(h))
      throw new InputDataError('DUPLICATE_COLUMN', 'the header names this column twice', {
        file,
        line: 1,
        column: h,
      });
    seen.add(h);
  }
  return { encoding, delimiter, header, match };
}

function printable(d: string): string {
  return d === '\t' ? 'tab' : d;
}

function score(m: HeaderMatch): number {
  return -m.missing.length * 1000 + m.index.size;
}

/**
 * Staging column name of each native column of a role: the name in lower case, except when two
 * native names differ only by case (dental `dmft` / `DMFT`): the one with capitals gets `_1`.
 */
export function stagingNames(role: ProfileFile): Map<string, string> {
  const out = new Map<string, string>();
  const natives = Object.keys(role.columns);
  for (const n of natives) {
    const low = n.toLowerCase();
    const clash = natives.some((o) => o !== n && o.toLowerCase() === low);
    out.set(n, clash && n !== low ? `${low}_1` : low);
  }
  return out;
}

/** Match a header to the best role of the profile (exact names first, then ignoring case). */
export function bestRole(
  header: string[],
  profile: ResolvedProfile,
  roles: ProfileFile[],
): HeaderMatch {
  const lower = header.map((h) => h.toLowerCase());
  let best: HeaderMatch | undefined;
  for (const role of roles) {
    const index = new Map<string, number>();
    const missing: string[] = [];
    const names = stagingNames(role);
    for (const [native, spec] of Object.entries(role.columns)) {
      const name = profile.rename[native] ?? native;
      let i = header.indexOf(name);
      if (i < 0) {
        const clash = Object.keys(role.columns).some(
          (o) => o !== native && o.toLowerCase() === native.toLowerCase(),
        );
        if (!clash) i = lower.indexOf(name.toLowerCase());
        // A file written by DuckDB (e.g. Parquet) cannot hold two names that differ only by
        // case; it carries the capitalised twin under its staging name (`DMFT` → `dmft_1`).
        else i = lower.indexOf(names.get(native)!);
      }
      if (i >= 0) index.set(names.get(native)!, i);
      else if (spec.required) missing.push(name);
    }
    const m = { role, index, missing };
    if (!best || score(m) > score(best)) best = m;
  }
  return best!;
}

/** Which other kind's required columns a header has, if any. */
export function guessKind(header: string[], not: RegistryKind): string | undefined {
  const lower = new Set(header.map((h) => h.toLowerCase()));
  for (const k of REGISTRY_KINDS) {
    if (k === not) continue;
    for (const role of builtinProfile(k).files) {
      const req = Object.entries(role.columns)
        .filter(([, v]) => v.required)
        .map(([c]) => c.toLowerCase());
      if (req.length && req.every((c) => lower.has(c)))
        return k === 'kpr-claims' ? `kpr-claims (${role.role})` : k;
    }
  }
  return undefined;
}

let seq = 0;

/**
 * Bulk-load one file into a temporary staging table with DuckDB's own reader (never row by row).
 * Every value arrives as trimmed text (empty → NULL), recoded by the profile; `line` is the
 * 1-based line in the file (header = 1). Lines DuckDB cannot parse are returned as parse rejects.
 */
export async function stageFile(
  db: Db,
  facts: FileFacts,
  profile: ResolvedProfile,
  opts: ReadOptions,
  roles: ProfileFile[],
): Promise<StagedFile> {
  const n = ++seq;
  const raw = `ingest_raw_${n}`;
  const table = `ingest_stg_${n}`;
  let header: string[];
  let match: HeaderMatch;
  let encoding: 'utf-8' | 'latin-1' | null = null;
  let delimiter: string | null = null;
  const parseRejects: StagedFile['parseRejects'] = [];
  const gaps = `ingest_gaps_${n}`;
  let lineExpr = 'k';
  let fromClause = raw;
  let rawIsView = false;
  if (facts.format === 'parquet') {
    try {
      header = await db.columns(`SELECT * FROM read_parquet(${sqlPath(facts.path)})`);
    } catch (e) {
      throw new InputDataError(
        'BAD_PARQUET',
        `the file cannot be read as Parquet: ${(e as Error).message.split('\n')[0]}`,
        { file: facts.path },
      );
    }
    match = bestRole(header, profile, roles);
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
    await db.exec(
      `CREATE OR REPLACE TEMP VIEW ${raw} AS SELECT ${cols}, file_row_number + 1 AS k FROM read_parquet(${sqlPath(facts.path)}, file_row_number = true)`,
    );
    rawIsView = true;
  } else {
    const plan = planCsv(facts, profile, opts, roles);
    ({ header, match, encoding, delimiter } = plan);
    const columns = `{${header.map((_, i) => `${str(`c${i}`)}: 'VARCHAR'`).join(', ')}}`;
    const rj = `ingest_rj_${n}`;
    const rs = `ingest_rs_${n}`;
    try {
      await db.exec(
        `CREATE OR REPLACE TEMP TABLE ${raw} AS SELECT * FROM read_csv(${sqlPath(facts.path)}, header = false, skip = 1, ` +
          `delim = ${str(delimiter)}, quote = '"', escape = '"', encoding = ${str(encoding)}, columns = ${columns}, ` +
          `auto_detect = false, store_rejects = true, rejects_table = ${str(rj)}, rejects_scan = ${str(rs)})`,
      );
    } catch (e) {
      throw new InputDataError(
        'UNREADABLE_CSV',
        `DuckDB could not read the file as CSV with delimiter "${printable(delimiter)}" and encoding ${encoding}: ${(e as Error).message.split('\n')[0]}`,
        { file: facts.path },
      );
    }
    const rejects = await db.all<{
      line: number;
      error_type: string;
      csv_line: string;
      error_message: string;
    }>(`SELECT line, error_type, csv_line, error_message FROM ${rj} ORDER BY line`);
    for (const r of rejects) {
      const reason = /COLUMNS/.test(r.error_type)
        ? `wrong number of fields: ${r.error_message}`
        : `unreadable line (${r.error_type.toLowerCase()}): ${r.error_message}`;
      parseRejects.push({ line: Number(r.line), reason, raw: r.csv_line });
    }
    // Line of the k-th parsed record: k + 1 (header) + rejected records that came before it.
    // g_i = good records before rejected record i (sorted by line) = (line_i - 1) - i; the k-th
    // good record comes after every rejected record with g_i < k (found with an ASOF join).
    // rowid counts from 0 in insertion (= file) order, but tables created inside a transaction
    // start at a large offset: count from the first rowid.
    const base = `(SELECT min(rowid) FROM ${raw})`;
    if (parseRejects.length) {
      await db.exec(
        `CREATE OR REPLACE TEMP TABLE ${gaps} AS SELECT g, sum(n) OVER (ORDER BY g) AS c FROM (` +
          `SELECT g, count(*) AS n FROM (SELECT line - 1 - row_number() OVER (ORDER BY line) AS g FROM ${rj}) GROUP BY g)`,
      );
      fromClause = `(SELECT r.*, r.rowid - ${base} + 1 AS k0 FROM ${raw} r) x ASOF LEFT JOIN ${gaps} gp ON x.k0 > gp.g`;
      lineExpr = 'x.k0 + 1 + coalesce(gp.c, 0)';
    } else lineExpr = `rowid - ${base} + 2`;
    await db.exec(`DROP TABLE IF EXISTS ${rj}; DROP TABLE IF EXISTS ${rs};`);
  }

  const present = new Set<string>();
  const selects: string[] = [`${lineExpr} AS line`];
  const names = stagingNames(match.role);
  for (const native of Object.keys(match.role.columns)) {
    const low = names.get(native)!;
    const i = match.index.get(low);
    if (i === undefined) {
      selects.push(`CAST(NULL AS VARCHAR) AS ${ident(low)}`);
      continue;
    }
    present.add(low);
    selects.push(
      `${valueExpr(`c${i}`, profile.recode[native] ?? profile.recode[native.toLowerCase()])} AS ${ident(low)}`,
    );
  }
  const patternColumns: string[] = [];
  for (const pattern of Object.keys(match.role.columnPatterns ?? {})) {
    const re = new RegExp(`^${pattern}$`, 'i');
    for (const [i, h] of header.entries()) {
      const low = h.toLowerCase();
      if (
        re.test(low) &&
        !present.has(low) &&
        !patternColumns.includes(low) &&
        ![...match.index.values()].includes(i)
      ) {
        patternColumns.push(low);
        selects.push(`${valueExpr(`c${i}`, undefined)} AS ${ident(low)}`);
      }
    }
  }
  // A view, not a copy: each loader reads it once into its check table.
  await db.exec(
    `CREATE OR REPLACE TEMP VIEW ${table} AS SELECT ${selects.join(', ')} FROM ${fromClause}`,
  );
  const rowsParsed = Number(await db.value(`SELECT count(*) FROM ${raw}`));
  return {
    facts,
    role: match.role.role,
    table,
    temps: [`VIEW ${table}`, `TABLE ${gaps}`, `${rawIsView ? 'VIEW' : 'TABLE'} ${raw}`],
    patternColumns,
    present,
    rowsParsed,
    parseRejects,
    encoding,
    delimiter,
  };
}

/** Drop the temporary view and tables of a staged file. */
export async function dropStaged(db: Db, f: Pick<StagedFile, 'temps'>): Promise<void> {
  for (const t of f.temps)
    await db.exec(`DROP ${t.startsWith('VIEW') ? 'VIEW' : 'TABLE'} IF EXISTS ${t.split(' ')[1]!}`);
}

function valueExpr(col: string, recode: Record<string, string | null> | undefined): string {
  const v = `NULLIF(trim(${col}), '')`;
  if (!recode || !Object.keys(recode).length) return v;
  const whens = Object.entries(recode)
    .map(([from, to]) => `WHEN ${str(from)} THEN ${to === null ? 'NULL' : str(to)}`)
    .join(' ');
  return `NULLIF(trim(CASE ${v} ${whens} ELSE ${v} END), '')`;
}
