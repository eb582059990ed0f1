import type { Db } from '../../kernel/db.js';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { stageSsbFile, location } from './read.js';
import type { RunRecorder } from '../../workspace/manifest.js';
import type { Workspace } from '../../workspace/workspace.js';
import {
  checkAlreadyLoaded,
  finishFile,
  recordReported,
  registerFile,
  type IngestSsbOptions,
  type IngestSsbResult,
  type SsbFileReconciliation,
  ingestSsbFiles,
} from './common.js';
import { MUNICIPALITY_MAP_SQL } from '../../reference/population/harmonise.js';
import { resolveRegions } from '../../reference/population/regions.js';

const STAGE = 'ssb_stage';

/**
 * Load SSB population files (table 07459 and alike: 1 January, region × sex × one-year age) into
 * `population`, and city-district files (table 10826) into `population_district`.
 *
 * - Formats and encodings are detected (StatBank CSV, API CSV, JSON-stat2; UTF-8 or ISO-8859-1).
 * - Municipality codes are harmonised to the structure year with `municipality_map`; a split
 *   municipality's counts are shared by the documented weights, keeping the total exact.
 * - Rows that are not municipalities (`K-Rest Divided municipalities and unknown`, Svalbard, Jan
 *   Mayen, the continental shelf, aggregates) are reported in the result, the run manifest and the
 *   `reject` table; they are never silently dropped.
 * - A municipality file must have a sex dimension: a file by region × age only is refused with
 *   `MISSING_COLUMN` (population is kept by sex). City-district files without sex load with sex `'T'`.
 * - All files load in one transaction: on any error nothing changes. Loading a file that is already
 *   loaded (same SHA-256) is refused unless `replace`; cells already in the workspace from another
 *   file (same year and municipality) are refused unless `replace`, which replaces them.
 */
export async function ingestPopulation(
  ws: Workspace,
  files: string[],
  options: IngestSsbOptions = {},
): Promise<IngestSsbResult> {
  if (files.length === 0)
    throw new UsageError('NO_FILES', 'no files given; name one or more SSB population files');
  return ingestSsbFiles(
    ws,
    'ingest population',
    files,
    options,
    loadPopulationFile,
    (rec) => rec.target,
  );
}

async function loadPopulationFile(
  db: Db,
  run: RunRecorder,
  file: string,
  options: IngestSsbOptions,
): Promise<SsbFileReconciliation> {
  const input = await run.addInput(file, 'ssb-population');
  const replaced = await checkAlreadyLoaded(
    db,
    file,
    input.sha256,
    ['ssb-population', 'ssb-population-district'],
    ['population', 'population_district'],
    options.replace ?? false,
  );
  const info = await stageSsbFile(db, file, STAGE, options);
  const tableId = options.tableId ?? info.tableId;
  const districtShare = await db.value<number>(
    `SELECT avg(CASE WHEN regexp_matches(region_code, '^[0-9]{6}') THEN 1 ELSE 0 END)::DOUBLE FROM ${STAGE}`,
  );
  const isDistrict = tableId === '10826' || (districtShare ?? 0) > 0.5;
  const loc = (line: number, column: string, value: string) =>
    location(file, info.lineIsCell, line, column, value);
  const ageCol = info.columns.find((c) => c.role === 'age')?.name ?? 'age';

  if (!isDistrict && !info.hasSex) {
    throw new InputDataError(
      'MISSING_COLUMN',
      'this file has no sex dimension (region × age only); felles keeps population by sex, so download table 07459 again with "sex" (kjønn) selected',
      { file, ...(info.lineIsCell ? {} : { line: info.headerLine }), column: 'sex' },
    );
  }
  // One-year ages 0..105, where 105 is "105 years or older".
  const badAge = await db.one<{ line: number; age_raw: string }>(
    `SELECT line, age_raw FROM ${STAGE} WHERE NOT ((age_to = age_from AND age_from BETWEEN 0 AND 105) OR (age_to IS NULL AND age_from = 105)) ORDER BY line LIMIT 1`,
  );
  if (badAge)
    throw new InputDataError(
      'BAD_AGE',
      'population needs one-year ages 0 to "105 years or older"; age groups and totals belong in projections',
      loc(badAge.line, ageCol, badAge.age_raw),
    );
  const badInt = await db.one<{ line: number; value_raw: string; value_column: string }>(
    `SELECT line, value_raw, value_column FROM ${STAGE} WHERE value <> floor(value) ORDER BY line LIMIT 1`,
  );
  if (badInt)
    throw new InputDataError(
      'NOT_A_WHOLE_NUMBER',
      'a population count must be a whole number',
      loc(badInt.line, badInt.value_column, badInt.value_raw),
    );

  // Classify regions: ok (load), reported (not loaded, listed) or unknown (error).
  if (!isDistrict) await resolveRegions(db, STAGE, `${STAGE}_regions`);
  const period = `TRY_CAST(regexp_extract(region_raw, '\\((?:[0-9]{4})?-([0-9]{4})\\)\\s*$', 1) AS INTEGER)`;
  const classify = isDistrict
    ? `CASE
        WHEN NOT regexp_matches(region_code, '^[0-9]{6}') THEN 'reported'
        WHEN ${period} < year THEN 'reported'
        WHEN substr(region_code, 5, 2) = '00' THEN 'reported'
        ELSE 'ok' END`
    : `CASE
        WHEN sex = 'T' THEN 'reported'
        WHEN r.level = 'municipality' AND r.known THEN 'ok'
        WHEN r.level = 'municipality' AND (substr(r.code, 1, 2) IN ('21', '22', '23') OR r.code = '9999') THEN 'reported'
        WHEN r.level = 'municipality' THEN 'unknown'
        ELSE 'reported' END`;
  const reason = isDistrict
    ? `CASE
        WHEN NOT regexp_matches(region_code, '^[0-9]{6}') THEN 'not a city district'
        WHEN substr(region_code, 5, 2) = '00' AND ${period} IS NULL THEN 'municipality total (aggregate of its districts)'
        ELSE 'district not valid in the data year (period in its label)' END`
    : `CASE
        WHEN sex = 'T' THEN 'both sexes total (aggregate)'
        WHEN r.level IN ('county', 'country') AND r.known THEN 'county or country total (aggregate)'
        WHEN r.level = 'municipality' THEN 'outside the municipality structure (Svalbard, Jan Mayen, continental shelf)'
        ELSE 'not a municipality (divided municipalities, unknown, aggregate)' END`;
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE}_c AS
    SELECT s.*, ${isDistrict ? 'substr(region_code, 1, 6)' : 'r.code'} AS code, ${classify} AS status,
      CASE WHEN ${classify} = 'reported' THEN ${reason} END AS reason,
      CASE WHEN age_to IS NULL THEN 105 ELSE age_from END AS age
    FROM ${STAGE} s ${isDistrict ? '' : `JOIN ${STAGE}_regions r USING (region_raw)`}`);
  const unknown = await db.one<{ line: number; region_raw: string }>(
    `SELECT line, region_raw FROM ${STAGE}_c WHERE status = 'unknown' ORDER BY line LIMIT 1`,
  );
  const regionCol = info.columns.find((c) => c.role === 'region')?.name ?? 'region';
  if (unknown) {
    throw new InputDataError(
      'UNKNOWN_MUNICIPALITY',
      'unknown municipality code: not a municipality in any year felles knows (2008 onwards)',
      loc(unknown.line, regionCol, unknown.region_raw),
    );
  }
  // The same cell twice.
  const dup = await db.one<{
    line: number;
    first: number;
    region_raw: string;
    sex_raw: string | null;
    age_raw: string;
    year: number;
    value_column: string;
  }>(
    `SELECT line, first, region_raw, sex_raw, age_raw, year, value_column FROM (
       SELECT *, min(line) OVER w AS first, row_number() OVER (w ORDER BY line) AS rn FROM ${STAGE}_c
       WINDOW w AS (PARTITION BY year, ${isDistrict ? 'region_raw' : "CASE WHEN regexp_matches(code, '^[0-9]{4}$') THEN code ELSE region_raw END"}, sex, age)
     ) WHERE rn = 2 ORDER BY line LIMIT 1`,
  );
  if (dup) {
    throw new InputDataError(
      'DUPLICATE_CELL',
      `the same region, sex, age and year appear twice (first on line ${dup.first}: ${dup.region_raw} / ${dup.sex_raw ?? 'both sexes'} / ${dup.age_raw} / ${dup.year})`,
      loc(dup.line, regionCol, dup.region_raw),
    );
  }

  const target = isDistrict ? 'population_district' : 'population';
  const kind = isDistrict ? 'ssb-population-district' : 'ssb-population';
  const fileId = await registerFile(db, run, kind, file, input.sha256, input.bytes);
  // Harmonised counts, integer-exact for splits.
  const shares = isDistrict
    ? `SELECT year, code AS target_code, sex, age, value::BIGINT AS share FROM ${STAGE}_c WHERE status = 'ok'`
    : `SELECT year, target_code, sex, age,
         CASE WHEN is_primary THEN v - (sum(fl) OVER (PARTITION BY line, value_column) - fl) ELSE fl END AS share
       FROM (SELECT s.line, s.value_column, s.year, m.target_code, s.sex, s.age, s.value::BIGINT AS v, m.is_primary,
               floor(s.value * m.weight)::BIGINT AS fl
             FROM ${STAGE}_c s JOIN ${MUNICIPALITY_MAP_SQL} m ON m.code = s.code WHERE s.status = 'ok')`;
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE ${STAGE}_h AS SELECT year, target_code, sex, age, sum(share)::BIGINT AS population FROM (${shares}) GROUP BY ALL`,
  );
  const keyCol = isDistrict ? 'district_code' : 'municipality_code';
  const overlap = await db.one<{ year: number; n: number; files: string }>(
    `SELECT t.year, count(DISTINCT t.${keyCol})::BIGINT AS n, string_agg(DISTINCT f.path, ', ') AS files
     FROM ${target} t JOIN (SELECT DISTINCT year, target_code FROM ${STAGE}_h) h ON h.year = t.year AND h.target_code = t.${keyCol}
     LEFT JOIN ingest_file f USING (file_id) GROUP BY t.year ORDER BY t.year LIMIT 1`,
  );
  if (overlap && !options.replace) {
    throw new UsageError(
      'POPULATION_ALREADY_LOADED',
      `${file}: population for ${overlap.year} is already in the workspace for ${overlap.n} of its areas (from ${overlap.files ?? 'an earlier load'}); nothing was changed. Pass --replace to replace those figures`,
      { file, year: overlap.year },
    );
  }
  if (overlap) {
    await db.run(
      `DELETE FROM ${target} t USING (SELECT DISTINCT year, target_code FROM ${STAGE}_h) h WHERE h.year = t.year AND h.target_code = t.${keyCol}`,
    );
  }
  const rowsWritten = await db.run(
    `INSERT INTO ${target} (year, ${keyCol}, sex, age, population, file_id) SELECT year, target_code, sex, age, population, $1 FROM ${STAGE}_h`,
    [fileId],
  );
  const reported = await recordReported(db, `${STAGE}_c`, fileId, kind);
  const s = await db.one<{
    cells: number;
    ok: number;
    rep: number;
    read: number;
    rep_p: number;
    years: number[];
  }>(
    `SELECT count(*)::BIGINT AS cells, count(*) FILTER (status = 'ok')::BIGINT AS ok, count(*) FILTER (status = 'reported')::BIGINT AS rep,
       coalesce(sum(value), 0)::DOUBLE AS read, coalesce(sum(value) FILTER (status = 'reported'), 0)::DOUBLE AS rep_p, list(DISTINCT year ORDER BY year) AS years
     FROM ${STAGE}_c`,
  );
  const loaded = Number(
    await db.value<number>(`SELECT coalesce(sum(population), 0)::DOUBLE FROM ${STAGE}_h`),
  );
  const harmonised = isDistrict
    ? []
    : await db.all<{ code: string; targets: string[]; split: boolean }>(
        `SELECT m.code, list(m.target_code ORDER BY m.target_code) AS targets, count(*) > 1 AS split
         FROM (SELECT DISTINCT code FROM ${STAGE}_c WHERE status = 'ok') s JOIN ${MUNICIPALITY_MAP_SQL} m USING (code)
         GROUP BY m.code HAVING count(*) > 1 OR any_value(m.target_code) <> m.code ORDER BY m.code`,
      );
  await finishFile(db, fileId, Number(s?.cells ?? 0), Number(s?.ok ?? 0), Number(s?.rep ?? 0));
  if (tableId) run.addSsbTable(tableId, (s?.years ?? []).length === 1 ? s?.years[0] : undefined);
  await db.exec(
    `DROP TABLE IF EXISTS ${STAGE}; DROP TABLE IF EXISTS ${STAGE}_c; DROP TABLE IF EXISTS ${STAGE}_h; DROP TABLE IF EXISTS ${STAGE}_regions;`,
  );
  return {
    file,
    sha256: input.sha256,
    fileId,
    format: info.format,
    encoding: info.encoding,
    tableId,
    target,
    years: s?.years ?? [],
    cellsRead: Number(s?.cells ?? 0),
    cellsLoaded: Number(s?.ok ?? 0),
    cellsReported: Number(s?.rep ?? 0),
    personsRead: Number(s?.read ?? 0),
    personsLoaded: loaded,
    personsReported: Number(s?.rep_p ?? 0),
    rowsWritten,
    reported,
    harmonised,
    replaced,
  };
}
