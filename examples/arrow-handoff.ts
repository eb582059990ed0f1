/**
 * Query results as Apache Arrow, for hand-off to other tools (Arquero, Observable Plot, Python
 * via IPC). Loads a small SSB JSON-stat2 file and writes the summary as an Arrow IPC file.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/arrow-handoff.ts [out.arrow]
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tableToIPC } from 'apache-arrow';
import { Workspace, ingestPopulation, populationSummaryArrow } from '@felles/core';

const file = fileURLToPath(
  new URL('../packages/core/test/fixtures/ssb/jsonstat2-population.json', import.meta.url),
);
const dir = mkdtempSync(join(tmpdir(), 'felles-example-'));
const out = process.argv[2] ?? join(dir, 'telemark-2024.arrow');

const ws = await Workspace.init(join(dir, 'ws'));
try {
  await ingestPopulation(ws, [file]);
  const table = await populationSummaryArrow(ws, {
    hf: 'TELEMARK',
    year: 2024,
    ageGroups: '0-66,67+',
  });
  console.log(`columns: ${table.schema.fields.map((f) => f.name).join(', ')}`);
  console.log(`rows: ${table.numRows}`);
  for (const row of table.toArray()) {
    const r = row.toJSON() as { age_group: string; sex: string; population: number };
    if (r.sex === 'T') console.log(`${r.age_group}: ${r.population}`);
  }
  writeFileSync(out, tableToIPC(table, 'file'));
  console.log(`wrote ${out}`);
} finally {
  ws.close();
}
