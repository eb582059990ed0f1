import { UsageError } from '../kernel/errors.js';
import { resolveThreshold } from './threshold.js';

/** The contents of `felles.json`. Every field has a default; unknown fields are kept. */
export interface WorkspaceConfig {
  /** Format version of this file. */
  felles: 1;
  /** Municipality structure all codes are harmonised to (1 January of this year). */
  structureYear: number;
  /** Population reference date convention. Only SSB's 1 January is supported. */
  populationConvention: '1 January';
  disclosure: {
    /** Counts from 1 up to and including this number are suppressed. */
    threshold: number;
    /**
     * Must be `true` for a threshold below the published convention (4): the explicit opt-out.
     * Every output then says so and every run warns.
     */
    allowBelowConvention?: boolean;
  };
  /** Default standard population for direct standardisation, by name. */
  standardPopulation: string;
  /** Which municipality a person belongs to in a year when several are recorded. */
  residenceRule: 'last' | 'first' | 'most_frequent';
  /** NPR episodes are merged into one stay when the next starts within this many hours. */
  stayMergeHours: number;
  duckdb: {
    memoryLimit?: string;
    threads?: number;
  };
  paths: {
    out: string;
  };
  [extra: string]: unknown;
}

export const DEFAULT_CONFIG: WorkspaceConfig = {
  felles: 1,
  structureYear: 2024,
  populationConvention: '1 January',
  disclosure: { threshold: 4 },
  standardPopulation: 'norway-2024',
  residenceRule: 'last',
  stayMergeHours: 8,
  duckdb: {},
  paths: { out: 'out' },
};

/** Supported structure years (the bundled geography describes 2024 borders). */
export const SUPPORTED_STRUCTURE_YEARS = [2024] as const;

/** Merge a partial config over the defaults and check the values. */
export function resolveConfig(
  partial: Partial<WorkspaceConfig> & Record<string, unknown>,
): WorkspaceConfig {
  const cfg: WorkspaceConfig = {
    ...DEFAULT_CONFIG,
    ...partial,
    disclosure: { ...DEFAULT_CONFIG.disclosure, ...(partial.disclosure ?? {}) },
    duckdb: { ...DEFAULT_CONFIG.duckdb, ...(partial.duckdb ?? {}) },
    paths: { ...DEFAULT_CONFIG.paths, ...(partial.paths ?? {}) },
  } as WorkspaceConfig;
  if (!(SUPPORTED_STRUCTURE_YEARS as readonly number[]).includes(cfg.structureYear)) {
    throw new UsageError(
      'UNSUPPORTED_STRUCTURE_YEAR',
      `structure year ${cfg.structureYear} is not supported; supported: ${SUPPORTED_STRUCTURE_YEARS.join(', ')}`,
    );
  }
  try {
    resolveThreshold({}, cfg.disclosure);
  } catch (e) {
    throw new UsageError('BAD_CONFIG', (e as Error).message);
  }
  const { memoryLimit, threads } = cfg.duckdb;
  if (
    memoryLimit !== undefined &&
    !(
      typeof memoryLimit === 'string' &&
      /^\d+(\.\d+)?\s*(B|KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memoryLimit)
    )
  ) {
    throw new UsageError(
      'BAD_CONFIG',
      `duckdb.memoryLimit must be an amount with a unit such as "8GB" or "9600MB", got ${JSON.stringify(memoryLimit)}`,
    );
  }
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new UsageError(
      'BAD_CONFIG',
      `duckdb.threads must be a whole number ≥ 1, got ${JSON.stringify(threads)}`,
    );
  }
  if (!['last', 'first', 'most_frequent'].includes(cfg.residenceRule)) {
    throw new UsageError(
      'BAD_CONFIG',
      `residenceRule must be last, first or most_frequent, got ${String(cfg.residenceRule)}`,
    );
  }
  if (!(cfg.stayMergeHours >= 0)) {
    throw new UsageError(
      'BAD_CONFIG',
      `stayMergeHours must be ≥ 0, got ${String(cfg.stayMergeHours)}`,
    );
  }
  return cfg;
}
