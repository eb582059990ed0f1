import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { lookupAreas, unknownArea } from './lookup.js';

/** One of the 19 helsefellesskap (health communities). */
export interface Helsefellesskap {
  /** Stable code, e.g. `TELEMARK`, `OSLO`, `VESTRE-VIKEN` (see docs/geography.md). */
  code: string;
  /** `Helsefellesskapet Telemark`. */
  name: string;
  /** `Telemark`. */
  shortName: string;
  /** The health trust(s) of the community (Oslo: OUS, Diakonhjemmet, Lovisenberg). */
  healthTrusts: string[];
  rhfCode: string;
  rhfName: string;
  /** Position in the official listing (south-east to north), 1–19. */
  sortOrder: number;
  /** Number of structure-year municipalities. */
  municipalityCount: number;
}

/** The 19 helsefellesskap, in listing order (Helse Sør-Øst first, Helse Nord last). */
export async function listHelsefellesskap(db: Db): Promise<Helsefellesskap[]> {
  const rows = await db.all<{
    code: string;
    name: string;
    short_name: string;
    health_trusts: string;
    rhf_code: string;
    rhf_name: string;
    sort_order: number;
    n: number;
  }>(
    `SELECT h.*, (SELECT count(*) FROM municipality m WHERE m.hff_code = h.code) AS n
     FROM helsefellesskap h ORDER BY h.sort_order`,
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    healthTrusts: r.health_trusts.split('; '),
    rhfCode: r.rhf_code,
    rhfName: r.rhf_name,
    sortOrder: r.sort_order,
    municipalityCount: r.n,
  }));
}

/**
 * One helsefellesskap by code (`TELEMARK`), short name (`Telemark`), full name
 * (`Helsefellesskapet Telemark`), health-trust name (`Sykehuset Telemark HF`, `Lovisenberg
 * Diakonale Sykehus`) or a unique prefix of any of these, case-insensitively.
 *
 * @throws UsageError `UNKNOWN_AREA` listing close matches when nothing matches, and
 *   `AMBIGUOUS_AREA` when a prefix fits several communities.
 */
export async function findHelsefellesskap(db: Db, query: string): Promise<Helsefellesskap> {
  const hits = await lookupAreas(db, query, { levels: ['helsefellesskap'] });
  if (hits.length === 0) throw await unknownArea(db, query, { levels: ['helsefellesskap'] });
  if (hits.length > 1) {
    throw new UsageError(
      'AMBIGUOUS_AREA',
      `"${query}" matches several helsefellesskap: ${hits.map((h) => `${h.code} (${h.name})`).join(', ')}; use the code`,
      { query, candidates: hits },
    );
  }
  const all = await listHelsefellesskap(db);
  return all.find((h) => h.code === hits[0]!.code)!;
}

/**
 * Structure-year municipality codes of a helsefellesskap (Oslo is one municipality, 0301).
 * @param hffCode a code as returned by {@link findHelsefellesskap}.
 */
export async function helsefellesskapMunicipalities(
  db: Db,
  hffCode: string,
): Promise<{ code: string; name: string }[]> {
  return db.all<{ code: string; name: string }>(
    `SELECT code, name FROM municipality WHERE hff_code = $1 ORDER BY code`,
    [hffCode],
  );
}
