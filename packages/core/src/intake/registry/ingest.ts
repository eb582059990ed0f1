import { basename } from 'node:path';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { noProgress, type ProgressFn } from '../../kernel/util/progress.js';
import type { RunRecorder } from '../../workspace/manifest.js';
import type { Workspace } from '../../workspace/workspace.js';
import type { TextEncoding } from '../encoding.js';
import { nextFileId, recordIngestFile } from '../ingest-file.js';
import type { FileFacts } from '../inspect.js';
import { dateWindow } from '../limits.js';
import { rejectReasons } from '../rejects.js';
import { intakeTempDir, recordInput, runIntake, type IntakeFormat } from '../run.js';
import { ingestCodelistVersions, loadIngestCodelists } from './codelists.js';
import type { LoadContext, LoadCounts, StagedInput } from './context.js';
import { rebuildDerived, type DerivedCounts } from './derive.js';
import { loadKind } from './load-kind.js';
import { lookupIsEmpty, prepareMunicipalityLookup } from './municipality.js';
import {
  REGISTRY_KINDS,
  resolveProfile,
  type MappingProfile,
  type RegistryKind,
  type ResolvedProfile,
} from './profile.js';
import { bestRole } from './stage.js';
import { dropStaged, stageFile } from './stage-file.js';

/** Options of {@link ingestRegistry}. */
export interface IngestOptions {
  /** Load again a file that is already loaded (same SHA-256): its earlier rows are removed first. */
  replace?: boolean;
  /** CSV encoding; default: detected (UTF-8 when the file is valid UTF-8, else ISO-8859-1). */
  encoding?: TextEncoding | 'auto';
  /** CSV delimiter; default: detected from the header among `;` `,` tab `|`. */
  delimiter?: string;
  /** A mapping profile: path to a JSON file or an object (definitions/ingest/profile.schema.json). */
  profile?: string | MappingProfile;
  /**
   * The day the extract was made (`YYYY-MM-DD`); event dates after it (or before 1900) are
   * rejected. Default: today.
   */
  extractDate?: string;
  progress?: ProgressFn;
}

/** Reconciliation of one input file: `rowsRead = rowsLoaded + rowsRejected`. */
export interface FileReconciliation {
  path: string;
  role: string;
  fileId: number;
  sha256: string;
  format: 'csv' | 'parquet';
  encoding: string | null;
  delimiter: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** Rejected rows per reason (a row with two problems counts under both). */
  rejectReasons: Record<string, number>;
}

/** What one {@link ingestRegistry} call did. */
export interface IngestResult {
  kind: RegistryKind;
  runId: string;
  profile: { id: string; version: string };
  files: FileReconciliation[];
  /** Rows of the derived tables after the load, and other counts (link conflicts, …). */
  derived: DerivedCounts;
  /** File ids removed because of `replace`. */
  replaced: number[];
  notes: string[];
}

/** Roles a kind needs in one call (kpr-claims: bills required, diagnoses and fees optional). */
const REQUIRED_ROLES: Partial<Record<RegistryKind, string[]>> = { 'kpr-claims': ['bills'] };

/**
 * Load registry extract file(s) of one kind into the canonical tables, in one transaction and one
 * run manifest. Each file is inspected once (hash, encoding, lines); a file already loaded (same
 * SHA-256) is refused unless `replace`. Files are bulk-read by DuckDB into staging tables (a file
 * with unreadable lines line by line, so that each such line is one reject), validated in SQL
 * (unusable rows go to `reject` with file, line, column, raw value and reason), normalised and
 * inserted; then the derived tables (`person`, `residence`, `hospital_stay`, `person_link`) are
 * rebuilt. Before the commit every file is checked to be the one that was hashed.
 *
 * Throws `InputDataError` (wrong delimiter or encoding, missing required column, a file of another
 * kind, a file changed while loading, a full disk) before anything is changed, and `UsageError`
 * for a file already loaded.
 */
export async function ingestRegistry(
  ws: Workspace,
  kind: RegistryKind,
  files: string[],
  options: IngestOptions = {},
): Promise<IngestResult> {
  if (!(REGISTRY_KINDS as readonly string[]).includes(kind)) {
    throw new UsageError(
      'UNKNOWN_KIND',
      `unknown extract kind "${kind}"; expected one of ${REGISTRY_KINDS.join(', ')}`,
    );
  }
  if (!files.length) throw new UsageError('NO_FILES', `give at least one ${kind} file`);
  const profile = resolveProfile(kind, options.profile);
  const window = dateWindow(options.extractDate);
  const params = {
    kind,
    files,
    replace: options.replace ?? false,
    encoding: options.encoding ?? 'auto',
    delimiter: options.delimiter ?? 'auto',
    profile: { id: profile.id, version: profile.version },
    dateWindow: window,
  };
  const progress = options.progress ?? noProgress;
  const format = registryFormat(ws, kind, profile, { ...options, progress }, window);
  const { result } = await runIntake(ws, `ingest ${kind}`, params, files, options, format);
  return result;
}

type Context = LoadContext & { notes: string[] };

/**
 * The registry kinds as a format of the intake: staged before the transaction (code lists, the
 * municipality lookup, every file read into a staging table, file roles checked), loaded inside it
 * (checks, inserts, book-keeping, derived tables).
 */
function registryFormat(
  ws: Workspace,
  kind: RegistryKind,
  profile: ResolvedProfile,
  options: IngestOptions & { progress: ProgressFn },
  window: LoadContext['window'],
): IntakeFormat<Context, IngestResult> {
  // Staged files are kept here as they are made, so that cleanup drops them whatever happens.
  const staged: StagedInput[] = [];
  return {
    reportReading: true,
    async stage(run, facts) {
      for (const cl of ingestCodelistVersions()) run.manifest.codelists.push(cl);
      run.addDefinition(`ingest-profile:${profile.id}`, profile.version);
      const ctx = await prepareContext(ws, kind, window);
      await stageAll(ws, facts, profile, options, staged);
      checkRoles(
        kind,
        staged,
        profile.files.map((r) => r.role),
      );
      // The staged rows carry their line numbers, so the loads need no insertion order: letting
      // DuckDB drop it keeps memory bounded on large files.
      await ws.db.exec(`SET preserve_insertion_order = false`);
      return ctx;
    },
    async load(run, _facts, ctx, replaced) {
      const counts = await loadKind(ctx, staged);
      const out = await bookFiles(ctx, run, staged, counts);
      const derived = await rebuild(ctx, run, options.progress);
      options.progress({ stage: `ingest ${kind}`, phase: 'end', message: summary(out) });
      return {
        kind,
        runId: run.id,
        profile: { id: profile.id, version: profile.version },
        files: out,
        derived,
        replaced: replaced.fileIds,
        notes: ctx.notes,
      };
    },
    async cleanup() {
      await ws.db.exec(`RESET preserve_insertion_order`).catch(() => undefined);
      for (const s of staged) await dropStaged(ws.db, s).catch(() => undefined);
    },
  };
}

/** The loaders' context: code lists and the municipality lookup in temporary tables. */
async function prepareContext(
  ws: Workspace,
  kind: RegistryKind,
  window: LoadContext['window'],
): Promise<LoadContext & { notes: string[] }> {
  const db = ws.db;
  const notes: string[] = [];
  await loadIngestCodelists(db);
  const muniNote = await prepareMunicipalityLookup(db);
  if (muniNote) notes.push(muniNote);
  return {
    db,
    kind,
    config: ws.config,
    passThrough: await lookupIsEmpty(db),
    hasDistricts: Number(await db.value(`SELECT count(*) FROM district`)) > 0,
    window,
    notes,
  };
}

/**
 * Stage every file (bulk read into temporary tables, outside the transaction: nothing in the
 * workspace changes; fails fast on a wrong header). Staged files are pushed to `staged` as they
 * are made, so the caller drops them whatever happens.
 */
async function stageAll(
  ws: Workspace,
  facts: FileFacts[],
  profile: ResolvedProfile,
  options: IngestOptions,
  staged: StagedInput[],
): Promise<void> {
  const stage = `ingest ${profile.kind}`;
  for (const fa of facts) {
    options.progress?.({ stage, phase: 'log', message: `loading ${basename(fa.path)}` });
    const s = await stageFile(
      ws.db,
      fa,
      profile,
      {
        encoding: options.encoding ?? profile.encoding ?? 'auto',
        ...(options.delimiter ? { delimiter: options.delimiter } : {}),
        tempDir: intakeTempDir(ws),
      },
      profile.files,
    );
    staged.push({ ...s, fileId: await nextFileId(ws.db) });
  }
}

/**
 * Book-keeping and reconciliation of every file (read = loaded + rejected, checked; a mismatch
 * rolls the load back): its `ingest_file` row, its entry in the manifest and the row counts.
 */
async function bookFiles(
  ctx: LoadContext,
  run: RunRecorder,
  staged: StagedInput[],
  counts: LoadCounts[],
): Promise<FileReconciliation[]> {
  const out: FileReconciliation[] = [];
  for (const s of staged) {
    const cnt = counts.find((x) => x.fileId === s.fileId)!;
    const rowsRead = s.rowsParsed + s.parseRejects;
    if (rowsRead !== cnt.rowsLoaded + cnt.rowsRejected) {
      throw new InputDataError(
        'RECONCILIATION',
        `internal reconciliation failed: read ${rowsRead}, loaded ${cnt.rowsLoaded}, rejected ${cnt.rowsRejected}; nothing was loaded`,
        { file: s.facts.path },
      );
    }
    const c = { rowsRead, rowsLoaded: cnt.rowsLoaded, rowsRejected: cnt.rowsRejected };
    await recordIngestFile(ctx.db, {
      fileId: s.fileId,
      runId: run.id,
      kind: ctx.kind,
      path: s.facts.path,
      sha256: s.facts.sha256,
      bytes: s.facts.bytes,
      ...c,
    });
    out.push({
      path: s.facts.path,
      role: s.role,
      fileId: s.fileId,
      sha256: s.facts.sha256,
      format: s.facts.format === 'parquet' ? 'parquet' : 'csv',
      encoding: s.encoding,
      delimiter: s.delimiter,
      ...c,
      rejectReasons: await rejectReasons(ctx.db, s.fileId),
    });
    recordInput(run, s.facts, `${ctx.kind}:${s.role}`, s.fileId, c);
    run.count(`${ctx.kind}.read`, rowsRead);
    run.count(`${ctx.kind}.loaded`, cnt.rowsLoaded);
    run.count(`${ctx.kind}.rejected`, cnt.rowsRejected);
  }
  return out;
}

/** Rebuild the derived tables the kind affects, and note their counts in the manifest. */
async function rebuild(
  ctx: LoadContext & { notes: string[] },
  run: RunRecorder,
  progress: ProgressFn,
): Promise<DerivedCounts> {
  progress({
    stage: `ingest ${ctx.kind}`,
    phase: 'log',
    message: 'rebuilding person, residence, hospital stays',
  });
  const derived = await rebuildDerived(ctx, [ctx.kind]);
  for (const [k, v] of Object.entries(derived)) run.count(k, v);
  for (const n of ctx.notes) run.note(n);
  return derived;
}

function summary(out: FileReconciliation[]): string {
  return out
    .map(
      (f) =>
        `${basename(f.path)}: read ${f.rowsRead}, loaded ${f.rowsLoaded}, rejected ${f.rowsRejected}`,
    )
    .join('; ');
}

function checkRoles(kind: RegistryKind, staged: StagedInput[], roles: string[]): void {
  if (roles.length <= 1) return;
  const seen = new Map<string, string>();
  for (const s of staged) {
    const prev = seen.get(s.role);
    if (prev)
      throw new InputDataError(
        'DUPLICATE_ROLE',
        `two ${kind} ${s.role} files given (also ${prev}); give each of ${roles.join(', ')} at most once`,
        { file: s.facts.path },
      );
    seen.set(s.role, s.facts.path);
  }
  for (const r of REQUIRED_ROLES[kind] ?? []) {
    if (!seen.has(r)) {
      throw new InputDataError(
        'MISSING_FILE',
        `no ${kind} ${r} file among the files given; the ${r} file is required (recognised by its columns)`,
        { file: staged[0]!.facts.path },
      );
    }
  }
}

export { bestRole };
