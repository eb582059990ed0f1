/** The runs the report's numbers come from and the SSB tables they read. */
import type { Workspace } from '@felles/core';
import type { ReportData } from './types.js';

/** Fill `sourceRuns` (the latest 40 successful runs) and the SSB tables they recorded. */
export async function provenanceStep(ws: Workspace, data: ReportData): Promise<void> {
  const m = data.methods;
  for (const run of await ws.runs()) {
    if (run.status !== 'ok') continue;
    if (run.command !== 'report')
      m.sourceRuns.push({ id: run.id, command: run.command, startedAt: run.startedAt });
    for (const s of run.ssbTables) {
      if (!m.ssbTables.some((x) => x.tableId === s.tableId && x.vintage === s.vintage))
        m.ssbTables.push({
          tableId: s.tableId,
          ...(s.vintage !== undefined ? { vintage: s.vintage } : {}),
        });
    }
  }
  m.sourceRuns = m.sourceRuns.slice(-40);
}
