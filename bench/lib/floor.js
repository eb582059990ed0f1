// The scan floor: how long DuckDB takes on this machine simply to read each input once —
// `SELECT count(*)` plus one GROUP BY over a high-cardinality column (the person id where there
// is one) — and which floor each stage is divided by (bench/README.md, "The scan floor").
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

/** Columns to group by, first present wins: person ids, then claim ids, then area codes. */
const GROUP_BY = [
  'person_id',
  'lopenr',
  'kpr_lnr',
  'npr_lopenr',
  'enkeltregning_lnr',
  'municipality_code',
  'region_code',
  'region',
];

/** Workspace tables read by each stage after ingest (from the SQL of validate, cohorts, …). */
const REGISTRY_TABLES = [
  'specialist_episode',
  'hospital_stay',
  'primary_contact',
  'municipal_service',
  'function_assessment',
  'dental_record',
];
export const STAGE_TABLES = {
  validate: [...REGISTRY_TABLES, 'person', 'person_link', 'reject'],
  cohorts: [...REGISTRY_TABLES, 'person', 'residence', 'person_link', 'population'],
  indicators: [
    'specialist_episode',
    'hospital_stay',
    'primary_contact',
    'municipal_service',
    'person',
    'residence',
    'person_link',
    'population',
  ],
  projections: [...REGISTRY_TABLES, 'person', 'population', 'population_projection'],
  reports: [
    ...REGISTRY_TABLES,
    'person',
    'residence',
    'person_link',
    'population',
    'population_projection',
  ],
};
/** Every table the workspace floor measures. */
export const WORKSPACE_TABLES = [...new Set(Object.values(STAGE_TABLES).flat())];

/** Which floor a stage is divided by: input files (Parquet or CSV) or workspace tables. */
export function floorBasis(stage) {
  if (stage === 'generate') return { set: 'parquet', label: 'its output files (Parquet)' };
  if (stage === 'ingest-parquet') return { set: 'parquet', label: 'Parquet extracts + SSB CSVs' };
  if (stage === 'ingest-csv') return { set: 'csv', label: 'CSV extracts + SSB CSVs' };
  if (STAGE_TABLES[stage])
    return { set: 'workspace', tables: STAGE_TABLES[stage], label: 'workspace tables' };
  return null;
}

/** Time count(*) and one GROUP BY over `source` (a FROM expression). */
export async function scanOnce(db, source, columns, sql) {
  const by = GROUP_BY.find((c) => columns.some((x) => x.toLowerCase() === c)) ?? columns[0];
  let t = performance.now();
  const rows = Number(await db.value(`SELECT count(*) FROM ${source}`));
  const countSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const groups = Number(
    await db.value(
      `SELECT count(*) FROM (SELECT ${sql.ident(by)}, count(*) FROM ${source} GROUP BY 1)`,
    ),
  );
  const groupBySeconds = (performance.now() - t) / 1000;
  return {
    rows,
    groupBy: by,
    groups,
    countSeconds,
    groupBySeconds,
    seconds: countSeconds + groupBySeconds,
  };
}

/** The FROM expression of an input file. */
export function fileSource(sql, f) {
  return f.format === 'parquet'
    ? `read_parquet(${sql.path(f.path)})`
    : `read_csv(${sql.path(f.path)}, delim = ';', header = true)`;
}

const FILE = 'floor.json';

/** Floors measured so far in this work folder: { parquet: [...], csv: [...], workspace: [...] }. */
export function readFloors(workDir) {
  const f = join(workDir, FILE);
  if (!existsSync(f)) return {};
  try {
    return JSON.parse(readFileSync(f, 'utf8'));
  } catch {
    return {};
  }
}

export function writeFloors(workDir, patch) {
  writeFileSync(
    join(workDir, FILE),
    `${JSON.stringify({ ...readFloors(workDir), ...patch }, null, 2)}\n`,
  );
}

/** Floor seconds and input rows of a stage, or null when it has no floor or it is not measured. */
export function stageFloor(stage, floors) {
  const basis = floorBasis(stage);
  if (!basis) return null;
  const set = floors[basis.set];
  if (!set?.length) return null;
  const items = basis.tables ? set.filter((x) => basis.tables.includes(x.input)) : set;
  return {
    basis: basis.set,
    label: basis.label,
    inputs: items.map((x) => x.input),
    seconds: items.reduce((s, x) => s + x.seconds, 0),
    rows: items.reduce((s, x) => s + x.rows, 0),
  };
}
