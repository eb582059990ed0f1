import { InputDataError } from '../../kernel/errors.js';
import { decideEncoding, decode, type TextEncoding } from '../encoding.js';
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
  encoding?: TextEncoding | 'auto';
  delimiter?: string;
  /** Folder for temporary files (the workspace's `.tmp`). */
  tempDir: string;
  /** Read CSV line by line even when DuckDB's reader could (tests compare both). */
  forceScan?: boolean;
}

/** A staged column with the longest value it may hold. */
export interface ColumnBound {
  /** Staging column (lower-case native name). */
  column: string;
  /** Native name, for reject messages. */
  name: string;
  maxLength: number;
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
  /** Rows read into the staging table. */
  rowsParsed: number;
  /** Lines that could not be read (wrong number of fields, broken quote, …). */
  parseRejects: number;
  /** Temporary table `line, reason, raw` of those lines. */
  rejectsTable: string;
  /** The longest value each present column may hold. */
  bounds: ColumnBound[];
  encoding: TextEncoding | null;
  delimiter: string | null;
  /** How a CSV file was read (`duckdb` in one pass, `lines` line by line); null for Parquet. */
  reader: 'duckdb' | 'lines' | null;
}

export interface HeaderMatch {
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
  encoding: TextEncoding;
  delimiter: string;
  header: string[];
  match: HeaderMatch;
} {
  const file = facts.path;
  const encoding = decideEncoding(facts, opts.encoding ?? profile.encoding ?? 'auto');
  const headerText = decode(facts.headerBytes, encoding);
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
