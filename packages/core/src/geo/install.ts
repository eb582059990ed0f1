import type { Db } from '../db.js';

/**
 * Load the bundled geography (municipalities, code changes and their resolved map, city
 * districts, catchment chain, helsefellesskap) into a new workspace. Returns row counts per table.
 *
 * TODO(geo): implemented by the geography work in issue 2.
 */
export async function installGeography(_db: Db, _structureYear: number): Promise<Record<string, number>> {
  return {};
}
