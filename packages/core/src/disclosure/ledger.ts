/**
 * The ledger: every protected count cell a workspace has published (key, value, shown or hidden,
 * run id), per *data version* (a fingerprint of the data loaded into the workspace). A new
 * publication is suppressed and audited together with everything already published on the same
 * data: what was shown stays a known constant, what was hidden stays hidden.
 */
import { createHash } from 'node:crypto';
import { appendRows, type AppendType } from '../kernel/append.js';
import type { Db } from '../kernel/db.js';
import { str } from '../kernel/sql.js';
import { PRIMARY, SECONDARY, SHOWN, type CellState } from './cell-system.js';

/** One published cell. */
export interface PublishedCell {
  measure: string;
  /** Canonical coordinates (twins merged), `[coordinate, value]`, totals as `*`. */
  coords: Array<[string, string]>;
  value: number;
  state: CellState;
}

/** What a workspace has published on one data version (or what a run is about to publish). */
export interface PublishedSnapshot {
  dataVersion: string;
  cells: PublishedCell[];
  /** Breakdown hierarchies declared by the tables (the geography is read from the workspace). */
  decompositions: Array<{
    measure: string;
    coordinate: string;
    parent: string;
    children: string[];
  }>;
}

/** Where a run reads what was published before: a snapshot, or the workspace's ledger. */
export interface LedgerSource {
  readonly dataVersion: string;
  /** Everything published on this data version for these measures. */
  read(measures: readonly string[]): Promise<PublishedSnapshot>;
}

const CELLS = 'disclosure_ledger';
const DECOMPS = 'disclosure_ledger_decomposition';
const CELL_TYPES: AppendType[] = ['varchar', 'varchar', 'varchar', 'bigint', 'varchar', 'varchar'];
const DECOMP_TYPES: AppendType[] = [
  'varchar',
  'varchar',
  'varchar',
  'varchar',
  'varchar',
  'varchar',
];
const STATE_NAMES: Record<number, string> = {
  [SHOWN]: 'shown',
  [PRIMARY]: 'primary',
  [SECONDARY]: 'secondary',
};
const STATES: Record<string, CellState> = { shown: SHOWN, primary: PRIMARY, secondary: SECONDARY };

/**
 * The fingerprint of a workspace's data: every loaded file (kind, SHA-256, rows loaded) and the
 * settings that change what is counted (structure year, residence rule, stay merging).
 */
export async function dataVersion(
  db: Db,
  config: { structureYear: number; residenceRule: string; stayMergeHours: number },
): Promise<string> {
  const files = await db.value<string>(
    `SELECT coalesce(string_agg(kind || ':' || sha256 || ':' || rows_loaded, ',' ORDER BY file_id), '') FROM ingest_file`,
  );
  return createHash('sha256')
    .update(
      JSON.stringify([
        files ?? '',
        config.structureYear,
        config.residenceRule,
        config.stayMergeHours,
      ]),
    )
    .digest('hex')
    .slice(0, 32);
}

/** The workspace's ledger (tables `disclosure_ledger`, `disclosure_ledger_decomposition`). */
export class WorkspaceLedger implements LedgerSource {
  private constructor(
    private readonly db: Db,
    readonly dataVersion: string,
  ) {}

  /** Open the ledger of a workspace for its current data. */
  static async open(ws: {
    db: Db;
    config: { structureYear: number; residenceRule: string; stayMergeHours: number };
  }): Promise<WorkspaceLedger> {
    return new WorkspaceLedger(ws.db, await dataVersion(ws.db, ws.config));
  }

  private async exists(): Promise<boolean> {
    const n = await this.db.value<number>(
      `SELECT count(*) FROM duckdb_tables() WHERE table_name = ${str(CELLS)} AND NOT temporary`,
    );
    return Number(n) > 0;
  }

  async read(measures: readonly string[]): Promise<PublishedSnapshot> {
    const snap: PublishedSnapshot = {
      dataVersion: this.dataVersion,
      cells: [],
      decompositions: [],
    };
    if (measures.length === 0 || !(await this.exists())) return snap;
    const list = `[${measures.map(str).join(', ')}]`;
    for (const r of await this.db.all(
      `SELECT measure, coords, value, state FROM ${CELLS}
       WHERE data_version = $1 AND list_contains(${list}, measure) ORDER BY measure, coords`,
      [this.dataVersion],
    )) {
      snap.cells.push({
        measure: String(r['measure']),
        coords: JSON.parse(String(r['coords'])) as Array<[string, string]>,
        value: Number(r['value']),
        state: STATES[String(r['state'])]!,
      });
    }
    for (const r of await this.db.all(
      `SELECT measure, coordinate, parent, children FROM ${DECOMPS}
       WHERE data_version = $1 AND list_contains(${list}, measure) ORDER BY ALL`,
      [this.dataVersion],
    )) {
      snap.decompositions.push({
        measure: String(r['measure']),
        coordinate: String(r['coordinate']),
        parent: String(r['parent']),
        children: JSON.parse(String(r['children'])) as string[],
      });
    }
    return snap;
  }

  /**
   * Record a publication (call when its files are written). Cells already recorded keep their
   * first record. Runs in the caller's transaction if there is one.
   */
  async record(publication: PublishedSnapshot, runId: string): Promise<void> {
    await this.db.transaction(async () => {
      await this.db.exec(`CREATE TABLE IF NOT EXISTS ${CELLS} (
        data_version VARCHAR NOT NULL, measure VARCHAR NOT NULL, coords VARCHAR NOT NULL,
        value BIGINT NOT NULL, state VARCHAR NOT NULL, run_id VARCHAR NOT NULL,
        PRIMARY KEY (data_version, measure, coords));
        CREATE TABLE IF NOT EXISTS ${DECOMPS} (
        data_version VARCHAR NOT NULL, measure VARCHAR NOT NULL, coordinate VARCHAR NOT NULL,
        parent VARCHAR NOT NULL, children VARCHAR NOT NULL, run_id VARCHAR NOT NULL,
        PRIMARY KEY (data_version, measure, coordinate, parent, children));`);
      const cells = publication.cells.map((c) => [
        this.dataVersion,
        c.measure,
        JSON.stringify(c.coords),
        c.value,
        STATE_NAMES[c.state] ?? 'shown',
        runId,
      ]);
      await this.insert(CELLS, CELL_TYPES, cells);
      const seen = new Set<string>();
      const decomps: unknown[][] = [];
      for (const d of publication.decompositions) {
        const row = [
          this.dataVersion,
          d.measure,
          d.coordinate,
          d.parent,
          JSON.stringify([...d.children].sort()),
          runId,
        ];
        const k = JSON.stringify(row.slice(0, 5));
        if (seen.has(k)) continue;
        seen.add(k);
        decomps.push(row);
      }
      await this.insert(DECOMPS, DECOMP_TYPES, decomps);
    });
  }

  /** Rows into `table` (cells already there keep their first record): appended to a staging table, then inserted. */
  private async insert(
    table: string,
    types: readonly AppendType[],
    rows: unknown[][],
  ): Promise<void> {
    if (rows.length === 0) return;
    const stage = `${table}_stage`;
    await this.db.exec(`CREATE OR REPLACE TEMP TABLE ${stage} AS SELECT * FROM ${table} LIMIT 0`);
    try {
      await appendRows(this.db, stage, types, rows as Array<Array<string | number>>, {
        temporary: true,
      });
      await this.db.run(`INSERT OR IGNORE INTO ${table} SELECT * FROM temp.${stage}`);
    } finally {
      await this.db.exec(`DROP TABLE IF EXISTS temp.${stage}`);
    }
  }
}
