import { UsageError } from '../../kernel/errors.js';
import { ident, inList, int, lit, str } from '../../kernel/sql.js';
import type { LineFilter, ServiceLineDef, SourceTable } from './types.js';
import { icd10Chapters, type Icd10Chapter } from '../../reference/icd10-chapters.js';

/**
 * How each canonical table becomes the common event relation of the projection:
 * `(person_id, year, municipality_code, county_code, sex, age, <quantities>, <split dimensions>)`.
 * Filters may only name the columns listed here; quantities and split dimensions are named, so
 * definitions never carry SQL.
 */
interface SourceSpec {
  /** SELECT … FROM … producing the common columns for the given base years. */
  relation(years: readonly number[]): string;
  /**
   * The relation joins other tables (person, function assessments): worth computing once when
   * several service lines read it (see {@link sharedSourceTables}).
   */
  joins?: boolean;
  /** `county_code` is a column of its own (not the first two digits of `municipality_code`). */
  ownCounty?: boolean;
  columns: readonly string[];
  quantities: Readonly<Record<string, string>>;
  splits: Readonly<Record<string, string>>;
}

/** The split code of a chapter: `ch01` … `ch22`. */
const chapterCode = (ch: Icd10Chapter) => `ch${String(ch.number).padStart(2, '0')}`;

/** SQL CASE giving the ICD-10 chapter (`ch01` … `ch22`) of a code column; NULL when outside. */
export function icd10ChapterSql(column: string): string {
  const c = `substr(${column}, 1, 3)`;
  return `CASE ${icd10Chapters()
    .map(
      (ch) => `WHEN ${c} BETWEEN ${str(ch.first)} AND ${str(ch.last)} THEN ${str(chapterCode(ch))}`,
    )
    .join(' ')} END`;
}

const yearsValues = (years: readonly number[]) =>
  `(VALUES ${years.map((y) => `(${int(y)})`).join(', ')}) AS yr(year)`;

const SOURCES: Record<Exclude<SourceTable, 'aggregate'>, SourceSpec> = {
  specialist_episode: {
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.year - t.birth_year AS age, t.care_level, t.urgency, t.contact_mode, t.sector, t.specialty, t.provider,
        t.main_icd10, t.drg, t.died, t.admission_date, t.discharge_date
      FROM specialist_episode t WHERE t.year IN ${inList(years)}`,
    columns: [
      'care_level',
      'urgency',
      'contact_mode',
      'sector',
      'specialty',
      'provider',
      'main_icd10',
      'drg',
      'died',
    ],
    quantities: {
      bed_days: `GREATEST(date_diff('day', admission_date, COALESCE(discharge_date, admission_date)), 0)`,
    },
    splits: { icd10_chapter: icd10ChapterSql('main_icd10'), sector: 'sector' },
  },
  hospital_stay: {
    // Stays are counted in the year of discharge (the stay's own `year`).
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.year - t.birth_year AS age, t.care_level, t.acute, t.died, t.sector, t.main_icd10,
        t.admitted_at, t.discharged_at, t.length_of_stay_days
      FROM hospital_stay t WHERE t.year IN ${inList(years)}`,
    columns: ['care_level', 'acute', 'died', 'sector', 'main_icd10'],
    quantities: {
      bed_days: `COALESCE(length_of_stay_days, GREATEST(date_diff('day', admitted_at::DATE, COALESCE(discharged_at, admitted_at)::DATE), 0))`,
    },
    splits: { icd10_chapter: icd10ChapterSql('main_icd10'), sector: 'sector' },
  },
  primary_contact: {
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.year - t.birth_year AS age, t.service, t.contact_type, t.main_diagnosis
      FROM primary_contact t WHERE t.year IN ${inList(years)}`,
    columns: ['service', 'contact_type', 'main_diagnosis'],
    quantities: {},
    splits: {},
  },
  municipal_service: {
    joins: true,
    // A decision counts in year Y when it overlaps 1.1.Y–31.12.Y (Helsedirektoratet's rule);
    // service days are the days of the year it covers; hours = hours per week × days / 7.
    relation: (years) => `SELECT s.*, fa.need_level FROM (
        SELECT t.person_id, yr.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
          p.sex, yr.year - p.birth_year AS age, t.service_code, t.service_group, t.hours_per_week,
          make_date(yr.year, 12, 31) AS year_end,
          date_diff('day', GREATEST(t.from_date, make_date(yr.year, 1, 1)), LEAST(COALESCE(t.to_date, make_date(yr.year, 12, 31)), make_date(yr.year, 12, 31))) + 1 AS days_in_year
        FROM municipal_service t CROSS JOIN ${yearsValues(years)}
        LEFT JOIN person p ON p.id_space = 'kpr' AND p.person_id = t.person_id
        WHERE t.from_date <= make_date(yr.year, 12, 31) AND (t.to_date IS NULL OR t.to_date >= make_date(yr.year, 1, 1))
      ) s ASOF LEFT JOIN function_assessment fa ON fa.person_id = s.person_id AND s.year_end >= fa.assessment_date`,
    columns: ['service_code', 'service_group', 'need_level'],
    quantities: {
      service_days: 'days_in_year',
      hours: 'COALESCE(hours_per_week, 0) * days_in_year / 7.0',
    },
    splits: { need_level: `COALESCE(need_level, 'unknown')` },
  },
  cohort_member: {
    // Members of a cohort (priority group) per year, as written by runCohorts; one row per member.
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, t.municipality_code, substr(t.municipality_code, 1, 2) AS county_code,
        t.sex, t.age, t.cohort_id, t.version
      FROM cohort_member t WHERE t.year IN ${inList(years)}`,
    columns: ['cohort_id', 'version'],
    quantities: {},
    splits: {},
  },
  dental_record: {
    joins: true,
    ownCounty: true,
    relation: (
      years,
    ) => `SELECT t.person_id, t.year, NULL::VARCHAR AS municipality_code, t.county_code, p.sex,
        COALESCE(t.year - p.birth_year, t.age) AS age, t.priority_group, t.under_supervision, t.examined, t.treated, t.clinic
      FROM dental_record t LEFT JOIN person p ON p.id_space = 'kpr' AND p.person_id = t.person_id
      WHERE t.year IN ${inList(years)}`,
    columns: ['priority_group', 'under_supervision', 'examined', 'treated', 'clinic'],
    quantities: {},
    splits: { priority_group: `COALESCE(priority_group, 'unknown')` },
  },
};

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
  return [...n].filter(([table, count]) => count > 1 && SOURCES[table]?.joins).map(([t]) => t);
}

/** The common event relation of a canonical table for the given years (see {@link lineEventsSql}). */
export function sourceRelationSql(
  table: Exclude<SourceTable, 'aggregate'>,
  years: readonly number[],
): string {
  const spec = SOURCES[table];
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
 */
export function lineEventsSql(
  def: ServiceLineDef,
  years: readonly number[],
  relations?: ReadonlyMap<string, string>,
): string {
  const level = def.rateArea ?? (def.source.table === 'dental_record' ? 'county' : 'municipality');
  if (def.source.table === 'dental_record' && level === 'municipality') {
    throw new UsageError(
      'BAD_SERVICE_LINE',
      `service line ${def.id}: dental records carry no municipality; use rateArea county or national`,
    );
  }
  let relation: string;
  let spec: SourceSpec | undefined;
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
    spec = SOURCES[def.source.table];
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
        value = 'SUM(value)';
        events = 'SUM(COALESCE(events, value))';
        break;
      }
      const q = spec?.quantities[def.measure.of];
      if (!q)
        throw new UsageError(
          'BAD_SERVICE_LINE',
          `service line ${def.id}: ${def.source.table} has no quantity ${def.measure.of}`,
        );
      value = `SUM(${q})`;
      events = 'COUNT(*)';
      break;
    }
  }
  const lineId = def.split ? `${str(def.id + ':')} || sub` : str(def.id);
  const ownCounty = spec?.ownCounty ?? false;
  return `SELECT ${lineId} AS line_id, ${str(level)} AS rate_level, year, municipality_code,
      ${ownCounty ? 'county_code' : 'substr(municipality_code, 1, 2)'} AS county_code, sex, age, value::DOUBLE AS value, events::DOUBLE AS events
    FROM (SELECT ${def.split ? `${sub} AS sub, ` : ''}year::INTEGER AS year, municipality_code, ${ownCounty ? 'county_code, ' : ''}sex, age::INTEGER AS age,
        ${value} AS value, ${events} AS events
      FROM (${relation}) src
      ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
      GROUP BY ALL)`;
}
