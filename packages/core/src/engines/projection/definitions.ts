import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { describeProblems, schemaProblems } from '../../kernel/util/json-schema.js';
import { DEFINITIONS_DIR } from '../../kernel/util/paths.js';
import type { ChangeFactor, Scenario, ServiceLineDef } from './types.js';

/** Folder of the built-in scenarios and the scenario JSON Schema. */
export const SCENARIOS_DIR = join(DEFINITIONS_DIR, 'scenarios');
/** Folder of the built-in service-line definitions and their JSON Schema. */
export const SERVICE_LINES_DIR = join(DEFINITIONS_DIR, 'service-lines');

function readJson(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError('FILE_NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, {
      file,
    });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputDataError('BAD_JSON', `not valid JSON: ${(e as Error).message}`, { file });
  }
}

/**
 * Check a scenario object against `scenario.schema.json` and the rules the schema cannot say
 * (target ≥ start, interval low ≤ high, transfer from ≠ to, base period order). Throws
 * `InputDataError` naming the file and the first problems.
 */
export function validateScenario(value: unknown, file = '<scenario>'): Scenario {
  const problems = schemaProblems(join(SCENARIOS_DIR, 'scenario.schema.json'), value);
  if (problems.length)
    throw new InputDataError(
      'BAD_SCENARIO',
      `the scenario does not match its schema: ${describeProblems(problems)}`,
      { file },
    );
  const s = value as Scenario;
  const ids = new Set<string>();
  for (const f of s.factors) {
    const where = `factor "${f.id}"`;
    if (ids.has(f.id))
      throw new InputDataError('BAD_SCENARIO', `${where} is defined twice`, { file });
    ids.add(f.id);
    if (f.target < f.start)
      throw new InputDataError(
        'BAD_SCENARIO',
        `${where}: target year ${f.target} is before start year ${f.start}`,
        { file },
      );
    if (f.interval && f.interval[0] > f.interval[1])
      throw new InputDataError(
        'BAD_SCENARIO',
        `${where}: interval low ${f.interval[0]} is above high ${f.interval[1]}`,
        { file },
      );
    if ((f.type === 'task_transfer' || f.type === 'care_shift') && f.from === f.to)
      throw new InputDataError('BAD_SCENARIO', `${where}: from and to are the same line`, { file });
    const bad = checkRange(f);
    if (bad) throw new InputDataError('BAD_SCENARIO', `${where}: ${bad}`, { file });
  }
  if (
    s.basePeriod?.from !== undefined &&
    s.basePeriod.to !== undefined &&
    s.basePeriod.to < s.basePeriod.from
  )
    throw new InputDataError('BAD_SCENARIO', `basePeriod.to is before basePeriod.from`, { file });
  return s;
}

/** Valid values per factor type (also the clipping range of Monte Carlo draws). */
export function validRange(f: Pick<ChangeFactor, 'type'>): [number, number] {
  switch (f.type) {
    case 'trend':
      return [-99.999, 1000];
    case 'healthy_ageing':
      return [0, 30];
    case 'task_transfer':
    case 'care_shift':
      return [0, 100];
    default:
      return [-1000, 100];
  }
}

function checkRange(f: ChangeFactor): string | undefined {
  const [lo, hi] = validRange(f);
  const vals = f.value !== undefined ? [f.value] : (f.interval ?? []);
  for (const x of vals)
    if (x < lo || x > hi) return `value ${x} is outside ${lo}…${hi} for a ${f.type} factor`;
  return undefined;
}

/** Read and validate a scenario file. */
export function loadScenario(file: string): Scenario {
  return validateScenario(readJson(file), file);
}

/** A built-in scenario by id (file `definitions/scenarios/<id>.json`). */
export function builtinScenario(id: string): Scenario {
  const file = join(SCENARIOS_DIR, `${id}.json`);
  if (!existsSync(file))
    throw new UsageError(
      'UNKNOWN_SCENARIO',
      `no built-in scenario "${id}"; built in: ${builtinScenarioIds().join(', ')}`,
    );
  return loadScenario(file);
}

/** Ids of the built-in scenarios. */
export function builtinScenarioIds(): string[] {
  return readdirSync(SCENARIOS_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => f.slice(0, -5))
    .sort();
}

/** Validate a service-line file's contents; throws `InputDataError` naming the file. */
export function validateServiceLines(value: unknown, file = '<service lines>'): ServiceLineDef[] {
  const problems = schemaProblems(join(SERVICE_LINES_DIR, 'service-lines.schema.json'), value);
  if (problems.length)
    throw new InputDataError(
      'BAD_SERVICE_LINE',
      `the service-line file does not match its schema: ${describeProblems(problems)}`,
      { file },
    );
  return (value as { lines: ServiceLineDef[] }).lines;
}

/** Read service-line definitions from files (later files override earlier ids). */
export function loadServiceLines(files: readonly string[]): ServiceLineDef[] {
  const byId = new Map<string, ServiceLineDef>();
  for (const f of files) for (const d of validateServiceLines(readJson(f), f)) byId.set(d.id, d);
  return [...byId.values()];
}

/** The built-in service lines (`definitions/service-lines/*.json`). */
export function builtinServiceLines(): ServiceLineDef[] {
  const files = readdirSync(SERVICE_LINES_DIR)
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .sort()
    .map((f) => join(SERVICE_LINES_DIR, f));
  return loadServiceLines(files);
}

/** Does a line id match a pattern (`*` matches any run of characters)? */
export function matchesPattern(id: string, pattern: string): boolean {
  if (!pattern.includes('*')) return id === pattern;
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return re.test(id);
}
