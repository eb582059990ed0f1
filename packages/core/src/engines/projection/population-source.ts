import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { int, str } from '../../kernel/sql.js';
import { tableExists } from './temp-tables.js';
import type { ProjectionWarning } from './types.js';

/** Sex order of the cells: index 0 = F, 1 = M; `['T']` when the projection is not by sex. */
export const SEXES: readonly string[] = ['F', 'M'];

/** The population projection chosen for a run. */
export interface PopulationSource {
  tableId: string;
  vintage: number;
  alternatives: string[];
  startYear: number;
  lastYear: number;
  isDemo: boolean;
}

/** An age group of the loaded projection (`age_to` null for the open top group). */
export type ProjectionAgeGroup = {
  age_from: number;
  age_to: number | null;
};

/** How events and population are split by sex: by F/M, or both sexes together ('T'). */
export interface SexSql {
  /** Whether the projection is by sex (F, M). */
  bySex: boolean;
  /** `['F', 'M']`, or `['T']`. */
  sexes: readonly string[];
  /** The sex of a row: the column itself, or `'T'`. */
  of(col: string): string;
  /** Rows of a known sex (F, M), or every row. */
  filter(col: string): string;
  /** The projection's rows of the sexes used (alias `p`). */
  projection: string;
}

/** The projection a run uses: the source, its SQL selector, sexes and age groups. */
export interface ChosenProjection {
  population: PopulationSource;
  /** `WHERE` condition selecting the chosen table, vintage and region level. */
  sel: string;
  sex: SexSql;
  groups: ProjectionAgeGroup[];
}

/** What {@link chooseProjection} needs. */
export interface ChooseProjectionInput {
  db: Db;
  regionLevel: string;
  vintage?: number;
  alternatives?: string[];
  horizon: number;
  warn: (w: ProjectionWarning) => void;
}

/** The sex handling of a run: by F/M, or both sexes together. */
export function sexSql(bySex: boolean): SexSql {
  return {
    bySex,
    sexes: bySex ? SEXES : ['T'],
    of: (col) => (bySex ? col : `'T'`),
    filter: (col) => (bySex ? `${col} IN ('M', 'F')` : 'TRUE'),
    projection: bySex ? `p.sex IN ('M', 'F')` : `p.sex = 'T'`,
  };
}

/**
 * Step 1 of a projection: the population tables must exist; the projection is the vintage asked
 * for (default the newest loaded at the region level), with its alternatives (the main one,
 * MMMM, first), years, sexes and age groups. Warns when several vintages are loaded, the
 * projection ends before the horizon, it is demo data or it is not by sex.
 */
export async function chooseProjection(input: ChooseProjectionInput): Promise<ChosenProjection> {
  const { db, warn } = input;
  for (const tbl of ['population', 'population_projection']) {
    if (!(await tableExists(db, tbl)))
      throw new UsageError(
        'NO_POPULATION',
        `the workspace has no ${tbl} table; load SSB population files first (felles ingest population …)`,
      );
  }
  const vintages = await db.all<{ table_id: string; vintage: number; n: number }>(
    `SELECT table_id, vintage, count(*)::INTEGER AS n FROM population_projection WHERE region_level = $1 GROUP BY ALL ORDER BY vintage DESC, table_id`,
    [input.regionLevel],
  );
  if (vintages.length === 0) {
    throw new UsageError(
      'NO_PROJECTION',
      `no population projection at region level "${input.regionLevel}" is loaded; load SSB's municipal projection (e.g. table 14288) first`,
    );
  }
  const chosen =
    input.vintage !== undefined ? vintages.find((v) => v.vintage === input.vintage) : vintages[0];
  if (!chosen)
    throw new UsageError(
      'UNKNOWN_VINTAGE',
      `no projection of vintage ${input.vintage} is loaded; loaded: ${vintages.map((v) => v.vintage).join(', ')}`,
    );
  const sel = `table_id = ${str(chosen.table_id)} AND vintage = ${int(chosen.vintage)} AND region_level = ${str(input.regionLevel)}`;
  const alternatives = await chooseAlternatives(db, sel, chosen, input.alternatives);
  const span = (await db.one<{ lo: number; hi: number; demo: boolean }>(
    `SELECT min(year)::INTEGER AS lo, max(year)::INTEGER AS hi, bool_or(is_demo) AS demo FROM population_projection WHERE ${sel}`,
  ))!;
  const population: PopulationSource = {
    tableId: chosen.table_id,
    vintage: chosen.vintage,
    alternatives,
    startYear: span.lo,
    lastYear: span.hi,
    isDemo: Boolean(span.demo),
  };
  if (vintages.length > 1 && input.vintage === undefined) {
    warn({
      code: 'SEVERAL_VINTAGES',
      message: `several projection vintages are loaded; using the newest, ${chosen.table_id} vintage ${chosen.vintage}`,
    });
  }
  if (population.lastYear < input.horizon) {
    warn({
      code: 'HORIZON_TRUNCATED',
      message: `the projection ends in ${population.lastYear}, before the horizon ${input.horizon}`,
    });
  }
  if (population.isDemo)
    warn({
      code: 'DEMO_POPULATION',
      message: 'the population projection is demo data (is_demo); the figures are not real',
    });
  const bySex =
    Number(
      await db.value<number>(
        `SELECT count(*) FROM population_projection WHERE ${sel} AND sex IN ('M', 'F')`,
      ),
    ) > 0;
  if (!bySex) {
    warn({
      code: 'SEXES_COMBINED',
      message: `projection ${chosen.table_id} (${chosen.vintage}) is not by sex: rates are estimated for both sexes together`,
    });
  }
  const groups = await db.all<ProjectionAgeGroup>(
    `SELECT DISTINCT age_from, age_to FROM population_projection WHERE ${sel} ORDER BY age_from, age_to`,
  );
  return { population, sel, sex: sexSql(bySex), groups };
}

/** The alternatives asked for (each must be loaded), else all loaded with MMMM first. */
async function chooseAlternatives(
  db: Db,
  sel: string,
  chosen: { table_id: string; vintage: number },
  asked: string[] | undefined,
): Promise<string[]> {
  const alts = (
    await db.all<{ alternative: string }>(
      `SELECT DISTINCT alternative FROM population_projection WHERE ${sel} ORDER BY 1`,
    )
  ).map((r) => r.alternative);
  if (!asked || asked.length === 0)
    return [...alts].sort((a, b) => Number(b === 'MMMM') - Number(a === 'MMMM'));
  const missing = asked.filter((a) => !alts.includes(a));
  if (missing.length)
    throw new UsageError(
      'UNKNOWN_ALTERNATIVE',
      `alternative ${missing.join(', ')} is not loaded for projection ${chosen.table_id} (${chosen.vintage}); loaded: ${alts.join(', ')}`,
    );
  return [...asked];
}
