import { UsageError } from '../kernel/errors.js';
import { zForLevel } from './distributions.js';

/** Persons sharing one predicted score: how many, and how many had the outcome. */
export interface ScoreGroup {
  /** Predicted probability (or any score ordered like it). */
  score: number;
  /** Persons with this score. */
  n: number;
  /** Of them, persons with the outcome. */
  events: number;
}

/** The area under the ROC curve with its DeLong confidence interval. */
export interface Auroc {
  method: 'AUROC (Mann–Whitney), DeLong confidence interval';
  auroc: number;
  standardError: number;
  lower: number;
  upper: number;
  confidenceLevel: number;
  /** Persons with and without the outcome. */
  positives: number;
  negatives: number;
}

/** Sort groups by score and check them; merges nothing (equal scores may come in several groups). */
export function sortedGroups(groups: readonly ScoreGroup[]): ScoreGroup[] {
  for (const g of groups) {
    if (!(Number.isFinite(g.score) && g.n >= 0 && g.events >= 0 && g.events <= g.n))
      throw new UsageError('BAD_COUNT', `bad score group: ${JSON.stringify(g)}`);
  }
  return [...groups].sort((a, b) => a.score - b.score);
}

/**
 * AUROC of scores against a 0/1 outcome, from persons grouped by score: the Mann–Whitney
 * probability that a person with the outcome scores higher than one without, ties counted ½
 * (Hanley & McNeil, Radiology 1982;143:29–36). Its variance is DeLong's (DeLong, DeLong &
 * Clarke-Pearson, Biometrics 1988;44:837–845): with placement values V₁₀ for each person with the
 * outcome (share of persons without it scoring lower, ties ½) and V₀₁ for each without (share with
 * it scoring higher), Var = S₁₀/n₁ + S₀₁/n₀, where S are the sample variances of the placements;
 * the interval is AUROC ± z·SE, cut to [0, 1] — as R's pROC (`ci.auc`, method "delong").
 */
export function auroc(groups: readonly ScoreGroup[], confidenceLevel = 0.95): Auroc {
  const g = mergeTies(sortedGroups(groups));
  const n1 = g.reduce((s, x) => s + x.events, 0);
  const n0 = g.reduce((s, x) => s + x.n - x.events, 0);
  if (n1 === 0 || n0 === 0)
    throw new UsageError('AUROC_ONE_CLASS', 'AUROC needs persons with and without the outcome');
  const v10: number[] = [];
  const v01: number[] = [];
  let negBelow = 0;
  for (const x of g) {
    v10.push((negBelow + 0.5 * (x.n - x.events)) / n0);
    negBelow += x.n - x.events;
  }
  let posAbove = 0;
  for (let i = g.length - 1; i >= 0; i--) {
    v01[i] = (posAbove + 0.5 * g[i]!.events) / n1;
    posAbove += g[i]!.events;
  }
  const auc = g.reduce((s, x, i) => s + x.events * v10[i]!, 0) / n1;
  const s10 = n1 > 1 ? g.reduce((s, x, i) => s + x.events * (v10[i]! - auc) ** 2, 0) / (n1 - 1) : 0;
  const s01 =
    n0 > 1 ? g.reduce((s, x, i) => s + (x.n - x.events) * (v01[i]! - auc) ** 2, 0) / (n0 - 1) : 0;
  const se = Math.sqrt(s10 / n1 + s01 / n0);
  const z = zForLevel(confidenceLevel);
  return {
    method: 'AUROC (Mann–Whitney), DeLong confidence interval',
    auroc: auc,
    standardError: se,
    lower: Math.max(0, auc - z * se),
    upper: Math.min(1, auc + z * se),
    confidenceLevel,
    positives: n1,
    negatives: n0,
  };
}

/** Groups with the same score joined (input sorted by score). */
export function mergeTies(sorted: readonly ScoreGroup[]): ScoreGroup[] {
  const out: ScoreGroup[] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && last.score === x.score) {
      last.n += x.n;
      last.events += x.events;
    } else out.push({ ...x });
  }
  return out;
}
