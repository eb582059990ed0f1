import { join } from 'node:path';
import { InputDataError } from '../../kernel/errors.js';
import { informativeProblems, schemaProblems } from '../../kernel/util/json-schema.js';
import { CORE_ROOT } from '../../kernel/util/paths.js';
import {
  semanticProblems,
  type DefinitionProblem,
  type ValidationContext,
} from './validate-semantics.js';
import type { CohortDefinition } from './types.js';

export { criteria, criterionSources, derivedIdSpace } from './criteria.js';
export type { DefinitionProblem, ValidationContext } from './validate-semantics.js';

/** The published JSON Schema of a cohort definition. */
export const COHORT_SCHEMA_FILE = join(CORE_ROOT, 'schemas', 'cohort.schema.json');

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
