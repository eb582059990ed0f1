/**
 * The calendar of the synthetic activity: on which day of a person's year an event falls. Each
 * kind of activity has a profile of relative daily weights (winter respiratory season, summer and
 * Christmas troughs for planned care, weekdays against weekends, public holidays; stated in
 * datasets/README.md, "Calendar"); an event's day is drawn from the profile restricted to the
 * person's days of the year, by inverting the cumulative weights with the event's own uniform
 * draw. Only the day moves: how many events a person has is drawn as before, so yearly counts are
 * the same with any profile.
 */
import type { Db } from '../kernel/db.js';
import { int, str } from '../kernel/sql.js';

/** The activity profiles of the calendar. */
export type CalendarProfile = 'acute' | 'planned' | 'gp' | 'out_of_hours';

/** Winter season: 1 + a·cos(2π(day of year − 20)/365.25), highest about 20 January. */
const winter = (a: number) => `(1 + ${a} * cos(2 * pi() * (dayofyear(day) - 20) / 365.25))`;
const WEEKEND = `isodow(day) >= 6`;
/** Fixed public holidays (Easter and Whitsun move with the moon and are left out). */
const HOLIDAY = `(strftime(day, '%m-%d') IN ('01-01', '05-01', '05-17', '12-25', '12-26'))`;
const CHRISTMAS = `(strftime(day, '%m-%d') >= '12-22' OR strftime(day, '%m-%d') = '01-01')`;
const summer = (deep: number, shoulder: number) =>
  `(CASE WHEN weekofyear(day) BETWEEN 28 AND 31 THEN ${deep} WHEN weekofyear(day) IN (26, 27, 32) THEN ${shoulder} ELSE 1 END)`;

/** Relative weight of a day (column `day`) in each profile. */
export const PROFILE_WEIGHT_SQL: Readonly<Record<CalendarProfile, string>> = {
  acute: `${winter(0.12)} * (CASE WHEN ${WEEKEND} OR ${HOLIDAY} THEN 0.85 ELSE 1 END)`,
  planned: `(CASE WHEN ${WEEKEND} OR ${HOLIDAY} THEN 0.04 ELSE 1 END) * ${summer(0.35, 0.75)} * (CASE WHEN ${CHRISTMAS} THEN 0.3 ELSE 1 END)`,
  gp: `(CASE WHEN ${HOLIDAY} THEN 0.03 WHEN isodow(day) = 6 THEN 0.03 WHEN isodow(day) = 7 THEN 0.02 ELSE 1 END) * ${summer(0.6, 0.85)} * (CASE WHEN ${CHRISTMAS} THEN 0.4 ELSE 1 END) * ${winter(0.1)}`,
  out_of_hours: `(CASE WHEN strftime(day, '%m-%d') IN ('12-24', '12-31') THEN 2.5 WHEN ${WEEKEND} OR ${HOLIDAY} THEN 2.2 ELSE 1 END) * ${winter(0.15)}`,
};

/**
 * Create `s_calendar(profile, day, cum0, cum)`: per profile, every day from 1 January of the first
 * year to 31 December of the year after the last (stays run past New Year), with the cumulative
 * weight before the day (`cum0`) and through it (`cum`).
 */
export async function buildCalendar(db: Db, years: readonly number[]): Promise<void> {
  const from = Math.min(...years);
  const to = Math.max(...years) + 1;
  const profiles = Object.entries(PROFILE_WEIGHT_SQL)
    .map(
      ([p, w]) =>
        `SELECT ${str(p)} AS profile, day, (${w})::DOUBLE AS w FROM (SELECT CAST(d AS DATE) AS day FROM range(make_date(${int(from)}, 1, 1), make_date(${int(to)}, 12, 31) + INTERVAL 1 DAY, INTERVAL 1 DAY) t(d))`,
    )
    .join('\nUNION ALL\n');
  await db.exec(`
CREATE OR REPLACE TABLE s_calendar AS
SELECT profile, day, cum - w AS cum0, cum FROM (
  SELECT profile, day, w, sum(w) OVER (PARTITION BY profile ORDER BY day ROWS UNBOUNDED PRECEDING) AS cum
  FROM (${profiles}))
ORDER BY profile, day;`);
}

/**
 * The relation `rel` (with DATE columns `d0`, `d1`) and a column `alias`: a day in [d0, d1] drawn
 * with the weights of the profile `profileSql` (an SQL expression over `rel`'s columns giving a
 * {@link CalendarProfile}) from the uniform draw `uSql`: the day whose cumulative weight first
 * reaches cum0(d0) + u·(cum(d1) − cum0(d0)).
 */
export function calendarDrawSql(
  rel: string,
  profileSql: string,
  uSql: string,
  alias: string,
): string {
  return `SELECT r.* EXCLUDE (cal_profile, cal_target), c.day AS ${alias} FROM (
    SELECT x.*, a.profile AS cal_profile, least(a.cum0 + (${uSql}) * (b.cum - a.cum0), b.cum) AS cal_target
    FROM (${rel}) x
    JOIN s_calendar a ON a.profile = (${profileSql}) AND a.day = x.d0
    JOIN s_calendar b ON b.profile = a.profile AND b.day = x.d1) r
  ASOF JOIN s_calendar c ON c.profile = r.cal_profile AND r.cal_target <= c.cum`;
}
