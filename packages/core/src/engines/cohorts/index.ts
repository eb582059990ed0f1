/**
 * Cohorts as data: versioned JSON definitions (schemas/cohort.schema.json) compiled to DuckDB SQL,
 * code lists loaded into the workspace, membership, attrition and counts. See docs/cohorts.md.
 */
export type {
  Band,
  CodeSetDef,
  CohortCriterion,
  CohortDefinition,
  ConditionsCriterion,
  Criterion,
  EventsCriterion,
  FunctionCriterion,
  IdSpace,
  LoadedCohort,
  NumberOrParam,
  ParameterDef,
  Population,
  Rule,
  ScoreCriterion,
  ServicesCriterion,
  SourceRef,
  Window,
} from './types.js';
export {
  CODELISTS_DIR,
  CODELIST_COLUMNS,
  WORKSPACE_CODELISTS_SUBDIR,
  codelistCatalogue,
  codelistFiles,
  loadCodelists,
  type CodelistCatalogue,
  type CodelistFile,
  type CodelistInfo,
  type CodelistMeta,
} from './codelists.js';
export {
  COHORT_SCHEMA_FILE,
  assertValidDefinition,
  definitionProblems,
  derivedIdSpace,
  type DefinitionProblem,
  type ValidationContext,
} from './validate.js';
export {
  COHORTS_DIR,
  WORKSPACE_COHORTS_SUBDIR,
  loadCohortLibrary,
  type CohortLibrary,
} from './library.js';
export {
  compileCohorts,
  dependencyOrder,
  cohortRefs,
  type CompileOptions,
  type CompiledCohort,
  type CompiledQuery,
} from './compile.js';
export {
  runCohorts,
  latestDataYear,
  type RunCohortsOptions,
  type RunCohortsResult,
  type SkippedCohort,
} from './run.js';
export { cohortSql, explainCohortSql, cohortOverlap, type OverlapRow } from './query.js';
export {
  cohortCountsTable,
  cohortAttritionTable,
  cohortScoresTable,
  cohortOverlapTable,
  cohortOverlapMetadata,
  cohortAreaId,
  publishCohortTables,
  publishCohortOverlap,
  COHORT_MEMBERS_MEASURE,
  COHORT_SCORED_MEASURE,
  type CountsView,
  type ScoresView,
  type PublishedCohortTables,
} from './disclosed.js';
export { isScoreCohort } from './score.js';
