import type { Db } from '../../kernel/db.js';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import type { RunRecorder } from '../../workspace/manifest.js';
import type { Workspace } from '../../workspace/workspace.js';
import { MUNICIPALITY_MAP_SQL } from '../../reference/population/harmonise.js';
import { resolveRegions } from '../../reference/population/regions.js';
import { currentYear, SSB_YEAR_MIN } from '../limits.js';
import { checkYears } from './checks.js';
import {
  ingestSsbFiles,
  recordReported,
  type IngestSsbOptions,
  type IngestSsbResult,
  type SsbFileInput,
  type SsbFileReconciliation,
} from './common.js';
import { location, stageSsbFile, type SsbFileInfo } from './read.js';

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
 * - Years must lie between 1900 and the current year (population on 1 January of a year that has
 *   begun); a cell above 20 million persons is refused.
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

/** A staged population file and what is known about it. */
interface Staged {
  file: string;
  info: SsbFileInfo;
  tableId: string | undefined;
  isDistrict: boolean;
  loc: (line: number, column: string, value: string) => ReturnType<typeof location>;
  col: (role: string, fallback: string) => string;
}

async function loadPopulationFile(
  db: Db,
  run: RunRecorder,
  input: SsbFileInput,
  options: IngestSsbOptions,
): Promise<SsbFileReconciliation> {
  const st = await stagePopulation(db, input, options);
  await classifyRegions(db, st);
  await refuseDuplicateCells(db, st);
  const target = st.isDistrict ? 'population_district' : 'population';
  const kind = st.isDistrict ? 'ssb-population-district' : 'ssb-population';
  await harmonise(db, st);
  const rowsWritten = await writePopulation(db, st, target, input.fileId, options.replace ?? false);
  const reported = await recordReported(db, `${STAGE}_c`, input.fileId, kind);
  const rec = await summarise(db, st, input, target, rowsWritten, reported);
  if (st.tableId) run.addSsbTable(st.tableId, rec.years.length === 1 ? rec.years[0] : undefined);
  await db.exec(
    `DROP VIEW IF EXISTS ${STAGE}_c; DROP TABLE IF EXISTS ${STAGE}; DROP TABLE IF EXISTS ${STAGE}_h; DROP TABLE IF EXISTS ${STAGE}_regions;`,
  );
  return rec;
}

/** Stage the file and check what every population cell must be: sex given, one-year ages, whole numbers, plausible years. */
async function stagePopulation(
  db: Db,
  input: SsbFileInput,
  options: IngestSsbOptions,
): Promise<Staged> {
  const file = input.facts.path;
  const info = await stageSsbFile(db, input.read, STAGE);
  const tableId = options.tableId ?? info.tableId;
  const districtShare = await db.value<number>(
    `SELECT avg(CASE WHEN regexp_matches(region_code, '^[0-9]{6}') THEN 1 ELSE 0 END)::DOUBLE FROM ${STAGE}`,
  );
  const st: Staged = {
    file,
    info,
    tableId,
    isDistrict: tableId === '10826' || (districtShare ?? 0) > 0.5,
    loc: (line, column, value) => location(file, info.lineIsCell, line, column, value),
    col: (role, fallback) => info.columns.find((c) => c.role === role)?.name ?? fallback,
  };
  if (!st.isDistrict && !info.hasSex) {
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
      st.loc(badAge.line, st.col('age', 'age'), badAge.age_raw),
    );
  const badInt = await db.one<{ line: number; value_raw: string; value_column: string }>(
    `SELECT line, value_raw, value_column FROM ${STAGE} WHERE value <> floor(value) ORDER BY line LIMIT 1`,
  );
  if (badInt)
    throw new InputDataError(
      'NOT_A_WHOLE_NUMBER',
      'a population count must be a whole number',
      st.loc(badInt.line, badInt.value_column, badInt.value_raw),
    );
  const last = currentYear();
  await checkYears(
    db,
    STAGE,
    file,
    info.lineIsCell,
    info.columns.find((c) => c.role === 'year')?.name,
    { from: SSB_YEAR_MIN, to: last },
    `population is counted on 1 January of a year that has begun (the latest is ${last}); figures for later years are projections (felles ingest projection)`,
  );
  return st;
}

/** Classify every cell: ok (load), reported (not loaded, listed) or unknown (refused). */
async function classifyRegions(db: Db, st: Staged): Promise<void> {
  if (!st.isDistrict) await resolveRegions(db, STAGE, `${STAGE}_regions`);
  const period = `TRY_CAST(regexp_extract(region_raw, '\\((?:[0-9]{4})?-([0-9]{4})\\)\\s*$', 1) AS INTEGER)`;
  const classify = st.isDistrict
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
  const reason = st.isDistrict
    ? `CASE
        WHEN NOT regexp_matches(region_code, '^[0-9]{6}') THEN 'not a city district'
        WHEN substr(region_code, 5, 2) = '00' AND ${period} IS NULL THEN 'municipality total (aggregate of its districts)'
        ELSE 'district not valid in the data year (period in its label)' END`
    : `CASE
        WHEN sex = 'T' THEN 'both sexes total (aggregate)'
        WHEN r.level IN ('county', 'country') AND r.known THEN 'county or country total (aggregate)'
        WHEN r.level = 'municipality' THEN 'outside the municipality structure (Svalbard, Jan Mayen, continental shelf)'
        ELSE 'not a municipality (divided municipalities, unknown, aggregate)' END`;
  // A view, not a copy: the cells are scanned a few times, and copying them costs more.
  await db.exec(`CREATE OR REPLACE TEMP VIEW ${STAGE}_c AS
    SELECT s.*, ${st.isDistrict ? 'substr(region_code, 1, 6)' : 'r.code'} AS code, ${classify} AS status,
      CASE WHEN ${classify} = 'reported' THEN ${reason} END AS reason,
      CASE WHEN age_to IS NULL THEN 105 ELSE age_from END AS age
    FROM ${STAGE} s ${st.isDistrict ? '' : `JOIN ${STAGE}_regions r USING (region_raw)`}`);
  const unknown = await db.one<{ line: number; region_raw: string }>(
    `SELECT line, region_raw FROM ${STAGE}_c WHERE status = 'unknown' ORDER BY line LIMIT 1`,
  );
  if (unknown) {
    throw new InputDataError(
      'UNKNOWN_MUNICIPALITY',
      'unknown municipality code: not a municipality in any year felles knows (2008 onwards)',
      st.loc(unknown.line, st.col('region', 'region'), unknown.region_raw),
    );
  }
}

/** The same region, sex, age and year twice in one file is refused. */
async function refuseDuplicateCells(db: Db, st: Staged): Promise<void> {
  const key = `year, ${st.isDistrict ? 'region_raw' : "CASE WHEN regexp_matches(code, '^[0-9]{4}$') THEN code ELSE region_raw END"}, sex, age`;
  // A grouping finds whether there is a duplicate at all; only then are the lines looked up.
  const any = await db.one(`SELECT 1 FROM ${STAGE}_c GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`);
  if (!any) return;
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
       WINDOW w AS (PARTITION BY ${key})
     ) WHERE rn = 2 ORDER BY line LIMIT 1`,
  );
  if (dup) {
    throw new InputDataError(
      'DUPLICATE_CELL',
      `the same region, sex, age and year appear twice (first on line ${dup.first}: ${dup.region_raw} / ${dup.sex_raw ?? 'both sexes'} / ${dup.age_raw} / ${dup.year})`,
      st.loc(dup.line, st.col('region', 'region'), dup.region_raw),
    );
  }
}

/** Harmonised counts per structure-year code, integer-exact for splits (`${STAGE}_h`). */
async function harmonise(db: Db, st: Staged): Promise<void> {
  const shares = st.isDistrict
    ? `SELECT year, code AS target_code, sex, age, value::BIGINT AS share FROM ${STAGE}_c WHERE status = 'ok'`
    : `SELECT year, target_code, sex, age,
         CASE WHEN is_primary THEN v - (sum(fl) OVER (PARTITION BY line, value_column) - fl) ELSE fl END AS share
       FROM (SELECT s.line, s.value_column, s.year, m.target_code, s.sex, s.age, s.value::BIGINT AS v, m.is_primary,
               floor(s.value * m.weight)::BIGINT AS fl
             FROM ${STAGE}_c s JOIN ${MUNICIPALITY_MAP_SQL} m ON m.code = s.code WHERE s.status = 'ok')`;
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE ${STAGE}_h AS SELECT year, target_code, sex, age, sum(share)::BIGINT AS population FROM (${shares}) GROUP BY ALL`,
  );
}

/** Insert the harmonised counts; figures already there for a year and area are refused unless `replace`. */
async function writePopulation(
  db: Db,
  st: Staged,
  target: 'population' | 'population_district',
  fileId: number,
  replace: boolean,
): Promise<number> {
  const keyCol = st.isDistrict ? 'district_code' : 'municipality_code';
  const overlap = await db.one<{ year: number; n: number; files: string }>(
    `SELECT t.year, count(DISTINCT t.${keyCol})::BIGINT AS n, string_agg(DISTINCT f.path, ', ') AS files
     FROM ${target} t JOIN (SELECT DISTINCT year, target_code FROM ${STAGE}_h) h ON h.year = t.year AND h.target_code = t.${keyCol}
     LEFT JOIN ingest_file f USING (file_id) GROUP BY t.year ORDER BY t.year LIMIT 1`,
  );
  if (overlap && !replace) {
    throw new UsageError(
      'POPULATION_ALREADY_LOADED',
      `${st.file}: population for ${overlap.year} is already in the workspace for ${overlap.n} of its areas (from ${overlap.files ?? 'an earlier load'}); nothing was changed. Pass --replace to replace those figures`,
      { file: st.file, year: overlap.year },
    );
  }
  if (overlap) {
    await db.run(
      `DELETE FROM ${target} t USING (SELECT DISTINCT year, target_code FROM ${STAGE}_h) h WHERE h.year = t.year AND h.target_code = t.${keyCol}`,
    );
  }
  return db.run(
    `INSERT INTO ${target} (year, ${keyCol}, sex, age, population, file_id) SELECT year, target_code, sex, age, population, $1 FROM ${STAGE}_h`,
    [fileId],
  );
}

/** The file's reconciliation: cells and persons read = loaded + reported, years, harmonised codes. */
async function summarise(
  db: Db,
  st: Staged,
  input: SsbFileInput,
  target: 'population' | 'population_district',
  rowsWritten: number,
  reported: SsbFileReconciliation['reported'],
): Promise<SsbFileReconciliation> {
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
  const harmonised = st.isDistrict
    ? []
    : await db.all<{ code: string; targets: string[]; split: boolean }>(
        `SELECT m.code, list(m.target_code ORDER BY m.target_code) AS targets, count(*) > 1 AS split
         FROM (SELECT DISTINCT code FROM ${STAGE}_c WHERE status = 'ok') s JOIN ${MUNICIPALITY_MAP_SQL} m USING (code)
         GROUP BY m.code HAVING count(*) > 1 OR any_value(m.target_code) <> m.code ORDER BY m.code`,
      );
  return {
    file: st.file,
    sha256: input.facts.sha256,
    fileId: input.fileId,
    format: st.info.format,
    encoding: st.info.encoding,
    tableId: st.tableId,
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
    replaced: [],
  };
}
