/**
 * `DisclosureRun`: every table a run publishes, disclosed together as one linked system (and
 * against what the workspace published before on the same data). Add tables, then seal:
 *
 * ```ts
 * const run = new DisclosureRun({ workspace: ws, geography: await areaHierarchy(ws.db, 2024), ledger });
 * await run.add({ db: ws.db, table: 'ind_x' }, schemaX, { metadata });
 * await run.add(rowsY, schemaY);
 * const { tables, audit, publication } = await run.seal();
 * ```
 *
 * See `docs/disclosure.md`.
 */
import { UsageError } from '../kernel/errors.js';
import { CellSystem, PRIMARY, SECONDARY, TOTAL, type CellState } from './cell-system.js';
import type { DisclosedTable } from './disclosed-table.js';
import type { AreaHierarchy } from './geography.js';
import type { PersonIdProbe } from './id-probe.js';
import { suppressSystem } from './joint-suppress.js';
import type { AuditStats } from './lp-audit.js';
import type { LedgerSource, PublishedCell, PublishedSnapshot } from './ledger.js';
import {
  normaliseDimensions,
  type DisclosureSchema,
  type DisclosureSummary,
  type SuppressionFlag,
  type TableMetadata,
} from './schema.js';
import {
  finishTable,
  prepareTable,
  type DisclosureInput,
  type HiddenCells,
  type PreparedTable,
} from './table-io.js';
import {
  belowConventionNotice,
  resolveThreshold,
  type ThresholdSource,
} from '../workspace/threshold.js';
import type { Db } from '../kernel/db.js';

/** The coordinate that takes the run's geography. */
export const AREA = 'area';
/** The coordinate value of a row whose dimension is NULL (unknown): a part of the total. */
export const UNKNOWN_VALUE = '?';

/** Options of a {@link DisclosureRun}. */
export interface DisclosureRunOptions {
  /** The workspace: its `disclosure` settings and database (for the person-id checks). */
  workspace?: { config: { disclosure: ThresholdSource }; db?: Db };
  /** Threshold (and opt-out) instead of the workspace's; see {@link resolveThreshold}. */
  threshold?: number;
  allowBelowConvention?: boolean;
  /** Decompositions of the `area` coordinate (from {@link areaHierarchy}). */
  geography?: AreaHierarchy;
  /**
   * What the workspace published before on the same data: its ledger (`WorkspaceLedger`), or a
   * snapshot. The run's cells are suppressed and audited together with it.
   */
  ledger?: LedgerSource | PublishedSnapshot;
  personIds?: PersonIdProbe;
  maxRows?: number;
  /**
   * The hidden cells of an earlier run over the same counts ({@link SealedRun.hidden}):
   * suppression starts from them instead of from nothing, and its audit checks them (a second
   * pass over the same counts then passes in one round instead of repeating every round).
   */
  prior?: PriorCells;
}

/** Hidden cells of a sealed run by cell key: their state and why a secondary was hidden. */
export type PriorCells = ReadonlyMap<string, { state: CellState; why?: string }>;

/** The audit of a sealed run, for the run manifest. */
export interface RunAudit extends AuditStats {
  threshold: number;
  belowConvention: boolean;
  /** Protected count cells published by this run (distinct canonical cells). */
  cellsPublished: number;
  /** Cells published before on the same data, part of the audited system. */
  ledgerCells: number;
  relations: number;
  rounds: number;
  /** Relations not used because they do not hold in the data, and other remarks. */
  notes: string[];
}

/** Result of {@link DisclosureRun.seal}. */
export interface SealedRun {
  tables: DisclosedTable[];
  audit: RunAudit;
  /** What to record in the ledger once the files are written. */
  publication: PublishedSnapshot;
  /** The run's hidden cells (for {@link DisclosureRunOptions.prior} of a second pass). */
  hidden: PriorCells;
}

interface Added {
  table: PreparedTable;
  metadata: TableMetadata;
  /** [row][count column k] → cell handle (−1: a count the system does not track) */
  handles: Int32Array;
}

/** Builds one disclosure over every table of a run. */
export class DisclosureRun {
  private readonly tables: Added[] = [];
  private readonly system = new CellSystem();
  private readonly threshold: number;
  private readonly notice: string | undefined;
  private readonly belowConvention: boolean;
  private sealed = false;
  private readonly decompositions: PublishedSnapshot['decompositions'] = [];
  private localMeasures = 0;

  constructor(private readonly options: DisclosureRunOptions = {}) {
    const choice = resolveThreshold(
      {
        ...(options.threshold !== undefined ? { threshold: options.threshold } : {}),
        ...(options.allowBelowConvention !== undefined
          ? { allowBelowConvention: options.allowBelowConvention }
          : {}),
      },
      options.workspace?.config.disclosure,
    );
    this.threshold = choice.threshold;
    this.belowConvention = choice.belowConvention;
    this.notice = belowConventionNotice(choice);
    for (const d of options.geography?.decompositions ?? [])
      this.system.addDecomposition('*', AREA, d.parent, d.children);
  }

  private readonly measures = new Set<string>();

  private async addLedger(): Promise<string> {
    const src = this.options.ledger;
    if (!src) return '';
    const snap = 'read' in src ? await src.read([...this.measures].sort()) : src;
    for (const d of snap.decompositions)
      this.system.addDecomposition(d.measure, d.coordinate, d.parent, d.children);
    for (const c of snap.cells)
      this.system.addCell(c.measure, new Map(c.coords), c.value, { state: c.state });
    return snap.dataVersion;
  }

  /** The threshold in use. */
  get thresholdUsed(): number {
    return this.threshold;
  }

  /** Read, check and add a table (the same checks as {@link disclose}). Returns its position. */
  async add(
    input: DisclosureInput,
    schema: DisclosureSchema,
    options: { metadata?: TableMetadata } = {},
  ): Promise<number> {
    if (this.sealed) throw new UsageError('RUN_SEALED', 'this disclosure run is already sealed');
    const db = this.options.workspace?.db;
    const table = await prepareTable(input, schema, {
      ...(db ? { db } : {}),
      ...(this.options.maxRows !== undefined ? { maxRows: this.options.maxRows } : {}),
      ...(this.options.personIds ? { personIds: this.options.personIds } : {}),
    });
    this.tables.push({
      table,
      metadata: options.metadata ?? {},
      handles: this.addCells(table),
    });
    return this.tables.length - 1;
  }

  private addCells(t: PreparedTable): Int32Array {
    const { schema, rows } = t;
    const ident = schema.cells;
    const local = `~${schema.name}#${++this.localMeasures}`;
    const measureOf = (col: string) => ident?.measures[col] ?? `${local}/${col}`;
    for (const col of schema.counts) this.measures.add(measureOf(col));
    for (const col of schema.counts) {
      if (ident && !ident.measures[col])
        throw new UsageError(
          'BAD_SCHEMA',
          `table ${schema.name}: count column "${col}" has no measure in cells.measures`,
        );
    }
    const dims = normaliseDimensions(schema);
    const coordOf = (col: string) => ident?.coordinates?.[col] ?? col;
    const fixed = Object.entries(ident?.fixed ?? {}).map(([c, v]) => [c, String(v)] as const);
    // decompositions declared by the table (the area coordinate takes the run's geography)
    for (const d of dims) {
      const coordinate = coordOf(d.column);
      if (coordinate === AREA && this.options.geography) continue;
      const children = new Map<string, Set<string>>();
      const addPart = (p: string, c: string) => {
        const set = children.get(p) ?? new Set<string>();
        set.add(c);
        children.set(p, set);
      };
      const spec = schema.dimensions.find((x) => typeof x !== 'string' && x.column === d.column);
      const declaredParts = typeof spec === 'object' && spec.parts ? spec.parts.map(String) : [];
      const values = new Set<string>(declaredParts);
      for (const r of rows) values.add(valueOf(r[d.column], d.total));
      for (const v of values) {
        if (v === TOTAL) continue;
        const ps = d.parents.get(v);
        if (ps) for (const p of ps) addPart(p === d.total ? TOTAL : p, v);
        else if (d.total !== undefined) addPart(TOTAL, v);
      }
      for (const col of schema.counts) {
        for (const [p, cs] of children) {
          const entry = { measure: measureOf(col), coordinate, parent: p, children: [...cs] };
          this.system.addDecomposition(entry.measure, coordinate, p, entry.children);
          this.decompositions.push(entry);
        }
      }
    }
    const handles = new Int32Array(rows.length * schema.counts.length).fill(-1);
    rows.forEach((r, i) => {
      const coords = new Map<string, string>(fixed);
      for (const d of dims) coords.set(coordOf(d.column), valueOf(r[d.column], d.total));
      schema.counts.forEach((col, k) => {
        const v = r[col];
        handles[i * schema.counts.length + k] = this.system.addCell(
          measureOf(col),
          coords,
          v === null || v === undefined ? null : Number(v),
        );
      });
      for (const [total, parts] of Object.entries(schema.countTotals ?? {})) {
        this.system.addRelation(
          { measure: measureOf(total), coords },
          parts.map((p) => ({ measure: measureOf(p), coords })),
          `columns: ${total} = ${parts.join(' + ')}`,
        );
      }
    });
    return handles;
  }

  /**
   * Suppress every table together, audit, and make the {@link DisclosedTable}s. Refuses
   * (`DISCLOSURE_UNPROTECTABLE`, a CheckFailedError) when a hidden cell cannot be protected.
   */
  async seal(): Promise<SealedRun> {
    if (this.sealed) throw new UsageError('RUN_SEALED', 'this disclosure run is already sealed');
    this.sealed = true;
    const version = await this.addLedger();
    const system = this.system.build();
    const seed = new Map<number, string>();
    const prior = this.options.prior;
    if (prior)
      system.cells.forEach((c, i) => {
        const p = c.current && !c.fixed ? prior.get(c.key) : undefined;
        if (!p) return;
        c.state = p.state;
        if (p.why !== undefined) seed.set(i, p.why);
      });
    const { audit, rounds, because } = await suppressSystem(system, this.threshold, seed);
    const hidden = new Map<string, { state: CellState; why?: string }>();
    system.cells.forEach((c, i) => {
      if (!c.current || c.fixed || (c.state !== PRIMARY && c.state !== SECONDARY)) return;
      const why = because.get(i);
      hidden.set(c.key, { state: c.state, ...(why !== undefined ? { why } : {}) });
    });
    const tables = this.tables.map((a) => this.finish(a, because));
    const cells = system.cells;
    const publication: PublishedCell[] = [];
    let published = 0;
    let ledger = 0;
    for (const c of cells) {
      if (c.current) {
        published++;
        if (!c.measure.startsWith('~') && c.value !== null && c.state !== 3)
          publication.push({
            measure: c.measure,
            coords: [...c.coords],
            value: c.value,
            state: c.state as CellState,
          });
      } else if (c.fixed) ledger++;
    }
    return {
      tables,
      audit: {
        ...audit,
        threshold: this.threshold,
        belowConvention: this.belowConvention,
        cellsPublished: published,
        ledgerCells: ledger,
        relations: system.relations.length,
        rounds,
        notes: [...system.notes],
      },
      publication: {
        dataVersion: version,
        cells: publication,
        decompositions: this.decompositions.filter((x) => !x.measure.startsWith('~')),
      },
      hidden,
    };
  }

  private finish(a: Added, because: Map<number, string>): DisclosedTable {
    const { table, handles } = a;
    const { rows, schema } = table;
    const t = this.threshold;
    const hidden: HiddenCells = rows.map(() => new Map<string, string>());
    const flags: SuppressionFlag[] = rows.map(() => 'none');
    const summary: DisclosureSummary = {
      rows: rows.length,
      primaryCells: 0,
      secondaryCells: 0,
      derivedCells: 0,
      unauditedCells: 0,
      rowsByFlag: { none: 0, primary: 0, secondary: 0, derived: 0 },
    };
    const cells = this.system.cells;
    rows.forEach((_, i) => {
      schema.counts.forEach((col, k) => {
        const h = handles[i * schema.counts.length + k]!;
        const idx = this.system.indexOf(h);
        const c = cells[idx]!;
        if (c.state === PRIMARY) {
          hidden[i]!.set(col, `${col} is between 1 and ${t} (primary)`);
          flags[i] = 'primary';
          summary.primaryCells++;
        } else if (c.state === SECONDARY) {
          hidden[i]!.set(
            col,
            `${col} hidden ${because.get(idx) ?? 'as it was in an earlier publication of the same data'} (secondary)`,
          );
          if (flags[i] !== 'primary') flags[i] = 'secondary';
          summary.secondaryCells++;
        }
      });
    });
    const metadata: TableMetadata = this.notice
      ? { ...a.metadata, notes: [this.notice, ...(a.metadata.notes ?? [])] }
      : a.metadata;
    return finishTable(table, t, hidden, flags, summary, metadata);
  }
}

function valueOf(v: unknown, total: string | undefined): string {
  if (v === null || v === undefined) return UNKNOWN_VALUE;
  const s = String(v);
  return total !== undefined && s === total ? TOTAL : s;
}
