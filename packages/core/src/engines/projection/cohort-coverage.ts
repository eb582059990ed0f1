import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { inList } from '../../kernel/sql.js';
import { tableExists } from './temp-tables.js';
import type { ProjectionWarning, ServiceLineDef } from './types.js';

/** The cohorts a `cohort_member` line counts (from its cohort_id filter; empty = every cohort). */
function cohortsOf(def: ServiceLineDef): string[] {
  const ids: string[] = [];
  for (const f of def.source.filters ?? [])
    if (f.column === 'cohort_id' && (f.op === 'in' || f.op === 'eq'))
      ids.push(...(f.values ?? []).map(String));
  return ids;
}

/** The years each cohort has been computed for (`cohort_attrition`, or members in `cohort_member`). */
async function computedYears(db: Db, years: readonly number[]): Promise<Map<string, Set<number>>> {
  const parts: string[] = [];
  for (const t of ['cohort_attrition', 'cohort_member'])
    if (await tableExists(db, t))
      parts.push(`SELECT DISTINCT cohort_id, year FROM ${t} WHERE year IN ${inList([...years])}`);
  const out = new Map<string, Set<number>>();
  if (parts.length === 0) return out;
  const rows = await db.all<{ cohort_id: string; year: number }>(
    `SELECT DISTINCT cohort_id, year::INTEGER AS year FROM (${parts.join(' UNION ALL ')}) ORDER BY 1, 2`,
  );
  for (const r of rows) out.set(r.cohort_id, (out.get(r.cohort_id) ?? new Set()).add(r.year));
  return out;
}

/**
 * Lines that count cohort members (`cohort_member`) need their cohorts computed for every base
 * year: a rate pooled over years with and without members would shrink the line under the same
 * label. A line whose cohorts were computed for some base years but not all is refused
 * (`COHORTS_MISSING`, naming the command that computes them); a line whose cohorts were computed
 * for none of them is left out with a warning (`COHORTS_NOT_COMPUTED`). Returns the ids of the
 * lines left out.
 */
export async function cohortCoverage(
  db: Db,
  usable: readonly ServiceLineDef[],
  baseYears: readonly number[],
  warn: (w: ProjectionWarning) => void,
): Promise<Set<string>> {
  const lines = usable.filter((d) => d.source.table === 'cohort_member');
  const left = new Set<string>();
  if (lines.length === 0) return left;
  const computed = await computedYears(db, baseYears);
  const span =
    baseYears.length > 1 ? `${baseYears[0]}-${baseYears[baseYears.length - 1]}` : `${baseYears[0]}`;
  for (const def of lines) {
    const ids = cohortsOf(def);
    const cohorts = ids.length ? ids : [...computed.keys()];
    const done = baseYears.filter(
      (y) => cohorts.length > 0 && cohorts.every((c) => computed.get(c)?.has(y)),
    );
    if (done.length === 0) {
      left.add(def.id);
      continue;
    }
    const missing = baseYears.filter((y) => !done.includes(y));
    if (missing.length === 0) continue;
    const which = ids.length ? ids.join(', ') : 'every cohort';
    throw new UsageError(
      'COHORTS_MISSING',
      `service line ${def.id} counts members of ${which}, computed for ${done.join(', ')} but not for ${missing.join(', ')} of the base period ${baseYears.join(', ')}; compute ${ids.length > 1 || !ids.length ? 'them' : 'it'} with: felles cohorts run --year ${span}${ids.map((c) => ` --id ${c}`).join('')} (or leave the line out with --lines)`,
      { line: def.id, cohorts: ids, missing },
    );
  }
  if (left.size)
    warn({
      code: 'COHORTS_NOT_COMPUTED',
      message: `${left.size} service line${left.size > 1 ? 's' : ''} left out: their cohorts have not been computed for the base years ${baseYears.join(', ')} (felles cohorts run --year ${span}): ${[...left].join(', ')}`,
    });
  return left;
}
