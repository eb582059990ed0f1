/**
 * The monthly grain of a fact relation: the calendar month a row counts in, inside its own year.
 */

/**
 * `period_month` from a date expression: its month when the date falls in the row's `year`, else
 * 0 (the row is in the year but in no month of it).
 */
export function periodMonthSql(date: string, year = 'year'): string {
  return `coalesce(CASE WHEN year(${date}) = ${year} THEN month(${date}) END, 0)::INTEGER`;
}

/** A fact relation with `period_month` from a date expression over its own columns. */
export function withPeriodMonth(sql: string, date: string): string {
  return `SELECT f.*, ${periodMonthSql(date, 'f.year')} AS period_month FROM (${sql}) f`;
}
