/**
 * The indicator catalogue: built-in definitions (`packages/core/definitions/indicators/*.json`)
 * and a workspace's own (`<workspace>/definitions/indicators/*.json`, which add indicators or
 * replace a built-in one with the same id), validated against the JSON Schema and the rules it
 * cannot express.
 */
import { join } from 'node:path';
import { InputDataError } from '../../kernel/errors.js';
import { schemaProblems } from '../../kernel/util/json-schema.js';
import { CORE_ROOT, DEFINITIONS_DIR } from '../../kernel/util/paths.js';
import { readDefinitionsById } from '../../kernel/util/definitions.js';
import { INDICATOR_SOURCES } from '../../catalogue/sources.js';
import type {
  AgeRange,
  IndicatorDefinition,
  IndicatorFilter,
  LoadedIndicator,
  Measure,
} from './types.js';

/** Folder of the built-in indicator definitions. */
export const INDICATORS_DIR = join(DEFINITIONS_DIR, 'indicators');
/** Where a workspace keeps its own indicator definitions. */
export const WORKSPACE_INDICATORS_SUBDIR = join('definitions', 'indicators');
/** The published JSON Schema of an indicator definition. */
export const INDICATOR_SCHEMA_FILE = join(CORE_ROOT, 'schemas', 'indicator.schema.json');

/** One problem in a definition, located by its JSON path. */
export interface IndicatorProblem {
  path: string;
  message: string;
}

const sameAge = (a?: AgeRange, b?: AgeRange) =>
  (a?.from ?? 0) === (b?.from ?? 0) && (a?.to ?? null) === (b?.to ?? null);
const within = (inner: AgeRange, outer?: AgeRange) =>
  inner.from >= (outer?.from ?? 0) &&
  (outer?.to === undefined ||
    outer.to === null ||
    (inner.to !== undefined && inner.to !== null && inner.to <= outer.to));
const aligned = (a?: AgeRange) =>
  !a ||
  (a.from % 5 === 0 && (a.to === undefined || a.to === null || (a.to + 1) % 5 === 0 || a.to >= 90));

function filterProblems(
  filters: IndicatorFilter[] | undefined,
  source: string,
  path: string,
): IndicatorProblem[] {
  const cols = INDICATOR_SOURCES[source as keyof typeof INDICATOR_SOURCES]?.columns ?? {};
  const out: IndicatorProblem[] = [];
  (filters ?? []).forEach((f, i) => {
    if (!(f.column in cols))
      out.push({
        path: `${path}/${i}/column`,
        message: `source ${source} has no filter column "${f.column}"; known: ${Object.keys(cols).join(', ') || 'none'}`,
      });
  });
  return out;
}

function measureProblems(m: Measure, path: string, def: IndicatorDefinition): IndicatorProblem[] {
  const src = INDICATOR_SOURCES[m.source];
  if (!src) return [{ path: `${path}/source`, message: `unknown source "${String(m.source)}"` }];
  const out = filterProblems(m.where, m.source, `${path}/where`);
  if (typeof m.count === 'object' && !src.sums.includes(m.count.sum))
    out.push({
      path: `${path}/count/sum`,
      message: `source ${m.source} cannot sum "${m.count.sum}"; it can sum: ${src.sums.join(', ') || 'nothing'}`,
    });
  if (m.count === 'persons' && src.idSpace === 'none')
    out.push({ path: `${path}/count`, message: `source ${m.source} has no persons` });
  if ((m.age && !sameAge(m.age, def.population?.age)) || (m.sex && m.sex !== def.population?.sex)) {
    out.push({
      path,
      message: `the ${path.slice(1)}'s age/sex restriction differs from the indicator's population restriction (numerator and denominator must share it; put it in "population")`,
    });
  }
  return out;
}

/**
 * A median indicator: `medianOf` a numeric column of the numerator's source, the numerator and the
 * denominator the same count of rows (so they are one published cell), no interval, no
 * standardisation.
 */
function medianProblems(def: IndicatorDefinition): IndicatorProblem[] {
  const out: IndicatorProblem[] = [];
  const src = INDICATOR_SOURCES[def.numerator.source];
  const col = def.medianOf;
  if (!col || !src || src.columns[col] !== 'number')
    out.push({
      path: '/medianOf',
      message: `a median needs "medianOf", a numeric column of ${def.numerator.source}`,
    });
  const den = def.denominator;
  const same =
    den.kind === 'events' &&
    def.numerator.count === 'events' &&
    den.count === 'events' &&
    den.source === def.numerator.source &&
    JSON.stringify(den.where ?? []) === JSON.stringify(def.numerator.where ?? []) &&
    den.cohort === def.numerator.cohort;
  if (!same)
    out.push({
      path: '/denominator',
      message:
        'a median counts its rows: numerator and denominator must be the same events (same source and filters)',
    });
  if ((def.confidence ?? 'none') !== 'none' || def.standardisation === 'direct')
    out.push({
      path: '/confidence',
      message: 'a median has no confidence interval and no standardisation here',
    });
  return out;
}

/** Every problem of a definition (empty when valid), each with its JSON path. */
export function indicatorProblems(value: unknown): IndicatorProblem[] {
  const schema = schemaProblems(INDICATOR_SCHEMA_FILE, value);
  if (schema.length) return schema.map((p) => ({ path: p.path, message: p.message }));
  const def = value as IndicatorDefinition;
  const out: IndicatorProblem[] = [...measureProblems(def.numerator, '/numerator', def)];
  const den = def.denominator;
  if (den.kind === 'events') out.push(...measureProblems(den, '/denominator', def));
  else if (
    (den.age && !sameAge(den.age, def.population?.age)) ||
    (den.sex && den.sex !== def.population?.sex)
  ) {
    out.push({
      path: '/denominator',
      message: `the denominator's age/sex restriction differs from the numerator's (the indicator's "population"); refused`,
    });
  }
  if (
    den.kind === 'cohort' &&
    !den.cohort &&
    !(def.breakdowns ?? []).some((b) => b.values.some((x) => x.cohort))
  ) {
    out.push({
      path: '/denominator',
      message: 'a cohort denominator needs "cohort" or a breakdown by cohort',
    });
  }
  if (def.kind === 'median') out.push(...medianProblems(def));
  else if (def.medianOf !== undefined)
    out.push({ path: '/medianOf', message: '"medianOf" belongs to an indicator of kind "median"' });
  if (def.kind === 'growth-comparison' && den.kind !== 'events')
    out.push({
      path: '/denominator',
      message:
        'a growth comparison compares two activities: the denominator must be events (the comparator)',
    });
  if (def.standardisation === 'direct') {
    if (den.kind !== 'population')
      out.push({
        path: '/standardisation',
        message: 'direct standardisation needs a population denominator',
      });
    if (!aligned(def.population?.age))
      out.push({
        path: '/population/age',
        message:
          'direct standardisation needs an age range on 5-year band limits (0–69, 70+, 80+ …)',
      });
  }
  (def.breakdowns ?? []).forEach((b, i) => {
    b.values.forEach((x, j) => {
      const p = `/breakdowns/${i}/values/${j}`;
      if (x.age && !within(x.age, def.population?.age))
        out.push({
          path: `${p}/age`,
          message: "a breakdown age range must lie within the indicator's population age range",
        });
      if (x.age && def.standardisation === 'direct' && !aligned(x.age))
        out.push({ path: `${p}/age`, message: 'direct standardisation needs 5-year band limits' });
      out.push(...filterProblems(x.where, def.numerator.source, `${p}/where`));
      if (x.cohort && den.kind === 'population')
        out.push({
          path: `${p}/cohort`,
          message: 'a cohort breakdown needs a cohort (or events) denominator',
        });
    });
    if (b.partition && b.values.some((x) => x.cohort))
      out.push({
        path: `/breakdowns/${i}/partition`,
        message: 'cohorts overlap: a cohort breakdown cannot be a partition',
      });
    if (
      new Set(b.values.map((x) => x.code)).size !== b.values.length ||
      b.values.some((x) => x.code === 'all')
    )
      out.push({
        path: `/breakdowns/${i}/values`,
        message: 'breakdown codes must be unique and not "all"',
      });
  });
  return out;
}

/** Validate, or throw `BAD_INDICATOR_DEFINITION` naming the file and every problem. */
export function assertValidIndicator(value: unknown, file?: string): IndicatorDefinition {
  const problems = indicatorProblems(value);
  if (problems.length) {
    const code = problems.some((p) => /restriction differs/.test(p.message))
      ? 'RESTRICTION_MISMATCH'
      : 'BAD_INDICATOR_DEFINITION';
    throw new InputDataError(
      code,
      `invalid indicator definition${file ? ` ${file}` : ''}: ${problems.map((p) => `at ${p.path}: ${p.message}`).join('; ')}`,
      { file: file ?? '(in memory)' },
    );
  }
  return value as IndicatorDefinition;
}

/**
 * Load the catalogue: built-in definitions, then the workspace's own, which add indicators or
 * replace a built-in one with the same id. Sorted by id.
 */
export function loadIndicatorLibrary(workspaceDir?: string): Map<string, LoadedIndicator> {
  const raw = readDefinitionsById(
    'indicator',
    INDICATORS_DIR,
    workspaceDir ? join(workspaceDir, WORKSPACE_INDICATORS_SUBDIR) : undefined,
  );
  const out = new Map<string, LoadedIndicator>();
  for (const id of [...raw.keys()].sort()) {
    const r = raw.get(id)!;
    const definition = assertValidIndicator(r.value, r.file);
    out.set(id, {
      definition,
      file: r.file,
      builtIn: r.builtIn,
      needsLinkage: INDICATOR_SOURCES[definition.numerator.source].needsLinkage,
    });
  }
  return out;
}
