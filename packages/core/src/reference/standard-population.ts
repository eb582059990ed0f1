import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../kernel/db.js';
import { UsageError } from '../kernel/errors.js';
import { DEFINITIONS_DIR } from '../kernel/util/paths.js';

/** Sex code in canonical tables; null in a standard population means "both sexes alike". */
export type StratumSex = 'M' | 'F';

/** One stratum (age band × sex) of a standard population. */
export interface StandardStratum {
  /** First age of the band (inclusive). */
  ageFrom: number;
  /** Last age of the band (inclusive); null for the open top band (e.g. 90+). */
  ageTo: number | null;
  /** 'M' or 'F'; null when the weight applies to each sex alike (ESP 2013). */
  sex: StratumSex | null;
  /** Weight (population) of the stratum. */
  population: number;
}

/** A standard population for direct standardisation. */
export interface StandardPopulation {
  /** Stable id: `esp2013`, `norway-2024`, `workspace-2025`, or a caller's own. */
  id: string;
  /** Short label for method names: `ESP 2013`, `Norway 2024`, `workspace population 2025`. */
  label: string;
  /** Where the weights come from. */
  source: string;
  strata: StandardStratum[];
}

const BUNDLED: Record<string, string> = {
  esp2013: 'esp2013.json',
  'norway-2024': 'norway-2024.json',
};
const cache = new Map<string, StandardPopulation>();

/** Ids of the standard populations bundled as files (`packages/core/definitions/standard-populations/`). */
export function bundledStandardPopulations(): string[] {
  return Object.keys(BUNDLED);
}

/**
 * A bundled standard population by id — `'esp2013'` (European Standard Population 2013, Eurostat
 * 2013, 5-year bands 0–4 … 90+, weights summing to 100,000, same for both sexes) or
 * `'norway-2024'` (SSB's population of Norway on 1 January 2024 by sex and single age, 90+; the
 * same in every workspace, so DSRs from a county and a national workspace are comparable) — or
 * one registered with {@link registerStandardPopulation} (e.g. a built `workspace-2025`). Throws
 * `STATS_UNKNOWN_STANDARD` otherwise.
 */
export function getStandardPopulation(id: string): StandardPopulation {
  const hit = cache.get(id);
  if (hit) return hit;
  const file = BUNDLED[id];
  if (!file) {
    throw new UsageError(
      'STATS_UNKNOWN_STANDARD',
      `Unknown standard population "${id}". Bundled: ${bundledStandardPopulations().join(', ')}; "workspace-YYYY" is built from the workspace's own population table.`,
      { id },
    );
  }
  const doc = JSON.parse(
    readFileSync(join(DEFINITIONS_DIR, 'standard-populations', file), 'utf8'),
  ) as StandardPopulation & { title?: string };
  const pop: StandardPopulation = {
    id: doc.id,
    label: doc.label,
    source: doc.source,
    strata: doc.strata,
  };
  cache.set(id, pop);
  return pop;
}

/** Make a standard population available by its id to {@link getStandardPopulation} (e.g. a built `workspace-2025`). */
export function registerStandardPopulation(pop: StandardPopulation): void {
  cache.set(pop.id, pop);
}

/** Options for {@link workspaceStandardPopulation}. */
export interface WorkspaceStandardOptions {
  /** Width of the age bands in years; default 5. */
  bandWidth?: number;
  /** First age of the open top band; default 90 (bands 0–4 … 85–89, 90+). Must be a multiple of bandWidth. */
  topBand?: number;
}

/**
 * The workspace's own population in year Y as a standard population, built from the `population`
 * table (SSB, 1 January of `year`, summed over the workspace's municipalities): age bands of
 * `bandWidth` years × sex ('M'/'F'), the top band open (`topBand`+). It is Norway only in a
 * workspace that holds every municipality, and its DSRs compare only with DSRs on the same
 * standard: the bundled `norway-2024` is the default. Rows with another sex code are ignored.
 * The result has id `workspace-Y` and label `workspace population Y` and is also registered for
 * {@link getStandardPopulation}. Throws `STATS_NO_POPULATION` when the year has no rows.
 */
export async function workspaceStandardPopulation(
  db: Db,
  year: number,
  options: WorkspaceStandardOptions = {},
): Promise<StandardPopulation> {
  const width = options.bandWidth ?? 5;
  const top = options.topBand ?? 90;
  if (!Number.isInteger(year))
    throw new UsageError('STATS_BAD_YEAR', `Year must be an integer, got ${String(year)}.`, {
      year,
    });
  if (
    !Number.isInteger(width) ||
    width < 1 ||
    !Number.isInteger(top) ||
    top < width ||
    top % width !== 0
  ) {
    throw new UsageError(
      'STATS_BAD_BANDS',
      `Band width ${String(width)} and top band ${String(top)} must be positive integers, the top band a multiple of the width.`,
      { bandWidth: width, topBand: top },
    );
  }
  const rows = await db.all<{ sex: string; age_from: number; population: number }>(
    `SELECT sex, CAST(LEAST(FLOOR(age / $2) * $2, $3) AS INTEGER) AS age_from, CAST(SUM(population) AS DOUBLE) AS population
       FROM population
      WHERE year = $1 AND sex IN ('M', 'F')
      GROUP BY ALL
      ORDER BY sex, age_from`,
    [year, width, top],
  );
  if (rows.length === 0) {
    throw new UsageError(
      'STATS_NO_POPULATION',
      `The workspace has no population for ${year}: load the SSB population first.`,
      { year },
    );
  }
  const pop: StandardPopulation = {
    id: `workspace-${year}`,
    label: `workspace population ${year}`,
    source: `the workspace's own population on 1 January ${year} (SSB, table population), summed over its municipalities; ${width}-year bands × sex, top band ${top}+`,
    strata: rows.map((r) => ({
      ageFrom: r.age_from,
      ageTo: r.age_from >= top ? null : r.age_from + width - 1,
      sex: r.sex as StratumSex,
      population: r.population,
    })),
  };
  registerStandardPopulation(pop);
  return pop;
}

/**
 * Resolve a standard population given by name (e.g. the workspace config's `standardPopulation`):
 * a bundled or registered id, or `workspace-YYYY`, which is (re)built from `db`'s population table
 * whenever a `db` is given — so a reloaded population is never stale — and otherwise taken from
 * the last one built. `norway-YYYY` other than the bundled years is refused: felles does not call
 * a workspace's population Norway.
 */
export async function resolveStandardPopulation(id: string, db?: Db): Promise<StandardPopulation> {
  const m = /^workspace-(\d{4})$/.exec(id);
  if (m && db) return workspaceStandardPopulation(db, Number(m[1]));
  if (m && !cache.has(id)) {
    throw new UsageError(
      'STATS_NEEDS_WORKSPACE',
      `Standard population "${id}" is built from the workspace population table: pass a Db.`,
      { id },
    );
  }
  return getStandardPopulation(id);
}
