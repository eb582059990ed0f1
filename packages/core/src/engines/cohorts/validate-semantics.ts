/**
 * The checks of a cohort definition that its JSON Schema cannot express: unknown code lists, code
 * sets, sources, filter columns and values, parameters and cohorts; impossible windows, reference
 * dates, age ranges and score bands; NPR and KPR sources mixed without `"idSpace": "linked"`.
 * Problems come in the order of the definition, each with its JSON path.
 */
import { SOURCES } from '../../catalogue/sources.js';
import { criteria, criterionSources, derivedIdSpace } from './criteria.js';
import type {
  CodeSetDef,
  CohortDefinition,
  Criterion,
  IdSpace,
  NumberOrParam,
  SourceRef,
  Window,
} from './types.js';
import type { CodelistCatalogue } from './codelists.js';

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

type Add = (path: string, message: string) => void;

/** What every check of one definition shares. */
interface Check {
  def: CohortDefinition;
  ctx: ValidationContext;
  sets: Readonly<Record<string, CodeSetDef>>;
  params: Readonly<Record<string, unknown>>;
  add: Add;
}

/** Every problem of a definition that passed its JSON Schema. */
export function semanticProblems(
  def: CohortDefinition,
  ctx: ValidationContext,
): DefinitionProblem[] {
  const p: DefinitionProblem[] = [];
  const k: Check = {
    def,
    ctx,
    sets: def.codeSets ?? {},
    params: def.parameters ?? {},
    add: (path, message) => p.push({ path, message }),
  };
  headerProblems(k);
  codeSetProblems(k);
  for (const { path, criterion } of criteria(def)) criterionProblems(k, path, criterion);
  idSpaceProblems(k);
  return p;
}

/** Reference date, age range and parameter defaults. */
function headerProblems({ def, add }: Check): void {
  if (def.referenceDate && !validMonthDay(def.referenceDate))
    add('/referenceDate', `"${def.referenceDate}" is not a date that exists every year (MM-DD)`);
  const age = def.population?.age;
  if (age?.min !== undefined && age.max !== undefined && age.min > age.max)
    add('/population/age', `min ${age.min} is above max ${age.max}`);
  for (const [name, pd] of Object.entries(def.parameters ?? {})) {
    if (pd.minimum !== undefined && pd.default < pd.minimum)
      add(`/parameters/${name}/default`, `default ${pd.default} is below minimum ${pd.minimum}`);
  }
}

/** Each code set names a known code list, its version, systems and conditions. */
function codeSetProblems({ ctx, sets, add }: Check): void {
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
}

/** A number, or a reference to a parameter that must exist. */
function checkNumber(k: Check, x: NumberOrParam | undefined, path: string): void {
  if (x !== undefined && typeof x === 'object' && !(x.param in k.params))
    k.add(path, `unknown parameter "${x.param}" (define it under /parameters)`);
}

/** The systems a code set matches, or undefined (with a problem) when the set is unknown. */
function setSystems(k: Check, name: string, at: string): Set<string> | undefined {
  const cs = k.sets[name];
  if (!cs) {
    k.add(at, `unknown code set "${name}" (define it under /codeSets)`);
    return undefined;
  }
  const list = k.ctx.codelists.get(cs.codelist);
  return list ? new Set(cs.systems ?? list.systems) : undefined;
}

/** A source reference: known source, known filter columns and values, codes to match. */
function sourceProblems(
  k: Check,
  s: SourceRef,
  at: string,
  codeSet: string | undefined,
  codeSetAt: string,
): void {
  const { add } = k;
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
    const systems = setSystems(k, codeSet, codeSetAt);
    if (spec.codes.length === 0)
      add(`${at}/source`, `${s.source} has no diagnosis codes to match code set "${codeSet}"`);
    else if (systems && !spec.codes.some((cc) => systems.has(cc.system))) {
      add(
        `${at}/source`,
        `${s.source} has no ${[...systems].join('/')} codes for code set "${codeSet}"`,
      );
    }
  }
}

/** One criterion, by its type. */
function criterionProblems(k: Check, path: string, c: Criterion): void {
  if ('window' in c) checkWindow(c.window, `${path}/window`, k.add);
  switch (c.type) {
    case 'events':
      sourceProblems(k, c, path, c.codeSet, `${path}/codeSet`);
      checkNumber(k, c.minEvents, `${path}/minEvents`);
      if (typeof c.minEvents === 'number' && c.minEvents < 1)
        k.add(`${path}/minEvents`, 'must be at least 1');
      break;
    case 'conditions': {
      c.sources.forEach((s, i) =>
        sourceProblems(k, s, `${path}/sources/${i}`, c.codeSet, `${path}/codeSet`),
      );
      checkNumber(k, c.minConditions, `${path}/minConditions`);
      checkNumber(k, c.minOrganSystems, `${path}/minOrganSystems`);
      if (c.minConditions === undefined && c.minOrganSystems === undefined)
        k.add(path, 'give minConditions and/or minOrganSystems');
      const list = k.sets[c.codeSet] && k.ctx.codelists.get(k.sets[c.codeSet]!.codelist);
      if (list && c.minOrganSystems !== undefined && !list.hasOrganSystems)
        k.add(
          `${path}/minOrganSystems`,
          `code list "${list.id}" has no organ_system column values`,
        );
      break;
    }
    case 'score':
      scoreProblems(k, path, c);
      break;
    case 'services':
      if (!c.serviceCodes && !c.serviceGroups)
        k.add(path, 'give serviceCodes and/or serviceGroups');
      c.serviceGroups?.forEach((g, i) => {
        const values = SOURCES['municipal_service']!.filters['service_group']!.values!;
        if (!values.includes(g))
          k.add(
            `${path}/serviceGroups/${i}`,
            `"${g}" is not a service group (${values.join(', ')})`,
          );
      });
      break;
    case 'function':
      break;
    case 'cohort':
      c.cohorts.forEach((id, i) => {
        if (id === k.def.id) k.add(`${path}/cohorts/${i}`, 'a cohort cannot refer to itself');
        else if (k.ctx.cohortSpaces && !k.ctx.cohortSpaces.has(id))
          k.add(`${path}/cohorts/${i}`, `unknown cohort "${id}"`);
      });
      break;
  }
}

/** A score criterion: its sources, weights, hierarchy and bands. */
function scoreProblems(k: Check, path: string, c: Extract<Criterion, { type: 'score' }>): void {
  const { add } = k;
  c.sources.forEach((s, i) =>
    sourceProblems(k, s, `${path}/sources/${i}`, c.codeSet, `${path}/codeSet`),
  );
  checkNumber(k, c.min, `${path}/min`);
  checkNumber(k, c.above, `${path}/above`);
  const cs = k.sets[c.codeSet];
  const list = cs && k.ctx.codelists.get(cs.codelist);
  if (list && !list.hasWeights) add(`${path}/codeSet`, `code list "${list.id}" has no weights`);
  c.hierarchy?.forEach((h, i) => {
    for (const key of ['present', 'drop'] as const)
      if (list && !list.conditions.has(h[key]))
        add(`${path}/hierarchy/${i}/${key}`, `code list "${list.id}" has no condition "${h[key]}"`);
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
}

/** NPR and KPR sources mixed without linkage, or a source outside the declared id space. */
function idSpaceProblems({ def, ctx, add }: Check): void {
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
}

function checkWindow(w: Window, at: string, add: Add): void {
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
