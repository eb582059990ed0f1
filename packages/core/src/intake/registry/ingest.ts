import { basename, resolve } from 'node:path';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { int, str } from '../../kernel/sql.js';
import { noProgress, type ProgressFn } from '../../kernel/util/progress.js';
import type { Workspace } from '../../workspace/workspace.js';
import { ingestCodelistVersions, loadIngestCodelists } from './codelists.js';
import type { LoadContext, LoadCounts, StagedInput } from './context.js';
import { rebuildDerived, type DerivedCounts } from './derive.js';
import { inspectFile, type FileFacts } from '../inspect.js';
import { loadClaims } from './load-claims.js';
import { loadDental } from './load-dental.js';
import { loadIplos } from './load-iplos.js';
import { loadLink } from './load-link.js';
import { loadNpr, loadNprTime } from './load-npr.js';
import { loadServices } from './load-services.js';
import { lookupIsEmpty, prepareMunicipalityLookup } from './municipality.js';
import {
  REGISTRY_KINDS,
  resolveProfile,
  type MappingProfile,
  type RegistryKind,
} from './profile.js';
import { stageFile, bestRole, dropStaged } from './stage.js';

/** Options of {@link ingestRegistry}. */
export interface IngestOptions {
  /** Load again a file that is already loaded (same SHA-256): its earlier rows are removed first. */
  replace?: boolean;
  /** CSV encoding; default: detected (UTF-8 when the file is valid UTF-8, else ISO-8859-1). */
  encoding?: 'utf-8' | 'latin-1' | 'auto';
  /** CSV delimiter; default: detected from the header among `;` `,` tab `|`. */
  delimiter?: string;
  /** A mapping profile: path to a JSON file or an object (definitions/ingest/profile.schema.json). */
  profile?: string | MappingProfile;
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
 * run manifest. Each file is hashed; a file already loaded (same SHA-256) is refused unless
 * `replace`. Files are bulk-read by DuckDB into staging tables, validated in SQL (unusable rows go
 * to `reject` with file, line, column, raw value and reason), normalised and inserted; then the
 * derived tables (`person`, `residence`, `hospital_stay`, `person_link`) are rebuilt.
 *
 * Throws `InputDataError` (wrong delimiter or encoding, missing required column, a file of another
 * kind) before anything is changed, and `UsageError` for a file already loaded.
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
  const progress = options.progress ?? noProgress;
  const profile = resolveProfile(kind, options.profile);
  const stage = `ingest ${kind}`;
  const params = {
    kind,
    files,
    replace: options.replace ?? false,
    encoding: options.encoding ?? 'auto',
    delimiter: options.delimiter ?? 'auto',
    profile: { id: profile.id, version: profile.version },
  };
  const { result } = await ws.run(`ingest ${kind}`, params, async (run) => {
    const db = ws.db;
    for (const cl of ingestCodelistVersions()) run.manifest.codelists.push(cl);
    run.addDefinition(`ingest-profile:${profile.id}`, profile.version);

    // 1. Inspect every file (hash, encoding, header) and match it to a role before changing anything.
    const facts: FileFacts[] = [];
    for (const [i, f] of files.entries()) {
      progress({
        stage,
        phase: 'log',
        message: `reading ${basename(f)}`,
        done: i,
        total: files.length,
        unit: 'files',
      });
      facts.push(await inspectFile(resolve(f)));
    }
    const roles = profile.files;
    const replaced: number[] = [];
    const already: { fileId: number; path: string; kind: string; sha: string }[] = [];
    for (const fa of facts) {
      const prior = await db.all<{ file_id: number; path: string; kind: string }>(
        `SELECT file_id, path, kind FROM ingest_file WHERE sha256 = $1`,
        [fa.sha256],
      );
      for (const p of prior)
        already.push({ fileId: p.file_id, path: p.path, kind: p.kind, sha: fa.sha256 });
    }
    if (already.length && !options.replace) {
      const a = already[0]!;
      throw new UsageError(
        'ALREADY_LOADED',
        `${facts.find((f) => f.sha256 === a.sha)!.path} was already loaded (as ${a.kind}, file id ${a.fileId}, from ${a.path}); give --replace to load it again and drop its earlier rows`,
        { fileId: a.fileId },
      );
    }

    const notes: string[] = [];
    await loadIngestCodelists(db);
    const muniNote = await prepareMunicipalityLookup(db);
    if (muniNote) notes.push(muniNote);
    const ctx: LoadContext = {
      db,
      kind,
      config: ws.config,
      passThrough: await lookupIsEmpty(db),
      hasDistricts: Number(await db.value(`SELECT count(*) FROM district`)) > 0,
    };

    // 2. Stage every file (bulk read into temporary tables, outside the transaction: nothing in the
    //    workspace changes; fails fast on a wrong header).
    const staged: StagedInput[] = [];
    try {
      for (const fa of facts) {
        progress({ stage, phase: 'log', message: `loading ${basename(fa.path)}` });
        const s = await stageFile(
          db,
          fa,
          profile,
          {
            encoding: options.encoding ?? profile.encoding ?? 'auto',
            ...(options.delimiter ? { delimiter: options.delimiter } : {}),
          },
          roles,
        );
        const fileId = Number(await db.value(`SELECT nextval('ingest_file_seq')`));
        staged.push({ ...s, fileId });
      }
      checkRoles(
        kind,
        staged,
        roles.map((r) => r.role),
      );

      // The staged rows carry their line numbers, so the loads need no insertion order: letting
      // DuckDB drop it keeps memory bounded on large files.
      await db.exec(`SET preserve_insertion_order = false`);
      return await db.transaction(async () => {
        for (const a of already) {
          for (const id of await claimGroup(ws, a.fileId)) {
            if (replaced.includes(id)) continue;
            await dropFile(ws, id);
            replaced.push(id);
          }
        }

        // 3. Validate, normalise and load.
        let counts: LoadCounts[];
        switch (kind) {
          case 'npr':
            counts = [];
            for (const s of staged) counts.push(await loadNpr(ctx, s));
            break;
          case 'npr-time':
            counts = [];
            for (const s of staged) counts.push(await loadNprTime(ctx, s));
            break;
          case 'kpr-claims':
            counts = await loadClaims(ctx, staged);
            break;
          case 'kpr-services':
            counts = [];
            for (const s of staged) counts.push(await loadServices(ctx, s));
            break;
          case 'iplos-function':
            counts = [];
            for (const s of staged) counts.push(await loadIplos(ctx, s));
            break;
          case 'dental':
            counts = [];
            for (const s of staged) counts.push(await loadDental(ctx, s));
            break;
          case 'link':
            counts = [];
            for (const s of staged) counts.push(await loadLink(ctx, s));
            break;
        }

        // 4. Book-keeping and reconciliation (read = loaded + rejected, checked).
        const out: FileReconciliation[] = [];
        for (const s of staged) {
          const cnt = counts.find((x) => x.fileId === s.fileId)!;
          const rowsRead = s.rowsParsed + s.parseRejects.length;
          if (rowsRead !== cnt.rowsLoaded + cnt.rowsRejected) {
            throw new InputDataError(
              'RECONCILIATION',
              `internal reconciliation failed: read ${rowsRead}, loaded ${cnt.rowsLoaded}, rejected ${cnt.rowsRejected}; nothing was loaded`,
              { file: s.facts.path },
            );
          }
          await db.run(
            `INSERT INTO ingest_file VALUES (${int(s.fileId)}, ${str(run.id)}, ${str(kind)}, ${str(s.facts.path)}, ${str(s.facts.sha256)}, ${int(s.facts.bytes)}, ${int(rowsRead)}, ${int(cnt.rowsLoaded)}, ${int(cnt.rowsRejected)}, now()::TIMESTAMP)`,
          );
          const reasons = await db.all<{ reason: string; n: number }>(
            `SELECT reason, count(*) AS n FROM reject WHERE file_id = $1 GROUP BY reason ORDER BY n DESC, reason`,
            [s.fileId],
          );
          const rec: FileReconciliation = {
            path: s.facts.path,
            role: s.role,
            fileId: s.fileId,
            sha256: s.facts.sha256,
            format: s.facts.format,
            encoding: s.encoding,
            delimiter: s.delimiter,
            rowsRead,
            rowsLoaded: cnt.rowsLoaded,
            rowsRejected: cnt.rowsRejected,
            rejectReasons: Object.fromEntries(reasons.map((r) => [r.reason, Number(r.n)])),
          };
          out.push(rec);
          run.manifest.inputs.push({
            path: s.facts.path,
            sha256: s.facts.sha256,
            bytes: s.facts.bytes,
            kind: `${kind}:${s.role}`,
            rowsRead,
            rowsLoaded: cnt.rowsLoaded,
            rowsRejected: cnt.rowsRejected,
          });
          run.count(`${kind}.read`, rowsRead);
          run.count(`${kind}.loaded`, cnt.rowsLoaded);
          run.count(`${kind}.rejected`, cnt.rowsRejected);
        }

        // 5. Derived tables.
        progress({ stage, phase: 'log', message: 'rebuilding person, residence, hospital stays' });
        const derived = await rebuildDerived(ctx, kind);
        for (const [k, v] of Object.entries(derived)) run.count(k, v);
        for (const n of notes) run.note(n);
        progress({
          stage,
          phase: 'end',
          message: out
            .map(
              (f) =>
                `${basename(f.path)}: read ${f.rowsRead}, loaded ${f.rowsLoaded}, rejected ${f.rowsRejected}`,
            )
            .join('; '),
        });
        return {
          kind,
          runId: run.id,
          profile: { id: profile.id, version: profile.version },
          files: out,
          derived,
          replaced,
          notes,
        };
      });
    } finally {
      await db.exec(`RESET preserve_insertion_order`).catch(() => undefined);
      for (const s of staged) await dropStaged(db, s).catch(() => undefined);
    }
  });
  return result;
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

/**
 * The files loaded together with a file as one kpr-claims call (bills + diagnoses + fees): replacing
 * one of them drops the whole group, since a claim row folds in all three.
 */
async function claimGroup(ws: Workspace, fileId: number): Promise<number[]> {
  const id = int(fileId);
  const rows = await ws.db.all<{ a: number; b: number | null; c: number | null }>(
    `SELECT DISTINCT file_id AS a, diag_file_id AS b, fee_file_id AS c FROM primary_contact WHERE file_id = ${id} OR diag_file_id = ${id} OR fee_file_id = ${id}`,
  );
  const ids = new Set<number>([fileId]);
  for (const r of rows) for (const x of [r.a, r.b, r.c]) if (x !== null) ids.add(Number(x));
  return [...ids];
}

/** Remove every row a loaded file contributed (used by `replace`). */
async function dropFile(ws: Workspace, fileId: number): Promise<void> {
  const db = ws.db;
  const id = int(fileId);
  await db.exec(`
    DELETE FROM specialist_episode WHERE file_id = ${id};
    DELETE FROM primary_contact WHERE file_id = ${id} OR diag_file_id = ${id} OR fee_file_id = ${id};
    DELETE FROM municipal_service WHERE file_id = ${id};
    DELETE FROM function_assessment WHERE file_id = ${id};
    DELETE FROM dental_record WHERE file_id = ${id};
    DELETE FROM link_row WHERE file_id = ${id};
    DELETE FROM reject WHERE file_id = ${id};
    DELETE FROM ingest_file WHERE file_id = ${id};
  `);
}

export { bestRole };
