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
import { baseCondition, codeSetCtes, panelCtes, sourceCtes } from './compile-shared.js';
import { isScoreCohort } from './score.js';
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
  /** A score, reported as the distribution of its members over the score bands, never as a prevalence ({@link isScoreCohort}). */
  scoreDistribution: boolean;
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
  const bases: string[] = [];
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
    const base = baseCondition(refMonth, refDay);
    bases.push(base);
    const cases = ruleFlags
      .map((r, i) => `WHEN NOT coalesce(${r.flag}, FALSE) THEN ${int(i)}`)
      .join(' ');
    cohortCtes.push(`f${ci} AS MATERIALIZED (SELECT ${lit(id)} AS cohort_id, ${lit(def.version)} AS version, b.year, ${lit(space)} AS id_space, b.person_id, b.sex, b.age, b.municipality_code, b.hff_code,
    CAST(${score ?? 'NULL'} AS DOUBLE) AS score, CAST(${band ?? 'NULL'} AS VARCHAR) AS band,
    CAST(${n === 0 ? '0' : `CASE ${cases} ELSE ${int(n)} END`} AS INTEGER) AS rules_passed
  FROM panel_${space} b ${joins.join(' ')}
  WHERE ${base}${n === 0 ? '' : ` AND ${ruleFlags[0]!.requires ?? `coalesce(${ruleFlags[0]!.flag}, FALSE)`}`})`);
    cohortCtes.push(
      `m${ci} AS (SELECT year, person_id FROM f${ci} WHERE rules_passed = ${int(n)})`,
    );
    ruleCounts.push(n);
    compiled.push({
      id,
      version: def.version,
      idSpace: space,
      steps: [
        'base population (alive and resident at the reference date, known in the id space)',
        ...ruleFlags.map((r) => r.name),
      ],
      output: wanted.has(id),
      codelists: [...new Set([...usedSets].map((s) => def.codeSets![s]!.codelist))].sort(),
      params,
      sources: [...sources].sort(),
      needsLinkage:
        space === 'linked' &&
        ([...sources].some((s) => SOURCES[s]?.idSpace === 'kpr') || cohortRefs(def).length > 0),
      scoreDistribution: isScoreCohort(def),
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
FROM (SELECT b.year, count(*) AS n FROM panel_${x.c.idSpace} b WHERE ${bases[x.i]} GROUP BY b.year) b LEFT JOIN (SELECT year, count(*) AS n FROM f${x.i} GROUP BY year) f USING (year)
WHERE b.n - coalesce(f.n, 0) > 0`,
    );
  const sql = `WITH\n${ctes.join(',\n')}\n${outputs.join('\nUNION ALL\n')}`;
  return { sql, cohorts: compiled };
}
