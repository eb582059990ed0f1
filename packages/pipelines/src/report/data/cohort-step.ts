/**
 * The priority-group step of the report's data gathering: the cohorts of the four priority
 * groups run for the report year, their prevalence (crude and standardised, all 19), overlap and
 * service use per person, added to the report's publication.
 */
import {
  cohortOverlapMetadata,
  cohortOverlapTable,
  hasCohortTables,
  loadCohortLibrary,
  type Workspace,
} from '@felles/core';
import { text } from '@felles/text';
import {
  reportCohortPrevalence,
  reportCohortServiceUse,
  type ReportCohortInfo,
} from './cohorts.js';
import type { ReportPublication } from './publication.js';
import type { GatherReportOptions, ReportData } from './types.js';

const PRIORITY = new Set(['multimorbidity', 'frail-elderly', 'mental-substance', 'children']);

/**
 * Fill the priority-group definitions into `data` and add the tables to the report's publication
 * `pub` (they are filled in when it is sealed); returns the priority-group cohorts (the dental
 * step reads them). Without cohorts for the year the section is `unavailable`.
 */
export async function cohortStep(
  ws: Workspace,
  data: ReportData,
  cohortYears: readonly number[],
  options: GatherReportOptions,
  pub: ReportPublication,
): Promise<ReportCohortInfo[]> {
  const lang = options.lang ?? 'nb';
  const db = ws.db;
  const year = data.year;
  const hasCohorts = await hasCohortTables(db);
  if (!hasCohorts || !cohortYears.includes(year)) {
    data.unavailable.priorityGroups = !hasCohorts
      ? text(lang, 'gather.noCohorts')
      : cohortYears.length
        ? text(lang, 'gather.noCohortYearRun', { year, years: cohortYears.join(', ') })
        : text(lang, 'gather.noCohortYear', { year });
    return [];
  }
  const lib = await loadCohortLibrary(db, ws.dir);
  const present = new Set(
    (
      await db.all<{ cohort_id: string }>(
        `SELECT DISTINCT cohort_id FROM cohort_count WHERE year = $1`,
        [year],
      )
    ).map((r) => r.cohort_id),
  );
  const cohorts: ReportCohortInfo[] = [];
  for (const [id, c] of [...lib.cohorts.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const d = c.definition;
    if (!present.has(id)) continue;
    data.methods.definitions.push({
      kind: 'cohort',
      id,
      version: d.version,
      title: d.title,
      ...(d.description ? { description: d.description } : {}),
      ...(d.source ? { source: String(d.source) } : {}),
    });
    options.run?.addDefinition(`cohort:${id}`, d.version);
    if (!d.priorityGroup || !PRIORITY.has(d.priorityGroup)) continue;
    cohorts.push({
      id,
      version: d.version,
      title: d.title,
      priorityGroup: d.priorityGroup,
      ...(d.population?.age?.min !== undefined ? { ageMin: d.population.age.min } : {}),
      ...(d.population?.age?.max !== undefined ? { ageMax: d.population.age.max } : {}),
      ...(d.population?.sex ? { sexes: d.population.sex } : {}),
    });
  }
  // the three tables, disclosed with the rest of the report's tables
  const prev = await reportCohortPrevalence(ws, year, cohorts);
  const overlap = await cohortOverlapTable(ws, { year, ids: cohorts.map((c) => c.id) });
  await pub.add(
    [
      prev.table,
      { input: overlap.rows, schema: overlap.schema, metadata: cohortOverlapMetadata(year) },
      await reportCohortServiceUse(ws, year, cohorts),
    ],
    (tables) => {
      data.tables.cohortPrevalence = tables[0]!;
      data.tables.cohortOverlap = tables[1]!;
      data.tables.cohortServiceUse = tables[2]!;
    },
  );
  if (prev.standard) data.methods.standardPopulation = prev.standard;
  return cohorts;
}
