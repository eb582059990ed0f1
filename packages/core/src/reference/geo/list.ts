/**
 * Listings of one level of the geography (`felles geo --list`), the counties with their names,
 * and how many areas the workspace holds.
 */
import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { listHelsefellesskap } from './helsefellesskap.js';

/** Levels {@link listAreas} knows. */
export const AREA_LIST_LEVELS = [
  'helsefellesskap',
  'municipality',
  'county',
  'district',
  'hospital_area',
  'rhf',
] as const;

/** One of {@link AREA_LIST_LEVELS}. */
export type AreaListLevel = (typeof AREA_LIST_LEVELS)[number];

const LIST_SQL: Record<Exclude<AreaListLevel, 'helsefellesskap'>, string> = {
  municipality: `SELECT m.code, m.name, m.county_code AS county, m.hff_code AS helsefellesskap
    FROM municipality m ORDER BY m.code`,
  county: `SELECT county_code AS code, any_value(county_name) AS name, count(*) AS municipalities
    FROM municipality GROUP BY 1 ORDER BY 1`,
  district: `SELECT d.code, d.name, d.municipality_code AS municipality, d.valid_to, d.current_code
    FROM district d ORDER BY d.valid_to NULLS FIRST, d.code`,
  hospital_area: `SELECT hf_code AS code, any_value(hospital_area) AS skde_name, any_value(hf_name) AS health_trust,
      any_value(rhf_code) AS rhf, any_value(hff_code) AS helsefellesskap, count(*) AS areas
    FROM catchment GROUP BY 1 ORDER BY 1`,
  rhf: `SELECT rhf_code AS code, any_value(rhf_name) AS name, count(DISTINCT hff_code) AS helsefellesskap
    FROM catchment GROUP BY 1 ORDER BY 1`,
};

/** Every area of one level, one row each, ordered by code (districts: current ones first). */
export async function listAreas(db: Db, level: AreaListLevel): Promise<Record<string, unknown>[]> {
  if (level === 'helsefellesskap')
    return (await listHelsefellesskap(db)).map((h) => ({
      code: h.code,
      name: h.name,
      rhf: h.rhfCode,
      municipalities: h.municipalityCount,
      health_trusts: h.healthTrusts.join('; '),
    }));
  return db.all(LIST_SQL[level]);
}

/** A county: two-digit code and name. */
export interface County {
  code: string;
  name: string;
}

/** The counties of the workspace's structure year, by code. */
export async function listCounties(db: Db): Promise<County[]> {
  const rows = await db.all<{ code: string; name: string }>(
    `SELECT DISTINCT county_code AS code, county_name AS name FROM municipality ORDER BY 1`,
  );
  return rows.map((r) => ({ code: r.code, name: r.name }));
}

/**
 * County codes for what a user typed: codes (`8` or `08`), names or a unique beginning of a name,
 * in any case. Throws `UNKNOWN_COUNTY` naming the valid counties.
 */
export async function resolveCounties(db: Db, queries: readonly string[]): Promise<string[]> {
  const counties = await listCounties(db);
  return queries.map((q) => {
    const qq = q.toLowerCase();
    const hit =
      counties.find((c) => c.code === q.padStart(2, '0')) ??
      counties.find((c) => c.name.toLowerCase() === qq) ??
      counties.find((c) => c.name.toLowerCase().startsWith(qq));
    if (!hit)
      throw new UsageError(
        'UNKNOWN_COUNTY',
        `unknown county "${q}"; give a code or name: ${counties.map((c) => `${c.code} ${c.name}`).join(', ')}`,
      );
    return hit.code;
  });
}

/** How many municipalities and helsefellesskap the workspace's geography holds. */
export async function geographyCounts(
  db: Db,
): Promise<{ municipality: number; helsefellesskap: number }> {
  const r = await db.one<{ m: number; h: number }>(
    `SELECT (SELECT count(*) FROM municipality) AS m, (SELECT count(*) FROM helsefellesskap) AS h`,
  );
  return { municipality: Number(r?.m ?? 0), helsefellesskap: Number(r?.h ?? 0) };
}
