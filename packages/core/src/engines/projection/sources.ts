import { UsageError } from '../../kernel/errors.js';
import { exactSum, ident, inList, lit, str } from '../../kernel/sql.js';
import type { LineFilter, ServiceLineDef, SourceTable } from './types.js';
import { EVENT_SOURCES, type EventView } from '../../catalogue/sources.js';

/**
 * The source tables, among those the given lines read, whose relation joins other tables and is
 * read by more than one line: {@link prepareProjection} computes each of these once for the base
 * years ({@link sourceRelationSql}) and hands the lines the result ({@link lineEventsSql}).
 */
export function sharedSourceTables(
  defs: readonly ServiceLineDef[],
): Array<Exclude<SourceTable, 'aggregate'>> {
  const n = new Map<Exclude<SourceTable, 'aggregate'>, number>();
  for (const d of defs)
    if (d.source.table !== 'aggregate') n.set(d.source.table, (n.get(d.source.table) ?? 0) + 1);
  return [...n]
    .filter(([table, count]) => count > 1 && EVENT_SOURCES[table]?.joins)
    .map(([t]) => t);
}

/** The common event relation of a canonical table for the given years (see {@link lineEventsSql}). */
export function sourceRelationSql(
  table: Exclude<SourceTable, 'aggregate'>,
  years: readonly number[],
): string {
  const spec = EVENT_SOURCES[table];
  if (!spec) throw new UsageError('BAD_SERVICE_LINE', `unknown source table ${String(table)}`);
  return spec.relation(years);
}

/** The canonical table a line reads (for existence checks). */
export function sourceTableName(def: ServiceLineDef): string {
  return def.source.table === 'aggregate' ? (def.source.name ?? '') : def.source.table;
}

function filterSql(def: ServiceLineDef, f: LineFilter, allowed: readonly string[]): string {
  if (!allowed.includes(f.column)) {
    throw new UsageError(
      'BAD_SERVICE_LINE',
      `service line ${def.id}: cannot filter on "${f.column}" of ${def.source.table}; allowed: ${allowed.join(', ')}`,
    );
  }
  const col = ident(f.column);
  const vals = (f.values ?? []) as Array<string | number | boolean>;
  const need = () => {
    if (vals.length === 0)
      throw new UsageError(
        'BAD_SERVICE_LINE',
        `service line ${def.id}: filter on ${f.column} (${f.op}) needs values`,
      );
  };
  switch (f.op) {
    case 'in':
      need();
      return `${col} IN (${vals.map((v) => lit(v)).join(', ')})`;
    case 'not_in':
      need();
      return `(${col} IS NULL OR ${col} NOT IN (${vals.map((v) => lit(v)).join(', ')}))`;
    case 'eq':
      need();
      return `${col} = ${lit(vals[0]!)}`;
    case 'prefix':
      need();
      return `(${vals.map((v) => `starts_with(${col}, ${lit(String(v))})`).join(' OR ')})`;
    case 'is_null':
      return `${col} IS NULL`;
    case 'not_null':
      return `${col} IS NOT NULL`;
    default:
      throw new UsageError(
        'BAD_SERVICE_LINE',
        `service line ${def.id}: unknown filter op ${String((f as LineFilter).op)}`,
      );
  }
}

/** The first day of the event's month (see `EventView.month`); a usage error without one. */
function monthSql(def: ServiceLineDef, spec: EventView | undefined): string {
  if (!spec?.month)
    throw new UsageError(
      'NO_MONTHLY_GRAIN',
      `service line ${def.id}: ${sourceTableName(def)} has no event date by month`,
    );
  return `CAST(date_trunc('month', ${spec.month}) AS DATE)`;
}

/**
 * SQL for one service line over the base years:
 * `(line_id, rate_level, year, municipality_code, county_code, sex, age, value, events)`,
 * aggregated by year, municipality, sex and single age. `value` is the measure (count, distinct
 * persons, or a sum); `events` the number of rows (or persons) behind it.
 *
 * `relations` names, per source table, a table that already holds
 * {@link sourceRelationSql}`(table, years)` for these years; the line reads it instead of
 * computing the relation again. The line id, rate level and county (when it is the first two
 * digits of the municipality) are added after the aggregate, so they are not grouping keys.
 * With `byMonth`, rows are also split by `month` (the first day of the event's calendar month,
 * NULL when the source gives no date inside the event's year); the months of a year add up to it.
 */
export function lineEventsSql(
  def: ServiceLineDef,
  years: readonly number[],
  relations?: ReadonlyMap<string, string>,
  options: { byMonth?: boolean } = {},
): string {
  const level = def.rateArea ?? (def.source.table === 'dental_record' ? 'county' : 'municipality');
  if (def.source.table === 'dental_record' && level === 'municipality') {
    throw new UsageError(
      'BAD_SERVICE_LINE',
      `service line ${def.id}: dental records carry no municipality; use rateArea county or national`,
    );
  }
  let relation: string;
  let spec: EventView | undefined;
  if (def.source.table === 'aggregate') {
    if (!def.source.name)
      throw new UsageError(
        'BAD_SERVICE_LINE',
        `service line ${def.id}: an aggregate source needs "name"`,
      );
    relation = `SELECT NULL::VARCHAR AS person_id, year, municipality_code, substr(municipality_code, 1, 2) AS county_code, sex, age, value, events
      FROM ${ident(def.source.name)} WHERE year IN ${inList(years)}`;
    if (def.measure.kind !== 'sum' || def.measure.of !== 'value') {
      throw new UsageError(
        'BAD_SERVICE_LINE',
        `service line ${def.id}: an aggregate source has measure {"kind":"sum","of":"value"}`,
      );
    }
  } else {
    spec = EVENT_SOURCES[def.source.table];
    if (!spec)
      throw new UsageError(
        'BAD_SERVICE_LINE',
        `service line ${def.id}: unknown source table ${String(def.source.table)}`,
      );
    const ready = relations?.get(def.source.table);
    relation = ready ? `SELECT * FROM ${ident(ready)}` : spec.relation(years);
  }
  const where = (def.source.filters ?? []).map((f) => filterSql(def, f, spec?.columns ?? []));
  let sub = 'NULL';
  if (def.split) {
    const s = spec?.splits[def.split.by];
    if (!s)
      throw new UsageError(
        'BAD_SERVICE_LINE',
        `service line ${def.id}: ${def.source.table} cannot be split by ${def.split.by}`,
      );
    sub = `COALESCE(${s}, 'unknown')`;
  }
  let value: string;
  let events: string;
  switch (def.measure.kind) {
    case 'count':
      value = 'COUNT(*)';
      events = 'COUNT(*)';
      break;
    case 'persons':
      value = 'COUNT(DISTINCT person_id)';
      events = value;
      break;
    case 'sum': {
      if (def.source.table === 'aggregate') {
        value = exactSum('value');
        events = exactSum('COALESCE(events, value)');
        break;
      }
      const q = spec?.quantities[def.measure.of];
      if (!q)
        throw new UsageError(
          'BAD_SERVICE_LINE',
          `service line ${def.id}: ${def.source.table} has no quantity ${def.measure.of}`,
        );
      value = exactSum(q);
      events = 'COUNT(*)';
      break;
    }
  }
  const lineId = def.split ? `${str(def.id + ':')} || sub` : str(def.id);
  const ownCounty = spec?.ownCounty ?? false;
  const month = options.byMonth ? monthSql(def, spec) : '';
  return `SELECT ${lineId} AS line_id, ${str(level)} AS rate_level, year, ${month ? 'month, ' : ''}municipality_code,
      ${ownCounty ? 'county_code' : 'substr(municipality_code, 1, 2)'} AS county_code, sex, age, value::DOUBLE AS value, events::DOUBLE AS events
    FROM (SELECT ${def.split ? `${sub} AS sub, ` : ''}year::INTEGER AS year, ${month ? `${month} AS month, ` : ''}municipality_code, ${ownCounty ? 'county_code, ' : ''}sex, age::INTEGER AS age,
        ${value} AS value, ${events} AS events
      FROM (${relation}) src
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY ALL)`;
}
