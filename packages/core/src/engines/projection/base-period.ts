import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { exactSum, ident } from '../../kernel/sql.js';
import {
  lineEventsSql,
  sharedSourceTables,
  sourceRelationSql,
  sourceTableName,
} from './sources.js';
import { tableExists, type TempTables } from './temp-tables.js';
import type { ProjectionWarning, ServiceLineDef } from './types.js';

type Warn = (w: ProjectionWarning) => void;

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let y = from; y <= to; y++) out.push(y);
  return out;
}

/**
 * The lines whose source table exists and has rows; the others are skipped with one warning per
 * reason (`LINES_SKIPPED`). Refuses a run where no line is left (`NO_SERVICE_DATA`).
 */
export async function usableLines(
  db: Db,
  lines: readonly ServiceLineDef[],
  warn: Warn,
): Promise<ServiceLineDef[]> {
  const usable: ServiceLineDef[] = [];
  const skipped = new Map<string, string[]>(); // reason → line ids
  const tableRows = new Map<string, number>();
  for (const def of lines) {
    const table = sourceTableName(def);
    if (!tableRows.has(table)) {
      const exists = table !== '' && (await tableExists(db, table));
      tableRows.set(
        table,
        exists ? Number(await db.value<number>(`SELECT count(*) FROM ${ident(table)}`)) : -1,
      );
    }
    const rows = tableRows.get(table)!;
    if (rows <= 0) {
      const reason = rows === 0 ? `${table} is empty` : `there is no table ${table}`;
      skipped.set(reason, [...(skipped.get(reason) ?? []), def.id]);
      continue;
    }
    usable.push(def);
  }
  for (const [reason, ids] of skipped) {
    warn({
      code: 'LINES_SKIPPED',
      message: `${ids.length} service line${ids.length > 1 ? 's' : ''} skipped because ${reason}: ${ids.join(', ')}`,
    });
  }
  if (usable.length === 0)
    throw new UsageError(
      'NO_SERVICE_DATA',
      'no service line has data in the workspace; load registry extracts first',
    );
  return usable;
}

/**
 * The years that may be base years: the period asked for, else the last ten years with
 * population; without the excluded years. Refuses an empty list (`NO_BASE_PERIOD`).
 */
export async function candidateYears(
  db: Db,
  basePeriod: { from: number; to: number } | undefined,
  exclude: readonly number[],
): Promise<number[]> {
  const popYears = (
    await db.all<{ y: number }>(`SELECT DISTINCT year::INTEGER AS y FROM population ORDER BY 1`)
  ).map((r) => r.y);
  const candidates = basePeriod
    ? range(basePeriod.from, basePeriod.to).filter((y) => !exclude.includes(y))
    : popYears.slice(-10).filter((y) => !exclude.includes(y));
  if (candidates.length === 0)
    throw new UsageError(
      'NO_BASE_PERIOD',
      'no base years are left (no population loaded, or every year excluded)',
    );
  return candidates;
}

/**
 * `ev`: the events of every line in the candidate years, by line × year × municipality × sex ×
 * age ({@link lineEventsSql}). Relations that join other tables are computed once for all the
 * lines that read them (`src_<table>`).
 */
export async function createBaseEvents(
  tt: TempTables,
  usable: readonly ServiceLineDef[],
  candidates: readonly number[],
): Promise<void> {
  const relations = new Map<string, string>();
  for (const table of sharedSourceTables(usable)) {
    await tt.create(`src_${table}`, sourceRelationSql(table, candidates));
    relations.set(table, tt.rawName(`src_${table}`));
  }
  await tt.create(
    'ev',
    usable.map((d) => lineEventsSql(d, candidates, relations)).join('\nUNION ALL\n'),
  );
}

/**
 * A base year is incomplete for a source table when its events are below this share of the
 * median of the table's other candidate years (e.g. an extract that ends in January).
 */
export const INCOMPLETE_YEAR_SHARE = 0.5;

/** Tables whose years are not extract years: cohorts are computed per year on request. */
const NOT_EXTRACTS = new Set(['cohort_member']);

/**
 * Per source table, the events per candidate year of the unsplit line with the most events there
 * (the table's busiest line, named in messages).
 */
export type TableActivity = Map<string, { line: string; byYear: Map<number, number> }>;

/** A year whose events in one table fall short of the table's other years. */
export interface ShortYear {
  table: string;
  line: string;
  year: number;
  events: number;
  /** Median events of the table's other years with events. */
  median: number;
}

/**
 * {@link TableActivity} of the lines in `ev`. Cohort lines are left out when any other line is read
 * (their years are checked by {@link cohortCoverage}).
 */
export async function tableActivity(
  tt: TempTables,
  usable: readonly ServiceLineDef[],
): Promise<TableActivity> {
  const rows = await tt.db.all<{ line_id: string; y: number; n: number }>(
    `SELECT line_id, year AS y, ${exactSum('events')} AS n FROM ${tt.t('ev')}
     WHERE NOT contains(line_id, ':') GROUP BY ALL ORDER BY line_id, y`,
  );
  const tableOf = new Map(usable.map((d) => [d.id, sourceTableName(d)]));
  const byLine = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const m = byLine.get(r.line_id) ?? new Map<number, number>();
    m.set(r.y, Number(r.n));
    byLine.set(r.line_id, m);
  }
  const total = (m: Map<number, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  const out: TableActivity = new Map();
  for (const [line, byYear] of byLine) {
    const table = tableOf.get(line) ?? line;
    const cur = out.get(table);
    if (!cur || total(byYear) > total(cur.byYear)) out.set(table, { line, byYear });
  }
  // Cohort years say when cohorts were computed, not how complete an extract is: they count
  // only when no extract is read.
  if ([...out.keys()].some((t) => !NOT_EXTRACTS.has(t)))
    for (const t of NOT_EXTRACTS) out.delete(t);
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/**
 * Years among `years` in which a table with data has no events (`median` 0 … the year is empty:
 * `events` 0), or fewer than {@link INCOMPLETE_YEAR_SHARE} of the median of its other years with
 * events. Tables in order, then years.
 */
export function shortYears(activity: TableActivity, years: readonly number[]): ShortYear[] {
  const out: ShortYear[] = [];
  for (const table of [...activity.keys()].sort()) {
    const { line, byYear } = activity.get(table)!;
    const withData = years.filter((y) => (byYear.get(y) ?? 0) > 0);
    if (withData.length === 0) continue;
    for (const year of years) {
      const events = byYear.get(year) ?? 0;
      const others = withData.filter((y) => y !== year).map((y) => byYear.get(y)!);
      if (events === 0)
        out.push({ table, line, year, events, median: others.length ? median(others) : 0 });
      else if (others.length && events < INCOMPLETE_YEAR_SHARE * median(others))
        out.push({ table, line, year, events, median: median(others) });
    }
  }
  return out;
}

const nEvents = (n: number) => `${Math.round(n)} event${Math.round(n) === 1 ? '' : 's'}`;

/**
 * An explicit base period must have data in every year for every source table that has data in
 * it: refused when a year has no events in a table (`BASE_YEAR_NO_DATA`) or far fewer than the
 * other base years (`BASE_YEAR_INCOMPLETE`, below {@link INCOMPLETE_YEAR_SHARE} of their median).
 */
export function checkExplicitBaseYears(
  activity: TableActivity,
  baseYears: readonly number[],
): void {
  // Cohort years are checked with their lines (cohortCoverage), with a better message.
  const extracts: TableActivity = new Map([...activity].filter(([t]) => !NOT_EXTRACTS.has(t)));
  const short = shortYears(extracts, baseYears);
  const empty = short.find((s) => s.events === 0);
  if (empty)
    throw new UsageError(
      'BASE_YEAR_NO_DATA',
      `base year ${empty.year} has no data: ${empty.table} has no events of ${empty.line} in ${empty.year}, but has in the other base years; leave the year out (--exclude ${empty.year}) or choose years with data (--base)`,
      { year: empty.year, table: empty.table },
    );
  const low = short[0];
  if (low)
    throw new UsageError(
      'BASE_YEAR_INCOMPLETE',
      `base year ${low.year} looks incomplete: ${low.line} (${low.table}) has ${nEvents(low.events)} in ${low.year} against a median of ${nEvents(low.median)} in the other base years (less than ${INCOMPLETE_YEAR_SHARE * 100} %); leave the year out (--exclude ${low.year}) or choose complete years (--base)`,
      { year: low.year, table: low.table, events: low.events, median: low.median },
    );
}

/**
 * Without a base period asked for: the latest `count` candidate years that are complete in every
 * source table with data — events in every table (extracts end at different years; ongoing
 * municipal decisions reach into years no other extract covers) and none far below the table's
 * other years ({@link shortYears}). A year left out for being incomplete is named in a warning
 * (`BASE_YEAR_INCOMPLETE`); the years chosen in another (`BASE_PERIOD_INFERRED`).
 */
export function inferBaseYears(
  activity: TableActivity,
  candidates: readonly number[],
  count: number,
  exclude: readonly number[],
  warn: Warn,
): number[] {
  const short = shortYears(activity, candidates);
  const complete = candidates.filter((y) => activity.size > 0 && !short.some((s) => s.year === y));
  const baseYears = complete.slice(-count);
  if (baseYears.length === 0)
    throw new UsageError(
      'NO_BASE_PERIOD',
      `no year with population has complete data in every source (${candidates.join(', ')})`,
    );
  for (const s of short) {
    if (s.events === 0 || s.year < baseYears[0]!) continue;
    warn({
      code: 'BASE_YEAR_INCOMPLETE',
      message: `${s.year} is left out of the base period: ${s.line} (${s.table}) has ${nEvents(s.events)} in ${s.year} against a median of ${nEvents(s.median)} in the other years (less than ${INCOMPLETE_YEAR_SHARE * 100} %), so the extract looks incomplete`,
    });
  }
  warn({
    code: 'BASE_PERIOD_INFERRED',
    message: `base period: ${baseYears.join(', ')} (the latest complete years with population and events in every source${exclude.length ? `, without ${exclude.join(', ')}` : ''})`,
  });
  return baseYears;
}
