import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { inList } from '../../kernel/sql.js';
import { municipalityCodeExpr } from './codes.js';

/** The levels of the geography, most local first. */
export type AreaLevel =
  | 'district'
  | 'municipality'
  | 'former_municipality'
  | 'county'
  | 'hospital_area'
  | 'rhf'
  | 'helsefellesskap';

/** Order in which matches are listed. */
const LEVEL_RANK: Record<AreaLevel, number> = {
  helsefellesskap: 1,
  municipality: 2,
  district: 3,
  county: 4,
  hospital_area: 5,
  rhf: 6,
  former_municipality: 7,
};

/** One area, by level and code. */
export interface AreaRef {
  level: AreaLevel;
  code: string;
  name: string;
}

/**
 * SQL of the area index: one row per area with every name it can be looked up by (code, name,
 * short name, each part of a multilingual name, health-trust names for a helsefellesskap and a
 * hospital area, the RHF name without "RHF"). Lower-cased aliases are in `aliases`.
 */
const AREA_INDEX = `
  SELECT level, code, name, list_distinct(list_transform(list_filter(aliases, a -> a IS NOT NULL), a -> lower(trim(a)))) AS aliases
  FROM (
    SELECT 'helsefellesskap' AS level, code, name,
      list_concat([code, name, short_name, replace(code, '-', ' ')], string_split(health_trusts, '; ')) AS aliases
    FROM helsefellesskap
    UNION ALL
    SELECT 'municipality', code, name, list_concat([code, name, short_name], string_split(name, ' - ')) FROM municipality
    UNION ALL
    SELECT 'district', code, name, [code, name] FROM district
    UNION ALL
    SELECT DISTINCT 'county', county_code, county_name, list_concat([county_code, county_name], string_split(county_name, ' - '))
    FROM municipality
    UNION ALL
    SELECT DISTINCT 'hospital_area', hf_code, hf_name, [hf_code, hf_name, hospital_area, replace(hf_code, '-', ' ')] FROM catchment
    UNION ALL
    SELECT DISTINCT 'rhf', rhf_code, rhf_name, [rhf_code, rhf_name, replace(rhf_name, ' RHF', '')] FROM catchment
    UNION ALL
    SELECT DISTINCT 'former_municipality', code, name, [code, name] FROM municipality_map WHERE rule <> 'current'
  )`;

interface IndexRow extends Record<string, string | string[]> {
  level: AreaLevel;
  code: string;
  name: string;
}

/** Options of {@link lookupAreas}. */
export interface LookupOptions {
  /** Only consider these levels. */
  levels?: AreaLevel[];
}

/**
 * Find areas by code or name at every level, case-insensitively. Tiers, first non-empty wins:
 * 1. exact code (a municipality code may be written `301`, `K-0301` or `0301 Oslo`) or exact
 *    name (full name, short name, any part of a multilingual name, health-trust name) — so
 *    `Telemark` gives the helsefellesskap, the county and the hospital area;
 * 2. names and codes that start with the query (a unique prefix, e.g. `vestre v`).
 * A current area hides a former municipality of the same name (so `Moss` is 3103, not also
 * 0104 and 3002); former codes are found by code. Returns [] when nothing matches.
 */
export async function lookupAreas(
  db: Db,
  query: string,
  options: LookupOptions = {},
): Promise<AreaRef[]> {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const levels = options.levels ?? (Object.keys(LEVEL_RANK) as AreaLevel[]);
  const rows = await db.all<IndexRow & { tier: number }>(
    `WITH idx AS (${AREA_INDEX}), q AS (SELECT $1::VARCHAR AS q, ${municipalityCodeExpr('$1::VARCHAR')} AS muni)
     SELECT level, code, name,
       CASE WHEN lower(code) = q.q OR code = q.muni OR list_contains(aliases, q.q) THEN 1 ELSE 2 END AS tier
     FROM idx, q
     WHERE level IN ${inList(levels)}
       AND (lower(code) = q.q OR code = q.muni OR len(list_filter(aliases, a -> starts_with(a, q.q))) > 0)`,
    [q],
  );
  if (rows.length === 0) return [];
  const best = Math.min(...rows.map((r) => r.tier));
  let hits = rows.filter((r) => r.tier === best);
  if (hits.some((r) => r.level !== 'former_municipality')) {
    hits = hits.filter((r) => r.level !== 'former_municipality');
  }
  return hits
    .map((r) => ({ level: r.level, code: r.code, name: r.name }))
    .sort((a, b) => LEVEL_RANK[a.level] - LEVEL_RANK[b.level] || a.code.localeCompare(b.code));
}

/**
 * Areas whose name or code is close to the query (Jaro–Winkler similarity ≥ 0.8 on any alias,
 * or the query contained in an alias), best first; for "did you mean" messages.
 */
export async function similarAreas(
  db: Db,
  query: string,
  options: LookupOptions & { limit?: number } = {},
): Promise<AreaRef[]> {
  const levels = options.levels ?? (Object.keys(LEVEL_RANK) as AreaLevel[]);
  const rows = await db.all<IndexRow>(
    `WITH idx AS (${AREA_INDEX})
     SELECT level, code, name,
       list_max(list_transform(aliases, a -> CASE WHEN contains(a, $1) THEN 0.95 ELSE jaro_winkler_similarity(a, $1) END)) AS s
     FROM idx WHERE level IN ${inList(levels)} AND level <> 'former_municipality'
     ORDER BY s DESC, code`,
    [query.trim().toLowerCase()],
  );
  return rows
    .filter((r) => Number(r['s']) >= 0.8)
    .slice(0, options.limit ?? 5)
    .map((r) => ({ level: r.level, code: r.code, name: r.name }));
}

/**
 * Exactly one area for a query, or a `UsageError`:
 * `UNKNOWN_AREA` (with close matches in the message and in `details.suggestions`) or
 * `AMBIGUOUS_AREA` (with the candidates in `details.candidates`).
 */
export async function findArea(
  db: Db,
  query: string,
  options: LookupOptions = {},
): Promise<AreaRef> {
  const hits = await lookupAreas(db, query, options);
  if (hits.length === 1) return hits[0]!;
  if (hits.length === 0) throw await unknownArea(db, query, options);
  throw new UsageError(
    'AMBIGUOUS_AREA',
    `"${query}" matches several areas: ${hits.map(label).join('; ')}; use a code or a longer name`,
    { query, candidates: hits },
  );
}

/** The `UNKNOWN_AREA` error for a query, naming close matches. */
export async function unknownArea(
  db: Db,
  query: string,
  options: LookupOptions = {},
): Promise<UsageError> {
  const suggestions = await similarAreas(db, query, options);
  const what = options.levels?.length === 1 ? options.levels[0]!.replace('_', ' ') : 'area';
  const hint = suggestions.length
    ? `; did you mean ${suggestions.map(label).join(', ')}?`
    : '; list them with: felles geo --list hf';
  return new UsageError('UNKNOWN_AREA', `unknown ${what} "${query}"${hint}`, {
    query,
    suggestions,
  });
}

/** `OSLO (Helsefellesskapet Oslo, helsefellesskap)`. */
export function label(a: AreaRef): string {
  return `${a.code} (${a.name}, ${a.level.replace('_', ' ')})`;
}
