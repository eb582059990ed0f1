import { UsageError } from '../kernel/errors.js';
import type { ProgressFn } from '../kernel/util/progress.js';
import { checkInterventions, type SynthIntervention } from './intervention.js';

/** Named sizes of a synthetic population. */
export type SynthScale = 'demo' | 'county' | 'national';
/** File format of the synthetic extracts: native CSV, or Parquet. */
export type SynthFormat = 'csv' | 'parquet';

/** Options of {@link generateSynthetic}. */
export interface SynthOptions {
  /** Folder the extract files are written to (created if missing). */
  outDir: string;
  /** `demo` (default): 2 % of every municipality, 2020–2024; `county`: all residents of one county
   * (Vestfold, 39, unless `counties` is given), 2020–2024; `national`: everyone, 2024. */
  scale?: SynthScale;
  /** Seed of every pseudo-random draw (default 20240101). Same seed + scale → identical files. */
  seed?: number;
  /** Calendar years of service use to write (2020–2025, consecutive). The population is always
   * simulated from 1 January 2020, the base of the bundled figures. */
  years?: number[];
  format?: SynthFormat;
  /** Override the scale's sampling fraction (0 < f ≤ 1). */
  fraction?: number;
  /** Restrict to these 2-digit county codes. */
  counties?: string[];
  /** DuckDB memory limit for generation (default 4GB); spills to `<outDir>/.synth-tmp`. */
  memoryLimit?: string;
  threads?: number;
  progress?: ProgressFn;
  /** Plant interventions with a known effect (enrolment written as `intervention-enrolment.csv`). */
  interventions?: SynthIntervention[];
}

/** Generator options with every default filled in. */
export interface ResolvedSynthOptions {
  outDir: string;
  scale: SynthScale;
  seed: number;
  years: number[];
  format: SynthFormat;
  fraction: number;
  counties: string[] | null;
  memoryLimit: string;
  threads?: number;
  interventions: SynthIntervention[];
}

/** First year of the bundled base population (1 January). */
export const SYNTH_BASE_YEAR = 2020;
/** Last year births are known for (bundled figures). */
export const SYNTH_LAST_YEAR = 2025;
/** Seed of the bundled demo data set. */
export const DEFAULT_SEED = 20240101;

const SCALES: Record<SynthScale, { fraction: number; counties: string[] | null; years: number[] }> =
  {
    demo: { fraction: 0.02, counties: null, years: [2020, 2021, 2022, 2023, 2024] },
    county: { fraction: 1, counties: ['39'], years: [2020, 2021, 2022, 2023, 2024] },
    national: { fraction: 1, counties: null, years: [2024] },
  };

/** Fill in defaults and check the options. */
export function resolveSynthOptions(o: SynthOptions): ResolvedSynthOptions {
  const scale = o.scale ?? 'demo';
  const def = SCALES[scale];
  if (!def)
    throw new UsageError(
      'BAD_SCALE',
      `unknown scale "${String(scale)}"; use demo, county or national`,
    );
  const years = [...(o.years ?? def.years)].sort((a, b) => a - b);
  if (years.length === 0) throw new UsageError('BAD_YEARS', 'give at least one year');
  for (const [i, y] of years.entries()) {
    if (!Number.isInteger(y) || y < SYNTH_BASE_YEAR || y > SYNTH_LAST_YEAR) {
      throw new UsageError(
        'BAD_YEARS',
        `year ${y} is outside ${SYNTH_BASE_YEAR}–${SYNTH_LAST_YEAR}`,
      );
    }
    if (i > 0 && y !== years[i - 1]! + 1)
      throw new UsageError('BAD_YEARS', `years must be consecutive, got ${years.join(',')}`);
  }
  const fraction = o.fraction ?? def.fraction;
  if (!(fraction > 0 && fraction <= 1))
    throw new UsageError('BAD_FRACTION', `fraction must be in (0, 1], got ${fraction}`);
  const seed = o.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UsageError('BAD_SEED', `seed must be a whole number ≥ 0, got ${seed}`);
  const format = o.format ?? 'csv';
  if (format !== 'csv' && format !== 'parquet')
    throw new UsageError('BAD_FORMAT', `format must be csv or parquet, got ${String(format)}`);
  if (o.interventions) checkInterventions(o.interventions, years);
  const counties = o.counties ?? def.counties;
  if (counties)
    for (const c of counties)
      if (!/^\d{2}$/.test(c))
        throw new UsageError('BAD_COUNTY', `county code must have 2 digits, got "${c}"`);
  return {
    outDir: o.outDir,
    scale,
    seed,
    years,
    format,
    fraction,
    counties,
    memoryLimit: o.memoryLimit ?? '4GB',
    ...(o.threads ? { threads: o.threads } : {}),
    interventions: o.interventions ?? [],
  };
}
