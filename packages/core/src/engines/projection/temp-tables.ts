import type { Db } from '../../kernel/db.js';
import { ident } from '../../kernel/sql.js';

/**
 * The temporary tables of one projection run: every name carries a random tag, so several runs
 * on one connection never collide, and {@link TempTables.dispose} drops them all (newest first).
 */
export class TempTables {
  private readonly tag = `_proj_${Math.random().toString(36).slice(2, 8)}`;
  private readonly created: string[] = [];

  constructor(readonly db: Db) {}

  /** The quoted name of temp table `name`. */
  t(name: string): string {
    return ident(this.rawName(name));
  }

  /** The unquoted name of temp table `name` (for a relation handed to other SQL builders). */
  rawName(name: string): string {
    return `${this.tag}_${name}`;
  }

  /** Whether `name` has been created. */
  has(name: string): boolean {
    return this.created.includes(name);
  }

  /** `CREATE OR REPLACE TEMP TABLE <name> AS <body>`. */
  async create(name: string, body: string): Promise<void> {
    this.created.push(name);
    await this.db.run(`CREATE OR REPLACE TEMP TABLE ${this.t(name)} AS ${body}`);
  }

  /** Drop every table created, newest first; errors are ignored (the connection may be closing). */
  async dispose(): Promise<void> {
    for (const n of this.created.reverse())
      await this.db.run(`DROP TABLE IF EXISTS ${this.t(n)}`).catch(() => undefined);
  }
}

/** Whether the workspace has a table (or view) of this name. */
export async function tableExists(db: Db, name: string): Promise<boolean> {
  const n = await db.value<number>(
    `SELECT count(*) FROM information_schema.tables WHERE table_name = $1`,
    [name],
  );
  return Number(n) > 0;
}

/** Whether `table` has a column of this name. */
export async function columnExists(db: Db, table: string, column: string): Promise<boolean> {
  const n = await db.value<number>(
    `SELECT count(*) FROM information_schema.columns WHERE table_name = $1 AND column_name = $2`,
    [table, column],
  );
  return Number(n) > 0;
}

/** A query's result as columns of JavaScript values (cheaper than row objects for many rows). */
export async function readColumns(
  db: Db,
  sql: string,
  params?: Array<string | number>,
): Promise<Record<string, unknown[]>> {
  const reader = await db.connection.runAndReadAll(sql, params);
  return reader.getColumnsObjectJS() as Record<string, unknown[]>;
}
