import { mkdir, rename, rm, rmdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256File } from '../kernel/util/hash.js';
import { toolVersion } from '../kernel/util/paths.js';

/**
 * One input file of a run: a file the run read itself (an extract, an SSB file), or a file whose
 * rows the run read from the workspace — then `run` is the ingest run that loaded it and `fileId`
 * its id in `ingest_file`.
 */
export interface ManifestInput {
  path: string;
  sha256: string;
  bytes: number;
  kind?: string;
  /**
   * The file's id in `ingest_file` (its rows carry it as `file_id`): in ingest runs, and for files
   * read through the workspace.
   */
  fileId?: number;
  rowsRead?: number;
  rowsLoaded?: number;
  rowsRejected?: number;
  /** The run that loaded the file into the workspace (for files read through the workspace). */
  run?: string;
}

/** A run whose results this run read (an ingest run, a cohorts run), and what it read of it. */
export interface ManifestRunRef {
  id: string;
  command: string;
  /** What was read, e.g. `npr /data/npr_2024.csv` or `cohort dementia 1.0.0, 2024`. */
  read: string[];
}

/** One file a run wrote, with its SHA-256 and size (filled in when the manifest is written). */
export interface ManifestOutput {
  path: string;
  sha256?: string;
  bytes?: number;
}

/** What a run did, written to `runs/<id>/manifest.json`. */
export interface RunManifest {
  id: string;
  command: string;
  status: 'ok' | 'failed';
  startedAt: string;
  finishedAt?: string;
  toolVersion: string;
  parameters: Record<string, unknown>;
  /** Files read, directly or through the workspace (see {@link ManifestInput}). */
  inputs: ManifestInput[];
  /** Runs whose results were read: the ingest runs behind `inputs`, cohorts runs. */
  inputRuns: ManifestRunRef[];
  definitions: { id: string; version: string | number }[];
  codelists: { id: string; version: string }[];
  ssbTables: { tableId: string; vintage?: number | string }[];
  rowCounts: Record<string, number>;
  /** Files written, with their SHA-256. */
  outputs: ManifestOutput[];
  notes: string[];
  error?: { code: string; message: string };
  [extra: string]: unknown;
}

/** A new run id: UTC time to the millisecond plus 4 random hex characters, sortable. */
export function newRunId(now = new Date()): string {
  const t = now.toISOString().replace(/[-:.]/g, '');
  return `${t}-${randomBytes(2).toString('hex')}`;
}

/**
 * Collects the facts of one run and writes its manifest. Created by `Workspace.run()`; library
 * code adds inputs, row counts and definitions as it goes.
 */
export class RunRecorder {
  readonly manifest: RunManifest;

  constructor(
    readonly runsDir: string,
    command: string,
    parameters: Record<string, unknown>,
  ) {
    this.manifest = {
      id: newRunId(),
      command,
      status: 'ok',
      startedAt: new Date().toISOString(),
      toolVersion: toolVersion(),
      parameters,
      inputs: [],
      inputRuns: [],
      definitions: [],
      codelists: [],
      ssbTables: [],
      rowCounts: {},
      outputs: [],
      notes: [],
    };
  }

  get id(): string {
    return this.manifest.id;
  }

  /** Hash a file and record it as an input; returns the hash record. */
  async addInput(file: string, kind?: string): Promise<ManifestInput> {
    const { sha256, bytes } = await sha256File(file);
    const input: ManifestInput = { path: resolve(file), sha256, bytes, ...(kind ? { kind } : {}) };
    this.manifest.inputs.push(input);
    return input;
  }

  /** Add to the row count of a table (or any named quantity). */
  count(name: string, n: number): void {
    this.manifest.rowCounts[name] = (this.manifest.rowCounts[name] ?? 0) + n;
  }

  addDefinition(id: string, version: string | number): void {
    if (!this.manifest.definitions.some((d) => d.id === id && d.version === version)) {
      this.manifest.definitions.push({ id, version });
    }
  }

  addSsbTable(tableId: string, vintage?: number | string): void {
    if (!this.manifest.ssbTables.some((t) => t.tableId === tableId && t.vintage === vintage)) {
      this.manifest.ssbTables.push({ tableId, ...(vintage !== undefined ? { vintage } : {}) });
    }
  }

  /** Record a file the run wrote; its SHA-256 and size are taken when the manifest is written. */
  addOutput(file: string): void {
    const path = resolve(file);
    if (!this.manifest.outputs.some((o) => o.path === path)) this.manifest.outputs.push({ path });
  }

  /** Record a run whose results this run read, and what it read (merged per run id). */
  addInputRun(id: string, command: string, read: string): void {
    const r = this.manifest.inputRuns.find((x) => x.id === id);
    if (!r) this.manifest.inputRuns.push({ id, command, read: [read] });
    else if (!r.read.includes(read)) r.read.push(read);
  }

  /** Record a code list and its version (once). */
  addCodelist(id: string, version: string): void {
    if (!this.manifest.codelists.some((c) => c.id === id && c.version === version))
      this.manifest.codelists.push({ id, version });
  }

  note(text: string): void {
    this.manifest.notes.push(text);
  }

  /**
   * Write the manifest atomically (temp file + rename). Returns its path. When the write fails
   * (a full disk), the temp file is removed again, and so is the run's folder if it is empty.
   */
  async write(): Promise<string> {
    this.manifest.finishedAt = new Date().toISOString();
    for (const o of this.manifest.outputs) {
      if (o.sha256) continue;
      // A file that is gone again (removed by the failing run) is listed without a hash.
      const h = await sha256File(o.path).catch(() => undefined);
      if (h) Object.assign(o, h);
    }
    const dir = join(this.runsDir, this.manifest.id);
    const file = join(dir, 'manifest.json');
    try {
      await mkdir(dir, { recursive: true });
      await writeFile(`${file}.tmp`, `${JSON.stringify(this.manifest, null, 2)}\n`);
      await rename(`${file}.tmp`, file);
    } catch (e) {
      await rm(`${file}.tmp`, { force: true }).catch(() => undefined);
      await rmdir(dir).catch(() => undefined);
      // A failed write names no file; say which one could not be written.
      const err = e as NodeJS.ErrnoException;
      if (typeof err?.code === 'string' && !err.path) err.path = file;
      throw e;
    }
    return file;
  }
}
