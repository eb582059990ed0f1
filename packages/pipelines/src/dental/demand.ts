/**
 * Demand for the public dental service to 2040: the entitled population and the persons
 * examined per priority group, projected with the projection engine (`project()`) under SSB's
 * alternatives, and converted to dentist and hygienist FTEs with configurable productivity
 * ratios (the engine's `ratio` capacity rule: FTE = examined × share / persons per FTE).
 *
 * The adapter: `project()` projects service lines of base-period rates × projected population.
 * "Entitled population × examinations per group" is expressed as two aggregate service lines per
 * group, read from temporary tables built here (columns year, municipality_code, sex, age, value,
 * events):
 * - `dental-entitled.<g>`: age groups from the SSB population on 1 January of the base year at
 *   the ages that turn min…max during the year (1 January ages min−1…max−1; rate area
 *   municipality), so the engine's rate is the entitled share of each age band; group c from the
 *   KPR persons with long-stay/home health care by residence; registered groups (b, e, f) from the
 *   DOT (rate area county).
 * - `dental-examined.<g>`: persons examined in the base year by group (rule in force on the
 *   record's date), by residence municipality where KPR has one, else the DOT county (rate area
 *   county), with the FTE capacity rules.
 * Rates by sex and age band are applied to every municipality's projected population and the
 * municipalities are summed to counties here.
 */
import {
  type Db,
  builtinScenario,
  project,
  type CapacityRule,
  type ProjectionResult,
  type Scenario,
  type ServiceLineDef,
  sql,
  UsageError,
  type PriorityGroupDefinition,
  groupLabel,
} from '@felles/core';
import { localText, type LocalText } from '@felles/text';

/** Productivity ratios for the FTE conversion (illustrative defaults; replace with local figures). */
export interface ProductivityRatios {
  /** Persons examined (and followed up) per dentist FTE-year. */
  dentistPersonsPerFte: number;
  /** Persons examined per dental hygienist FTE-year. */
  hygienistPersonsPerFte: number;
  /** Share of each group's examinations done by hygienists (the rest by dentists); key `*` = default. */
  hygienistShare: Record<string, number>;
}

/** Illustrative defaults (docs/dental.md): replace with the county's own figures. */
export const DEFAULT_PRODUCTIVITY: ProductivityRatios = {
  dentistPersonsPerFte: 800,
  hygienistPersonsPerFte: 1000,
  hygienistShare: { a: 0.5, d: 0.3, d25: 0.3, '*': 0.2 },
};

/** Options of {@link dentalDemand}. */
export interface DentalDemandOptions {
  /** Base year (default: the latest year given). */
  baseYear: number;
  horizon?: number;
  alternatives?: string[];
  vintage?: number;
  /** Municipality codes to project (default all). */
  municipalities?: string[];
  productivity?: ProductivityRatios;
  /** The disclosure threshold the demand is published under (`ProjectOptions.disclosureThreshold`). */
  disclosureThreshold?: number;
}

/** One county × group × measure × alternative × year. */
export interface DemandRow {
  county_code: string;
  group_id: string;
  measure: string;
  alternative: string;
  year: number;
  base_events: number;
  base: number;
  volume: number;
}

/** Result: the county rows and the engine's own result (meta, warnings). */
export interface DentalDemand {
  rows: DemandRow[];
  projection: ProjectionResult;
  productivity: ProductivityRatios;
}

const tableOf = (kind: string, g: string) => `dtl_dem_${kind}_${g}`;

/** Build the aggregate tables (reads `dtl_ind`, `dtl_py`, `dtl_rules`, `dtl_ref`). */
export async function buildDemandTables(
  db: Db,
  groups: readonly string[],
  baseYear: number,
): Promise<void> {
  const y = sql.int(baseYear);
  for (const g of groups) {
    const ent = sql.ident(tableOf('ent', g));
    const exa = sql.ident(tableOf('exa', g));
    await db.exec(`
CREATE OR REPLACE TEMP TABLE ${ent} AS
SELECT p.year, p.municipality_code, p.sex, p.age, sum(p.population)::DOUBLE AS value, sum(p.population)::DOUBLE AS events
FROM population p JOIN dtl_ref f ON f.year = p.year JOIN dtl_rules r ON r.period_id = f.period_id AND r.group_id = ${sql.lit(g)} AND r.basis = 'age'
WHERE p.year = ${y} AND p.age + 1 BETWEEN r.min_age AND r.max_age
GROUP BY ALL
UNION ALL
SELECT i.year, COALESCE(i.municipality_code, i.county_code || '00'), i.sex, i.turns_age, count(*)::DOUBLE, count(*)::DOUBLE
FROM dtl_ind i WHERE i.year = ${y} AND i.group_id = ${sql.lit(g)} AND i.sex IS NOT NULL AND i.turns_age IS NOT NULL
GROUP BY ALL;
CREATE OR REPLACE TEMP TABLE ${exa} AS
SELECT py.year, COALESCE(rs.municipality_code, py.county_code || '00') AS municipality_code, py.sex, py.turns_age AS age,
  count(*)::DOUBLE AS value, count(*)::DOUBLE AS events
FROM dtl_py py LEFT JOIN residence rs ON rs.id_space = 'kpr' AND rs.person_id = py.person_id AND rs.year = py.year
WHERE py.year = ${y} AND py.examined AND py.rule_group = ${sql.lit(g)} AND py.sex IS NOT NULL AND py.turns_age IS NOT NULL
GROUP BY ALL;`);
  }
}

/** Service lines of the adapter. */
export function demandLines(
  groups: ReadonlyArray<{ id: string; basis: string; label: LocalText }>,
  productivity: ProductivityRatios,
): ServiceLineDef[] {
  const lines: ServiceLineDef[] = [];
  for (const g of groups) {
    const h = productivity.hygienistShare[g.id] ?? productivity.hygienistShare['*'] ?? 0;
    const capacity: CapacityRule[] = [
      {
        kind: 'ratio',
        resource: 'dentist FTE',
        per: productivity.dentistPersonsPerFte,
        share: 1 - h,
      },
      {
        kind: 'ratio',
        resource: 'hygienist FTE',
        per: productivity.hygienistPersonsPerFte,
        share: h,
      },
    ].filter((c) => (c.share ?? 0) > 0) as CapacityRule[];
    lines.push({
      id: `dental-entitled.${g.id}`,
      version: '1',
      label: {
        nb: `Befolkning med rett, ${localText(g.label, 'nb')}`,
        en: `Entitled population, ${localText(g.label, 'en')}`,
      },
      level: 'dental',
      unit: 'persons',
      source: { table: 'aggregate', name: tableOf('ent', g.id) },
      measure: { kind: 'sum', of: 'value' },
      rateArea: g.basis === 'age' ? 'municipality' : 'county',
      optional: true,
    });
    lines.push({
      id: `dental-examined.${g.id}`,
      version: '1',
      label: {
        nb: `Personer undersøkt, ${localText(g.label, 'nb')}`,
        en: `Persons examined, ${localText(g.label, 'en')}`,
      },
      level: 'dental',
      unit: 'persons',
      source: { table: 'aggregate', name: tableOf('exa', g.id) },
      measure: { kind: 'sum', of: 'value' },
      rateArea: 'county',
      optional: true,
      capacity,
    });
  }
  return lines;
}

/**
 * Project the entitled population, persons examined and FTEs per group and county. Needs the
 * temporary tables of `prepare.ts` and `entitled.ts` for the base year, the SSB population of the
 * base year and a loaded population projection (else `project()` throws its own error).
 */
export async function dentalDemand(
  db: Db,
  def: PriorityGroupDefinition,
  options: DentalDemandOptions,
): Promise<DentalDemand> {
  const productivity = options.productivity ?? DEFAULT_PRODUCTIVITY;
  const ref = await db.all(
    `SELECT r.group_id, r.basis, r.label FROM dtl_ref f JOIN dtl_rules r USING (period_id) WHERE f.year = ${sql.int(options.baseYear)} ORDER BY r.precedence`,
  );
  const groups = ref.map((r) => ({
    id: String(r['group_id']),
    basis: String(r['basis']),
    label: {
      nb: groupLabel(def, String(r['group_id']), 'nb'),
      en: groupLabel(def, String(r['group_id']), 'en'),
    },
  }));
  await buildDemandTables(
    db,
    groups.map((g) => g.id),
    options.baseYear,
  );
  // Lines whose table is empty (a group with no persons in the base year) are left out quietly.
  const lines: ServiceLineDef[] = [];
  for (const l of demandLines(groups, productivity)) {
    const n = await db.value<number>(`SELECT count(*) FROM ${sql.ident(l.source.name!)}`);
    if (Number(n) > 0) lines.push(l);
  }
  if (lines.length === 0)
    throw new UsageError(
      'NO_DENTAL_DEMAND_BASE',
      `no entitled or examined persons in the base year ${options.baseYear}`,
    );
  const base = builtinScenario('baseline');
  const scenario: Scenario = {
    id: 'dental-demand',
    version: def.version,
    title: `Public dental service demand (priority groups ${def.id} ${def.version}), demography only`,
    basePeriod: { from: options.baseYear, to: options.baseYear },
    horizon: options.horizon ?? 2040,
    factors: [],
    ...(base.alternatives ? { alternatives: base.alternatives } : {}),
  };
  const result = await project(
    { db },
    {
      scenario,
      serviceLines: lines,
      areaLevel: 'municipality',
      areas: options.municipalities?.length ? options.municipalities : 'all',
      ...(options.alternatives ? { alternatives: options.alternatives } : {}),
      ...(options.vintage !== undefined ? { vintage: options.vintage } : {}),
      disclosureThreshold: options.disclosureThreshold ?? 0,
    },
  );
  const county = new Map<string, string>(
    (await db.all(`SELECT code, county_code FROM municipality`)).map((r) => [
      String(r['code']),
      String(r['county_code']),
    ]),
  );
  const acc = new Map<string, DemandRow>();
  const add = (
    mun: string,
    lineId: string,
    measure: string,
    alt: string,
    year: number,
    ev: number,
    b: number,
    v: number,
  ) => {
    const [kind, g] = lineId.split('.') as [string, string];
    const c = county.get(mun) ?? 'unknown';
    const m = kind === 'dental-entitled' ? 'entitled' : measure;
    for (const cc of [c, 'NO']) {
      const key = [cc, g, m, alt, year].join('|');
      const row = acc.get(key) ?? {
        county_code: cc,
        group_id: g,
        measure: m,
        alternative: alt,
        year,
        base_events: 0,
        base: 0,
        volume: 0,
      };
      row.base_events += ev;
      row.base += b;
      row.volume += v;
      acc.set(key, row);
    }
  };
  for (const s of result.series)
    add(s.area_code, s.line_id, 'examined', s.alternative, s.year, s.base_events, s.base, s.volume);
  for (const c of result.capacity)
    add(
      c.area_code,
      c.line_id,
      c.resource === 'dentist FTE' ? 'dentist_fte' : 'hygienist_fte',
      c.alternative,
      c.year,
      c.base_events,
      c.base,
      c.value,
    );
  const rows = [...acc.values()].map((r) => ({ ...r, base_events: Math.round(r.base_events) }));
  for (const g of groups)
    await db.exec(
      `DROP TABLE IF EXISTS ${sql.ident(tableOf('ent', g.id))}; DROP TABLE IF EXISTS ${sql.ident(tableOf('exa', g.id))};`,
    );
  return { rows, projection: result, productivity };
}
