/**
 * `Publication`: everything one command publishes — files it writes and tables it prints —
 * disclosed together as one linked system, against everything the workspace published before on
 * the same data (the ledger), with the audit written into the run manifest.
 *
 * ```ts
 * await ws.run('indicators run', params, async (run) => {
 *   const pub = await Publication.open(ws, { threshold });
 *   pub.add(rows, schema, { metadata });           // every table, with its cell identities
 *   const { tables } = await pub.seal();            // suppression + audit over all of them
 *   await exportTables(tables, { … });              // or print them
 *   await pub.record(run);                          // ledger + manifest
 * });
 * ```
 *
 * See `docs/disclosure.md` ("One published system per workspace").
 */
import { performance } from 'node:perf_hooks';
import {
  areaHierarchy,
  DisclosureRun,
  WorkspaceLedger,
  type DisclosedTable,
  type DisclosureSchema,
  type PriorCells,
  type RunAudit,
  type SealedRun,
  type TableMetadata,
} from '../disclosure/index.js';
import type { DisclosureInput } from '../disclosure/table-io.js';
import { PersonIdProbe } from '../disclosure/id-probe.js';
import { UsageError, WorkspaceError } from '../kernel/errors.js';
import type { RunRecorder } from '../workspace/manifest.js';
import type { Workspace } from '../workspace/workspace.js';

/** A table waiting to be published: its rows (or query), schema with cell identities, metadata. */
export interface TableToPublish {
  input: DisclosureInput;
  schema: DisclosureSchema;
  metadata?: TableMetadata;
}

/** Options of {@link Publication.open}. */
export interface PublicationOptions {
  /** Threshold instead of the workspace's (a lower one needs the opt-out). */
  threshold?: number;
  /** The opt-out for a threshold below the convention (else the workspace's setting). */
  allowBelowConvention?: boolean;
  /** The person-id lookup shared over the tables (default: one for this publication). */
  personIds?: PersonIdProbe;
  /** Start suppression from an earlier pass's hidden cells (see `DisclosureRunOptions.prior`). */
  prior?: PriorCells;
}

/** What a publication recorded, for the command's result and the run manifest. */
export interface PublicationRecord extends RunAudit {
  tables: string[];
  /** Wall time of suppression and audit (seal), in seconds. */
  sealSeconds: number;
  /** Printed (and in every file's notes) when the threshold is below the convention. */
  notice?: string;
}

/** One command's publication; see the module documentation. */
export class Publication {
  private sealedRun: SealedRun | undefined;
  /** Wall time of {@link seal}, in milliseconds (0 before it). */
  sealMs = 0;
  private recorded = false;
  private readonly names: string[] = [];

  private constructor(
    private readonly ws: Workspace,
    private readonly ledger: WorkspaceLedger,
    readonly run: DisclosureRun,
  ) {}

  /** Start a publication on a workspace (its geography, ledger and disclosure settings). */
  static async open(ws: Workspace, options: PublicationOptions = {}): Promise<Publication> {
    const ledger = await WorkspaceLedger.open(ws);
    const run = new DisclosureRun({
      workspace: ws,
      geography: await areaHierarchy(ws.db, ws.config.structureYear),
      ledger,
      personIds: options.personIds ?? new PersonIdProbe(ws.db),
      ...(options.prior ? { prior: options.prior } : {}),
      ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
      ...(options.allowBelowConvention !== undefined
        ? { allowBelowConvention: options.allowBelowConvention }
        : {}),
    });
    return new Publication(ws, ledger, run);
  }

  /** The threshold in use. */
  get threshold(): number {
    return this.run.thresholdUsed;
  }

  /** Add a table (with `schema.cells`, its cell identities). Returns its position. */
  async add(
    input: DisclosureInput,
    schema: DisclosureSchema,
    options: { metadata?: TableMetadata } = {},
  ): Promise<number> {
    if (!schema.cells)
      throw new UsageError(
        'BAD_SCHEMA',
        `table ${schema.name}: a published table must declare its cell identities (cells)`,
      );
    this.names.push(schema.name);
    return this.run.add(input, schema, options);
  }

  /** Add several tables; returns their positions. */
  async addAll(tables: readonly TableToPublish[]): Promise<number[]> {
    const out: number[] = [];
    for (const t of tables)
      out.push(await this.add(t.input, t.schema, t.metadata ? { metadata: t.metadata } : {}));
    return out;
  }

  /** Suppress and audit every table together; the tables in the order they were added. */
  async seal(): Promise<SealedRun> {
    const t0 = performance.now();
    this.sealedRun = await this.run.seal();
    this.sealMs += performance.now() - t0;
    return this.sealedRun;
  }

  /** The sealed tables. */
  get tables(): DisclosedTable[] {
    if (!this.sealedRun) throw new UsageError('NOT_SEALED', 'the publication is not sealed yet');
    return this.sealedRun.tables;
  }

  /**
   * Record the publication once its files are written (or its tables printed): every count in
   * the workspace's ledger, the audit in the run manifest (`disclosure`). A read-only workspace
   * cannot record: commands that publish open it for writing.
   */
  async record(run: RunRecorder): Promise<PublicationRecord> {
    const sealed = this.sealedRun;
    if (!sealed) throw new UsageError('NOT_SEALED', 'seal the publication before recording it');
    if (this.recorded) throw new UsageError('RECORDED', 'this publication is already recorded');
    if (this.ws.readOnly)
      throw new WorkspaceError(
        'WORKSPACE_READ_ONLY',
        'a publication is recorded in the workspace: open it for writing',
      );
    await this.ledger.record(sealed.publication, run.id);
    this.recorded = true;
    const notice = sealed.tables[0]?.metadata.notes?.find((n) => n.startsWith('WARNING:'));
    const record: PublicationRecord = {
      ...sealed.audit,
      tables: [...this.names],
      sealSeconds: Math.round(this.sealMs) / 1000,
      ...(notice ? { notice } : {}),
    };
    const previous = run.manifest['disclosure'] as PublicationRecord[] | undefined;
    run.manifest['disclosure'] = [...(previous ?? []), record];
    if (notice) run.note(notice);
    return record;
  }
}
