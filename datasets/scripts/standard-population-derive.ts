/**
 * Derive the bundled national standard population `norway-2024`
 * (packages/core/definitions/standard-populations/norway-2024.json): SSB's population of Norway on
 * 1 January 2024 by sex and single year of age, 90+ together.
 *
 * Run from the repository root, with the folder that holds `norway/population.csv.gz` (SSB table
 * 07459 as packaged by FHI's csdata, 2024 municipality borders; see its SOURCES.md) as the argument:
 *
 *   npx tsx datasets/scripts/standard-population-derive.ts <data-dir>
 *
 * The 357 municipalities are summed per sex × age (csdata's age 105 means 105+); ages 90 and up
 * make the open top band. A re-run on the same input gives a byte-identical file.
 */
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Db } from '../../packages/core/src/kernel/db.js';
import { path as sqlPath } from '../../packages/core/src/kernel/sql.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
if (!process.argv[2]) {
  process.stderr.write(
    'usage: npx tsx datasets/scripts/standard-population-derive.ts <data-dir>\n',
  );
  process.exit(2);
}
const file = join(resolve(process.argv[2]), 'norway', 'population.csv.gz');
const db = await Db.open(':memory:');
const rows = await db.all<{ sex: string; age: number; population: number }>(
  `SELECT CASE sex WHEN 'male' THEN 'M' WHEN 'female' THEN 'F' END AS sex, least(age::INTEGER, 90) AS age,
     sum(population)::BIGINT AS population
   FROM read_csv(${sqlPath(file)}, header = true, types = {'municipality_code': 'VARCHAR'})
   WHERE year = 2024 GROUP BY ALL ORDER BY sex, age`,
);
db.close();
const strata = rows.map((r) => ({
  ageFrom: Number(r.age),
  ageTo: Number(r.age) >= 90 ? null : Number(r.age),
  sex: r.sex,
  population: Number(r.population),
}));
const total = strata.reduce((a, s) => a + s.population, 0);
const doc = {
  id: 'norway-2024',
  version: '1',
  label: 'Norway 2024',
  title: 'Population of Norway, 1 January 2024',
  source:
    "Statistics Norway (SSB), table 07459 (population 1 January by region, sex and one-year age), 1 January 2024, as packaged by FHI's csdata (nor_population_by_age_b2024, 2024 municipality borders); the 357 municipalities summed by sex and age, 90+ together. Kilde: Statistisk sentralbyrå (SSB), bearbeidet.",
  note: `By sex and single year of age 0–89, 90+ open. Sums to ${total.toLocaleString('en')}, SSB's published population of Norway on 1 January 2024.`,
  strata,
};
const out = join(repo, 'packages/core/definitions/standard-populations/norway-2024.json');
writeFileSync(out, `${JSON.stringify(doc, null, 2)}\n`);
process.stdout.write(`wrote ${out}: ${strata.length} strata, ${total} persons\n`);
