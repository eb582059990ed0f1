import type { Command } from 'commander';
import { removeIngested, type RemoveResult } from '@felles/core';
import {
  log,
  out,
  outJson,
  progressReporter,
  withWorkspace,
  type GlobalOptions,
} from '../context.js';
import { formatCount, formatTable } from '../format.js';

/** `felles ingest remove <file...>`: take loaded files out of the workspace again. */
export function registerIngestRemove(ingest: Command, globals: () => GlobalOptions): void {
  ingest
    .command('remove')
    .summary('take loaded files out of the workspace again')
    .description(
      'Remove everything a loaded file put in the workspace: its rows in every table, its rejected rows and its record among the loaded files, in one transaction; person, residence, hospital stays and NPR–KPR links are rebuilt from what is left. A KUHR claim set (bills, diagnoses and fee codes loaded together) is removed as a whole, and discharge-ready times set by an NPR time-point file are put back. Name a file by its path: a file that still exists is found by its content (the same bytes loaded under any name), one that no longer exists by the path it was loaded from. The run manifest lists what was removed, with file ids and SHA-256.',
    )
    .argument('<file...>', 'loaded files (path)')
    .addHelpText(
      'after',
      `
Examples:
  $ felles ingest remove npr_2023.csv
  $ felles ingest remove regninger.csv                 also removes the diagnoses and fee files loaded with it
  $ felles --json ingest remove 07459_befolkning_2024.csv`,
    )
    .action(async (files: string[]) => {
      const g = globals();
      const progress = progressReporter(g);
      try {
        await withWorkspace(g, {}, async (ws) => {
          report(g, await removeIngested(ws, files, { progress }));
        });
      } finally {
        progress.stop();
      }
    });
}

function report(g: GlobalOptions, res: RemoveResult): void {
  if (g.json) {
    outJson(res);
    return;
  }
  out(
    formatTable(
      res.removed.map((f) => ({
        file_id: f.fileId,
        kind: f.kind,
        file: f.path,
        rows: Object.entries(f.rows)
          .map(([t, n]) => `${t} ${formatCount(n)}`)
          .join(', '),
      })),
      ['file_id', 'kind', 'file', 'rows'],
    ),
  );
  if (Object.keys(res.derived).length) {
    out('');
    out(
      `tables: ${Object.entries(res.derived)
        .map(([t, n]) => `${t} ${formatCount(n)}`)
        .join(', ')}`,
    );
  }
  log(g, `run ${res.runId}`);
}
