/**
 * Compile cohort definitions to one deterministic DuckDB query. Each source table is read once
 * (`ev_<source>`), its codes matched once against every code set of every cohort in the query
 * (`hit_<source>`), and all criteria then read those shared results: all cohorts that read the same
 * source are computed in one pass.
 *
 * The query returns, per cohort × year, one row per person of the base population who passed at
 * least the first inclusion rule, with `rules_passed` = how many of the rules (in order) the person
 * passed and `persons` = 1, plus one row with `person_id` NULL, `rules_passed` 0 and `persons` =
 * how many failed the first rule (so person-level rows stay bounded by the first rule). Members are
 * the rows with `rules_passed = rule count`; attrition step k = sum(persons) where rules_passed ≥ k.
 */
import { UsageError } from '../../kernel/errors.js';
import { inList, int, lit } from '../../kernel/sql.js';
import {
  bandSql,
  compileCriterion,
  type CompiledCriterion,
  type CriterionContext,
} from './compile-criteria.js';
import { SOURCES } from '../../catalogue/sources.js';
import type {
  CodeSetDef,
  CohortDefinition,
  IdSpace,
  LoadedCohort,
  NumberOrParam,
  Window,
} from './types.js';
import { criteria, criterionSources } from './validate.js';

/** Options of {@link compileCohorts}. */
export interface CompileOptions {
  /** Years of the panel (the reference date falls in each). */
  years: readonly number[];
  /** Parameter values by cohort id, overriding the definitions' defaults. */
  params?: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

/** What the compiler produced for one cohort. */
export interface CompiledCohort {
  id: string;
  version: string;
  idSpace: IdSpace;
  /** Attrition steps: step 0 is the base population, then one per rule (population rules first). */
  steps: string[];
  /** Whether the cohort's rows are in the query's result (dependencies only are not). */
  output: boolean;
  /** Code lists used (id). */
  codelists: string[];
  /** The parameters used, after overrides. */
  params: Record<string, number>;
  /** Sources read. */
  sources: string[];
  /** Whether KPR data are joined to NPR ids through person_link. */
  needsLinkage: boolean;
}

/** The compiled query and what it computes. */
export interface CompiledQuery {
  sql: string;
  cohorts: CompiledCohort[];
}

/**
 * Order cohorts so that every cohort comes after the cohorts it refers to; ties by id.
 * @throws UsageError `COHORT_CYCLE` or `UNKNOWN_COHORT`.
 */
export function dependencyOrder(
  requested: readonly string[],
  library: ReadonlyMap<string, LoadedCohort>,
): string[] {
  const out: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (id: string, chain: string[]) => {
    const s = state.get(id);
    if (s === 'done') return;
    if (s === 'visiting')
      throw new UsageError(
        'COHORT_CYCLE',
        `cohorts refer to each other in a cycle: ${[...chain, id].join(' → ')}`,
      );
    const c = library.get(id);
    if (!c)
      throw new UsageError(
        'UNKNOWN_COHORT',
        `unknown cohort "${id}"${chain.length ? ` (referred to by ${chain[chain.length - 1]})` : ''}; see felles cohorts list`,
      );
    state.set(id, 'visiting');
    for (const dep of cohortRefs(c.definition).sort()) visit(dep, [...chain, id]);
    state.set(id, 'done');
    out.push(id);
  };
  for (const id of [...requested].sort()) visit(id, []);
  return out;
}

/** Ids of the cohorts a definition refers to. */
export function cohortRefs(def: CohortDefinition): string[] {
  const ids = new Set<string>();
  for (const { criterion } of criteria(def))
    if (criterion.type === 'cohort') criterion.cohorts.forEach((x) => ids.add(x));
  return [...ids];
}

function parseMonthDay(md: string | undefined): [number, number] {
  const [m, d] = (md ?? '12-31').split('-').map(Number) as [number, number];
  return [m, d];
}

function windowYears(w: Window): number {
  return w.months !== undefined ? Math.ceil(w.months / 12) : Math.ceil((w.days ?? 0) / 365);
}

/** Population rules as attrition steps and flag expressions over the panel alias `b`. */
function populationRules(def: CohortDefinition): { name: string; flag: string }[] {
  const out: { name: string; flag: string }[] = [];
  const age = def.population?.age;
  if (age && (age.min !== undefined || age.max !== undefined)) {
    const t: string[] = [];
    if (age.min !== undefined) t.push(`b.age >= ${int(age.min)}`);
    if (age.max !== undefined) t.push(`b.age <= ${int(age.max)}`);
    const name =
      age.max === undefined
        ? `age ${age.min}+`
        : age.min === undefined
          ? `age 0–${age.max}`
          : `age ${age.min}–${age.max}`;
    out.push({ name: `${name} at the reference date`, flag: t.join(' AND ') });
  }
  if (def.population?.sex)
    out.push({
      name: `sex ${def.population.sex.join(', ')}`,
      flag: `b.sex IN ${inList([...def.population.sex].sort())}`,
    });
  const res = def.population?.residence;
  if (res && (res.municipalities || res.helsefellesskap)) {
    const t: string[] = [];
    if (res.municipalities)
      t.push(`b.municipality_code IN ${inList([...res.municipalities].sort())}`);
    if (res.helsefellesskap) t.push(`b.hff_code IN ${inList([...res.helsefellesskap].sort())}`);
    out.push({
      name: `resident in ${[...(res.municipalities ?? []), ...(res.helsefellesskap ?? [])].join(', ')}`,
      flag: `(${t.join(' OR ')})`,
    });
  }
  return out;
}

/**
 * Compile the requested cohorts (and the cohorts they refer to) for the given years into one query.
 * Deterministic: the same definitions, code-list ids and years give the same text.
 */
export function compileCohorts(
  requested: readonly string[],
  library: ReadonlyMap<string, LoadedCohort>,
  options: CompileOptions,
): CompiledQuery {
  const years = [...new Set(options.years)].sort((a, b) => a - b);
  if (years.length === 0) throw new UsageError('NO_YEARS', 'give at least one year');
  years.forEach((y) => {
    if (!Number.isInteger(y) || y < 1900 || y > 2200)
      throw new UsageError('BAD_YEAR', `not a year: ${y}`);
  });
  const order = dependencyOrder(requested, library);
  const wanted = new Set(requested);
  const index = new Map(order.map((id, i) => [id, i]));

  // Shared pieces, collected over all cohorts.
  const codeSets: { key: string; cs: CodeSetDef }[] = [];
  const sourceUse = new Map<string, { codes: boolean; lookbackYears: number }>();
  const spaces = new Set<IdSpace>();
  let needsLink = false;
  const cohortCtes: string[] = [];
  const compiled: CompiledCohort[] = [];
  const ruleCounts: number[] = [];
  const minYear = years[0]!;
  const maxYear = years[years.length - 1]!;

  order.forEach((id, ci) => {
    const loaded = library.get(id)!;
    const def = loaded.definition;
    const space = loaded.idSpace;
    spaces.add(space);
    const [refMonth, refDay] = parseMonthDay(def.referenceDate);
    const params: Record<string, number> = {};
    for (const [name, p] of Object.entries(def.parameters ?? {})) params[name] = p.default;
    for (const [name, v] of Object.entries(options.params?.[id] ?? {})) {
      const pd = def.parameters?.[name];
      if (!pd)
        throw new UsageError(
          'UNKNOWN_PARAMETER',
          `cohort "${id}" has no parameter "${name}" (it has: ${Object.keys(def.parameters ?? {}).join(', ') || 'none'})`,
        );
      if (!Number.isFinite(v) || (pd.minimum !== undefined && v < pd.minimum))
        throw new UsageError(
          'BAD_PARAMETER',
          `${id}.${name} must be a number${pd.minimum !== undefined ? ` ≥ ${pd.minimum}` : ''}, got ${v}`,
        );
      params[name] = v;
    }
    const usedSets = new Set<string>();
    const sources = new Set<string>();
    const ctx: CriterionContext = {
      space,
      refMonth,
      refDay,
      setKey: (name) => {
        usedSets.add(name);
        return `${id}/${name}`;
      },
      num: (x: NumberOrParam | undefined, fallback: number) =>
        x === undefined ? fallback : typeof x === 'number' ? x : (params[x.param] ?? fallback),
      memberCte: (ref) => {
        const ri = index.get(ref);
        const rc = library.get(ref);
        if (ri === undefined || !rc)
          throw new UsageError('UNKNOWN_COHORT', `unknown cohort "${ref}"`);
        return { cte: `m${ri}`, space: rc.idSpace };
      },
    };
    const ruleFlags: { name: string; flag: string; requires?: string }[] = populationRules(def);
    const joins: string[] = [];
    let score: string | undefined;
    let band: string | undefined;
    let k = 0;
    const addCriterion = (
      c: Parameters<typeof compileCriterion>[0],
    ): CompiledCriterion & { alias: string } => {
      const alias = `k${ci}_${k++}`;
      const cc = compileCriterion(c, ctx);
      cohortCtes.push(`${alias} AS (${cc.body})`);
      joins.push(
        `LEFT JOIN ${alias} ON ${alias}.year = b.year AND ${alias}.person_id = b.person_id`,
      );
      for (const s of criterionSources(c)) {
        sources.add(s);
        const w = 'window' in c ? windowYears(c.window) : 0;
        const codes =
          c.type === 'conditions' ||
          c.type === 'score' ||
          (c.type === 'events' && c.codeSet !== undefined);
        const prev = sourceUse.get(s);
        sourceUse.set(s, {
          codes: (prev?.codes ?? false) || codes,
          lookbackYears: Math.max(prev?.lookbackYears ?? 0, w),
        });
        if (space === 'linked' && SOURCES[s]?.idSpace === 'kpr') needsLink = true;
      }
      if (c.type === 'cohort' && space === 'linked') needsLink = true;
      if (cc.score && score === undefined) {
        score = cc.score(alias);
        if (cc.bands) band = bandSql(score, cc.bands);
      }
      return { ...cc, alias };
    };
    for (const rule of def.rules) {
      if (rule.criterion) {
        const cc = addCriterion(rule.criterion);
        ruleFlags.push({
          name: rule.name,
          flag: cc.flag(cc.alias),
          ...(cc.requires ? { requires: cc.requires(cc.alias) } : {}),
        });
      } else if (rule.not) {
        const cc = addCriterion(rule.not);
        ruleFlags.push({ name: rule.name, flag: `NOT ${cc.flag(cc.alias)}` });
      } else if (rule.anyOf) {
        const flags = rule.anyOf.map((c) => {
          const cc = addCriterion(c);
          return cc.flag(cc.alias);
        });
        ruleFlags.push({ name: rule.name, flag: `(${flags.join(' OR ')})` });
      }
    }
    for (const name of [...usedSets].sort()) {
      const cs = def.codeSets?.[name];
      if (!cs)
        throw new UsageError('UNKNOWN_CODE_SET', `cohort "${id}" uses unknown code set "${name}"`);
      codeSets.push({ key: `${id}/${name}`, cs });
    }
    const n = ruleFlags.length;
    const cases = ruleFlags
      .map((r, i) => `WHEN NOT coalesce(${r.flag}, FALSE) THEN ${int(i)}`)
      .join(' ');
    cohortCtes.push(`f${ci} AS MATERIALIZED (SELECT ${lit(id)} AS cohort_id, ${lit(def.version)} AS version, b.year, ${lit(space)} AS id_space, b.person_id, b.sex, b.age, b.municipality_code, b.hff_code,
    CAST(${score ?? 'NULL'} AS DOUBLE) AS score, CAST(${band ?? 'NULL'} AS VARCHAR) AS band,
    CAST(${n === 0 ? '0' : `CASE ${cases} ELSE ${int(n)} END`} AS INTEGER) AS rules_passed
  FROM panel_${space} b ${joins.join(' ')}${n === 0 ? '' : `\n  WHERE ${ruleFlags[0]!.requires ?? `coalesce(${ruleFlags[0]!.flag}, FALSE)`}`})`);
    cohortCtes.push(
      `m${ci} AS (SELECT year, person_id FROM f${ci} WHERE rules_passed = ${int(n)})`,
    );
    ruleCounts.push(n);
    compiled.push({
      id,
      version: def.version,
      idSpace: space,
      steps: [
        'base population (alive at the start of the year, known in the id space)',
        ...ruleFlags.map((r) => r.name),
      ],
      output: wanted.has(id),
      codelists: [...new Set([...usedSets].map((s) => def.codeSets![s]!.codelist))].sort(),
      params,
      sources: [...sources].sort(),
      needsLinkage:
        space === 'linked' &&
        ([...sources].some((s) => SOURCES[s]?.idSpace === 'kpr') || cohortRefs(def).length > 0),
    });
  });

  const ctes: string[] = [];
  ctes.push(`y AS (SELECT * FROM (VALUES ${years.map((y) => `(${int(y)})`).join(', ')}) t(year))`);
  if (needsLink || spaces.has('linked')) {
    ctes.push(
      `lnk AS (SELECT kpr_id, min(npr_id) AS npr_id FROM person_link WHERE NOT conflict GROUP BY kpr_id HAVING min(npr_id) = max(npr_id))`,
    );
  }
  if (codeSets.length > 0) ctes.push(...codeSetCtes(codeSets));
  for (const src of [...sourceUse.keys()].sort()) {
    const use = sourceUse.get(src)!;
    ctes.push(
      ...sourceCtes(src, use.codes, `${minYear - use.lookbackYears - 1}-01-01`, `${maxYear}-12-31`),
    );
  }
  for (const space of [...spaces].sort()) ctes.push(...panelCtes(space));
  ctes.push(...cohortCtes);
  // f<i> holds only the persons who passed the first rule (when there is one); those who failed it
  // are counted as the base population minus them.
  const outputs = compiled
    .map((c, i) => ({ c, i }))
    .filter((x) => x.c.output)
    .map((x) =>
      ruleCounts[x.i] === 0
        ? `SELECT cohort_id, version, year, id_space, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, count(*) FROM f${x.i} GROUP BY cohort_id, version, year, id_space`
        : `SELECT *, 1 AS persons FROM f${x.i}
UNION ALL
SELECT ${lit(x.c.id)}, ${lit(x.c.version)}, b.year, ${lit(x.c.idSpace)}, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0, b.n - coalesce(f.n, 0)
FROM (SELECT year, count(*) AS n FROM panel_${x.c.idSpace} GROUP BY year) b LEFT JOIN (SELECT year, count(*) AS n FROM f${x.i} GROUP BY year) f USING (year)
WHERE b.n - coalesce(f.n, 0) > 0`,
    );
  const sql = `WITH\n${ctes.join(',\n')}\n${outputs.join('\nUNION ALL\n')}`;
  return { sql, cohorts: compiled };
}

function codeSetCtes(sets: { key: string; cs: CodeSetDef }[]): string[] {
  const incl = sets.map(({ key, cs }) => {
    const w = [`l.list_id = ${lit(cs.codelist)}`, 'NOT l.exclude'];
    if (cs.systems) w.push(`l.system IN ${inList([...cs.systems].sort())}`);
    if (cs.conditions) w.push(`l.condition IN ${inList([...cs.conditions].sort())}`);
    if (cs.excludeConditions)
      w.push(`l.condition NOT IN ${inList([...cs.excludeConditions].sort())}`);
    return `SELECT ${lit(key)} AS set_key, l.system, l.code, l.match, l.condition, l.organ_system, l.weight FROM codelist l WHERE ${w.join(' AND ')}`;
  });
  const excl = sets.flatMap(({ key, cs }) => {
    const parts = [
      `SELECT ${lit(key)} AS set_key, l.system, l.code, l.match, l.condition FROM codelist l WHERE l.list_id = ${lit(cs.codelist)} AND l.exclude`,
    ];
    for (const e of cs.exclude ?? []) {
      const code = e.code.toUpperCase().replace(/[.\s]/g, '');
      parts.push(
        `SELECT ${lit(key)}, ${lit(e.system)}, ${lit(code)}, ${lit(e.match ?? 'prefix')}, CAST(NULL AS VARCHAR)`,
      );
    }
    return parts;
  });
  return [
    `cs AS MATERIALIZED (${incl.join(' UNION ALL ')})`,
    `cx AS MATERIALIZED (${excl.join(' UNION ALL ')})`,
  ];
}

function sourceCtes(src: string, codes: boolean, from: string, to: string): string[] {
  const spec = SOURCES[src];
  if (!spec) throw new UsageError('UNKNOWN_SOURCE', `unknown source ${src}`);
  const cols = [`${spec.eventId} AS event_id`, 'person_id', `${spec.date} AS event_date`];
  if (spec.endDate) cols.push(`${spec.endDate} AS end_date`);
  if (src === 'municipal_service') cols.push('hours_per_week');
  cols.push(...Object.keys(spec.filters));
  if (codes) {
    for (const c of spec.codes) cols.push(c.column);
    if (spec.mainFlagColumn) cols.push(spec.mainFlagColumn);
  }
  const where = spec.endDate
    ? `${spec.date} <= DATE ${lit(to)} AND (${spec.endDate} IS NULL OR ${spec.endDate} >= DATE ${lit(from)})`
    : `${spec.date} >= DATE ${lit(from)} AND ${spec.date} <= DATE ${lit(to)}`;
  const out = [
    `ev_${src} AS MATERIALIZED (SELECT ${cols.join(', ')} FROM ${spec.table} WHERE ${where})`,
  ];
  if (codes && spec.codes.length > 0) {
    const keep = [
      'event_id',
      'person_id',
      'event_date',
      ...(spec.endDate ? ['end_date'] : []),
      ...Object.keys(spec.filters),
    ].join(', ');
    const parts = spec.codes.map((c) => {
      const code = c.list ? `unnest(${c.column})` : c.column;
      const pos =
        c.position === 'main_if_flagged'
          ? `CASE WHEN code = ${spec.mainFlagColumn} THEN 'main' ELSE 'secondary' END`
          : lit(c.position);
      return `SELECT ${keep}, ${lit(c.system)} AS system, code, ${pos} AS position FROM (SELECT *, ${code} AS code FROM ev_${src}${c.list ? '' : ` WHERE ${c.column} IS NOT NULL`})`;
    });
    out.push(
      `code_${src} AS (SELECT * FROM (${parts.join(' UNION ALL ')}) WHERE code IS NOT NULL AND code <> '')`,
    );
    // Code-set matching runs on the distinct codes only (a few thousand), each expanded to all its
    // prefixes so that the match is a plain equi-join on (system, prefix); the events then get
    // their matches by an equi-join on (system, code). A join on `plen <= length(code)` let the
    // planner pair every code with every list code of its system first (10^9 rows on the demo).
    // Prefixes longer than the longest list code cannot match and are not made: an over-long
    // code in the data (a megabyte) costs no more than a short one.
    out.push(`cm_${src} AS MATERIALIZED (SELECT c.system, c.code, s.set_key, s.code AS list_code, s.condition, s.organ_system, s.weight
  FROM (SELECT system, code, left(code, unnest(range(1, least(length(code), (SELECT coalesce(max(length(code)), 0) FROM cs)) + 1))) AS prefix FROM (SELECT DISTINCT system, code FROM code_${src})) c
  JOIN cs s ON s.system = c.system AND s.code = c.prefix AND (s.match = 'prefix' OR s.code = c.code)
  WHERE NOT EXISTS (SELECT 1 FROM cx x WHERE x.set_key = s.set_key AND x.system = c.system AND (x.condition IS NULL OR x.condition = s.condition)
    AND starts_with(c.code, x.code) AND (x.match = 'prefix' OR x.code = c.code)))`);
    out.push(`hit_${src} AS MATERIALIZED (SELECT c.*, m.set_key, m.list_code, m.condition, m.organ_system, m.weight
  FROM code_${src} c JOIN cm_${src} m ON m.system = c.system AND m.code = c.code)`);
  }
  return out;
}

/**
 * The person-year panel of an id space: everyone in `person` alive on 1 January of the year and born
 * by the year, with sex, age at the reference date (year − birth year), and the municipality of the
 * year from `residence`, else of the latest earlier year (NULL when none).
 */
function panelCtes(space: IdSpace): string[] {
  const persons = (s: 'npr' | 'kpr') =>
    `SELECT person_id, sex, birth_year, death_date FROM person WHERE id_space = ${lit(s)}`;
  const res = (s: 'npr' | 'kpr') =>
    `SELECT person_id, year, municipality_code FROM residence WHERE id_space = ${lit(s)}`;
  let pp: string;
  let pr: string;
  if (space === 'linked') {
    pp = `SELECT coalesce(n.person_id, k.npr_id) AS person_id, coalesce(n.sex, k.sex) AS sex, coalesce(n.birth_year, k.birth_year) AS birth_year, coalesce(n.death_date, k.death_date) AS death_date
  FROM (${persons('npr')}) n FULL JOIN (SELECT lnk.npr_id, p.* FROM (${persons('kpr')}) p JOIN lnk ON lnk.kpr_id = p.person_id) k ON k.npr_id = n.person_id`;
    pr = `SELECT * FROM (${res('npr')}) UNION ALL SELECT lnk.npr_id, r.year, r.municipality_code FROM (${res('kpr')}) r JOIN lnk ON lnk.kpr_id = r.person_id
  WHERE NOT EXISTS (SELECT 1 FROM residence n WHERE n.id_space = 'npr' AND n.person_id = lnk.npr_id AND n.year = r.year)`;
  } else {
    pp = persons(space);
    pr = res(space);
  }
  return [
    `pr_${space} AS (SELECT y.year, r.person_id, arg_max(r.municipality_code, r.year) AS municipality_code FROM (${pr}) r JOIN y ON r.year <= y.year GROUP BY y.year, r.person_id)`,
    `panel_${space} AS MATERIALIZED (SELECT y.year, p.person_id, p.sex, y.year - p.birth_year AS age, r.municipality_code, m.hff_code
  FROM (${pp}) p CROSS JOIN y
  LEFT JOIN pr_${space} r ON r.person_id = p.person_id AND r.year = y.year
  LEFT JOIN municipality m ON m.code = r.municipality_code
  WHERE (p.death_date IS NULL OR p.death_date >= make_date(y.year, 1, 1)) AND (p.birth_year IS NULL OR p.birth_year <= y.year))`,
  ];
}
