/**
 * Looking strings up among the workspace's pseudonymous person ids, for {@link disclose}'s check
 * that no table carries person ids under a harmless column name.
 */
import { loadDuckDb, type Db } from '../kernel/db.js';

/** Byte length and byte-order range of every person id (what any id must look like). */
interface IdShape {
  minBytes: number;
  maxBytes: number;
  lo: Buffer;
  hi: Buffer;
}

/**
 * Finds which strings are person ids of a workspace (`main.person.person_id`). One probe reads the
 * person table (national: millions of rows) once per new set of strings; reused across the tables
 * of one run over an unchanged workspace (every indicator of `runIndicators`, every table of a
 * projection), it remembers the strings it has cleared and the shape of the ids (shortest and
 * longest in bytes, smallest and largest in byte order, learnt in the same pass as the first
 * lookup). A string outside that shape cannot equal any id and is cleared without reading the
 * table; only the rest are looked up. Never reuse a probe after the person table may have changed.
 */
export class PersonIdProbe {
  private readonly cleared = new Set<string>();
  private shape: IdShape | null | undefined; // null: no person table (or it is empty)

  /**
   * @param learnShape learn the ids' shape with the first lookup (a little more work once, worth it
   *   when the probe is reused; false for a single lookup).
   */
  constructor(
    private readonly db: Db,
    private readonly learnShape = true,
  ) {}

  /** The first of `strings` that is a person id of the workspace, or undefined. */
  async find(strings: Iterable<string>): Promise<string | undefined> {
    const todo: string[] = [];
    for (const s of strings) if (!this.cleared.has(s) && this.fits(s)) todo.push(s);
    if (todo.length === 0 || this.shape === null) return undefined;
    if (this.shape === undefined && !(await this.hasPersonTable())) {
      this.shape = null;
      return undefined;
    }
    // Probe the person table against the handful of strings (a hash table is built on the small
    // side); the first lookup of a reused probe learns the ids' shape in the same pass.
    const hit =
      this.shape === undefined && this.learnShape
        ? await this.findLearning(todo)
        : await this.lookup(todo);
    if (hit !== undefined) return hit;
    for (const s of todo) this.cleared.add(s);
    return undefined;
  }

  private async hasPersonTable(): Promise<boolean> {
    const n = await this.db.value<number>(
      `SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = 'person'`,
    );
    return Number(n) > 0;
  }

  private async lookup(todo: string[]): Promise<string | undefined> {
    const { listValue } = loadDuckDb();
    const hit = await this.db.one<{ v: string }>(
      `SELECT person_id AS v FROM main.person WHERE person_id IN (SELECT unnest($1::VARCHAR[])) LIMIT 1`,
      [listValue(todo)],
    );
    return hit?.v;
  }

  private async findLearning(todo: string[]): Promise<string | undefined> {
    const { listValue } = loadDuckDb();
    const r = await this.db.one<{
      hit: string | null;
      min_bytes: number | null;
      max_bytes: number | null;
      lo: string | null;
      hi: string | null;
    }>(
      `SELECT any_value(person_id) FILTER (WHERE person_id IN (SELECT unnest($1::VARCHAR[]))) AS hit,
         min(strlen(person_id)) AS min_bytes, max(strlen(person_id)) AS max_bytes, min(person_id) AS lo, max(person_id) AS hi
       FROM main.person`,
      [listValue(todo)],
    );
    if (r?.hit !== null && r?.hit !== undefined) return r.hit;
    this.shape =
      r && r.lo !== null && r.hi !== null && r.min_bytes !== null && r.max_bytes !== null
        ? {
            minBytes: Number(r.min_bytes),
            maxBytes: Number(r.max_bytes),
            lo: Buffer.from(r.lo, 'utf8'),
            hi: Buffer.from(r.hi, 'utf8'),
          }
        : null;
    return undefined;
  }

  /** Could `s` be a person id, by the ids' shape (true while the shape is not known)? */
  private fits(s: string): boolean {
    const shape = this.shape;
    if (!shape) return true;
    const b = Buffer.from(s, 'utf8');
    return (
      b.length >= shape.minBytes &&
      b.length <= shape.maxBytes &&
      Buffer.compare(b, shape.lo) >= 0 &&
      Buffer.compare(b, shape.hi) <= 0
    );
  }
}
