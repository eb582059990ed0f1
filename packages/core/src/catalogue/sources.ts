/**
 * The catalogue of canonical sources, and the view each engine takes of it. Every fact about a
 * source — its id space, the columns a definition may name with their kinds and allowed values,
 * how cohorts, indicators and the projection read it — is written once, in `sources/`.
 */
import type {
  CanonicalSource,
  CodeColumn,
  EventView,
  FactView,
  IdSpace,
  ReportingUnit,
} from './source-types.js';
import { COHORT_MEMBER } from './sources/cohort-member.js';
import { DENTAL_RECORD } from './sources/dental-record.js';
import { DISCHARGE_PATHWAY } from './sources/discharge-pathway.js';
import { FUNCTION_ASSESSMENT } from './sources/function-assessment.js';
import { HOSPITAL_STAY } from './sources/hospital-stay.js';
import { MUNICIPAL_SERVICE } from './sources/municipal-service.js';
import { POPULATION } from './sources/population.js';
import { PRIMARY_CONTACT } from './sources/primary-contact.js';
import { REFERRAL } from './sources/referral.js';
import { SPECIALIST_EPISODE } from './sources/specialist-episode.js';

/** Every source of the catalogue. */
export const CATALOGUE: readonly CanonicalSource[] = [
  SPECIALIST_EPISODE,
  HOSPITAL_STAY,
  PRIMARY_CONTACT,
  MUNICIPAL_SERVICE,
  FUNCTION_ASSESSMENT,
  DENTAL_RECORD,
  COHORT_MEMBER,
  POPULATION,
  REFERRAL,
  DISCHARGE_PATHWAY,
];

/** A filterable column as cohort criteria see it. */
export interface FilterColumn {
  type: 'string' | 'boolean';
  values?: readonly string[];
}

/** A source as the cohort compiler sees it: events with dates, codes and filter columns. */
export interface SourceSpec {
  table: string;
  idSpace: 'npr' | 'kpr';
  eventId: string;
  date: string;
  endDate?: string;
  /** Condition on the table's rows that are events (all rows when absent). */
  where?: string;
  codes: readonly CodeColumn[];
  mainFlagColumn?: string;
  filters: Readonly<Record<string, FilterColumn>>;
}

function criterionSource(s: CanonicalSource): SourceSpec {
  const c = s.criteria!;
  const filters: Record<string, FilterColumn> = {};
  for (const name of c.filters) {
    const col = s.columns[name]!;
    filters[name] = {
      type: col.kind === 'boolean' ? 'boolean' : 'string',
      ...(col.values ? { values: col.values } : {}),
    };
  }
  return {
    table: s.table,
    idSpace: s.idSpace as 'npr' | 'kpr',
    eventId: c.eventId,
    date: c.date,
    ...(c.endDate !== undefined ? { endDate: c.endDate } : {}),
    ...(c.where !== undefined ? { where: c.where } : {}),
    codes: c.codes,
    ...(c.mainFlagColumn !== undefined ? { mainFlagColumn: c.mainFlagColumn } : {}),
    filters,
  };
}

/** Every source a cohort criterion may name. */
export const SOURCES: Readonly<Record<string, SourceSpec>> = Object.fromEntries(
  CATALOGUE.filter((s) => s.criteria).map((s) => [s.table, criterionSource(s)]),
);

/** The names of the sources cohort criteria may name, sorted. */
export const SOURCE_NAMES: readonly string[] = Object.keys(SOURCES).sort();

/** The fact sources indicators count from, in the order they are listed to users. */
export const FACT_SOURCE_NAMES = [
  'hospital_stay',
  'outpatient_episode',
  'specialist_episode',
  'primary_contact',
  'municipal_service_user',
  'readmission_index',
  'post_discharge',
  'acute_admission_30d',
  'acute_admission_30d_register',
  'referral_assessed',
  'waiting_time',
  'discharge_pathway',
  'population',
] as const;

/** The name of a fact source. */
export type FactSourceName = (typeof FACT_SOURCE_NAMES)[number];

/** A fact source as the indicator engine sees it. */
export interface IndicatorSource extends Omit<FactView, 'name' | 'columns'> {
  name: FactSourceName;
  /** Columns filters may name, with their kind. */
  columns: Record<string, 'string' | 'number' | 'boolean' | 'code'>;
}

function factSources(): Record<FactSourceName, IndicatorSource> {
  const byName = new Map<string, { source: CanonicalSource; view: FactView }>();
  for (const source of CATALOGUE)
    for (const view of source.facts ?? []) byName.set(view.name, { source, view });
  return Object.fromEntries(
    FACT_SOURCE_NAMES.map((name) => {
      const { source, view } = byName.get(name)!;
      return [
        name,
        {
          ...view,
          name,
          columns: Object.fromEntries(view.columns.map((c) => [c, source.columns[c]!.kind])),
        },
      ];
    }),
  ) as Record<FactSourceName, IndicatorSource>;
}

/** The fact sources by name. */
export const INDICATOR_SOURCES: Record<FactSourceName, IndicatorSource> = factSources();

/** The tables the projection reads events from, with how it reads each. */
export const EVENT_SOURCES: Readonly<Record<string, EventView>> = Object.fromEntries(
  CATALOGUE.filter((s) => s.events).map((s) => [s.table, s.events!]),
);

export type { CanonicalSource, CodeColumn, EventView, FactView, IdSpace, ReportingUnit };
