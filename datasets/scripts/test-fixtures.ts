/**
 * Reduce public reference files to the small pieces the tests read, and write them to
 * packages/core/test/fixtures/published/ (described in the SOURCES.md there).
 *
 * Run from the repository root, with the folder that holds the original downloads
 * (`ssb-raw/`, `norway/`, `codelists/`, as listed in the SOURCES.md) as the argument:
 *
 *   npx tsx datasets/scripts/test-fixtures.ts <data-dir>
 *
 * SSB's own exports are filtered line by line and written back byte for byte (encoding, quotes
 * and CRLF as published); only whole lines are dropped. The csdata extracts are selected and
 * summed in DuckDB. A re-run on the same inputs gives byte-identical files.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Db } from '../../packages/core/src/kernel/db.js';
import { path as sqlPath } from '../../packages/core/src/kernel/sql.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
if (!process.argv[2]) {
  process.stderr.write('usage: npx tsx datasets/scripts/test-fixtures.ts <data-dir>\n');
  process.exit(2);
}
const data = resolve(process.argv[2]);
const out = join(repo, 'packages/core/test/fixtures/published');
mkdirSync(out, { recursive: true });

/** Keep the first `head` lines and every later line for which `keep` is true; bytes unchanged. */
function filterLines(
  from: string,
  to: string,
  head: number,
  keep: (line: string) => boolean,
): number {
  // latin1 maps every byte to one char and back, so the bytes survive whatever the encoding.
  const text = readFileSync(from, 'latin1');
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split(eol);
  const last = lines.at(-1) === '' ? lines.pop() : undefined;
  const kept = lines.filter((l, i) => i < head || keep(l));
  writeFileSync(to, kept.join(eol) + (last === '' ? eol : ''), 'latin1');
  return kept.length - head;
}

/** The region code of a StatBank line such as `"K-3001 Halden";"Males";…`. */
const regionOf = (line: string) => (line.split(';')[0] ?? '').replace(/^"|"$/g, '');

// 1. 07459 by region × sex × age, 2022: the municipalities needed by the tests, in file order.
const OSTFOLD_START = ['3001', '3002', '3003', '3004', '3005', '3006', '3007', '3011', '3012'];
const TELEMARK_2022 = [
  '3806', '3807', '3808', '3812', '3813', '3814', '3815', '3816', '3817',
  '3818', '3819', '3820', '3821', '3822', '3823', '3824', '3825',
]; // prettier-ignore
const BY_SEX = new Set([...OSTFOLD_START, '3013', '3014', '0301', '1507', ...TELEMARK_2022]);
const bySex = filterLines(
  join(data, 'ssb-raw/07459_norway_population_by_age_sex_2022.csv'),
  join(out, '07459_by_sex_age_2022_reduced.csv'),
  3,
  (l) => {
    const r = regionOf(l);
    return BY_SEX.has(r.replace(/^K-(\d{4}) .*$/, '$1')) || /^K-(21-22|23|Rest) /.test(r);
  },
);

// 2. 07459 by region × age (no sex), 2022: one ASCII and one Latin-1 name, and K-Rest.
const noSex = filterLines(
  join(data, 'ssb-raw/07459_Personer2022.csv'),
  join(out, '07459_by_age_2022_reduced.csv'),
  3,
  (l) => /^K-(3001|3014|Rest) /.test(regionOf(l)),
);

// 3. 10826 city districts, 2022: every region with residents, and six former districts (no residents).
// Former districts by code: Oslo 1988–2003 (a total and a district), Bergen until 2019 (a total
// and a district), Trondheim 2005–2017 (a total) and 2001–2004 (the unknown district).
const FORMER = ['030100a', '030101', '120100a', '120103', '160100aa', '160199'];
const wardFile = join(data, 'ssb-raw/07459_Personerward2022.csv');
const inhabited = new Set<string>();
for (const l of readFileSync(wardFile, 'latin1').split('\r\n').slice(3)) {
  if (Number(l.split(';')[2]) > 0) inhabited.add(regionOf(l));
}
const wards = filterLines(
  wardFile,
  join(out, '10826_districts_2022_reduced.csv'),
  3,
  (l) => inhabited.has(regionOf(l)) || FORMER.includes(regionOf(l).split(' ')[0] ?? ''),
);

// 4. Telemark projections (API CSV), both rounds: the base year, 2040 and 2050.
const proj: Record<string, number> = {};
for (const [round, name] of [
  ['2024', 'telemark_Framskrevet_folkemengde_2024-2050.csv'],
  ['2026', 'telemark_Framskrevet_folkemengde_2026-2050.csv'],
] as const) {
  proj[round] = filterLines(
    join(data, 'ssb-raw', name),
    join(out, `telemark_projection_${round}_reduced.csv`),
    1,
    (l) => [round, '2040', '2050'].includes(l.split(',')[2] ?? ''),
  );
}

// 5. csdata (SSB 07459 at 2024 borders): 2022 for the municipalities of (1) at 2024 borders;
//    2024 summed by municipality; 2024 summed by sex × age for the whole country.
const db = await Db.open(':memory:');
const pop = `read_csv(${sqlPath(join(data, 'norway/population.csv.gz'))}, header = true, types = {'municipality_code': 'VARCHAR'})`;
const changes = `read_csv(${sqlPath(join(data, 'norway/municipality_changes.csv'))}, header = true, all_varchar = true)`;
const codes = [...BY_SEX].map((c) => `'${c}'`).join(', ');
await db.exec(`
  CREATE TABLE kept AS
    SELECT DISTINCT coalesce(c.new_code, k.code) AS code
      FROM (SELECT unnest([${codes}]) AS code) k
      LEFT JOIN ${changes} c ON c.old_code = k.code AND c.year = '2024';
  COPY (SELECT year, municipality_code, sex, age, population, approx_split FROM ${pop}
         WHERE year = 2022 AND municipality_code IN (SELECT code FROM kept)
         ORDER BY municipality_code, sex, age)
    TO ${sqlPath(join(out, 'csdata_population_2022_reduced.csv'))} (HEADER, DELIMITER ',');
  COPY (SELECT year, municipality_code, sum(population)::BIGINT AS population FROM ${pop}
         WHERE year = 2024 GROUP BY ALL ORDER BY municipality_code)
    TO ${sqlPath(join(out, 'csdata_population_2024_by_municipality.csv'))} (HEADER, DELIMITER ',');
  COPY (SELECT year, sex, age, sum(population)::BIGINT AS population FROM ${pop}
         WHERE year = 2024 GROUP BY ALL ORDER BY sex, age)
    TO ${sqlPath(join(out, 'csdata_population_2024_norway_by_sex_age.csv'))} (HEADER, DELIMITER ',');
`);
const csdata2022 = await db.value(
  `SELECT count(*)::INTEGER FROM read_csv(${sqlPath(join(out, 'csdata_population_2022_reduced.csv'))})`,
);
db.close();

// 6. The HFRS code list (Gilbert et al. 2018), whole: 109 rows.
writeFileSync(join(out, 'hfrs_icd10.csv'), readFileSync(join(data, 'codelists/hfrs_icd10.csv')));

process.stdout.write(
  `07459 by sex: ${bySex} lines; by age: ${noSex}; 10826: ${wards}; ` +
    `projections 2024: ${proj['2024']}, 2026: ${proj['2026']}; csdata 2022: ${String(csdata2022)} rows\n`,
);
