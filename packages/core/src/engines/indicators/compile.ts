/**
 * Compile an indicator definition to DuckDB SQL: three set-based queries that aggregate the facts
 * to every geography level in one pass (GROUPING SETS over municipality, helsefellesskap, health
 * trust, RHF and the country):
 *
 * - `cover`: per year and area, how many municipalities reported to the numerator's source and
 *   how many there are (missing is never zero: an area where none reported gets NULL);
 * - `numerator`: the numerator per year, area, breakdown code (and 5-year age band × sex when the
 *   rate is directly standardised);
 * - `denominator`: the same for the denominator (population, cohort members or events).
 *
 * Deterministic: the same definition and options always give the same text.
 */
import { UsageError } from '../../kernel/errors.js';
import { ident, inList, int, lit } from '../../kernel/sql.js';
import { INDICATOR_SOURCES } from '../../catalogue/sources.js';
import { factRelation } from './grain.js';
import type {
  AgeRange,
  Breakdown,
  BreakdownValue,
  IndicatorDefinition,
  IndicatorFilter,
  IndicatorSourceName,
  Measure,
} from './types.js';

/** Options of {@link compileIndicator}. */
export interface CompileIndicatorOptions {
  years: readonly number[];
  structureYear: number;
  /** Use `population_district` for the Oslo health trusts (when it is loaded). */
  useDistricts: boolean;
  /** Age band × sex strata (for direct standardisation). */
  strata: boolean;
  /**
   * A table (`year`, `municipality_code`) of the municipalities that reported to the numerator's
   * source, computed once per run; without it the queries derive it from the source.
   */
  reportingTable?: string;
  /** Tables that already hold a source's relation for these years (see `materialise`). */
  sourceTables?: Partial<Record<IndicatorSourceName, string>>;
  /** Read the sources' monthly form (`byMonth`, with `period_month`) for a sub-year grain. */
  byMonth?: boolean;
}

/** The compiled queries. */
export interface CompiledIndicator {
  cover: string;
  numerator: string;
  denominator: string;
  /** Breakdown columns in output order. */
  breakdowns: string[];
}

/** SQL condition for a filter on a source column (values as literals through sql.ts). */
export function filterSql(f: IndicatorFilter, alias = 'f'): string {
  const c = `${alias}.${ident(f.column)}`;
  if (f.in)
    return `${c} IN ${inList(f.in.map((v) => (typeof v === 'boolean' ? String(v) : v)))}`.replace(
      /'(true|false)'/g,
      (_, b: string) => b.toUpperCase(),
    );
  if (f.eq !== undefined) return `${c} = ${lit(f.eq)}`;
  if (f.prefix)
    return `(${f.prefix.map((p) => `starts_with(${c}, ${lit(normCode(p))})`).join(' OR ') || 'FALSE'})`;
  if (f.notPrefix)
    return `(${c} IS NULL OR NOT (${f.notPrefix.map((p) => `starts_with(${c}, ${lit(normCode(p))})`).join(' OR ') || 'FALSE'}))`;
  const parts: string[] = [];
  if (f.from !== undefined) parts.push(`${c} >= ${lit(f.from)}`);
  if (f.to !== undefined) parts.push(`${c} <= ${lit(f.to)}`);
  return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
}

function normCode(c: string): string {
  return c.replace(/[.\s]/g, '').toUpperCase();
}

/** SQL condition for an age range and sex on `f.age`, `f.sex`. */
export function ageSql(age: AgeRange | undefined, sex: string | undefined, alias = 'f'): string {
  const parts: string[] = [];
  if (age) {
    parts.push(`${alias}.age >= ${int(age.from)}`);
    if (age.to !== undefined && age.to !== null) parts.push(`${alias}.age <= ${int(age.to)}`);
  }
  if (sex) parts.push(`${alias}.sex = ${lit(sex)}`);
  return parts.length ? parts.join(' AND ') : 'TRUE';
}

function and(...conds: string[]): string {
  const c = conds.filter((x) => x && x !== 'TRUE');
  return c.length ? c.map((x) => `(${x})`).join(' AND ') : 'TRUE';
}

/** Cohort members in the id space of a source (NPR or KPR), through non-conflicting links. */
function cohortMembersSql(space: 'npr' | 'kpr', ids: readonly string[]): string {
  const want = `cohort_id IN ${inList([...ids])}`;
  const link = `(SELECT npr_id, kpr_id FROM person_link WHERE NOT conflict)`;
  if (space === 'npr') {
    return `SELECT cohort_id, year, person_id FROM cohort_member WHERE ${want} AND id_space IN ('npr', 'linked')
      UNION SELECT c.cohort_id, c.year, l.npr_id FROM cohort_member c JOIN ${link} l ON l.kpr_id = c.person_id WHERE c.${want} AND c.id_space = 'kpr'`;
  }
  return `SELECT cohort_id, year, person_id FROM cohort_member WHERE ${want} AND id_space = 'kpr'
    UNION SELECT c.cohort_id, c.year, l.kpr_id FROM cohort_member c JOIN ${link} l ON l.npr_id = c.person_id WHERE c.${want} AND c.id_space IN ('npr', 'linked')`;
}

/** Every cohort id a definition names. */
export function definitionCohorts(def: IndicatorDefinition): string[] {
  const ids = new Set<string>();
  if (def.numerator.cohort) ids.add(def.numerator.cohort);
  if (def.denominator.kind === 'cohort' && def.denominator.cohort) ids.add(def.denominator.cohort);
  if (def.denominator.kind === 'events' && def.denominator.cohort) ids.add(def.denominator.cohort);
  for (const b of def.breakdowns ?? []) for (const v of b.values) if (v.cohort) ids.add(v.cohort);
  return [...ids].sort();
}

/** The geography of a municipality: helsefellesskap, RHF, and its health trust when it lies wholly in one. */
function geoCtes(structureYear: number): string {
  return `g AS (SELECT m.code AS mun, m.hff_code AS hff, h.rhf_code AS rhf, c.hf_code AS hf_whole
      FROM municipality m JOIN helsefellesskap h ON h.code = m.hff_code
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = ${int(structureYear)}
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code),
    gd AS (SELECT area_code AS district, hf_code FROM catchment WHERE structure_year = ${int(structureYear)} AND area_level = 'district')`;
}

/**
 * Aggregate a relation with columns `year, mun, hff, hf, rhf, <dims>` to every level in one pass.
 * Output: `year, level, area_code, <dims>, v`.
 */
export function levelAgg(rel: string, value: string, dims: string[]): string {
  const d = dims.map(ident);
  const set = (col?: string) => `(${['year', ...d, ...(col ? [col] : [])].join(', ')})`;
  return `SELECT * FROM (
    SELECT year, ${d.map((x) => `${x}, `).join('')}
      CASE WHEN grouping(mun) = 0 THEN (CASE WHEN mun IS NULL THEN 'unknown' ELSE 'municipality' END)
           WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
           WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
      CASE WHEN grouping(mun) = 0 THEN coalesce(mun, 'unknown') WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf
           WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
      ${value} AS v
    FROM (${rel}) a
    GROUP BY GROUPING SETS (${set('mun')}, ${set('hff')}, ${set('hf')}, ${set('rhf')}, ${set()})
  ) WHERE area_code IS NOT NULL`;
}

/** The value expression of a count. */
function valueSql(m: Measure | { count: 'events' }): string {
  if (m.count === 'events') return 'sum(w)';
  if (m.count === 'persons') return 'count(DISTINCT person_id)';
  return `coalesce(sum(${ident(m.count.sum)}), 0)`;
}

export type Side = 'numerator' | 'denominator';

/** Condition for "this row belongs to breakdown value v". `sameSource`: where-filters apply. */
function valueCond(
  v: BreakdownValue,
  applyWhere: boolean,
  cohortCol: 'list' | 'id' | null,
): string {
  const parts: string[] = [];
  if (v.age) parts.push(ageSql(v.age, undefined));
  if (applyWhere && v.where) parts.push(...v.where.map((w) => filterSql(w)));
  if (v.cohort) {
    if (cohortCol === 'list')
      parts.push(`list_contains(coalesce(f.cohorts, []), ${lit(v.cohort)})`);
    else if (cohortCol === 'id') parts.push(`f.cohort_id = ${lit(v.cohort)}`);
  }
  return and(...parts);
}

/** `[codes…]` a row belongs to for a breakdown ('all' first for a partition). */
function codesSql(b: Breakdown, applyWhere: boolean, cohortCol: 'list' | 'id' | null): string {
  const items = b.values.map(
    (v) => `CASE WHEN ${valueCond(v, applyWhere, cohortCol)} THEN ${lit(v.code)} END`,
  );
  if (b.partition) items.unshift(`'all'`);
  return `list_filter([${items.join(', ')}], x -> x IS NOT NULL)`;
}

/**
 * What the facts are reduced to before the breakdowns are unnested: the columns a measure's value
 * needs. `sum` columns are summed, `keep` columns (person ids for distinct counts) stay keys.
 */
export interface Reduce {
  sum: string[];
  keep: string[];
}

/** The reduction a value expression of {@link valueSql} needs. */
function reduceFor(m: Measure | { count: 'events' }): Reduce {
  if (m.count === 'events') return { sum: ['w'], keep: [] };
  if (m.count === 'persons') return { sum: [], keep: ['person_id'] };
  return { sum: [m.count.sum], keep: [] };
}

const GEO_KEYS = ['mun', 'hff', 'hf', 'rhf'];

/**
 * Wrap facts with breakdown columns. Every row's breakdown codes are computed first; then the rows
 * are reduced to one per year, area, stratum and code combination (sums, or distinct person ids
 * for person counts) — a national year has tens of millions of rows but only thousands of such
 * combinations — and only then is each breakdown unnested (sums of sums are the same sums, and
 * distinct ids stay distinct).
 */
function withBreakdowns(
  rel: string,
  breakdowns: Breakdown[],
  applyWhere: boolean,
  cohortCol: 'list' | 'id' | null,
  reduce: Reduce,
  geo: string[] = GEO_KEYS,
): string {
  const codeCols = breakdowns.map((_, i) => ident(`__codes${i}`));
  const codes = breakdowns.map(
    (b, i) => `, ${codesSql(b, applyWhere, cohortCol)} AS ${codeCols[i]!}`,
  );
  const keys = ['year', ...geo, 'band', 'sx', ...codeCols, ...reduce.keep.map(ident)].join(', ');
  const sums = reduce.sum.map((c) => `, sum(${ident(c)}) AS ${ident(c)}`).join('');
  let cur = `SELECT ${sums ? '' : 'DISTINCT '}${keys}${sums} FROM (SELECT *${codes.join('')} FROM (${rel}) f) f${sums ? ` GROUP BY ${keys}` : ''}`;
  breakdowns.forEach((b, i) => {
    cur = `SELECT * EXCLUDE (${codeCols[i]!}), unnest(${codeCols[i]!}) AS ${ident(b.id)} FROM (${cur}) f`;
  });
  return cur;
}

function strataCols(strata: boolean): string {
  return strata
    ? `CASE WHEN f.age >= 90 THEN 90 ELSE (f.age // 5) * 5 END AS band, f.sex AS sx`
    : `-1 AS band, 'T' AS sx`;
}

/** Facts of a measure with geography, restriction and (optionally) cohort lists. */
export function measureFacts(
  m: Measure,
  def: IndicatorDefinition,
  o: CompileIndicatorOptions,
  side: Side,
  reduceWith?: Reduce,
): string {
  const src = INDICATOR_SOURCES[m.source];
  const restriction = def.population ?? {};
  const cohorts = definitionCohorts(def);
  const needCoh = cohorts.length > 0 && src.idSpace !== 'none';
  const conds = [
    `f.year IN ${inList(o.years.map((y) => int(y)).map(Number))}`,
    ageSql(restriction.age, restriction.sex),
    ...(m.where ?? []).map((w) => filterSql(w)),
    ...(m.cohort ? [`list_contains(coalesce(coh.cohorts, []), ${lit(m.cohort)})`] : []),
    ...(o.strata ? ['f.age IS NOT NULL', 'f.sex IS NOT NULL'] : []),
  ];
  // Rows of persons in none of the cohorts count nowhere when the measure asks for a cohort, or
  // when a breakdown without an 'all' value has only cohort values (their code list is empty):
  // an inner join leaves them out before the reduction instead of after the unnest.
  const onlyMembers =
    needCoh &&
    (m.cohort !== undefined ||
      (def.breakdowns ?? []).some(
        (b) => !b.partition && b.values.length > 0 && b.values.every((v) => v.cohort),
      ));
  const cohJoin = needCoh
    ? `${onlyMembers ? 'JOIN' : 'LEFT JOIN'} (SELECT year, person_id, list(DISTINCT cohort_id ORDER BY cohort_id) AS cohorts FROM (${cohortMembersSql(src.idSpace as 'npr' | 'kpr', cohorts)}) GROUP BY ALL) coh
        ON coh.year = f.year AND coh.person_id = f.person_id`
    : '';
  const sameSource = side === 'numerator' || m.source === def.numerator.source;
  const reduce = reduceWith ?? reduceFor(m);
  const ready = o.sourceTables?.[m.source];
  // The facts are first reduced to the columns the geography, strata and breakdowns read (sums,
  // or distinct person ids for person counts): a national year has tens of millions of event rows
  // but only some hundred thousand such combinations, and the joins and breakdown codes below
  // then run on those. Sums of sums are the same sums; distinct ids stay distinct.
  const keys = new Set([
    'year',
    'municipality_code',
    'district_code',
    'sex',
    'age',
    ...reduce.keep,
  ]);
  for (const b of def.breakdowns ?? [])
    for (const v of b.values) if (sameSource) for (const w of v.where ?? []) keys.add(w.column);
  const reduced = `SELECT ${[...keys].map((k) => `f.${ident(k)}`).join(', ')},
      ${needCoh ? 'coh.cohorts' : 'CAST([] AS VARCHAR[]) AS cohorts'}${reduce.sum.map((c) => `, sum(f.${ident(c)}) AS ${ident(c)}`).join('')}
    FROM (${ready ? `SELECT * FROM ${ident(ready)}` : factRelation(src, o)}) f ${cohJoin}
    WHERE ${and(...conds)}
    GROUP BY ALL`;
  const base = `SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf,
      coalesce(g.hf_whole, ${o.useDistricts ? 'gd.hf_code' : 'NULL'}) AS hf, ${strataCols(o.strata)}
    FROM (${reduced}) f LEFT JOIN g ON g.mun = f.municipality_code LEFT JOIN gd ON gd.district = f.district_code`;
  return withBreakdowns(base, def.breakdowns ?? [], sameSource, needCoh ? 'list' : null, reduce);
}

/** Population facts (1 January of the year), restricted to municipalities that reported. */
function populationFacts(
  def: IndicatorDefinition,
  o: CompileIndicatorOptions,
): { main: string; district: string } {
  const r = def.population ?? {};
  const years = inList(o.years.map((y) => int(y)).map(Number));
  const main = `SELECT p.year, p.municipality_code AS mun, g.hff, g.rhf, g.hf_whole AS hf, p.sex, p.age, p.population AS w, ${strataCols(o.strata).replace(/\bf\./g, 'p.')}
    FROM population p JOIN g ON g.mun = p.municipality_code
    JOIN (SELECT DISTINCT rep.year, g.mun FROM rep JOIN g ON rep.municipality_code IS NULL OR rep.municipality_code = g.mun) r
      ON r.year = p.year AND r.mun = p.municipality_code
    WHERE p.year IN ${years} AND ${ageSql(r.age, r.sex, 'p')}`;
  const district = `SELECT p.year, gd.hf_code AS hf, p.sex, p.age, p.population AS w, ${strataCols(o.strata).replace(/\bf\./g, 'p.')}
    FROM population_district p JOIN gd ON gd.district = p.district_code
    WHERE p.year IN ${years} AND ${ageSql(r.age, r.sex, 'p')}
      AND EXISTS (SELECT 1 FROM rep WHERE rep.year = p.year AND (rep.municipality_code IS NULL OR rep.municipality_code = '0301'))`;
  const events = reduceFor({ count: 'events' });
  return {
    main: withBreakdowns(main, def.breakdowns ?? [], false, null, events),
    district: withBreakdowns(district, def.breakdowns ?? [], false, null, events, ['hf']),
  };
}

/** Cohort-member facts for a cohort denominator (area, sex and age from cohort_member). */
function cohortFacts(def: IndicatorDefinition, o: CompileIndicatorOptions): string {
  const d = def.denominator as { kind: 'cohort'; cohort?: string };
  const restriction = def.population ?? {};
  const ids = definitionCohorts(def);
  const base = `SELECT f.*, f.municipality_code AS mun, g.hff, g.rhf, g.hf_whole AS hf, 1 AS w, ${strataCols(o.strata)}
    FROM (SELECT DISTINCT cohort_id, year, id_space, person_id, sex, age, municipality_code FROM cohort_member
          WHERE cohort_id IN ${inList(ids)}) f
    LEFT JOIN g ON g.mun = f.municipality_code
    WHERE ${and(`f.year IN ${inList(o.years.map(Number))}`, ageSql(restriction.age, restriction.sex), d.cohort ? `f.cohort_id = ${lit(d.cohort)}` : 'TRUE', ...(o.strata ? ['f.age IS NOT NULL', 'f.sex IS NOT NULL'] : []))}`;
  return withBreakdowns(base, def.breakdowns ?? [], false, 'id', {
    sum: [],
    keep: ['person_id'],
  });
}

export function withClause(o: CompileIndicatorOptions, reporting: string): string {
  return `WITH ${geoCtes(o.structureYear)},
    rep AS (${reporting})`;
}

/**
 * Compile a definition (assumed valid) into its cover, numerator and denominator queries.
 */
export function compileIndicator(
  def: IndicatorDefinition,
  o: CompileIndicatorOptions,
): CompiledIndicator {
  if (o.years.length === 0) throw new UsageError('NO_YEARS', 'no years to compute');
  const src = INDICATOR_SOURCES[def.numerator.source];
  const dims = (def.breakdowns ?? []).map((b) => b.id);
  const keyDims = [...dims, 'band', 'sx'];
  const head = withClause(
    o,
    o.reportingTable
      ? `SELECT year, municipality_code FROM ${ident(o.reportingTable)}`
      : src.reportingSql,
  );
  const yearList = `[${o.years.map((y) => int(y)).join(', ')}]`;
  const districtCover = o.useDistricts
    ? `UNION ALL SELECT y.year, 'health_trust' AS level, gd.hf_code AS area_code,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM rep WHERE rep.year = y.year AND (rep.municipality_code IS NULL OR rep.municipality_code = '0301'))) AS v,
         count(*) AS t
       FROM (SELECT unnest(${yearList}) AS year) y CROSS JOIN gd JOIN g ON g.mun = '0301' AND g.hf_whole IS NULL GROUP BY ALL`
    : '';
  const coverSql = `${head},
    cov AS (SELECT y.year, g.mun, g.hff, g.hf_whole AS hf, g.rhf,
        EXISTS (SELECT 1 FROM rep WHERE rep.year = y.year AND (rep.municipality_code IS NULL OR rep.municipality_code = g.mun)) AS reported
      FROM (SELECT unnest(${yearList}) AS year) y CROSS JOIN g)
    SELECT year, level, area_code, sum(v) AS reporting, sum(t) AS municipalities FROM (
      SELECT * FROM (SELECT year,
        CASE WHEN grouping(mun) = 0 THEN 'municipality' WHEN grouping(hff) = 0 THEN 'helsefellesskap' WHEN grouping(hf) = 0 THEN 'health_trust'
             WHEN grouping(rhf) = 0 THEN 'rhf' ELSE 'national' END AS level,
        CASE WHEN grouping(mun) = 0 THEN mun WHEN grouping(hff) = 0 THEN hff WHEN grouping(hf) = 0 THEN hf WHEN grouping(rhf) = 0 THEN rhf ELSE 'NO' END AS area_code,
        count(*) FILTER (WHERE reported) AS v, count(*) AS t
      FROM cov GROUP BY GROUPING SETS ((year, mun), (year, hff), (year, hf), (year, rhf), (year))) WHERE area_code IS NOT NULL
      ${districtCover}
    ) GROUP BY ALL ORDER BY year, level, area_code`;
  const numRel = measureFacts(def.numerator, def, o, 'numerator');
  const numerator = `${head}
    ${levelAgg(numRel, valueSql(def.numerator), keyDims)}`;
  let denominator: string;
  const den = def.denominator;
  if (den.kind === 'population') {
    const pf = populationFacts(def, o);
    const main = levelAgg(pf.main, 'sum(w)', keyDims);
    const keys = ['year', 'level', 'area_code', ...keyDims].map(ident).join(', ');
    const district = o.useDistricts
      ? `UNION ALL SELECT year, ${keyDims.map(ident).join(', ')}, 'health_trust' AS level, hf AS area_code, sum(w) AS v
           FROM (${pf.district}) GROUP BY ALL`
      : '';
    denominator = `${head}
      SELECT ${keys}, sum(v) AS v FROM (
        SELECT year, ${keyDims.map(ident).join(', ')}, level, area_code, v FROM (${main}) ${district}
      ) GROUP BY ALL`;
  } else if (den.kind === 'cohort') {
    denominator = `${head}
      ${levelAgg(cohortFacts(def, o), 'count(DISTINCT person_id)', keyDims)}`;
  } else {
    const denRel = measureFacts(den, def, o, 'denominator');
    denominator = `${head}
      ${levelAgg(denRel, valueSql(den), keyDims)}`;
  }
  return { cover: coverSql, numerator, denominator, breakdowns: dims };
}
