/**
 * The indicator engine: run the compiled SQL (every level in one pass), then apply the felles
 * statistics to the aggregates — crude rates with exact/Byar limits, Wilson proportions, Dobson
 * DSRs against the workspace's standard population — and mark what is missing.
 */
import type { Db } from '../../kernel/db.js';
import { FellesError } from '../../kernel/errors.js';
import { inList } from '../../kernel/sql.js';
import { crudeRate } from '../../stats/crude-rate.js';
import { proportion } from '../../stats/proportion.js';
import { growthDifference } from '../../stats/growth-difference.js';
import type { StandardPopulation } from '../../reference/standard-population.js';
import { formatLevel, type StatRow } from '../../stats/types.js';
import { hasCohortTables } from '../../catalogue/cohort-tables.js';
import { compileIndicator, definitionCohorts } from './compile.js';
import { applyGrain, factRelation, type Grain } from './grain.js';
import { medianSql } from './median.js';
import { medianStat, plainRatio } from './no-interval.js';
import { standardiseIndicator } from './standardise.js';
import { INDICATOR_SOURCES } from '../../catalogue/sources.js';
import type { IndicatorDefinition, IndicatorLevel, IndicatorSourceName } from './types.js';
import { INDICATOR_LEVELS } from './types.js';
import { unitLabel, unitMultiplier } from './units.js';

export { unitLabel, unitMultiplier };

/** Status of a result row. */
/**
 * - `ok`; `partial`: computed on the municipalities that reported; `missing`: no data reported
 *   (or no population loaded) — value NULL, never 0; `empty`: reported, but the denominator is 0
 *   (no one at risk), so the value is undefined; `unavailable`: needs NPR–KPR linkage.
 */
export type IndicatorStatus = 'ok' | 'partial' | 'missing' | 'empty' | 'unavailable';

/** One computed figure (before disclosure control). */
export interface IndicatorRow {
  indicator_id: string;
  version: string;
  year: number;
  level: IndicatorLevel | 'unknown';
  area_code: string;
  /** Breakdown codes by breakdown id ('all' = every value). */
  breakdown: Record<string, string>;
  value: number | null;
  lower: number | null;
  upper: number | null;
  confidence_level: number;
  method: string;
  method_id: string;
  numerator: number | null;
  denominator: number | null;
  /** Growth comparison: the comparator's current and previous year. */
  comparator_numerator?: number | null;
  comparator_denominator?: number | null;
  unit: string;
  status: IndicatorStatus;
  /** Why a value is missing or partial (never a hidden value). */
  note: string | null;
  target: number | null;
  meets_target: boolean | null;
  /** Municipalities that reported / that exist in the area. */
  reporting: number;
  municipalities: number;
}

/** Options of {@link computeIndicator}. */
export interface ComputeIndicatorOptions {
  years: readonly number[];
  structureYear: number;
  /** Standard population (resolved) for direct standardisation. */
  standard?: StandardPopulation;
  /** Override the definition's standardisation. */
  standardisation?: 'none' | 'direct';
  confidenceLevel?: number;
  /** Usable NPR–KPR links (non-conflicting); 0 makes linked indicators unavailable. */
  usableLinks: number;
  levels?: readonly IndicatorLevel[];
  /**
   * Reporting municipalities per source, computed once per run: source name → temporary table
   * (filled on first use). Without it every indicator recomputes them from its source table.
   */
  reportingCache?: Map<string, string>;
  /**
   * Relations of costly sources (`materialise`), computed once per run: source and years →
   * temporary table (filled on first use). Without it each query computes its source itself.
   */
  sourceCache?: Map<string, string>;
  /**
   * Time grain: `year` (default), or `quarter`/`month` as a partition breakdown of the year
   * (see grain.ts; refused, `NO_GRAIN`, for an indicator without sub-year figures).
   */
  grain?: Grain;
}

/** The target that applies in a year (the latest with fromYear ≤ year). */
export function targetFor(
  def: IndicatorDefinition,
  year: number,
): { value: number; comparison: '>=' | '<=' } | null {
  const t = (def.targets ?? [])
    .filter((x) => x.fromYear <= year)
    .sort((a, b) => b.fromYear - a.fromYear)[0];
  return t ? { value: t.value, comparison: t.comparison } : null;
}

type Agg = Map<string, { band: number; sex: string; v: number }[]>;

function key(year: number, level: string, area: string, codes: string[]): string {
  return [year, level, area, ...codes].join('\u0001');
}

async function aggregate(db: Db, sql: string, dims: string[]): Promise<Agg> {
  const out: Agg = new Map();
  for (const r of await db.all(sql)) {
    const k = key(
      Number(r['year']),
      String(r['level']),
      String(r['area_code']),
      dims.map((d) => String(r[d])),
    );
    const list = out.get(k) ?? [];
    list.push({ band: Number(r['band']), sex: String(r['sx']), v: Number(r['v']) });
    out.set(k, list);
  }
  return out;
}

function combos(def: IndicatorDefinition): string[][] {
  let acc: string[][] = [[]];
  for (const b of def.breakdowns ?? []) {
    const codes = [...(b.partition ? ['all'] : []), ...b.values.map((v) => v.code)];
    acc = acc.flatMap((c) => codes.map((x) => [...c, x]));
  }
  return acc;
}

const sum = (xs: { v: number }[] | undefined) => (xs ?? []).reduce((a, b) => a + b.v, 0);

/**
 * Compute one indicator for the given years at every level. Missing is never zero: a municipality
 * (or a whole year) with no rows in the numerator's source gets NULL with status `missing`; an
 * area where only some municipalities reported is computed on those (numerator and denominator
 * alike) with status `partial`. Linked indicators without usable `person_link` rows are
 * `unavailable`.
 */
export async function computeIndicator(
  db: Db,
  def: IndicatorDefinition,
  o: ComputeIndicatorOptions,
): Promise<IndicatorRow[]> {
  const grain = o.grain ?? 'year';
  def = applyGrain(def, grain);
  const byMonth = grain !== 'year';
  const growth = def.kind === 'growth-comparison';
  const std = o.standardisation ?? def.standardisation ?? 'none';
  const direct = !growth && std === 'direct';
  if (direct && !o.standard)
    throw new FellesError(
      'NO_STANDARD',
      `indicator ${def.id} is directly standardised but no standard population was given`,
    );
  const years = growth ? [...new Set(o.years.flatMap((y) => [y - 1, y]))].sort() : [...o.years];
  const useDistricts = Number(await db.value(`SELECT count(*) FROM population_district`)) > 0;
  let reportingTable: string | undefined;
  if (o.reportingCache) {
    const source = def.numerator.source;
    reportingTable = o.reportingCache.get(source);
    if (!reportingTable) {
      reportingTable = `indicator_reporting_${o.reportingCache.size + 1}`;
      await db.exec(
        `CREATE OR REPLACE TEMP TABLE ${reportingTable} AS SELECT year, municipality_code FROM (${INDICATOR_SOURCES[source].reportingSql})`,
      );
      o.reportingCache.set(source, reportingTable);
    }
  }
  const sourceTables: Partial<Record<IndicatorSourceName, string>> = {};
  if (o.sourceCache) {
    const names = new Set([def.numerator.source]);
    if (def.denominator.kind === 'events') names.add(def.denominator.source);
    for (const name of names) {
      if (!INDICATOR_SOURCES[name].materialise) continue;
      const k = `${name}|${years.join(',')}${byMonth ? '|month' : ''}`;
      let table = o.sourceCache.get(k);
      if (!table) {
        table = `indicator_source_${o.sourceCache.size + 1}`;
        await db.exec(
          `CREATE OR REPLACE TEMP TABLE ${table} AS SELECT * FROM (${factRelation(INDICATOR_SOURCES[name], { byMonth })}) f WHERE f.year IN ${inList(years)}`,
        );
        o.sourceCache.set(k, table);
      }
      sourceTables[name] = table;
    }
  }
  const copts = {
    years,
    structureYear: o.structureYear,
    useDistricts,
    strata: direct,
    ...(reportingTable ? { reportingTable } : {}),
    sourceTables,
    byMonth,
  };
  const q = compileIndicator(def, copts);
  const noLinks = INDICATOR_SOURCES[def.numerator.source].needsLinkage && o.usableLinks === 0;
  const noCohorts = definitionCohorts(def).length > 0 && !(await hasCohortTables(db));
  const unavailable = noLinks || noCohorts;
  const cover = await db.all(q.cover);
  const num = unavailable ? (new Map() as Agg) : await aggregate(db, q.numerator, q.breakdowns);
  const den = unavailable ? (new Map() as Agg) : await aggregate(db, q.denominator, q.breakdowns);
  const med =
    unavailable || def.kind !== 'median'
      ? null
      : await aggregate(db, medianSql(def, copts), q.breakdowns);
  const denYears = new Set<number>();
  for (const k of den.keys()) denYears.add(Number(k.split('\u0001')[0]));
  const level = o.confidenceLevel ?? 0.95;
  const mult = unitMultiplier(def.unit);
  const wantLevels = new Set(o.levels ?? def.levels ?? INDICATOR_LEVELS);
  const areas = cover.map((c) => ({
    year: Number(c['year']),
    level: String(c['level']) as IndicatorLevel,
    area: String(c['area_code']),
    reporting: Number(c['reporting']),
    municipalities: Number(c['municipalities']),
  }));
  // members / events without a known municipality: an area of their own, part of the country
  for (const k of num.keys()) {
    const [y, l] = k.split('\u0001');
    if (
      l === 'unknown' &&
      !areas.some((a) => a.level === ('unknown' as IndicatorLevel) && a.year === Number(y))
    ) {
      const nat = areas.find((a) => a.level === 'national' && a.year === Number(y));
      areas.push({
        year: Number(y),
        level: 'unknown' as IndicatorLevel,
        area: 'unknown',
        reporting: nat?.reporting ? 1 : 0,
        municipalities: 1,
      });
    }
  }
  const out: IndicatorRow[] = [];
  const cs = combos(def);
  for (const a of areas) {
    if (!o.years.includes(a.year)) continue;
    if (a.level !== ('unknown' as IndicatorLevel) && !wantLevels.has(a.level)) continue;
    for (const codes of cs) {
      const breakdown = Object.fromEntries(q.breakdowns.map((b, i) => [b, codes[i]!]));
      const base = {
        indicator_id: def.id,
        version: def.version,
        year: a.year,
        level: a.level,
        area_code: a.area,
        breakdown,
        value: null,
        lower: null,
        upper: null,
        confidence_level: level,
        numerator: null,
        denominator: null,
        unit: unitLabel(def.unit),
        reporting: a.reporting,
        municipalities: a.municipalities,
        target: targetFor(def, a.year)?.value ?? null,
        meets_target: null,
      };
      if (unavailable) {
        out.push({
          ...base,
          method: 'not computed',
          method_id: 'none',
          status: noLinks ? 'unavailable' : 'missing',
          note: noLinks
            ? 'needs NPR–KPR linkage (person_link): no usable key file loaded'
            : 'no cohorts computed in this workspace (felles cohorts run)',
        });
        continue;
      }
      if (a.reporting === 0) {
        out.push({
          ...base,
          method: 'not computed',
          method_id: 'none',
          status: 'missing',
          note: `no data reported to ${def.numerator.source} for ${a.year}`,
        });
        continue;
      }
      const partial =
        a.reporting < a.municipalities
          ? `partial: ${a.reporting} of ${a.municipalities} municipalities reported; computed on those`
          : null;
      const n = num.get(key(a.year, a.level, a.area, codes));
      const d = den.get(key(a.year, a.level, a.area, codes));
      if (growth) {
        const g = growthRow(a, codes, num, den, level);
        out.push({
          ...base,
          ...g,
          status: g.value === null ? 'missing' : partial ? 'partial' : 'ok',
          note: [partial, g.note].filter(Boolean).join('; ') || null,
        } as IndicatorRow);
        continue;
      }
      const numerator = sum(n);
      const denominator =
        denYears.has(a.year) || def.denominator.kind !== 'population' ? sum(d) : null;
      let stat: StatRow | null = null;
      let note: string | null = partial;
      if (def.denominator.kind === 'cohort' && denominator === 0) {
        note = [
          partial,
          'no cohort members in the area and year (compute the cohort for this year: felles cohorts run)',
        ]
          .filter(Boolean)
          .join('; ');
      } else if (denominator === null) {
        note = [partial, `no population loaded for ${a.year}`].filter(Boolean).join('; ');
      } else if (med) {
        stat = medianStat(med.get(key(a.year, a.level, a.area, codes)), numerator, level);
      } else if (def.confidence === 'none') {
        stat = plainRatio(numerator, denominator, mult, level);
      } else if (def.unit === 'per_cent' || def.confidence === 'wilson') {
        stat =
          numerator <= denominator
            ? proportion(numerator, denominator, { multiplier: mult, confidenceLevel: level })
            : null;
        if (!stat) note = [partial, 'numerator exceeds denominator'].filter(Boolean).join('; ');
      } else if (direct) {
        stat = standardiseIndicator(n ?? [], d ?? [], o.standard!, mult, level);
        if (!stat)
          note = [partial, 'events in an age band without population: not standardised']
            .filter(Boolean)
            .join('; ');
      } else {
        stat = crudeRate(numerator, denominator, { multiplier: mult, confidenceLevel: level });
      }
      if (stat?.note) note = [note, stat.note].filter(Boolean).join('; ');
      const t = targetFor(def, a.year);
      const value = stat?.value ?? null;
      out.push({
        ...base,
        numerator,
        denominator,
        value,
        lower: stat?.lower ?? null,
        upper: stat?.upper ?? null,
        method: stat?.method ?? 'not computed',
        method_id: stat?.methodId ?? 'none',
        status:
          value === null ? (denominator === 0 ? 'empty' : 'missing') : partial ? 'partial' : 'ok',
        note: note || null,
        meets_target:
          t && value !== null
            ? t.comparison === '>='
              ? value >= t.value
              : value <= t.value
            : null,
      });
    }
  }
  return out;
}

function growthRow(
  a: { year: number; level: string; area: string },
  codes: string[],
  num: Agg,
  den: Agg,
  confidenceLevel: number,
): Partial<IndicatorRow> {
  const A1 = sum(num.get(key(a.year, a.level, a.area, codes)));
  const A0 = sum(num.get(key(a.year - 1, a.level, a.area, codes)));
  const B1 = sum(den.get(key(a.year, a.level, a.area, codes)));
  const B0 = sum(den.get(key(a.year - 1, a.level, a.area, codes)));
  const g = growthDifference(A1, A0, B1, B0, { confidenceLevel, multiplier: 100 });
  return {
    numerator: A1,
    denominator: A0,
    comparator_numerator: B1,
    comparator_denominator: B0,
    value: g.value,
    lower: g.lower,
    upper: g.upper,
    method: g.method,
    method_id: 'growth-difference',
    meets_target: g.value === null ? null : g.value > 0,
    note: g.value === null ? `no activity in ${a.year - 1} to grow from` : (g.note ?? null),
  };
}

export { formatLevel };
