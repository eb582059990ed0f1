import { UsageError } from '../../kernel/errors.js';
import { makeAgeBands } from './age-bands.js';
import { builtinScenario, builtinServiceLines, matchesPattern } from './definitions.js';
import type { ProjectOptions, ProjectionWarning, Scenario, ServiceLineDef } from './types.js';

/** The latest year a projection may reach (SSB's national projections end in 2050). */
export const MAX_HORIZON = 2050;
/** Default horizon. */
export const DEFAULT_HORIZON = 2040;

/** A projection's options after defaults and checks. */
export interface RunSettings {
  scenario: Scenario;
  /** The base period asked for (from…to), if any; else the base years are inferred. */
  explicit?: { from: number; to: number };
  exclude: number[];
  baseYearCount: number;
  horizon: number;
  bandBounds?: number[];
  runs: number;
  seed: number;
  defs: ServiceLineDef[];
  defsById: Map<string, ServiceLineDef>;
}

/**
 * Defaults and checks of {@link ProjectOptions} before any SQL runs: the scenario (default the
 * built-in baseline), the base period (both ends or neither, not backwards, ≥ 1 year), the
 * horizon (a year ≤ 2050), the age bands, runs and seed (whole numbers) and the service lines
 * (the scenario's patterns applied; at least one). Warns about task transfers within one level
 * (`TRANSFER_SAME_LEVEL`).
 */
export function runSettings(options: ProjectOptions, warn: (w: ProjectionWarning) => void) {
  const scenario: Scenario = options.scenario ?? builtinScenario('baseline');
  const period = options.basePeriod ?? scenario.basePeriod ?? {};
  const explicit =
    period.from !== undefined && period.to !== undefined
      ? { from: period.from, to: period.to }
      : undefined;
  if ((period.from === undefined) !== (period.to === undefined)) {
    throw new UsageError(
      'NO_BASE_PERIOD',
      'a base period needs both from and to (or neither: the latest years with data)',
    );
  }
  if (explicit && explicit.to < explicit.from)
    throw new UsageError(
      'NO_BASE_PERIOD',
      `the base period ${explicit.from}–${explicit.to} is backwards`,
    );
  const exclude = period.exclude ?? [];
  const baseYearCount = period.years ?? 3;
  if (!Number.isInteger(baseYearCount) || baseYearCount < 1)
    throw new UsageError(
      'NO_BASE_PERIOD',
      `the number of base years must be ≥ 1, got ${baseYearCount}`,
    );
  const horizon = options.horizon ?? scenario.horizon ?? DEFAULT_HORIZON;
  if (!Number.isInteger(horizon) || horizon > MAX_HORIZON) {
    throw new UsageError(
      'BAD_HORIZON',
      `the horizon must be a year no later than ${MAX_HORIZON}, got ${horizon}`,
    );
  }
  const bandBounds = options.ageBands ?? scenario.ageBands;
  if (bandBounds) makeAgeBands(bandBounds); // fail early on bad bounds
  const runs = options.runs ?? 0;
  const seed = options.seed ?? 1;
  if (!Number.isInteger(runs) || runs < 0)
    throw new UsageError('BAD_RUNS', `runs must be a whole number ≥ 0, got ${runs}`);
  if (!Number.isInteger(seed))
    throw new UsageError('BAD_SEED', `seed must be a whole number, got ${seed}`);
  const defs = selectLines(options.serviceLines ?? builtinServiceLines(), scenario);
  const defsById = new Map(defs.map((d) => [d.id, d]));
  warnSameLevelTransfers(scenario, defsById, warn);
  const settings: RunSettings = {
    scenario,
    exclude,
    baseYearCount,
    horizon,
    runs,
    seed,
    defs,
    defsById,
    ...(explicit ? { explicit } : {}),
    ...(bandBounds ? { bandBounds } : {}),
  };
  return settings;
}

function selectLines(all: ServiceLineDef[], scenario: Scenario): ServiceLineDef[] {
  let defs = all;
  if (scenario.serviceLines?.length)
    defs = defs.filter((d) => scenario.serviceLines!.some((p) => matchesPattern(d.id, p)));
  if (defs.length === 0) throw new UsageError('NO_SERVICE_LINES', 'no service line selected');
  return defs;
}

function warnSameLevelTransfers(
  scenario: Scenario,
  defsById: Map<string, ServiceLineDef>,
  warn: (w: ProjectionWarning) => void,
): void {
  for (const f of scenario.factors) {
    if (f.type !== 'task_transfer') continue;
    const a = defsById.get((f.from ?? '').split(':')[0]!);
    const b = defsById.get((f.to ?? '').split(':')[0]!);
    if (a && b && a.level === b.level) {
      warn({
        code: 'TRANSFER_SAME_LEVEL',
        message: `factor ${f.id} moves volume within the ${a.level} level; a task transfer moves it between hospital and municipality (use care_shift within the hospital)`,
      });
    }
  }
}

/**
 * Sampling weights of the population alternatives for Monte Carlo: the scenario's, or equal
 * weights with a warning (`EQUAL_WEIGHTS`) when it states none; refused when all are 0.
 */
export function alternativeWeights(
  alternatives: readonly string[],
  scenario: Scenario,
  warn: (w: ProjectionWarning) => void,
): Record<string, number> {
  const weights: Record<string, number> = {};
  const stated = scenario.alternatives ?? {};
  const anyStated = alternatives.some((a) => stated[a] !== undefined);
  for (const a of alternatives) weights[a] = anyStated ? (stated[a] ?? 0) : 1 / alternatives.length;
  if (!anyStated) {
    warn({
      code: 'EQUAL_WEIGHTS',
      message: `no weights for the population alternatives are stated in the scenario; Monte Carlo samples ${alternatives.join(', ')} with equal weights`,
    });
  }
  if (alternatives.every((a) => (weights[a] ?? 0) <= 0))
    throw new UsageError('BAD_WEIGHTS', 'every population alternative has weight 0');
  return weights;
}
