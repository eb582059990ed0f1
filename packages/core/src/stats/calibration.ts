import { UsageError } from '../kernel/errors.js';
import { mergeTies, sortedGroups, type ScoreGroup } from './auroc.js';
import { zForLevel } from './distributions.js';
import { fitLogistic } from './logistic-regression.js';

/** Calibration of predicted probabilities against observed outcomes. */
export interface Calibration {
  method: 'calibration intercept (offset logit) and slope (logistic recalibration)';
  /** α in logit P(y) = α + logit(p̂): 0 when predictions are right on average. */
  intercept: number;
  interceptLower: number;
  interceptUpper: number;
  /** β in logit P(y) = a + β·logit(p̂): 1 when predictions are neither too extreme nor too flat. */
  slope: number;
  slopeLower: number;
  slopeUpper: number;
  confidenceLevel: number;
}

const logit = (p: number) => {
  const q = Math.min(1 - 1e-12, Math.max(1e-12, p));
  return Math.log(q / (1 - q));
};

/**
 * Calibration intercept and slope of predicted probabilities (Cox, Biometrika 1958;45:562–565;
 * Van Calster et al., J Clin Epidemiol 2016;74:167–176): the slope is β of the logistic
 * regression of the outcome on the linear predictor logit(p̂); the intercept ("calibration in the
 * large") is α of the same regression with logit(p̂) as an offset. Wald intervals α ± z·SE.
 */
export async function calibration(
  groups: readonly ScoreGroup[],
  confidenceLevel = 0.95,
): Promise<Calibration> {
  const g = mergeTies(sortedGroups(groups)).filter((x) => x.n > 0);
  const z = zForLevel(confidenceLevel);
  const slopeFit = await fitLogistic(
    g.map((x) => ({ x: [1, logit(x.score)], events: x.events, trials: x.n })),
  );
  const intFit = await fitLogistic(
    g.map((x) => ({ x: [1], events: x.events, trials: x.n, offset: logit(x.score) })),
  );
  const a = intFit.coefficients[0]!;
  const aSe = intFit.standardErrors[0]!;
  const b = slopeFit.coefficients[1]!;
  const bSe = slopeFit.standardErrors[1]!;
  return {
    method: 'calibration intercept (offset logit) and slope (logistic recalibration)',
    intercept: a,
    interceptLower: a - z * aSe,
    interceptUpper: a + z * aSe,
    slope: b,
    slopeLower: b - z * bSe,
    slopeUpper: b + z * bSe,
    confidenceLevel,
  };
}

/** Brier score: the mean of (y − p̂)² over persons (Brier, Monthly Weather Review 1950;78:1–3). */
export function brierScore(groups: readonly ScoreGroup[]): number {
  let s = 0;
  let n = 0;
  for (const x of sortedGroups(groups)) {
    s += x.events * (1 - x.score) ** 2 + (x.n - x.events) * x.score ** 2;
    n += x.n;
  }
  if (n === 0) throw new UsageError('STATS_ZERO_DENOMINATOR', 'no persons');
  return s / n;
}

/** One risk group of a calibration plot. */
export interface CalibrationGroup {
  /** 1 = lowest predicted risk. */
  group: number;
  persons: number;
  observed: number;
  /** Σ p̂ over the group's persons. */
  expected: number;
}

/**
 * Calibration plot by groups of predicted risk (deciles by default): persons ordered by p̂, each
 * score group placed in group ⌊k·(persons before + n/2)/N⌋ + 1, so persons with the same score
 * stay together and the groups are as equal as ties allow. Observed events beside expected (Σ p̂).
 */
export function calibrationGroups(groups: readonly ScoreGroup[], k = 10): CalibrationGroup[] {
  const g = mergeTies(sortedGroups(groups));
  const total = g.reduce((s, x) => s + x.n, 0);
  const out: CalibrationGroup[] = Array.from({ length: k }, (_, i) => ({
    group: i + 1,
    persons: 0,
    observed: 0,
    expected: 0,
  }));
  let before = 0;
  for (const x of g) {
    const i = Math.min(k - 1, Math.floor((k * (before + x.n / 2)) / total));
    out[i]!.persons += x.n;
    out[i]!.observed += x.events;
    out[i]!.expected += x.n * x.score;
    before += x.n;
  }
  return out;
}

/** Lift of the highest-risk fraction of persons. */
export interface Lift {
  /** Fraction of persons with the highest scores, e.g. 0.01. */
  fraction: number;
  persons: number;
  /** Outcome rate among them ÷ the rate among everyone. */
  lift: number;
  /** Share of all events that fall among them (sensitivity at that cut-off). */
  eventsCaptured: number;
}

/**
 * Lift in the top `fraction` of predicted risk: the outcome rate among the ⌈fraction·N⌉ persons
 * with the highest scores over the overall rate. The persons of the score group at the cut-off are
 * exchangeable, so the part of that group inside the top contributes its share of the group's
 * events.
 */
export function liftAt(groups: readonly ScoreGroup[], fraction: number): Lift {
  if (!(fraction > 0 && fraction <= 1))
    throw new UsageError('BAD_FRACTION', `fraction must be in (0, 1], got ${fraction}`);
  const g = mergeTies(sortedGroups(groups)).reverse();
  const total = g.reduce((s, x) => s + x.n, 0);
  const allEvents = g.reduce((s, x) => s + x.events, 0);
  if (total === 0 || allEvents === 0)
    throw new UsageError('STATS_ZERO_DENOMINATOR', 'lift needs persons with the outcome');
  const want = Math.ceil(fraction * total);
  let taken = 0;
  let events = 0;
  for (const x of g) {
    if (taken >= want) break;
    const take = Math.min(x.n, want - taken);
    events += (x.events * take) / x.n;
    taken += take;
  }
  return {
    fraction,
    persons: taken,
    lift: events / taken / (allEvents / total),
    eventsCaptured: events / allEvents,
  };
}
