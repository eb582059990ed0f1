import { join } from 'node:path';
import { InputDataError } from '../../kernel/errors.js';
import { informativeProblems, schemaProblems } from '../../kernel/util/json-schema.js';
import { CORE_ROOT } from '../../kernel/util/paths.js';
import { SOURCES } from '../../catalogue/sources.js';
import type { CodelistCatalogue } from './codelists.js';
import type {
  CohortDefinition,
  Criterion,
  IdSpace,
  NumberOrParam,
  SourceRef,
  Window,
} from './types.js';

/** The published JSON Schema of a cohort definition. */
export const COHORT_SCHEMA_FILE = join(CORE_ROOT, 'schemas', 'cohort.schema.json');

/** One problem in a definition, located by its JSON path (RFC 6901 pointer). */
export interface DefinitionProblem {
  path: string;
  message: string;
}

/** What the semantic checks need to know about the world outside the definition. */
export interface ValidationContext {
  /** Code lists available (built-in and the workspace's own). */
  codelists: CodelistCatalogue;
  /** Id space of every other cohort that may be referenced (id → space). */
  cohortSpaces?: ReadonlyMap<string, IdSpace>;
}

/** Longest window allowed: 20 years. */
const MAX_MONTHS = 240;
const MAX_DAYS = 7305;

/**
 * Check a definition against the JSON Schema and against the rules the schema cannot express:
 * unknown code lists, code sets, sources, filter columns and values, parameters and cohorts; impossible
 * windows, reference dates, age ranges and score bands; a mix of NPR and KPR sources without
 * `"idSpace": "linked"`. Returns the problems (empty when valid), each with its JSON path.
 */
export function definitionProblems(value: unknown, ctx: ValidationContext): DefinitionProblem[] {
  const schema = informativeProblems(schemaProblems(COHORT_SCHEMA_FILE, value));
  if (schema.length) return schema.map((p) => ({ path: p.path, message: p.message }));
  return semanticProblems(value as CohortDefinition, ctx);
}

/** The id space a definition's rules need: from its sources and the cohorts it references. */
export function derivedIdSpace(
  def: CohortDefinition,
  cohortSpaces?: ReadonlyMap<string, IdSpace>,
): IdSpace | 'mixed' {
  const spaces = new Set<IdSpace>();
  for (const c of criteria(def)) {
    for (const s of criterionSources(c.criterion)) {
      const spec = SOURCES[s];
      if (spec) spaces.add(spec.idSpace);
    }
    if (c.criterion.type === 'cohort')
      for (const id of c.criterion.cohorts) {
        const sp = cohortSpaces?.get(id);
        if (sp) spaces.add(sp);
      }
  }
  if (spaces.has('linked') || (spaces.has('npr') && spaces.has('kpr')))
    return def.idSpace === 'linked' ? 'linked' : 'mixed';
  if (def.idSpace) return def.idSpace;
  return spaces.has('kpr') ? 'kpr' : 'npr';
}

/** Every criterion of a definition with its JSON path. */
export function criteria(def: CohortDefinition): { path: string; criterion: Criterion }[] {
  const out: { path: string; criterion: Criterion }[] = [];
  def.rules.forEach((r, i) => {
    if (r.criterion) out.push({ path: `/rules/${i}/criterion`, criterion: r.criterion });
    if (r.not) out.push({ path: `/rules/${i}/not`, criterion: r.not });
    r.anyOf?.forEach((c, j) => out.push({ path: `/rules/${i}/anyOf/${j}`, criterion: c }));
  });
  return out;
}

/** The source tables a criterion reads. */
export function criterionSources(c: Criterion): string[] {
  switch (c.type) {
    case 'events':
      return [c.source];
    case 'conditions':
    case 'score':
      return c.sources.map((s) => s.source);
    case 'services':
      return ['municipal_service'];
    case 'function':
      return ['function_assessment'];
    case 'cohort':
      return [];
  }
}

function semanticProblems(def: CohortDefinition, ctx: ValidationContext): DefinitionProblem[] {
  const p: DefinitionProblem[] = [];
  const add = (path: string, message: string) => p.push({ path, message });
  if (def.referenceDate && !validMonthDay(def.referenceDate))
    add('/referenceDate', `"${def.referenceDate}" is not a date that exists every year (MM-DD)`);
  const age = def.population?.age;
  if (age?.min !== undefined && age.max !== undefined && age.min > age.max)
    add('/population/age', `min ${age.min} is above max ${age.max}`);
  const params = def.parameters ?? {};
  for (const [name, pd] of Object.entries(params)) {
    if (pd.minimum !== undefined && pd.default < pd.minimum)
      add(`/parameters/${name}/default`, `default ${pd.default} is below minimum ${pd.minimum}`);
  }
  const sets = def.codeSets ?? {};
  for (const [name, cs] of Object.entries(sets)) {
    const at = `/codeSets/${name}`;
    const list = ctx.codelists.get(cs.codelist);
    if (!list) {
      add(
        `${at}/codelist`,
        `unknown code list "${cs.codelist}" (known: ${[...ctx.codelists.keys()].sort().join(', ') || 'none'})`,
      );
      continue;
    }
    if (cs.version && cs.version !== list.version)
      add(
        `${at}/version`,
        `code list "${cs.codelist}" is version ${list.version}, the definition pins ${cs.version}`,
      );
    cs.systems?.forEach((s, i) => {
      if (!list.systems.has(s))
        add(`${at}/systems/${i}`, `code list "${cs.codelist}" has no ${s} codes`);
    });
    for (const key of ['conditions', 'excludeConditions'] as const) {
      cs[key]?.forEach((c, i) => {
        if (!list.conditions.has(c))
          add(`${at}/${key}/${i}`, `code list "${cs.codelist}" has no condition "${c}"`);
      });
    }
  }
  const num = (x: NumberOrParam | undefined, path: string) => {
    if (x !== undefined && typeof x === 'object' && !(x.param in params))
      add(path, `unknown parameter "${x.param}" (define it under /parameters)`);
  };
  for (const { path, criterion: c } of criteria(def)) {
    if ('window' in c) checkWindow(c.window, `${path}/window`, add);
    const setSystems = (name: string, at: string): Set<string> | undefined => {
      const cs = sets[name];
      if (!cs) {
        add(at, `unknown code set "${name}" (define it under /codeSets)`);
        return undefined;
      }
      const list = ctx.codelists.get(cs.codelist);
      return list ? new Set(cs.systems ?? list.systems) : undefined;
    };
    const checkSource = (
      s: SourceRef,
      at: string,
      codeSet: string | undefined,
      codeSetAt: string,
    ) => {
      const spec = SOURCES[s.source];
      if (!spec) {
        add(
          `${at}/source`,
          `unknown source "${s.source}" (known: ${Object.keys(SOURCES).sort().join(', ')})`,
        );
        return;
      }
      for (const [col, values] of Object.entries(s.filters ?? {})) {
        const f = spec.filters[col];
        if (!f) {
          add(
            `${at}/filters/${col}`,
            `unknown column "${col}" in ${s.source} (filterable: ${Object.keys(spec.filters).join(', ')})`,
          );
          continue;
        }
        values.forEach((v, i) => {
          if (f.type === 'boolean' && typeof v !== 'boolean')
            add(`${at}/filters/${col}/${i}`, `${col} is true/false, got ${JSON.stringify(v)}`);
          if (f.type === 'string' && typeof v !== 'string')
            add(`${at}/filters/${col}/${i}`, `${col} takes text values, got ${JSON.stringify(v)}`);
          if (f.values && typeof v === 'string' && !f.values.includes(v))
            add(
              `${at}/filters/${col}/${i}`,
              `"${v}" is not a value of ${col} (${f.values.join(', ')})`,
            );
        });
      }
      if (s.positions && spec.codes.length === 0)
        add(`${at}/positions`, `${s.source} has no diagnosis codes`);
      s.systems?.forEach((sys, i) => {
        if (!spec.codes.some((cc) => cc.system === sys))
          add(`${at}/systems/${i}`, `${s.source} has no ${sys} codes`);
      });
      if (codeSet !== undefined) {
        const systems = setSystems(codeSet, codeSetAt);
        if (spec.codes.length === 0)
          add(`${at}/source`, `${s.source} has no diagnosis codes to match code set "${codeSet}"`);
        else if (systems && !spec.codes.some((cc) => systems.has(cc.system))) {
          add(
            `${at}/source`,
            `${s.source} has no ${[...systems].join('/')} codes for code set "${codeSet}"`,
          );
        }
      }
    };
    switch (c.type) {
      case 'events':
        checkSource(c, path, c.codeSet, `${path}/codeSet`);
        num(c.minEvents, `${path}/minEvents`);
        if (typeof c.minEvents === 'number' && c.minEvents < 1)
          add(`${path}/minEvents`, 'must be at least 1');
        break;
      case 'conditions': {
        c.sources.forEach((s, i) =>
          checkSource(s, `${path}/sources/${i}`, c.codeSet, `${path}/codeSet`),
        );
        num(c.minConditions, `${path}/minConditions`);
        num(c.minOrganSystems, `${path}/minOrganSystems`);
        if (c.minConditions === undefined && c.minOrganSystems === undefined)
          add(path, 'give minConditions and/or minOrganSystems');
        const list = sets[c.codeSet] && ctx.codelists.get(sets[c.codeSet]!.codelist);
        if (list && c.minOrganSystems !== undefined && !list.hasOrganSystems)
          add(
            `${path}/minOrganSystems`,
            `code list "${list.id}" has no organ_system column values`,
          );
        break;
      }
      case 'score': {
        c.sources.forEach((s, i) =>
          checkSource(s, `${path}/sources/${i}`, c.codeSet, `${path}/codeSet`),
        );
        num(c.min, `${path}/min`);
        num(c.above, `${path}/above`);
        const cs = sets[c.codeSet];
        const list = cs && ctx.codelists.get(cs.codelist);
        if (list && !list.hasWeights)
          add(`${path}/codeSet`, `code list "${list.id}" has no weights`);
        c.hierarchy?.forEach((h, i) => {
          for (const k of ['present', 'drop'] as const)
            if (list && !list.conditions.has(h[k]))
              add(
                `${path}/hierarchy/${i}/${k}`,
                `code list "${list.id}" has no condition "${h[k]}"`,
              );
        });
        c.bands?.forEach((b, i) => {
          const lo = b.gte ?? b.gt;
          const hi = b.lte ?? b.lt;
          if (b.gte !== undefined && b.gt !== undefined)
            add(`${path}/bands/${i}`, 'give gte or gt, not both');
          if (b.lte !== undefined && b.lt !== undefined)
            add(`${path}/bands/${i}`, 'give lte or lt, not both');
          if (
            lo !== undefined &&
            hi !== undefined &&
            (lo > hi || (lo === hi && (b.gt !== undefined || b.lt !== undefined)))
          )
            add(`${path}/bands/${i}`, `band "${b.label}" is empty`);
        });
        break;
      }
      case 'services':
        if (!c.serviceCodes && !c.serviceGroups)
          add(path, 'give serviceCodes and/or serviceGroups');
        c.serviceGroups?.forEach((g, i) => {
          const values = SOURCES['municipal_service']!.filters['service_group']!.values!;
          if (!values.includes(g))
            add(
              `${path}/serviceGroups/${i}`,
              `"${g}" is not a service group (${values.join(', ')})`,
            );
        });
        break;
      case 'function':
        break;
      case 'cohort':
        c.cohorts.forEach((id, i) => {
          if (id === def.id) add(`${path}/cohorts/${i}`, 'a cohort cannot refer to itself');
          else if (ctx.cohortSpaces && !ctx.cohortSpaces.has(id))
            add(`${path}/cohorts/${i}`, `unknown cohort "${id}"`);
        });
        break;
    }
  }
  const space = derivedIdSpace(def, ctx.cohortSpaces);
  if (space === 'mixed')
    add(
      def.idSpace ? '/idSpace' : '/',
      'the rules read both NPR and KPR data (different person ids); declare "idSpace": "linked" to join them through person_link',
    );
  else if (def.idSpace && def.idSpace !== 'linked') {
    for (const { path, criterion: c } of criteria(def)) {
      for (const s of criterionSources(c)) {
        const spec = SOURCES[s];
        if (spec && spec.idSpace !== def.idSpace)
          add(
            path,
            `source ${s} has ${spec.idSpace.toUpperCase()} ids but the cohort's idSpace is ${def.idSpace}`,
          );
      }
    }
  }
  return p;
}

function checkWindow(w: Window, at: string, add: (p: string, m: string) => void): void {
  const keys = Object.keys(w);
  if (keys.length !== 1) {
    add(at, 'give exactly one of months or days');
    return;
  }
  if (w.months !== undefined && (w.months < 1 || w.months > MAX_MONTHS))
    add(`${at}/months`, `impossible window of ${w.months} months (1–${MAX_MONTHS})`);
  if (w.days !== undefined && (w.days < 1 || w.days > MAX_DAYS))
    add(`${at}/days`, `impossible window of ${w.days} days (1–${MAX_DAYS})`);
}

function validMonthDay(md: string): boolean {
  const [m, d] = md.split('-').map(Number) as [number, number];
  if (m < 1 || m > 12 || d < 1) return false;
  const days = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]!;
  return d <= days;
}

/** Throw {@link InputDataError} `BAD_COHORT_DEFINITION` listing the problems with their JSON paths. */
export function assertValidDefinition(
  value: unknown,
  ctx: ValidationContext,
  file: string,
): CohortDefinition {
  const problems = definitionProblems(value, ctx);
  if (problems.length > 0) {
    const text = problems
      .slice(0, 6)
      .map((x) => `at ${x.path}: ${x.message}`)
      .join('; ');
    throw new InputDataError(
      'BAD_COHORT_DEFINITION',
      `invalid cohort definition: ${text}${problems.length > 6 ? ` (and ${problems.length - 6} more)` : ''}`,
      { file },
      { problems },
    );
  }
  return value as CohortDefinition;
}
