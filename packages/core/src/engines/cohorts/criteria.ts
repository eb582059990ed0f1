/**
 * Walking a cohort definition: its criteria with their JSON paths, the sources each reads, and the
 * id space the rules need.
 */
import { SOURCES } from '../../catalogue/sources.js';
import type { CohortDefinition, Criterion, IdSpace } from './types.js';

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
