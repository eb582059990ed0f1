/**
 * The years the workspace has SSB population for.
 */
import type { Db } from '../../kernel/db.js';

/** The years in the `population` table (1 January of each), ascending; empty when none is loaded. */
export async function populationYears(db: Db): Promise<number[]> {
  const rows = await db.all<{ year: number }>(
    `SELECT DISTINCT year::INTEGER AS year FROM population ORDER BY 1`,
  );
  return rows.map((r) => Number(r.year));
}
