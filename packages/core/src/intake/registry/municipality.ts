import type { Db } from '../../kernel/db.js';
import { districtCodeExpr, municipalityCodeExpr } from '../../reference/geo/codes.js';

/** Municipalities with city districts (Oslo, Bergen, Trondheim, Stavanger) in the 2024 structure. */
export const DISTRICT_MUNICIPALITIES = ['0301', '4601', '5001', '1103'] as const;

/** Temporary lookup table raw 4-digit code → structure-year code, built by {@link prepareMunicipalityLookup}. */
export const MUNI_LOOKUP = 'ingest_muni';

/**
 * Build the lookup every loader uses to harmonise municipality codes: each code of
 * `municipality_map` (every code ever valid, resolved to the structure year) → one target. A
 * split resolves to its primary successor (`is_primary` when the geography provides it, else the
 * largest weight, then the lowest code). Without a map the workspace's `municipality` table is
 * used as an identity map; without either, codes are taken as they are and a note says so.
 */
export async function prepareMunicipalityLookup(db: Db): Promise<string | undefined> {
  const mapRows = Number(await db.value(`SELECT count(*) FROM municipality_map`));
  if (mapRows > 0) {
    const cols = await db.columns(`SELECT * FROM municipality_map`);
    const order = cols.includes('is_primary')
      ? 'is_primary DESC, weight DESC, target_code'
      : 'weight DESC, target_code';
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${MUNI_LOOKUP} AS SELECT code, target_code AS target FROM ` +
        `(SELECT code, target_code, row_number() OVER (PARTITION BY code ORDER BY ${order}) AS r FROM municipality_map) WHERE r = 1`,
    );
    return undefined;
  }
  const munis = Number(await db.value(`SELECT count(*) FROM municipality`));
  if (munis > 0) {
    await db.exec(
      `CREATE OR REPLACE TEMP TABLE ${MUNI_LOOKUP} AS SELECT code, code AS target FROM municipality`,
    );
    return 'municipality_map is empty: codes were checked against the municipality table only, not harmonised through code changes';
  }
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${MUNI_LOOKUP} (code VARCHAR, target VARCHAR)`);
  return 'no geography installed: municipality codes were kept as delivered (normalised to 4 digits), not checked or harmonised';
}

/** Whether the lookup is a pass-through (no geography at all). */
export async function lookupIsEmpty(db: Db): Promise<boolean> {
  return Number(await db.value(`SELECT count(*) FROM ${MUNI_LOOKUP}`)) === 0;
}

/**
 * Raw municipality text → 4-digit code, or NULL for missing/unknown (`-1`, `0`, `0000`, `9999`) or
 * malformed values. Uses the geography's normaliser (`301` → `0301`, `K-0301`, `301.0`); a 6-digit
 * city-district code (`030101`) gives its municipality (`0301`).
 */
export function muniNorm(x: string): string {
  const n = `coalesce(${municipalityCodeExpr(x)}, substr(${districtCodeExpr(x)}, 1, 4))`;
  return `CASE WHEN ${n} IN ('0000', '9999') THEN NULL ELSE ${n} END`;
}

/** Is a raw value present but not usable as a municipality code (and not an explicit unknown)? */
export function muniMalformed(x: string): string {
  return `(${x} IS NOT NULL AND trim(${x}) NOT IN ('-1', '0', '0000', '9999') AND coalesce(${municipalityCodeExpr(x)}, ${districtCodeExpr(x)}) IS NULL)`;
}

/**
 * Structure-year code for a normalised 4-digit code expression. `passThrough` (no geography)
 * keeps the code as it is.
 */
export function muniTarget(norm: string, passThrough: boolean): string {
  return passThrough ? norm : `(SELECT l.target FROM ${MUNI_LOOKUP} l WHERE l.code = ${norm})`;
}

/**
 * 6-digit city district in the structure year, from a 6-digit municipality value, or the raw
 * municipality + a 1–2 digit district column (`bydel`). Old district codes (Bergen 1201xx,
 * Trondheim 1601xx) are carried to their current code through the `district` table; a
 * candidate the table does not know gives NULL. Without a district table, the candidate is
 * kept when the harmonised municipality has districts.
 */
export function districtExpr(
  raw: string,
  bydel: string | null,
  target: string,
  hasDistrictTable = true,
): string {
  const six = districtCodeExpr(raw);
  const fromCol = bydel
    ? `CASE WHEN regexp_full_match(${bydel}, '[0-9]{1,2}') AND lpad(${bydel}, 2, '0') NOT IN ('00', '99') THEN ${muniNorm(raw)} || lpad(${bydel}, 2, '0') ` +
      `WHEN regexp_full_match(${bydel}, '[0-9]{6}') THEN ${bydel} END`
    : 'NULL';
  const cand = `coalesce(${six}, ${fromCol})`;
  if (hasDistrictTable)
    return `(SELECT coalesce(d.current_code, d.code) FROM district d WHERE d.code = ${cand})`;
  const inList = DISTRICT_MUNICIPALITIES.map((c) => `'${c}'`).join(', ');
  return `CASE WHEN ${target} IN (${inList}) THEN ${target} || substr(${cand}, 5, 2) END`;
}
