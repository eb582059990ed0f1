/**
 * One cohort of a compiled query: its parameters, its rules as criterion CTEs joined to the base
 * population (`f<i>`: persons with how many rules they passed), and its members (`m<i>`). What the
 * cohorts of a query share (code sets, sources read, id spaces) is collected in {@link QueryParts}.
 */
import { UsageError } from '../../kernel/errors.js';
import { inList, int, lit } from '../../kernel/sql.js';
import { SOURCES } from '../../catalogue/sources.js';
import {
  bandSql,
  compileCriterion,
  type CompiledCriterion,
  type CriterionContext,
} from './compile-criteria.js';
import type {
  CodeSetDef,
  CohortDefinition,
  Criterion,
  IdSpace,
  LoadedCohort,
  NumberOrParam,
  Window,
} from './types.js';
import { criteria, criterionSources } from './criteria.js';
import { baseCondition } from './compile-shared.js';
import { isScoreCohort } from './score.js';

/** Options of `compileCohorts`. */
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

/** What the cohorts of one query share, filled in as each cohort is compiled. */
export interface QueryParts {
  codeSets: { key: string; cs: CodeSetDef }[];
  sourceUse: Map<string, { codes: boolean; lookbackYears: number }>;
  spaces: Set<IdSpace>;
  needsLink: boolean;
  cohortCtes: string[];
  compiled: CompiledCohort[];
  ruleCounts: number[];
  /** The base population condition of each cohort over the panel alias `b` ({@link baseCondition}). */
  bases: string[];
}

/** An empty {@link QueryParts}. */
export function newQueryParts(): QueryParts {
  return {
    codeSets: [],
    sourceUse: new Map(),
    spaces: new Set(),
    needsLink: false,
    cohortCtes: [],
    compiled: [],
    ruleCounts: [],
    bases: [],
  };
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

/** The cohort's parameter values: its defaults, overridden by the caller's, checked. */
function cohortParams(
  id: string,
  def: CohortDefinition,
  overrides: Readonly<Record<string, number>> | undefined,
): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [name, p] of Object.entries(def.parameters ?? {})) params[name] = p.default;
  for (const [name, v] of Object.entries(overrides ?? {})) {
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
  return params;
}

/** Where the cohorts of a query stand, for resolving references between them. */
export interface QueryIndex {
  library: ReadonlyMap<string, LoadedCohort>;
  /** Cohort id → its position in dependency order (the `<i>` of `f<i>` and `m<i>`). */
  index: ReadonlyMap<string, number>;
  wanted: ReadonlySet<string>;
}

/** A rule of a cohort as a flag expression (and the inner-join condition of a first rule). */
interface RuleFlag {
  name: string;
  flag: string;
  requires?: string;
}

/** What the criteria of one cohort produced. */
interface CohortCriteria {
  ruleFlags: RuleFlag[];
  joins: string[];
  usedSets: Set<string>;
  sources: Set<string>;
  score?: string;
  band?: string;
}

/**
 * Compile the rules of cohort number `ci`: each criterion becomes a CTE `k<ci>_<k>` (pushed onto
 * `parts.cohortCtes`) joined to the base population, and each rule a flag over them.
 */
function compileRules(
  ci: number,
  id: string,
  loaded: LoadedCohort,
  params: Record<string, number>,
  q: QueryIndex,
  parts: QueryParts,
): CohortCriteria {
  const def = loaded.definition;
  const space = loaded.idSpace;
  const [refMonth, refDay] = parseMonthDay(def.referenceDate);
  const out: CohortCriteria = {
    ruleFlags: populationRules(def),
    joins: [],
    usedSets: new Set(),
    sources: new Set(),
  };
  const ctx: CriterionContext = {
    space,
    refMonth,
    refDay,
    setKey: (name) => {
      out.usedSets.add(name);
      return `${id}/${name}`;
    },
    num: (x: NumberOrParam | undefined, fallback: number) =>
      x === undefined ? fallback : typeof x === 'number' ? x : (params[x.param] ?? fallback),
    memberCte: (ref) => {
      const ri = q.index.get(ref);
      const rc = q.library.get(ref);
      if (ri === undefined || !rc)
        throw new UsageError('UNKNOWN_COHORT', `unknown cohort "${ref}"`);
      return { cte: `m${ri}`, space: rc.idSpace };
    },
  };
  let k = 0;
  const add = (c: Criterion): CompiledCriterion & { alias: string } => {
    const alias = `k${ci}_${k++}`;
    const cc = compileCriterion(c, ctx);
    parts.cohortCtes.push(`${alias} AS (${cc.body})`);
    out.joins.push(
      `LEFT JOIN ${alias} ON ${alias}.year = b.year AND ${alias}.person_id = b.person_id`,
    );
    noteSources(c, space, out.sources, parts);
    if (c.type === 'cohort' && space === 'linked') parts.needsLink = true;
    if (cc.score && out.score === undefined) {
      out.score = cc.score(alias);
      if (cc.bands) out.band = bandSql(out.score, cc.bands);
    }
    return { ...cc, alias };
  };
  for (const rule of def.rules) {
    if (rule.criterion) {
      const cc = add(rule.criterion);
      out.ruleFlags.push({
        name: rule.name,
        flag: cc.flag(cc.alias),
        ...(cc.requires ? { requires: cc.requires(cc.alias) } : {}),
      });
    } else if (rule.not) {
      const cc = add(rule.not);
      out.ruleFlags.push({ name: rule.name, flag: `NOT ${cc.flag(cc.alias)}` });
    } else if (rule.anyOf) {
      const flags = rule.anyOf.map((c) => {
        const cc = add(c);
        return cc.flag(cc.alias);
      });
      out.ruleFlags.push({ name: rule.name, flag: `(${flags.join(' OR ')})` });
    }
  }
  return out;
}

/** Record which sources a criterion reads, whether it needs their codes and how far back. */
function noteSources(c: Criterion, space: IdSpace, sources: Set<string>, parts: QueryParts) {
  for (const s of criterionSources(c)) {
    sources.add(s);
    const w = 'window' in c ? windowYears(c.window) : 0;
    const codes =
      c.type === 'conditions' ||
      c.type === 'score' ||
      (c.type === 'events' && c.codeSet !== undefined);
    const prev = parts.sourceUse.get(s);
    parts.sourceUse.set(s, {
      codes: (prev?.codes ?? false) || codes,
      lookbackYears: Math.max(prev?.lookbackYears ?? 0, w),
    });
    if (space === 'linked' && SOURCES[s]?.idSpace === 'kpr') parts.needsLink = true;
  }
}

/**
 * Compile cohort number `ci` (in dependency order) into `parts`: its criterion CTEs, its
 * evaluation table `f<ci>` (persons who passed the first rule, with how many rules they passed)
 * and its members `m<ci>`.
 */
export function compileCohort(
  ci: number,
  id: string,
  q: QueryIndex,
  options: CompileOptions,
  parts: QueryParts,
): void {
  const loaded = q.library.get(id)!;
  const def = loaded.definition;
  const space = loaded.idSpace;
  parts.spaces.add(space);
  const params = cohortParams(id, def, options.params?.[id]);
  const r = compileRules(ci, id, loaded, params, q, parts);
  for (const name of [...r.usedSets].sort()) {
    const cs = def.codeSets?.[name];
    if (!cs)
      throw new UsageError('UNKNOWN_CODE_SET', `cohort "${id}" uses unknown code set "${name}"`);
    parts.codeSets.push({ key: `${id}/${name}`, cs });
  }
  const ruleFlags = r.ruleFlags;
  const n = ruleFlags.length;
  const [refMonth, refDay] = parseMonthDay(def.referenceDate);
  const base = baseCondition(refMonth, refDay);
  parts.bases.push(base);
  const cases = ruleFlags
    .map((rf, i) => `WHEN NOT coalesce(${rf.flag}, FALSE) THEN ${int(i)}`)
    .join(' ');
  parts.cohortCtes
    .push(`f${ci} AS MATERIALIZED (SELECT ${lit(id)} AS cohort_id, ${lit(def.version)} AS version, b.year, ${lit(space)} AS id_space, b.person_id, b.sex, b.age, b.municipality_code, b.hff_code,
    CAST(${r.score ?? 'NULL'} AS DOUBLE) AS score, CAST(${r.band ?? 'NULL'} AS VARCHAR) AS band,
    CAST(${n === 0 ? '0' : `CASE ${cases} ELSE ${int(n)} END`} AS INTEGER) AS rules_passed
  FROM panel_${space} b ${r.joins.join(' ')}
  WHERE ${base}${n === 0 ? '' : ` AND ${ruleFlags[0]!.requires ?? `coalesce(${ruleFlags[0]!.flag}, FALSE)`}`})`);
  parts.cohortCtes.push(
    `m${ci} AS (SELECT year, person_id FROM f${ci} WHERE rules_passed = ${int(n)})`,
  );
  parts.ruleCounts.push(n);
  parts.compiled.push({
    id,
    version: def.version,
    idSpace: space,
    steps: [
      'base population (alive and resident at the reference date, known in the id space)',
      ...ruleFlags.map((rf) => rf.name),
    ],
    output: q.wanted.has(id),
    codelists: [...new Set([...r.usedSets].map((s) => def.codeSets![s]!.codelist))].sort(),
    params,
    sources: [...r.sources].sort(),
    needsLinkage:
      space === 'linked' &&
      ([...r.sources].some((s) => SOURCES[s]?.idSpace === 'kpr') || cohortRefs(def).length > 0),
    scoreDistribution: isScoreCohort(def),
  });
}
