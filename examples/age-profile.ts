/**
 * Open a workspace, load SSB population (table 07459) and print a helsefellesskap's age profile.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/age-profile.ts [options] [07459-file]
 *
 * Options: --hf <code|name> (default TELEMARK), --year <y> (default: the file's latest year),
 * --age-groups <groups> (default 0-19,20-66,67-79,80+), --workspace <dir> (default: a new
 * workspace in a temporary folder; an existing workspace is opened and the file is loaded only
 * if it is not there yet). Without a file it loads the SSB 2022 export (reduced to 30
 * municipalities, Telemark's among them) that the tests use, in
 * packages/core/test/fixtures/published/.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { FellesError, Workspace, ingestPopulation, populationSummary } from '@felles/core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    hf: { type: 'string', default: 'TELEMARK' },
    year: { type: 'string' },
    'age-groups': { type: 'string', default: '0-19,20-66,67-79,80+' },
    workspace: { type: 'string' },
  },
});
const file =
  positionals[0] ??
  fileURLToPath(
    new URL(
      '../packages/core/test/fixtures/published/07459_by_sex_age_2022_reduced.csv',
      import.meta.url,
    ),
  );
const dir = values.workspace ?? join(mkdtempSync(join(tmpdir(), 'felles-example-')), 'ws');

try {
  // 1. Open the workspace (or create it: that also loads the geography and the 19 communities).
  const ws = existsSync(join(dir, 'felles.json'))
    ? await Workspace.open(dir)
    : await Workspace.init(dir);
  try {
    // 2. Load the SSB file, unless this very file is already loaded (the library refuses a reload).
    const loaded = await ws.db.value<number>(
      `SELECT count(*)::INTEGER FROM ingest_file WHERE path = $1`,
      [file],
    );
    if (!loaded) {
      const { files } = await ingestPopulation(ws, [file]);
      for (const f of files) {
        console.log(
          `loaded ${f.personsLoaded.toLocaleString('en-US')} persons (${f.years.join(', ')}) from table ${f.tableId ?? '?'}; ` +
            `${f.cellsReported} cells reported, not loaded (${f.reported.map((r) => r.label).join('; ') || 'none'})`,
        );
      }
    }
    // 3. The age profile of the helsefellesskap.
    const year = values.year
      ? Number(values.year)
      : Number(await ws.db.value(`SELECT max(year) FROM population`));
    const s = await populationSummary(ws, { hf: values.hf, year, ageGroups: values['age-groups'] });
    console.log(
      `\n${s.area}: population 1 January ${s.year}, ${s.municipalities.length} municipalities`,
    );
    console.log('age group        men    women    total   share');
    const total = s.rows.find((r) => r.age_group === 'Total' && r.sex === 'T')?.population ?? 0;
    for (const g of [...s.ageGroups.map((a) => a.label), 'Total']) {
      const n = (sex: string) =>
        s.rows.find((r) => r.age_group === g && r.sex === sex)?.population ?? 0;
      const share = total ? n('T') / total : 0;
      console.log(
        `${g.padEnd(10)} ${String(n('M')).padStart(9)} ${String(n('F')).padStart(8)} ${String(n('T')).padStart(8)} ${(share * 100).toFixed(1).padStart(6)} %  ${'#'.repeat(Math.round(share * 40))}`,
      );
    }
  } finally {
    ws.close();
  }
} catch (e) {
  // Library errors carry a stable code and a message meant for people.
  console.error(e instanceof FellesError ? `error ${e.code}: ${e.message}` : e);
  process.exitCode = e instanceof FellesError ? e.exitCode : 1;
}
