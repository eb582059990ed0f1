/**
 * The report's own tables as one publication: the priority-group, projection and dental steps
 * each add their tables and are handed them back once the whole set is suppressed and audited
 * together (one linked system, against everything the workspace published before, including the
 * `indicators run` the report's indicator step made or reused). See docs/disclosure.md.
 */
import {
  Publication,
  type DisclosedTable,
  type PublicationRecord,
  type RunRecorder,
  type TableToPublish,
  type Workspace,
} from '@felles/core';

interface Taker {
  from: number;
  count: number;
  take: (tables: DisclosedTable[]) => void;
}

/** Collects the report's tables, seals them together and hands each step its tables back. */
export class ReportPublication {
  private readonly takers: Taker[] = [];
  private added = 0;

  private constructor(private readonly pub: Publication) {}

  /** Start the report's publication on a workspace (its geography, ledger and threshold). */
  static async open(ws: Workspace): Promise<ReportPublication> {
    return new ReportPublication(await Publication.open(ws));
  }

  /** The threshold in use. */
  get threshold(): number {
    return this.pub.threshold;
  }

  /**
   * Add a step's tables; `take` gets them, disclosed and in the same order, when the
   * publication is sealed.
   */
  async add(
    tables: readonly TableToPublish[],
    take: (tables: DisclosedTable[]) => void,
  ): Promise<void> {
    await this.pub.addAll(tables);
    this.takers.push({ from: this.added, count: tables.length, take });
    this.added += tables.length;
  }

  /**
   * Suppress and audit every table together, hand each step its tables, and record the
   * publication with the report's run (ledger and manifest) when there is one.
   */
  async seal(run?: RunRecorder): Promise<PublicationRecord | undefined> {
    if (this.added === 0) return undefined;
    const { tables } = await this.pub.seal();
    for (const t of this.takers) t.take(tables.slice(t.from, t.from + t.count));
    return run ? await this.pub.record(run) : undefined;
  }
}
