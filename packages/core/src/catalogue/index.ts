/**
 * The catalogue of canonical sources: the tables engines read and the derived tables they write,
 * each described once (see docs/architecture.md).
 */
export { COHORT_DDL, ensureCohortTables, hasCohortTables, usableLinks } from './cohort-tables.js';
export {
  CATALOGUE,
  SOURCES,
  SOURCE_NAMES,
  FACT_SOURCE_NAMES,
  INDICATOR_SOURCES,
  EVENT_SOURCES,
  type FactSourceName,
  type FilterColumn,
  type IndicatorSource,
  type SourceSpec,
} from './sources.js';
export type {
  CanonicalSource,
  CatalogueColumn,
  CodeColumn,
  ColumnKind,
  CriterionView,
  EventView,
  FactView,
  ReportingUnit,
} from './source-types.js';
export { icd10ChapterSql } from './icd10-chapter-sql.js';
export { SPECIALIST_CONTACT } from './sources/specialist-episode.js';
export {
  PERSON_YEAR_TABLE,
  PERSON_YEAR_CODELISTS,
  personYearSql,
  requirePersonYearCodelists,
} from './person-year.js';
