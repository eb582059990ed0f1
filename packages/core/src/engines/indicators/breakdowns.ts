/**
 * Reading a disclosed indicator table back: which of its columns are breakdowns, so that callers
 * (the command line, the report) pick the headline rows without guessing column names.
 */
import type { DisclosedTable } from '../../disclosure/disclosed-table.js';
import type { AggregateRow } from '../../disclosure/schema.js';

/** A breakdown column of an indicator table, with its total value when it is a partition. */
export interface IndicatorBreakdownColumn {
  column: string;
  /** The value of the row that sums the breakdown (`all`); absent for a breakdown that is not a partition. */
  total?: string;
}

/** The breakdown columns of a table of an indicator (`indicatorSchema`): its dimensions after year and area. */
export function indicatorBreakdowns(table: DisclosedTable): IndicatorBreakdownColumn[] {
  return table.schema.dimensions.flatMap((d) => {
    const column = typeof d === 'string' ? d : d.column;
    if (column === 'year' || column === 'area_id') return [];
    return typeof d !== 'string' && d.total !== undefined
      ? [{ column, total: String(d.total) }]
      : [{ column }];
  });
}

/**
 * True when every breakdown of the row is at its total (`all`) or empty: the row describes the
 * whole population of its area and year. A breakdown that is not a partition has no total, so a
 * table with one has no such row.
 */
export function isBreakdownTotal(table: DisclosedTable, row: Readonly<AggregateRow>): boolean {
  return indicatorBreakdowns(table).every((b) => row[b.column] === 'all' || row[b.column] === null);
}
