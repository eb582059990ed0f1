/**
 * The dental step of the report's data gathering: the dental module's tables for the report
 * year (share examined of the entitled population, caries, recall, cross-sector), added to the
 * report's publication, and the priority groups' labels in both languages.
 */
import { loadPriorityGroups, type Workspace } from '@felles/core';
import { text } from '@felles/text';
import { dentalTableInputs } from '../../dental/analysis.js';
import type { ReportCohortInfo } from './cohorts.js';
import type { ReportPublication } from './publication.js';
import type { GatherReportOptions, ReportData } from './types.js';

/** The dental tables the report shows and writes, and where they go in its data. */
const REPORT_DENTAL_TABLES = {
  utilisation: 'dentalUtilisation',
  caries: 'dentalCaries',
  recall: 'dentalRecall',
  crossSector: 'dentalCrossSector',
} as const;

/**
 * Add the dental tables to the report's publication `pub` (they are filled into `data` when it is
 * sealed), or say why there are none.
 */
export async function dentalStep(
  ws: Workspace,
  data: ReportData,
  cohorts: readonly ReportCohortInfo[],
  options: GatherReportOptions,
  pub: ReportPublication,
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
    const d = await dentalTableInputs(ws, {
      years: [year],
      ...(cohorts.length ? { cohorts: cohorts.map((c) => c.id) } : {}),
    });
    const keys = (
      Object.keys(REPORT_DENTAL_TABLES) as Array<keyof typeof REPORT_DENTAL_TABLES>
    ).filter((k) => d.inputs[k]);
    await pub.add(
      keys.map((k) => d.inputs[k]!),
      (tables) => keys.forEach((k, i) => (data.tables[REPORT_DENTAL_TABLES[k]] = tables[i]!)),
    );
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
