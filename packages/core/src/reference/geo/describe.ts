import type { Db } from '../../kernel/db.js';
import {
  lookupAreas,
  unknownArea,
  type AreaLevel,
  type AreaRef,
  type LookupOptions,
} from './lookup.js';

/** A hospital area (SKDE opptaksområde) with its health trust and RHF. */
export interface HospitalAreaRef {
  /** felles code, e.g. `TELEMARK`, `OUS`, `LOVISENBERG`. */
  code: string;
  /** SKDE's short name as published, e.g. `St. Olavs`. */
  skdeName: string;
  /** The health trust (or, for Lovisenberg and Diakonhjemmet, the private hospital). */
  healthTrust: string;
  rhfCode: string;
}

/** A structure-year code an old (or current) municipality code resolves to. */
export interface MapTarget {
  code: string;
  name: string;
  /** Share of the old municipality (1 unless split). */
  weight: number;
  isSplit: boolean;
  /** The successor that gets person-level rows (see docs/geography.md). */
  isPrimary: boolean;
  /** `current` | `recode` | `merge` | `split`: the strongest change along the chain. */
  rule: string;
  /** The chain, e.g. `0104 → 3002 (2020 merge) → 3103 (2024 recode)`. */
  path: string;
}

/** One municipality code change (a row of `municipality_change`). */
export interface MunicipalityChange {
  year: number;
  oldCode: string;
  oldName: string | null;
  newCode: string;
  newName: string | null;
  changeType: string;
  weight: number;
  isPrimary: boolean;
}

/** Everything an area maps to, for `felles geo` and for scripts. */
export interface AreaDetails extends AreaRef {
  /** The municipality of a city district. */
  municipality: AreaRef | null;
  /** For a former city-district code (Bergen 1201xx, Trondheim 1601xx): today's code. */
  currentCode: string | null;
  /** For a former municipality or district: the last year the code was valid. */
  validTo: number | null;
  /** Structure-year municipality code(s) of a (former) municipality code. */
  mapsTo: MapTarget[];
  counties: AreaRef[];
  hospitalAreas: HospitalAreaRef[];
  rhfs: AreaRef[];
  helsefellesskap: AreaRef[];
  /**
   * What the area contains: municipalities (helsefellesskap, county, RHF), catchment areas
   * (hospital area: municipalities and Oslo districts), city districts (municipality).
   */
  members: AreaRef[];
  /** Code changes of a (former) municipality: its predecessors and successors, oldest first. */
  history: MunicipalityChange[];
}

/**
 * SQL (a relation of `catchment` rows) of the catchment cells an area covers.
 * `$1` is the area code.
 */
function cellsSql(level: AreaLevel): string {
  switch (level) {
    case 'municipality':
      return `SELECT * FROM catchment WHERE municipality_code = $1`;
    case 'former_municipality':
      return `SELECT * FROM catchment WHERE municipality_code IN (SELECT target_code FROM municipality_map WHERE code = $1)`;
    case 'district':
      return `SELECT c.* FROM catchment c JOIN district d ON d.code = $1
              WHERE c.area_code = coalesce(d.current_code, d.code)
                 OR (c.municipality_code = d.municipality_code AND c.area_level = 'municipality')`;
    case 'county':
      return `SELECT * FROM catchment WHERE municipality_code IN (SELECT code FROM municipality WHERE county_code = $1)`;
    case 'hospital_area':
      return `SELECT * FROM catchment WHERE hf_code = $1`;
    case 'rhf':
      return `SELECT * FROM catchment WHERE rhf_code = $1`;
    case 'helsefellesskap':
      return `SELECT * FROM catchment WHERE hff_code = $1`;
  }
}

/** SQL of the display name of an area (`$1` is its code). */
function nameSql(level: AreaLevel): string {
  switch (level) {
    case 'former_municipality':
      return `SELECT any_value(name) FROM municipality_map WHERE code = $1`;
    case 'district':
      return `SELECT name FROM district WHERE code = $1`;
    case 'municipality':
      return `SELECT name FROM municipality WHERE code = $1`;
    case 'county':
      return `SELECT any_value(county_name) FROM municipality WHERE county_code = $1`;
    case 'hospital_area':
      return `SELECT any_value(hf_name) FROM catchment WHERE hf_code = $1`;
    case 'rhf':
      return `SELECT any_value(rhf_name) FROM catchment WHERE rhf_code = $1`;
    case 'helsefellesskap':
      return `SELECT name FROM helsefellesskap WHERE code = $1`;
  }
}

function ref(level: AreaLevel) {
  return (r: Record<string, unknown>): AreaRef => ({
    level,
    code: String(r['code']),
    name: String(r['name']),
  });
}

/** Details of one area given by level and code (see {@link AreaDetails}). */
export async function describeArea(
  db: Db,
  area: Pick<AreaRef, 'level' | 'code'>,
): Promise<AreaDetails> {
  const { level, code } = area;
  const cells = `(${cellsSql(level)})`;
  const name = await db.value<string>(nameSql(level), [code]);
  const district =
    level === 'district'
      ? await db.one<{
          m: string;
          mn: string;
          valid_to: number | null;
          current_code: string | null;
        }>(
          `SELECT d.municipality_code AS m, m.name AS mn, d.valid_to, d.current_code
         FROM district d JOIN municipality m ON m.code = d.municipality_code WHERE d.code = $1`,
          [code],
        )
      : undefined;
  // One connection: queries run one after another.
  const counties = await db.all(
    `SELECT DISTINCT m.county_code AS code, m.county_name AS name FROM ${cells} c JOIN municipality m ON m.code = c.municipality_code ORDER BY 1`,
    [code],
  );
  const hospitals = await db.all<{ code: string; skde: string; hf: string; rhf: string }>(
    `SELECT DISTINCT hf_code AS code, hospital_area AS skde, hf_name AS hf, rhf_code AS rhf FROM ${cells} ORDER BY 1`,
    [code],
  );
  const rhfs = await db.all(
    `SELECT DISTINCT rhf_code AS code, rhf_name AS name FROM ${cells} ORDER BY 1`,
    [code],
  );
  const hffs = await db.all(
    `SELECT DISTINCT h.code, h.name, h.sort_order FROM ${cells} c JOIN helsefellesskap h ON h.code = c.hff_code ORDER BY h.sort_order`,
    [code],
  );
  const mapsTo =
    level === 'municipality' || level === 'former_municipality'
      ? await municipalityTargets(db, code)
      : [];
  return {
    level,
    code,
    name: name ?? code,
    municipality: district ? { level: 'municipality', code: district.m, name: district.mn } : null,
    currentCode: district?.current_code ?? null,
    validTo:
      district?.valid_to ??
      (level === 'former_municipality'
        ? ((await db.value<number>(
            `SELECT any_value(valid_to) FROM municipality_map WHERE code = $1`,
            [code],
          )) ?? null)
        : null),
    mapsTo,
    counties: counties.map(ref('county')),
    hospitalAreas: hospitals.map((h) => ({
      code: h.code,
      skdeName: h.skde,
      healthTrust: h.hf,
      rhfCode: h.rhf,
    })),
    rhfs: rhfs.map(ref('rhf')),
    helsefellesskap: hffs.map(ref('helsefellesskap')),
    members: await members(db, level, code, cells),
    history:
      level === 'municipality' || level === 'former_municipality'
        ? await municipalityHistory(db, code)
        : [],
  };
}

async function members(db: Db, level: AreaLevel, code: string, cells: string): Promise<AreaRef[]> {
  if (level === 'municipality') {
    return (
      await db.all(
        `SELECT code, name FROM district WHERE municipality_code = $1 AND valid_to IS NULL ORDER BY code`,
        [code],
      )
    ).map(ref('district'));
  }
  if (level === 'hospital_area') {
    const rows = await db.all<{ code: string; name: string; lvl: string }>(
      `SELECT area_code AS code, area_name AS name, area_level AS lvl FROM ${cells} ORDER BY area_code`,
      [code],
    );
    return rows.map((r) => ({ level: r.lvl as AreaLevel, code: r.code, name: r.name }));
  }
  if (level === 'helsefellesskap' || level === 'county' || level === 'rhf') {
    return (
      await db.all(
        `SELECT DISTINCT m.code, m.name FROM ${cells} c JOIN municipality m ON m.code = c.municipality_code ORDER BY m.code`,
        [code],
      )
    ).map(ref('municipality'));
  }
  return [];
}

/** The structure-year code(s) a municipality code (current or former) resolves to. */
export async function municipalityTargets(db: Db, code: string): Promise<MapTarget[]> {
  const rows = await db.all<{
    code: string;
    name: string;
    weight: number;
    is_split: boolean;
    is_primary: boolean;
    rule: string;
    path: string;
  }>(
    `SELECT m.target_code AS code, t.name, m.weight, m.is_split, m.is_primary, m.rule, m.path
     FROM municipality_map m JOIN municipality t ON t.code = m.target_code WHERE m.code = $1 ORDER BY m.is_primary DESC, m.target_code`,
    [code],
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    weight: r.weight,
    isSplit: r.is_split,
    isPrimary: r.is_primary,
    rule: r.rule,
    path: r.path,
  }));
}

/**
 * The code changes a municipality code took part in, oldest first: every predecessor (codes that
 * were merged or recoded into it, recursively) and every successor (what it became, recursively).
 * Empty for a code that never changed since 2008.
 */
export async function municipalityHistory(db: Db, code: string): Promise<MunicipalityChange[]> {
  const rows = await db.all<{
    year: number;
    old_code: string;
    old_name: string | null;
    new_code: string;
    new_name: string | null;
    change_type: string;
    split_weight: number;
    is_primary: boolean;
  }>(
    `WITH RECURSIVE
       back(c) AS (SELECT $1::VARCHAR UNION SELECT x.old_code FROM municipality_change x JOIN back ON x.new_code = back.c),
       fwd(c) AS (SELECT $1::VARCHAR UNION SELECT x.new_code FROM municipality_change x JOIN fwd ON x.old_code = fwd.c)
     SELECT DISTINCT x.* FROM municipality_change x
     WHERE x.new_code IN (SELECT c FROM back) OR x.old_code IN (SELECT c FROM fwd)
     ORDER BY x.year, x.new_code, x.old_code`,
    [code],
  );
  return rows.map((r) => ({
    year: r.year,
    oldCode: r.old_code,
    oldName: r.old_name,
    newCode: r.new_code,
    newName: r.new_name,
    changeType: r.change_type,
    weight: r.split_weight,
    isPrimary: r.is_primary,
  }));
}

/**
 * Look an area up by code or name (see {@link lookupAreas}) and describe every best match.
 * @throws UsageError `UNKNOWN_AREA` (with close matches) when nothing matches.
 */
export async function geoLookup(
  db: Db,
  query: string,
  options: LookupOptions = {},
): Promise<AreaDetails[]> {
  const hits = await lookupAreas(db, query, options);
  if (hits.length === 0) throw await unknownArea(db, query, options);
  const out: AreaDetails[] = [];
  for (const h of hits) out.push(await describeArea(db, h));
  return out;
}
