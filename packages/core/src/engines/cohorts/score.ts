import type { CohortDefinition } from './types.js';
import { criteria } from './validate.js';

/**
 * A cohort that describes a score rather than a group: it has a score criterion with bands and no
 * threshold (no `min`, no `above`), so everyone in its base passes and the score is what it
 * measures (e.g. `charlson`: everyone with a specialist contact, with their Charlson index).
 * Such a cohort is reported as the distribution of its members over the score bands, never as a
 * prevalence: its "members" are the people scored, not people with a condition.
 */
export function isScoreCohort(def: CohortDefinition): boolean {
  return criteria(def).some(
    ({ path, criterion: c }) =>
      c.type === 'score' &&
      !path.includes('/not') &&
      (c.bands?.length ?? 0) > 0 &&
      c.min === undefined &&
      c.above === undefined,
  );
}
