import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { sha256File } from '../kernel/util/hash.js';
import { toolVersion } from '../kernel/util/paths.js';

/** One input file of a run. */
export interface ManifestInput {
  path: string;
  sha256: string;
  bytes: number;
  kind?: string;
  /** Ingest runs: the file's id in `ingest_file` (its rows carry it as `file_id`). */
  fileId?: number;
  rowsRead?: number;
  rowsLoaded?: number;
  rowsRejected?: number;
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
  inputs: ManifestInput[];
  definitions: { id: string; version: string | number }[];
  codelists: { id: string; version: string }[];
  ssbTables: { tableId: string; vintage?: number | string }[];
  rowCounts: Record<string, number>;
  outputs: string[];
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

  addOutput(file: string): void {
    this.manifest.outputs.push(resolve(file));
  }

  note(text: string): void {
    this.manifest.notes.push(text);
  }

  /** Write the manifest atomically (temp file + rename). Returns its path. */
  async write(): Promise<string> {
    this.manifest.finishedAt = new Date().toISOString();
    const dir = join(this.runsDir, this.manifest.id);
    await mkdir(dir, { recursive: true });
    const file = join(dir, 'manifest.json');
    await writeFile(`${file}.tmp`, `${JSON.stringify(this.manifest, null, 2)}\n`);
    await rename(`${file}.tmp`, file);
    return file;
  }
}
