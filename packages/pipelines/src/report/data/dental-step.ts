/**
 * The dental step of the report's data gathering: the dental module's analysis for the report
 * year (share examined of the entitled population, caries), disclosed, and the priority groups'
 * labels in both languages.
 */
import { loadPriorityGroups, type Workspace } from '@felles/core';
import { text } from '@felles/text';
import type { ReportCohortInfo } from './cohorts.js';
import { dentalReportSection } from './dental.js';
import type { GatherReportOptions, ReportData } from './types.js';

/** Fill the dental tables into `data` (or say why there are none). */
export async function dentalStep(
  ws: Workspace,
  data: ReportData,
  cohorts: readonly ReportCohortInfo[],
  options: GatherReportOptions,
): Promise<void> {
  const lang = options.lang ?? 'nb';
  const year = data.year;
  const rows = Number(
    await ws.db
      .value<number>(`SELECT count(*) FROM dental_record WHERE year = $1`, [year])
      .catch(() => 0),
  );
  if (rows === 0) {
    data.unavailable.dental = text(lang, 'gather.noDental', { year });
    return;
  }
  try {
    const d = await dentalReportSection(ws, {
      year,
      years: [year],
      ...(cohorts.length ? { cohorts: cohorts.map((c) => c.id) } : {}),
    });
    const t = d.analysis.tables;
    data.tables.dentalUtilisation = t.utilisation;
    data.tables.dentalCaries = t.caries;
    data.tables.dentalRecall = t.recall;
    data.tables.dentalCrossSector = t.crossSector;
    const def = loadPriorityGroups();
    data.dentalGroups = {};
    for (const p of def.periods)
      for (const g of p.groups) data.dentalGroups[g.id] = g.shortLabel ?? g.label;
    data.methods.definitions.push({
      kind: 'dental',
      id: d.definition.id,
      version: d.definition.version,
      title: def.title,
      source: def.source,
    });
    options.run?.addDefinition(d.definition.id, d.definition.version);
    for (const w of d.warnings) options.run?.note(`dental: ${w}`);
  } catch (e) {
    options.run?.note(`report: dental failed: ${e instanceof Error ? e.message : String(e)}`);
    data.unavailable.dental = text(lang, 'gather.dentalFailed');
  }
}
