/**
 * Load SSB's population projections for Telemark (API CSV with region names) and show how the
 * older age groups grow under each alternative; check that the municipalities add up to the county.
 *
 *   npx tsx --tsconfig examples/tsconfig.json examples/projection-growth.ts [--to 2040] [files…]
 *
 * Without files it loads SSB table 14288 (2024 round) for Telemark, reduced to the years 2024,
 * 2040 and 2050, that the tests use (packages/core/test/fixtures/published/).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Workspace, ingestProjection } from '@felles/core';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { to: { type: 'string', default: '2040' } },
});
const files = positionals.length
  ? positionals
  : [
      fileURLToPath(
        new URL(
          '../packages/core/test/fixtures/published/telemark_projection_2024_reduced.csv',
          import.meta.url,
        ),
      ),
    ];
const to = Number(values.to);

const ws = await Workspace.init(join(mkdtempSync(join(tmpdir(), 'felles-example-')), 'ws'));
try {
  const { files: loaded } = await ingestProjection(ws, files);
  for (const f of loaded)
    console.log(
      `loaded table ${f.tableId}, round ${f.vintage}: ${f.rowsWritten} cells, ${f.years[0]}–${f.years.at(-1)}`,
    );

  // Municipalities must add up to the county, in every year, alternative and age group.
  const off = await ws.db.value<number>(`
    SELECT count(*)::INTEGER FROM (
      SELECT table_id, vintage, alternative, year, age_from,
        sum(population) FILTER (region_level = 'municipality') AS m, sum(population) FILTER (region_level = 'county') AS c
      FROM population_projection GROUP BY ALL) WHERE m IS DISTINCT FROM c`);
  console.log(`cells where the municipalities do not sum to the county: ${off}`);

  // Growth of 67+ and 80+ in the county from the first projection year to --to.
  const rows = await ws.db.all<{
    vintage: number;
    alternative: string;
    age: string;
    start: number;
    end: number;
  }>(
    `
    SELECT vintage, alternative, CASE WHEN age_from >= 80 THEN '80+' ELSE '67-79' END AS age,
      sum(population) FILTER (year = vintage)::BIGINT AS start, sum(population) FILTER (year = $1)::BIGINT AS "end"
    FROM population_projection WHERE region_level = 'county' AND age_from >= 67
    GROUP BY ALL ORDER BY vintage, alternative, age`,
    [to],
  );
  console.log(`\nTelemark county, persons by age group: first year → ${to}`);
  for (const r of rows) {
    console.log(
      `${r.vintage} ${r.alternative} ${r.age.padEnd(6)} ${String(r.start).padStart(7)} → ${String(r.end).padStart(7)}  (${(((r.end - r.start) / r.start) * 100).toFixed(1)} %)`,
    );
  }
} finally {
  ws.close();
}
