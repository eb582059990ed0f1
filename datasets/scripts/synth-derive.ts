/**
 * Derive the compact reference figures the synthetic generator needs (datasets/synth/) from the
 * public Norwegian reference extracts (csdata's SSB figures and SKDE's catchment list, listed in
 * datasets/README.md), in a folder of your own. Run from the repository root:
 *
 *   npx tsx datasets/scripts/synth-derive.ts <norway-dir>
 *
 * Writes (all UTF-8, comma separated, sorted):
 * - municipalities.csv        code, name, county, health trust (SKDE catchment of the municipality;
 *                             Oslo as one unit "Oslo")
 * - population-2020.csv       1 January 2020 residents by municipality (2024 borders) × sex × age 0–105
 * - births.csv                residents aged 0 on 1 January Y+1 by municipality × sex, Y = 2020..2025
 *                             (used as the number of births in year Y)
 * - county-projection.csv     SSB 2024-round county totals (table 14288), MMMM/LLML/HHMH, 2024–2050

 */
import { Db } from '../../packages/core/src/kernel/db.js';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

const repo = fileURLToPath(new URL('../../', import.meta.url));
if (!process.argv[2]) {
  process.stderr.write('usage: npx tsx datasets/scripts/synth-derive.ts <norway-dir>\n');
  process.exit(2);
}
const src = resolve(process.argv[2]);
const out = resolve(repo, 'datasets/synth');
const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

const db = await Db.open(':memory:');
const pop = `read_csv(${q(`${src}/population.csv.gz`)}, header=true, types={'municipality_code':'VARCHAR'})`;
await db.exec(`
COPY (
  SELECT m.municipality_code AS code, m.municipality_name AS name, m.county_code AS county,
         CASE WHEN m.municipality_code = '0301' THEN 'Oslo' ELSE h.health_trust END AS health_trust
  FROM read_csv(${q(`${src}/municipalities.csv`)}, header=true, all_varchar=true) m
  LEFT JOIN (SELECT municipality_code, any_value(health_trust ORDER BY area_code) AS health_trust
             FROM read_csv(${q(`${src}/health_trusts.csv`)}, header=true, all_varchar=true)
             WHERE area_level = 'municipality' GROUP BY 1) h USING (municipality_code)
  ORDER BY code) TO ${q(`${out}/municipalities.csv`)} (HEADER, DELIMITER ',');
COPY (
  SELECT municipality_code AS code, CASE sex WHEN 'male' THEN 'M' ELSE 'F' END AS sex, age, population
  FROM ${pop} WHERE year = 2020 AND population > 0 ORDER BY code, sex, age
) TO ${q(`${out}/population-2020.csv`)} (HEADER, DELIMITER ',');
COPY (
  SELECT year - 1 AS year, municipality_code AS code, CASE sex WHEN 'male' THEN 'M' ELSE 'F' END AS sex, population AS births
  FROM ${pop} WHERE age = 0 AND year BETWEEN 2021 AND 2026 ORDER BY year, code, sex
) TO ${q(`${out}/births.csv`)} (HEADER, DELIMITER ',');
COPY (
  SELECT alternative, year, region_code AS county, population
  FROM read_csv(${q(`${src}/projections.csv`)}, header=true, types={'region_code':'VARCHAR'})
  ORDER BY alternative, county, year
) TO ${q(`${out}/county-projection.csv`)} (HEADER, DELIMITER ',');
`);
const n = await db.value(
  `SELECT sum(population)::BIGINT AS n FROM read_csv(${q(`${out}/population-2020.csv`)})`,
);
process.stdout.write(`population 2020: ${String(n)}\n`);
db.close();
