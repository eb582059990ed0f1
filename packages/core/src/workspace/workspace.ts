import { existsSync, statSync } from 'node:fs';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { availableParallelism, totalmem } from 'node:os';
import { Db, type QueryTiming } from '../kernel/db.js';
import { FellesError, UsageError, WorkspaceError } from '../kernel/errors.js';
import { systemError } from '../kernel/system-errors.js';
import { GEOGRAPHY_DIR, GEOGRAPHY_FILES, installGeography } from '../reference/geo/install.js';
import { noProgress, type ProgressFn } from '../kernel/util/progress.js';
import { resolveConfig, type WorkspaceConfig } from './config.js';
import { RunRecorder, type RunManifest } from './manifest.js';
import { PERSON_DDL } from './person-schema.js';
import { SCHEMA_DDL, SCHEMA_VERSION } from './schema.js';

/** The settings file of a workspace. */
export const CONFIG_FILE = 'felles.json';
/** The DuckDB database file of a workspace. */
export const DB_FILE = 'felles.duckdb';
export const RUNS_DIR = 'runs';

/** Options of {@link Workspace.init}. */
export interface InitOptions {
  /** Config values to set instead of the defaults. */
  config?: Partial<WorkspaceConfig>;
  /** Initialise even if the folder is not empty (an existing workspace is never overwritten). */
  allowNonEmpty?: boolean;
  /** As {@link OpenOptions.profile}. */
  profile?: boolean;
  progress?: ProgressFn;
}

/** Options of {@link Workspace.open}. */
export interface OpenOptions {
  /** Open without write access; several read-only opens may run at once. */
  readOnly?: boolean;
  /**
   * Open read-only and sealed for queries a user types (`felles sql`): DuckDB can neither write
   * nor read any file but the workspace database, attach another database or load an extension,
   * and its settings are locked (see `DbOptions.sealed`). Implies `readOnly`.
   */
  sealed?: boolean;
  /**
   * Time every statement and write the timings into each run's manifest (`profile`). Also on
   * when the environment variable `FELLES_PROFILE` is `1`. The CLI's `--profile` sets it.
   */
  profile?: boolean;
}

/**
 * A felles workspace: a folder with `felles.json` (config), `felles.duckdb` (all data),
 * `runs/<id>/manifest.json` (one per command that changed it) and `out/`.
 *
 * Create one with {@link Workspace.init}, open it with {@link Workspace.open}, and always
 * {@link Workspace.close} it (in `finally`). While open for writing, another process that tries
 * to open it gets a `WORKSPACE_IN_USE` error.
 */
export class Workspace {
  private constructor(
    /** Absolute path of the workspace folder. */
    readonly dir: string,
    readonly config: WorkspaceConfig,
    readonly db: Db,
    readonly readOnly: boolean,
  ) {}

  /** Create a new workspace in `dir` (created if missing) and return it open for writing. */
  static async init(dir: string, options: InitOptions = {}): Promise<Workspace> {
    const abs = resolve(dir);
    const progress = options.progress ?? noProgress;
    if (existsSync(join(abs, CONFIG_FILE)) || existsSync(join(abs, DB_FILE))) {
      throw new UsageError(
        'WORKSPACE_EXISTS',
        `a workspace already exists in ${abs}; open it with --workspace ${dir}`,
        { dir: abs },
      );
    }
    if (existsSync(abs)) {
      if (!statSync(abs).isDirectory())
        throw new UsageError('NOT_A_DIRECTORY', `${abs} exists and is not a folder`);
      const entries = await readdir(abs);
      if (entries.length > 0 && !options.allowNonEmpty) {
        throw new UsageError(
          'DIRECTORY_NOT_EMPTY',
          `${abs} is not empty; choose an empty or new folder (or pass --force)`,
          { dir: abs },
        );
      }
    }
    const config = resolveConfig(options.config ?? {});
    await mkdir(join(abs, RUNS_DIR), { recursive: true });
    await mkdir(join(abs, config.paths.out), { recursive: true });
    const db = await Db.open(join(abs, DB_FILE), dbOptions(abs, config));
    const ws = new Workspace(abs, config, db, false);
    ws.profile = wantProfile(options.profile);
    try {
      await ws.run('init', { config }, async (run) => {
        progress({ stage: 'init', phase: 'start', message: 'creating tables' });
        await db.transaction(async () => {
          await db.exec(SCHEMA_DDL);
          await db.exec(PERSON_DDL);
          await db.run(
            `INSERT INTO meta VALUES ('schema_version', $1), ('created_at', $2), ('structure_year', $3)`,
            [String(SCHEMA_VERSION), new Date().toISOString(), String(config.structureYear)],
          );
          // Every later run names this one (the geography) among the runs it read.
          await db.run(`INSERT INTO meta VALUES ('init_run', $1)`, [run.id]);
          progress({ stage: 'init', phase: 'log', message: 'loading geography' });
          const counts = await installGeography(db, config.structureYear);
          for (const [table, n] of Object.entries(counts)) run.count(table, n);
          for (const f of GEOGRAPHY_FILES)
            await run.addInput(join(GEOGRAPHY_DIR, f), 'reference:geography');
        });
        // Written last: a folder without felles.json is not a workspace, so a failed init
        // leaves nothing that looks like one.
        await writeFile(join(abs, CONFIG_FILE), `${JSON.stringify(config, null, 2)}\n`);
        run.addOutput(join(abs, CONFIG_FILE));
        progress({ stage: 'init', phase: 'end' });
      });
    } catch (e) {
      ws.close();
      throw e;
    }
    return ws;
  }

  /** Open an existing workspace. */
  static async open(dir: string, options: OpenOptions = {}): Promise<Workspace> {
    const abs = resolve(dir);
    if (!existsSync(abs)) {
      throw new WorkspaceError(
        'WORKSPACE_NOT_FOUND',
        `no workspace at ${abs}; create one with: felles init ${dir}`,
        { dir: abs },
      );
    }
    const cfgPath = join(abs, CONFIG_FILE);
    if (!existsSync(cfgPath)) {
      throw new WorkspaceError(
        'WORKSPACE_NOT_FOUND',
        `${abs} is not a felles workspace (no ${CONFIG_FILE}); create one with: felles init ${dir}`,
        { dir: abs },
      );
    }
    let raw: unknown;
    try {
      raw = JSON.parse(await readFile(cfgPath, 'utf8'));
    } catch (e) {
      throw new WorkspaceError(
        'WORKSPACE_CORRUPT',
        `${cfgPath} is not valid JSON: ${(e as Error).message}`,
        { file: cfgPath },
        { cause: e },
      );
    }
    if (typeof raw !== 'object' || raw === null || (raw as { felles?: unknown }).felles !== 1) {
      throw new WorkspaceError(
        'WORKSPACE_CORRUPT',
        `${cfgPath} is not a felles workspace config (expected "felles": 1)`,
        { file: cfgPath },
      );
    }
    let config: WorkspaceConfig;
    try {
      config = resolveConfig(raw as Partial<WorkspaceConfig>);
    } catch (e) {
      throw new WorkspaceError(
        'WORKSPACE_CORRUPT',
        `${cfgPath}: ${(e as Error).message}`,
        { file: cfgPath },
        { cause: e },
      );
    }
    const dbPath = join(abs, DB_FILE);
    if (!existsSync(dbPath)) {
      throw new WorkspaceError('WORKSPACE_CORRUPT', `the workspace database ${dbPath} is missing`, {
        file: dbPath,
      });
    }
    const sealed = options.sealed ?? false;
    const readOnly = sealed || (options.readOnly ?? false);
    const db = await Db.open(dbPath, { ...dbOptions(abs, config), readOnly, sealed });
    try {
      const version = await db.value<string>(`SELECT value FROM meta WHERE key = 'schema_version'`);
      if (version !== String(SCHEMA_VERSION)) {
        throw new WorkspaceError(
          'WORKSPACE_VERSION',
          `the workspace has schema version ${String(version)}, this felles expects ${SCHEMA_VERSION}; create a new workspace and load the files again`,
          { dir: abs },
        );
      }
    } catch (e) {
      db.close();
      if (e instanceof FellesError) throw e;
      throw new WorkspaceError(
        'WORKSPACE_CORRUPT',
        `${dbPath} is not a felles workspace database: ${(e as Error).message}`,
        { file: dbPath },
        { cause: e },
      );
    }
    const ws = new Workspace(abs, config, db, readOnly);
    ws.profile = wantProfile(options.profile);
    return ws;
  }

  /** Whether runs record per-statement timings in their manifest (see {@link OpenOptions.profile}). */
  profile = false;

  /** `runs/` folder. */
  get runsDir(): string {
    return join(this.dir, RUNS_DIR);
  }

  /** `out/` folder (or the configured one). */
  get outDir(): string {
    return resolve(this.dir, this.config.paths.out);
  }

  /**
   * Run a command that changes the workspace. `fn` gets a {@link RunRecorder}; the manifest is
   * written when `fn` ends, with status `failed` and the error if it threw (the error is
   * re-thrown). Returns `fn`'s result and the manifest.
   */
  async run<T>(
    command: string,
    parameters: Record<string, unknown>,
    fn: (run: RunRecorder) => Promise<T>,
  ): Promise<{ result: T; manifest: RunManifest }> {
    if (this.readOnly)
      throw new WorkspaceError(
        'WORKSPACE_READ_ONLY',
        `the workspace was opened read-only; "${command}" changes it`,
      );
    const recorder = new RunRecorder(this.runsDir, command, parameters);
    const profiling = this.profile && !this.db.profiling;
    if (profiling) this.db.startProfile();
    const finishProfile = () => {
      if (profiling) recorder.manifest['profile'] = profileSummary(this.db.stopProfile());
    };
    try {
      const result = await fn(recorder);
      finishProfile();
      await recorder.write();
      return { result, manifest: recorder.manifest };
    } catch (e0) {
      finishProfile();
      // A full disk, a folder without write access and the like become typed errors that say
      // what could not be written (kernel/system-errors.ts); anything else is thrown as it is.
      const e = systemError(e0) ?? e0;
      recorder.manifest.status = 'failed';
      recorder.manifest.error = {
        code: e instanceof FellesError ? e.code : 'INTERNAL',
        message: e instanceof Error ? e.message : String(e),
      };
      await recorder.write().catch(() => undefined);
      throw e;
    }
  }

  /** Manifests of all runs, oldest first. */
  async runs(): Promise<RunManifest[]> {
    if (!existsSync(this.runsDir)) return [];
    const ids = (await readdir(this.runsDir)).sort();
    const out: RunManifest[] = [];
    for (const id of ids) {
      const f = join(this.runsDir, id, 'manifest.json');
      if (existsSync(f)) out.push(JSON.parse(await readFile(f, 'utf8')) as RunManifest);
    }
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
  }

  close(): void {
    this.db.close();
  }
}

function dbOptions(dir: string, config: WorkspaceConfig) {
  const sized = machineDuckdbDefaults();
  return {
    memoryLimit: config.duckdb.memoryLimit ?? sized.memoryLimit,
    threads: config.duckdb.threads ?? sized.threads,
    tempDirectory: join(dir, '.tmp'),
  };
}

/**
 * DuckDB's resources when felles.json does not set them: every core, and a memory limit of 40 %
 * of the machine's memory (at least 1 GB) — DuckDB spills to `<workspace>/.tmp` beyond it, and
 * the rest of the process (Node, result sets, DuckDB's own overhead outside the limit) stays well
 * inside the machine. On a 24 GB machine: 9 GB. docs/decisions.md, "DuckDB resources".
 */
export function machineDuckdbDefaults(): { memoryLimit: string; threads: number } {
  const mb = Math.max(1024, Math.floor((totalmem() / 1048576) * 0.4));
  return { memoryLimit: `${mb}MB`, threads: Math.max(1, availableParallelism()) };
}

function wantProfile(option: boolean | undefined): boolean {
  const env = process.env['FELLES_PROFILE'];
  return option ?? (env === '1' || env === 'live');
}

/**
 * The manifest's `profile`: statement count, total time, the ten slowest, and every statement in
 * the order it ran with its time.
 */
function profileSummary(timings: QueryTiming[]): {
  statements: number;
  totalMs: number;
  slowest: QueryTiming[];
  queries: QueryTiming[];
} {
  const totalMs = Math.round(timings.reduce((s, t) => s + t.ms, 0));
  return {
    statements: timings.length,
    totalMs,
    slowest: [...timings].sort((a, b) => b.ms - a.ms).slice(0, 10),
    queries: timings,
  };
}
