/**
 * Monthly activity per helsefellesskap and service line, for short-term forecasts and monthly
 * steering figures. Each line's events are counted in the calendar month the source catalogue
 * names for them (`EventView.month`: discharge month for stays, NPR's reporting-year month for
 * episodes, contact date for claims), so a year's twelve months add up to the line's annual value
 * in that year (events without a date inside their year are counted apart, as `undated`). The
 * months run, per line, from its first to its last full month nationally (see
 * {@link PARTIAL_MONTH_SHARE}); a month in that span without events for a community is 0. All in
 * SQL; only the aggregates come back.
 */
import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { ident, inList } from '../../kernel/sql.js';
import { EVENT_SOURCES } from '../../catalogue/sources.js';
import { lineEventsSql, sourceTableName } from './sources.js';
import type { ServiceLineDef } from './types.js';

/**
 * A month at either end of the data with fewer events nationally than this share of the median
 * month is partial (stays discharged after New Year of the last year, an extract cut in the
 * middle of a month) and left out; the lowest full months (July in planned care) stay well above.
 */
export const PARTIAL_MONTH_SHARE = 0.2;

/** One month of one line in one helsefellesskap. */
export interface MonthlyActivityRow {
  hff_code: string;
  line_id: string;
  /** `YYYY-MM`. */
  month: string;
  /** The line's measure (count or sum) in the month. */
  value: number;
  /** Rows behind it (events). */
  events: number;
}

/** Result of {@link monthlyActivity}. */
export interface MonthlyActivity {
  rows: MonthlyActivityRow[];
  /** Lines left out, with the reason. */
  skipped: Array<{ lineId: string; reason: 'no-monthly-grain' | 'persons' | 'split' | 'no-data' }>;
  /** Per line, the events whose source gives no date in their year (not in any month). */
  undated: Array<{ lineId: string; events: number }>;
}

/** Whether a line can be counted by month: a dated source, a count or a sum, no split. */
export function monthlyReason(
  def: ServiceLineDef,
): MonthlyActivity['skipped'][number]['reason'] | undefined {
  if (def.source.table === 'aggregate' || !EVENT_SOURCES[def.source.table]?.month)
    return 'no-monthly-grain';
  if (def.measure.kind === 'persons') return 'persons';
  if (def.split) return 'split';
  return undefined;
}

async function exists(db: Db, table: string): Promise<boolean> {
  const n = await db.value<number>(
    `SELECT count(*) FROM information_schema.tables WHERE table_name = $1`,
    [table],
  );
  return Number(n) > 0;
}

async function hffMapSql(db: Db): Promise<string> {
  const n = await db.value<number>(
    `SELECT count(*) FROM information_schema.columns WHERE table_name = 'municipality' AND column_name = 'hff_code'`,
  );
  if (Number(n) > 0)
    return `SELECT code AS municipality_code, hff_code FROM municipality WHERE hff_code IS NOT NULL`;
  if (await exists(db, 'catchment'))
    return `SELECT DISTINCT municipality_code, hff_code FROM catchment WHERE hff_code IS NOT NULL`;
  throw new UsageError(
    'NO_GEOGRAPHY',
    'the workspace has no municipality → helsefellesskap mapping (municipality.hff_code or catchment); it is installed with the geography',
  );
}

/**
 * Monthly activity of the given lines per helsefellesskap (`hffCodes` = 'all' or a list). A
 * municipality split between communities in the catchment table counts in each (the monthly
 * series are per community, not shares of one total).
 */
export async function monthlyActivity(
  db: Db,
  lines: readonly ServiceLineDef[],
  hffCodes: readonly string[] | 'all',
): Promise<MonthlyActivity> {
  const map = await hffMapSql(db);
  const skipped: MonthlyActivity['skipped'] = [];
  const usable: ServiceLineDef[] = [];
  for (const def of lines) {
    const reason = monthlyReason(def);
    if (reason) skipped.push({ lineId: def.id, reason });
    else if (!(await exists(db, sourceTableName(def))))
      skipped.push({ lineId: def.id, reason: 'no-data' });
    else usable.push(def);
  }
  const rows: MonthlyActivityRow[] = [];
  const undated: MonthlyActivity['undated'] = [];
  const hfWhere = hffCodes === 'all' ? '' : `WHERE hff_code IN ${inList(hffCodes)}`;
  for (const def of usable) {
    const table = ident(sourceTableName(def));
    const years = (
      await db.all<{ year: number }>(`SELECT DISTINCT year FROM ${table} ORDER BY 1`)
    ).map((r) => Number(r.year));
    if (years.length === 0) {
      skipped.push({ lineId: def.id, reason: 'no-data' });
      continue;
    }
    const events = lineEventsSql(def, years, undefined, { byMonth: true });
    const got = await db.all<{
      hff_code: string;
      month: string;
      value: number;
      events: number;
      undated: number;
    }>(
      `WITH ev AS (${events}),
        hf AS (SELECT * FROM (${map}) ${hfWhere}),
        national AS (SELECT month, sum(events) AS n FROM ev WHERE month IS NOT NULL GROUP BY month),
        span AS (SELECT min(month) AS m0, max(month) AS m1 FROM national
          WHERE n >= ${PARTIAL_MONTH_SHARE} * (SELECT median(n) FROM national)),
        months AS (SELECT CAST(g.m AS DATE) AS month FROM span, generate_series(span.m0, span.m1, INTERVAL 1 MONTH) g(m)),
        grid AS (SELECT DISTINCT hf.hff_code, months.month FROM hf CROSS JOIN months),
        agg AS (SELECT hf.hff_code, ev.month, sum(ev.value) AS value, sum(ev.events) AS events
          FROM ev JOIN hf USING (municipality_code) WHERE ev.month IS NOT NULL GROUP BY ALL)
      SELECT grid.hff_code, strftime(grid.month, '%Y-%m') AS month,
        COALESCE(agg.value, 0)::DOUBLE AS value, COALESCE(agg.events, 0)::DOUBLE AS events,
        (SELECT COALESCE(sum(events), 0) FROM ev WHERE month IS NULL)::DOUBLE AS undated
      FROM grid LEFT JOIN agg USING (hff_code, month)
      ORDER BY grid.hff_code, grid.month`,
    );
    for (const r of got)
      rows.push({
        hff_code: r.hff_code,
        line_id: def.id,
        month: r.month,
        value: r.value,
        events: r.events,
      });
    undated.push({ lineId: def.id, events: got[0]?.undated ?? 0 });
  }
  return { rows, skipped, undated };
}
