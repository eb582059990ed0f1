/**
 * SQL for single criteria. Every value reaches SQL through `sql.ts` (`lit`, `str`, `int`,
 * `inList`); names of CTEs are generated from indexes, never from user text.
 */
import { UsageError } from '../../kernel/errors.js';
import { inList, int, lit } from '../../kernel/sql.js';
import { SOURCES } from '../../catalogue/sources.js';
import type { Band, Criterion, IdSpace, NumberOrParam, SourceRef, Window } from './types.js';

/** What a criterion compiler needs from its surroundings. */
export interface CriterionContext {
  /** Id space of the cohort being compiled. */
  space: IdSpace;
  /** Month and day of the reference date. */
  refMonth: number;
  refDay: number;
  /** Key of a code set of this cohort in the shared `cs` CTE. */
  setKey(name: string): string;
  /** Resolve a number or a parameter reference. */
  num(x: NumberOrParam | undefined, fallback: number): number;
  /** Name of the member CTE of another cohort and its id space. */
  memberCte(id: string): { cte: string; space: IdSpace };
}

/** A compiled criterion: the CTE body and the flag expression over its alias. */
export interface CompiledCriterion {
  body: string;
  /** Boolean SQL expression over alias `a` (LEFT JOINed on year and person). */
  flag(a: string): string;
  /**
   * When the criterion can only hold for a person with a row in its CTE: an expression true
   * exactly when `flag` is and NULL when the LEFT JOIN found no row, so that a WHERE on it lets
   * DuckDB turn the LEFT JOIN into an inner one. Absent when an absent row can pass (a score
   * threshold of 0 or below).
   */
  requires?(a: string): string;
  /** SQL of the score (score criteria only). */
  score?(a: string): string;
  bands?: Band[];
}

/** `make_date(y.year, m, d)`: the reference date of a year. */
export function refDate(
  ctx: Pick<CriterionContext, 'refMonth' | 'refDay'>,
  yearExpr = 'y.year',
): string {
  return `make_date(${yearExpr}, ${int(ctx.refMonth)}, ${int(ctx.refDay)})`;
}

/** The exclusive start of a window: `reference date − window`. */
export function windowStart(ctx: Pick<CriterionContext, 'refMonth' | 'refDay'>, w: Window): string {
  const unit = w.months !== undefined ? `${int(w.months)} MONTH` : `${int(w.days ?? 0)} DAY`;
  return `CAST(${refDate(ctx)} - INTERVAL ${unit} AS DATE)`;
}

/** Event date in (start, reference date]. */
function inWindow(ctx: CriterionContext, w: Window, date = 'h.event_date'): string {
  return `${date} > ${windowStart(ctx, w)} AND ${date} <= ${refDate(ctx)}`;
}

/** FROM clause for a source with the person id mapped into the cohort's id space. */
function fromSource(
  ctx: CriterionContext,
  source: string,
  cte: string,
): { from: string; pid: string } {
  const spec = SOURCES[source];
  if (!spec) throw new UsageError('UNKNOWN_SOURCE', `unknown source ${source}`);
  if (ctx.space === 'linked' && spec.idSpace === 'kpr') {
    return { from: `${cte} h JOIN lnk ON lnk.kpr_id = h.person_id`, pid: 'lnk.npr_id' };
  }
  return { from: `${cte} h`, pid: 'h.person_id' };
}

function filterSql(s: SourceRef): string[] {
  const out: string[] = [];
  for (const col of Object.keys(s.filters ?? {}).sort()) {
    const spec = SOURCES[s.source]?.filters[col];
    if (!spec) throw new UsageError('UNKNOWN_COLUMN', `unknown column ${col} in ${s.source}`);
    const values = s.filters![col]!;
    out.push(`h.${col} IN (${values.map((v) => lit(v)).join(', ')})`);
  }
  return out;
}

function positionSql(s: SourceRef): string[] {
  const out: string[] = [];
  if (s.positions && s.positions.length < 2)
    out.push(`h.position IN ${inList([...s.positions].sort())}`);
  if (s.systems) out.push(`h.system IN ${inList([...s.systems].sort())}`);
  return out;
}

/** Matched code rows of one source for one code set, in the window, mapped to the cohort's ids. */
function hitRows(
  ctx: CriterionContext,
  s: SourceRef,
  codeSet: string,
  w: Window,
  cols: string,
): string {
  const { from, pid } = fromSource(ctx, s.source, `hit_${s.source}`);
  const where = [
    `h.set_key = ${lit(ctx.setKey(codeSet))}`,
    inWindow(ctx, w),
    ...positionSql(s),
    ...filterSql(s),
  ];
  return `SELECT y.year, ${pid} AS person_id, ${cols} FROM ${from} CROSS JOIN y WHERE ${where.join(' AND ')}`;
}

function threshold(value: string, min: number | undefined, above: number | undefined): string {
  const parts: string[] = [];
  if (min !== undefined) parts.push(`${value} >= ${lit(min)}`);
  if (above !== undefined) parts.push(`${value} > ${lit(above)}`);
  return parts.length ? `(${parts.join(' AND ')})` : 'TRUE';
}

/** SQL of one criterion. */
export function compileCriterion(c: Criterion, ctx: CriterionContext): CompiledCriterion {
  const passFlag = (a: string) => `coalesce(${a}.pass, FALSE)`;
  const requiresPass = (a: string) => `${a}.pass`;
  switch (c.type) {
    case 'events': {
      const n = ctx.num(c.minEvents, 1);
      const counted = c.distinctDates ? 'h.event_date' : 'h.event_id';
      let body: string;
      if (c.codeSet !== undefined) {
        body = `SELECT year, person_id, count(DISTINCT counted) >= ${lit(n)} AS pass FROM (${hitRows(ctx, c, c.codeSet, c.window, `${counted} AS counted`)}) GROUP BY year, person_id`;
      } else {
        const { from, pid } = fromSource(ctx, c.source, `ev_${c.source}`);
        const where = [inWindow(ctx, c.window), ...filterSql(c)];
        body = `SELECT y.year, ${pid} AS person_id, count(DISTINCT ${counted}) >= ${lit(n)} AS pass FROM ${from} CROSS JOIN y WHERE ${where.join(' AND ')} GROUP BY y.year, ${pid}`;
      }
      return { body, flag: passFlag, requires: requiresPass };
    }
    case 'conditions': {
      const rows = c.sources
        .map((s) => hitRows(ctx, s, c.codeSet, c.window, 'h.condition, h.organ_system'))
        .join(' UNION ALL ');
      const tests: string[] = [];
      if (c.minConditions !== undefined)
        tests.push(`count(DISTINCT condition) >= ${lit(ctx.num(c.minConditions, 0))}`);
      if (c.minOrganSystems !== undefined)
        tests.push(`count(DISTINCT organ_system) >= ${lit(ctx.num(c.minOrganSystems, 0))}`);
      return {
        body: `SELECT year, person_id, ${tests.join(' AND ')} AS pass FROM (${rows}) GROUP BY year, person_id`,
        flag: passFlag,
        requires: requiresPass,
      };
    }
    case 'score': {
      const unit = { code: 'h.list_code', code3: 'left(h.code, 3)', condition: 'h.condition' }[
        c.countOnce
      ];
      const rows = c.sources
        .map((s) => hitRows(ctx, s, c.codeSet, c.window, `${unit} AS unit, h.condition, h.weight`))
        .join(' UNION ALL ');
      const units = `SELECT year, person_id, unit, max(weight) AS weight, min(condition) AS condition FROM (${rows}) GROUP BY year, person_id, unit`;
      const drops = (c.hierarchy ?? []).map(
        (h) => `(condition = ${lit(h.drop)} AND list_contains(conds, ${lit(h.present)}))`,
      );
      const body = drops.length
        ? `SELECT year, person_id, round(sum(weight), 6) AS score FROM (SELECT *, list(condition) OVER (PARTITION BY year, person_id) AS conds FROM (${units})) WHERE NOT (${drops.join(' OR ')}) GROUP BY year, person_id`
        : `SELECT year, person_id, round(sum(weight), 6) AS score FROM (${units}) GROUP BY year, person_id`;
      const min = c.min === undefined ? undefined : ctx.num(c.min, 0);
      const above = c.above === undefined ? undefined : ctx.num(c.above, 0);
      const score = (a: string) => `coalesce(${a}.score, 0)`;
      // A person without coded events scores 0: only a threshold above 0 needs a row.
      const needsRow = (min !== undefined && min > 0) || (above !== undefined && above >= 0);
      return {
        body,
        flag: (a) => threshold(score(a), min, above),
        ...(needsRow ? { requires: (a: string) => threshold(`${a}.score`, min, above) } : {}),
        score,
        ...(c.bands ? { bands: c.bands } : {}),
      };
    }
    case 'services': {
      const { from, pid } = fromSource(ctx, 'municipal_service', 'ev_municipal_service');
      const which: string[] = [];
      if (c.serviceCodes) which.push(`h.service_code IN ${inList([...c.serviceCodes].sort())}`);
      if (c.serviceGroups) which.push(`h.service_group IN ${inList([...c.serviceGroups].sort())}`);
      const where = [
        `(${which.join(' OR ')})`,
        `h.event_date <= ${refDate(ctx)}`,
        `(h.end_date IS NULL OR h.end_date > ${windowStart(ctx, c.window)})`,
      ];
      if (c.minHoursPerWeek !== undefined)
        where.push(`h.hours_per_week >= ${lit(c.minHoursPerWeek)}`);
      return {
        body: `SELECT DISTINCT y.year, ${pid} AS person_id, TRUE AS pass FROM ${from} CROSS JOIN y WHERE ${where.join(' AND ')}`,
        flag: passFlag,
        requires: requiresPass,
      };
    }
    case 'function': {
      const { from, pid } = fromSource(ctx, 'function_assessment', 'ev_function_assessment');
      const levels = inList([...c.needLevels].sort());
      const agg =
        (c.assessment ?? 'latest') === 'latest'
          ? `arg_max(h.need_level, strftime(h.event_date, '%Y-%m-%d') || ' ' || h.event_id) IN ${levels}`
          : `bool_or(h.need_level IN ${levels})`;
      return {
        body: `SELECT y.year, ${pid} AS person_id, ${agg} AS pass FROM ${from} CROSS JOIN y WHERE ${inWindow(ctx, c.window)} GROUP BY y.year, ${pid}`,
        flag: passFlag,
        requires: requiresPass,
      };
    }
    case 'cohort': {
      const parts = c.cohorts.map((id) => {
        const m = ctx.memberCte(id);
        if (m.space === ctx.space || (ctx.space === 'linked' && m.space === 'npr'))
          return `SELECT year, person_id FROM ${m.cte}`;
        if (ctx.space === 'linked' && m.space === 'kpr')
          return `SELECT m.year, lnk.npr_id AS person_id FROM ${m.cte} m JOIN lnk ON lnk.kpr_id = m.person_id`;
        throw new UsageError(
          'COHORT_ID_SPACE',
          `cohort "${id}" has ${m.space} ids and cannot be combined with a ${ctx.space} cohort`,
        );
      });
      const op = { union: 'UNION', intersection: 'INTERSECT', difference: 'EXCEPT' }[c.op];
      return {
        body: `SELECT year, person_id, TRUE AS pass FROM (${parts.join(` ${op} `)})`,
        flag: passFlag,
        requires: requiresPass,
      };
    }
  }
}

/** `CASE` expression giving the label of the first band a score falls in (NULL when none). */
export function bandSql(score: string, bands: readonly Band[]): string {
  const whens = bands.map((b) => {
    const t: string[] = [];
    if (b.gte !== undefined) t.push(`${score} >= ${lit(b.gte)}`);
    if (b.gt !== undefined) t.push(`${score} > ${lit(b.gt)}`);
    if (b.lte !== undefined) t.push(`${score} <= ${lit(b.lte)}`);
    if (b.lt !== undefined) t.push(`${score} < ${lit(b.lt)}`);
    return `WHEN ${t.length ? t.join(' AND ') : 'TRUE'} THEN ${lit(b.label)}`;
  });
  return `CASE ${whens.join(' ')} END`;
}
