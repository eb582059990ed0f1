import type { Db } from '../../kernel/db.js';
import { InputDataError, UsageError } from '../../kernel/errors.js';
import { lit } from '../../kernel/sql.js';
import type { RunRecorder } from '../../workspace/manifest.js';
import type { Workspace } from '../../workspace/workspace.js';
import { MUNICIPALITY_MAP_SQL } from '../../reference/population/harmonise.js';
import { resolveRegions } from '../../reference/population/regions.js';
import {
  currentYear,
  PROJECTION_HORIZON,
  PROJECTION_VINTAGE_MIN,
  SSB_YEAR_MIN,
} from '../limits.js';
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

const STAGE = 'ssb_pstage';

/** Options of {@link ingestProjection}. */
export interface IngestProjectionOptions extends IngestSsbOptions {
  /** Projection round (e.g. 2024) when the file has no `Framskriving` column; default: its first year. */
  vintage?: number;
  /** Alternative code (`MMMM`) when the file has no alternative dimension. */
  alternative?: string;
  /**
   * Mark the rows `is_demo` (synthetic figures, not SSB's). Default: true when the table id
   * contains "demo" (the demo's `felles-demo`); SSB table ids are five digits.
   */
  demo?: boolean;
}

/**
 * Load SSB population projection files (tables 14288, 14746 and alike; StatBank CSV, API CSV or
 * JSON-stat2) into `population_projection`: table id × vintage × alternative × year × region
 * (municipality, county or country) × sex (`'T'` when the file has no sex) × age group.
 *
 * Regions are found by code (`K-4001 Porsgrunn`, `F-40`, `0`) or, for API CSVs with labels only,
 * by name (`Porsgrunn`, `Telemark`, `Hele landet`) in the workspace's geography; old municipality
 * codes are harmonised (split shares by weight). The projection round must lie between 1990 and
 * the current year and the years between 1900 and 100 years after it. Same transaction,
 * duplicate and reload rules as {@link ingestPopulation}.
 */
export async function ingestProjection(
  ws: Workspace,
  files: string[],
  options: IngestProjectionOptions = {},
): Promise<IngestSsbResult> {
  if (files.length === 0)
    throw new UsageError('NO_FILES', 'no files given; name one or more SSB projection files');
  if (options.alternative !== undefined && !/^[LMHK0]{4}$/.test(options.alternative)) {
    throw new UsageError(
      'BAD_OPTION',
      `--alternative must be a four-letter SSB code such as MMMM, LLML or HHMH, got "${options.alternative}"`,
    );
  }
  if (options.vintage !== undefined) checkVintage(options.vintage, undefined);
  return ingestSsbFiles(
    ws,
    'ingest projection',
    files,
    options,
    loadProjectionFile,
    () => 'population_projection',
  );
}

/** A projection round outside 1990 … the current year is refused (a usage error when given). */
function checkVintage(vintage: number, file: string | undefined): void {
  const last = currentYear();
  if (Number.isInteger(vintage) && vintage >= PROJECTION_VINTAGE_MIN && vintage <= last) return;
  const reason = `the projection round ${vintage} is outside ${PROJECTION_VINTAGE_MIN}–${last}: SSB's regional projections are made from ${PROJECTION_VINTAGE_MIN} on, and none is newer than this year`;
  if (file === undefined) throw new UsageError('IMPLAUSIBLE_VINTAGE', `--vintage: ${reason}`);
  throw new InputDataError('IMPLAUSIBLE_VINTAGE', `${reason} (pass --vintage to set it)`, {
    file,
  });
}

interface Staged {
  file: string;
  info: SsbFileInfo;
  tableId: string;
  vintage: number;
  loc: (line: number, column: string, value: string) => ReturnType<typeof location>;
  col: (role: string, fallback: string) => string;
}

async function loadProjectionFile(
  db: Db,
  run: RunRecorder,
  input: SsbFileInput,
  options: IngestProjectionOptions,
): Promise<SsbFileReconciliation> {
  const st = await stageProjection(db, run, input, options);
  await checkAlternatives(db, st, options);
  await classifyRegions(db, st, options);
  await harmonise(db);
  const rowsWritten = await writeProjection(db, st, input.fileId, options);
  const reported = await recordReported(db, `${STAGE}_c`, input.fileId, 'ssb-projection');
  const rec = await summarise(db, st, input, rowsWritten, reported);
  run.addSsbTable(st.tableId, st.vintage);
  await db.exec(
    `DROP VIEW IF EXISTS ${STAGE}_c; DROP TABLE IF EXISTS ${STAGE}; DROP TABLE IF EXISTS ${STAGE}_h; DROP TABLE IF EXISTS ${STAGE}_regions; `,
  );
  return rec;
}

/**
 * Stage the file; find its table id and projection round (option, a `Framskriving` column, the
 * title `(2024-framskrivingen)`, else the first year, noted in the manifest) and check both and
 * the years.
 */
async function stageProjection(
  db: Db,
  run: RunRecorder,
  input: SsbFileInput,
  options: IngestProjectionOptions,
): Promise<Staged> {
  const file = input.facts.path;
  const info = await stageSsbFile(db, input.read, STAGE);
  const tableId = options.tableId ?? info.tableId;
  if (!tableId) {
    throw new UsageError(
      'TABLE_ID_MISSING',
      `${file}: the file does not say which SSB table it is from; pass --table-id (e.g. 14288)`,
      { file },
    );
  }
  const minYear = await db.value<number>(`SELECT min(year) FROM ${STAGE}`);
  const titleVintage = info.title ? /\((\d{4})-framskriving/i.exec(info.title)?.[1] : undefined;
  const vintage =
    options.vintage ??
    info.vintage ??
    (titleVintage ? Number(titleVintage) : undefined) ??
    (minYear as number);
  if (options.vintage === undefined && info.vintage === undefined && !titleVintage) {
    run.note(
      `${file}: the file does not name its projection round; vintage taken as its first year, ${vintage} (pass --vintage to set it)`,
    );
  }
  if (options.vintage === undefined) checkVintage(vintage, file);
  await checkYears(
    db,
    STAGE,
    file,
    info.lineIsCell,
    info.columns.find((c) => c.role === 'year')?.name,
    { from: SSB_YEAR_MIN, to: vintage + PROJECTION_HORIZON },
    `a projection of the ${vintage} round reaches at most ${PROJECTION_HORIZON} years ahead`,
  );
  return {
    file,
    info,
    tableId,
    vintage,
    loc: (line, column, value) => location(file, info.lineIsCell, line, column, value),
    col: (role, fallback) => info.columns.find((c) => c.role === role)?.name ?? fallback,
  };
}

/** Every cell needs an alternative: from the file, or `--alternative` for a file without one. */
async function checkAlternatives(
  db: Db,
  st: Staged,
  options: IngestProjectionOptions,
): Promise<void> {
  const badAlt = await db.one<{ line: number; alt_raw: string | null; value_column: string }>(
    `SELECT line, alt_raw, value_column FROM ${STAGE} WHERE alternative IS NULL ORDER BY line LIMIT 1`,
  );
  if (!badAlt || options.alternative) return;
  if (badAlt.alt_raw === null || badAlt.alt_raw === '') {
    throw new InputDataError(
      'MISSING_COLUMN',
      'no projection alternative (a "statistikkvariabel" column or a value column like "Hovedalternativet (MMMM) 2030"); pass --alternative',
      { file: st.file, column: 'statistikkvariabel' },
    );
  }
  throw new InputDataError(
    'BAD_ALTERNATIVE',
    'projection alternative not understood (expected a label with a code in brackets, e.g. "Hovedalternativet (MMMM)")',
    st.loc(badAlt.line, st.col('alternative', badAlt.value_column), badAlt.alt_raw),
  );
}

/** Resolve every region (unknown or ambiguous names are refused) and refuse duplicate cells. */
async function classifyRegions(
  db: Db,
  st: Staged,
  options: IngestProjectionOptions,
): Promise<void> {
  await resolveRegions(db, STAGE, `${STAGE}_regions`);
  const unknown = await db.one<{ line: number; region_raw: string; candidates: string | null }>(
    `SELECT min(s.line) AS line, r.region_raw, any_value(r.candidates) AS candidates FROM ${STAGE}_regions r JOIN ${STAGE} s USING (region_raw)
     WHERE NOT coalesce(r.known, false) GROUP BY r.region_raw ORDER BY line LIMIT 1`,
  );
  if (unknown) {
    throw new InputDataError(
      unknown.candidates ? 'AMBIGUOUS_REGION' : 'UNKNOWN_REGION',
      unknown.candidates
        ? `region name fits several areas (${unknown.candidates}); use a file with region codes`
        : 'unknown region: not a municipality, county or the country in the structure year (nor an older municipality code)',
      st.loc(unknown.line, st.col('region', 'region'), unknown.region_raw),
    );
  }
  // A view, not a copy: the cells are scanned a few times, and copying them costs more.
  await db.exec(`CREATE OR REPLACE TEMP VIEW ${STAGE}_c AS
    SELECT s.*, r.level AS region_level, r.code, 'ok' AS status, NULL::VARCHAR AS reason,
      coalesce(s.alternative, ${lit(options.alternative ?? null)}) AS alt
    FROM ${STAGE} s JOIN ${STAGE}_regions r USING (region_raw)`);
  const key = 'alt, year, region_level, code, sex, age_from, age_to';
  // A grouping finds whether there is a duplicate at all; only then are the lines looked up.
  const any = await db.one(`SELECT 1 FROM ${STAGE}_c GROUP BY ${key} HAVING count(*) > 1 LIMIT 1`);
  if (!any) return;
  const dup = await db.one<{
    line: number;
    first: number;
    region_raw: string;
    age_raw: string;
    year: number;
    alt: string;
  }>(
    `SELECT line, first, region_raw, age_raw, year, alt FROM (
       SELECT *, min(line) OVER w AS first, row_number() OVER (w ORDER BY line) AS rn FROM ${STAGE}_c
       WINDOW w AS (PARTITION BY ${key})
     ) WHERE rn = 2 ORDER BY line LIMIT 1`,
  );
  if (dup) {
    throw new InputDataError(
      'DUPLICATE_CELL',
      `the same alternative, year, region, sex and age appear twice (first on line ${dup.first}: ${dup.alt} / ${dup.year} / ${dup.region_raw} / ${dup.age_raw})`,
      st.loc(dup.line, st.col('region', 'region'), dup.region_raw),
    );
  }
}

/** Cells per structure-year region (old municipality codes shared by weight; fractions kept). */
async function harmonise(db: Db): Promise<void> {
  await db.exec(`CREATE OR REPLACE TEMP TABLE ${STAGE}_h AS
    SELECT alt AS alternative, year, region_level, coalesce(m.target_code, s.code) AS region_code, sex, age_from, age_to,
      sum(s.value * coalesce(m.weight, 1.0)) AS population
    FROM ${STAGE}_c s LEFT JOIN ${MUNICIPALITY_MAP_SQL} m ON m.code = CASE WHEN s.region_level = 'municipality' THEN s.code END
    GROUP BY ALL`);
}

/** Insert the cells; cells of the same table and round already there are refused unless `replace`. */
async function writeProjection(
  db: Db,
  st: Staged,
  fileId: number,
  options: IngestProjectionOptions,
): Promise<number> {
  const match = `p.table_id = $1 AND p.vintage = $2 AND p.alternative = h.alternative AND p.year = h.year AND p.region_level = h.region_level
    AND p.region_code = h.region_code AND p.sex = h.sex AND p.age_from = h.age_from AND coalesce(p.age_to, -1) = coalesce(h.age_to, -1)`;
  const overlap = await db.one<{ n: number; files: string | null }>(
    `SELECT count(*)::BIGINT AS n, string_agg(DISTINCT f.path, ', ') AS files
     FROM population_projection p JOIN ${STAGE}_h h ON ${match} LEFT JOIN ingest_file f ON f.file_id = p.file_id`,
    [st.tableId, st.vintage],
  );
  if (overlap && overlap.n > 0) {
    if (!options.replace) {
      throw new UsageError(
        'PROJECTION_ALREADY_LOADED',
        `${st.file}: ${overlap.n} cells of table ${st.tableId} (vintage ${st.vintage}) are already in the workspace (from ${overlap.files ?? 'an earlier load'}); nothing was changed. Pass --replace to replace them`,
        { file: st.file, tableId: st.tableId, vintage: st.vintage },
      );
    }
    await db.run(`DELETE FROM population_projection p USING ${STAGE}_h h WHERE ${match}`, [
      st.tableId,
      st.vintage,
    ]);
  }
  return db.run(
    `INSERT INTO population_projection (table_id, vintage, alternative, year, region_level, region_code, sex, age_from, age_to, population, is_demo, file_id)
     SELECT $1, $2, alternative, year, region_level, region_code, sex, age_from, age_to, population, $4, $3 FROM ${STAGE}_h`,
    [st.tableId, st.vintage, fileId, options.demo ?? /demo/i.test(st.tableId)],
  );
}

async function summarise(
  db: Db,
  st: Staged,
  input: SsbFileInput,
  rowsWritten: number,
  reported: SsbFileReconciliation['reported'],
): Promise<SsbFileReconciliation> {
  const s = await db.one<{ cells: number; read: number; years: number[] }>(
    `SELECT count(*)::BIGINT AS cells, coalesce(sum(value), 0)::DOUBLE AS read, list(DISTINCT year ORDER BY year) AS years FROM ${STAGE}_c`,
  );
  const loaded = Number(
    await db.value<number>(`SELECT coalesce(sum(population), 0)::DOUBLE FROM ${STAGE}_h`),
  );
  const harmonised = await db.all<{ code: string; targets: string[]; split: boolean }>(
    `SELECT m.code, list(m.target_code ORDER BY m.target_code) AS targets, count(*) > 1 AS split
     FROM (SELECT DISTINCT code FROM ${STAGE}_c WHERE region_level = 'municipality') s JOIN ${MUNICIPALITY_MAP_SQL} m USING (code)
     GROUP BY m.code HAVING count(*) > 1 OR any_value(m.target_code) <> m.code ORDER BY m.code`,
  );
  return {
    file: st.file,
    sha256: input.facts.sha256,
    fileId: input.fileId,
    format: st.info.format,
    encoding: st.info.encoding,
    tableId: st.tableId,
    vintage: st.vintage,
    target: 'population_projection',
    years: s?.years ?? [],
    cellsRead: Number(s?.cells ?? 0),
    cellsLoaded: Number(s?.cells ?? 0),
    cellsReported: 0,
    personsRead: Number(s?.read ?? 0),
    personsLoaded: loaded,
    personsReported: 0,
    rowsWritten,
    reported,
    harmonised,
    replaced: [],
  };
}
