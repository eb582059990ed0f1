import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  auroc,
  brierScore,
  calibration,
  calibrationGroups,
  fitLogistic,
  liftAt,
  minimumDetectableEffect,
  type ScoreGroup,
} from '../src/internal.js';

// Reference values: R 4.2.2 glm() and pROC 1.18.0 on the same data (fixtures/r/logistic.R).
const dir = join(import.meta.dirname, 'fixtures', 'r');
const ref = JSON.parse(readFileSync(join(dir, 'logistic-reference.json'), 'utf8')) as Record<
  string,
  number | number[]
>;
const rows = readFileSync(join(dir, 'logistic-data.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => {
    const [age, male, ncond, prior, y, split] = l.split(',');
    return {
      x: [1, Number(age), Number(male), Number(ncond), Number(prior)],
      y: Number(y),
      valid: split === '"valid"',
    };
  });
const train = rows.filter((r) => !r.valid);
const valid = rows.filter((r) => r.valid);
const asRows = (rs: typeof rows, cols: number[]) =>
  rs.map((r) => ({ x: cols.map((c) => r.x[c]!), events: r.y, trials: 1 }));
const predict = (b: number[], x: number[]) =>
  1 / (1 + Math.exp(-x.reduce((s, v, j) => s + v * b[j]!, 0)));

describe('logistic regression (IRLS) against R glm', () => {
  it('coefficients and standard errors match glm to 1e-6', async () => {
    const fit = await fitLogistic(asRows(train, [0, 1, 2, 3, 4]));
    const coef = ref.coefficients as number[];
    const se = ref.standard_errors as number[];
    fit.coefficients.forEach((b, j) => expect(Math.abs(b - coef[j]!)).toBeLessThan(1e-6));
    fit.standardErrors.forEach((s, j) => expect(Math.abs(s - se[j]!)).toBeLessThan(1e-6));
    expect(fit.minus2LogLik).toBeCloseTo(ref.deviance as number, 6);
  });

  it('grouped rows (covariate patterns with events out of trials) give the same fit', async () => {
    const pat = new Map<string, { x: number[]; events: number; trials: number }>();
    for (const r of train) {
      const x = [1, r.x[2]!, r.x[3]!, r.x[4]!];
      const k = x.join(',');
      const p = pat.get(k) ?? { x, events: 0, trials: 0 };
      p.events += r.y;
      p.trials += 1;
      pat.set(k, p);
    }
    expect(pat.size).toBeLessThan(30);
    const fit = await fitLogistic([...pat.values()]);
    const coef = ref.coefficients_coarse as number[];
    fit.coefficients.forEach((b, j) => expect(Math.abs(b - coef[j]!)).toBeLessThan(1e-6));
  });

  it('a ridge penalty shrinks the slopes but not the intercept', async () => {
    const plain = await fitLogistic(asRows(train, [0, 2, 3, 4]));
    const ridge = await fitLogistic(asRows(train, [0, 2, 3, 4]), { ridge: 50 });
    for (const j of [1, 2, 3])
      expect(Math.abs(ridge.coefficients[j]!)).toBeLessThan(Math.abs(plain.coefficients[j]!));
  });

  it('complete separation is refused', async () => {
    const sep = [0, 1, 2, 3, 4, 5].map((v) => ({ x: [1, v], events: v > 2 ? 1 : 0, trials: 1 }));
    await expect(fitLogistic(sep)).rejects.toMatchObject({ code: 'LOGISTIC_NOT_CONVERGED' });
  });
});

describe('AUROC, calibration, Brier against R pROC and glm', () => {
  const groupsOf = (b: number[], cols: number[]): ScoreGroup[] =>
    valid.map((r) => ({
      score: predict(
        b,
        cols.map((c) => r.x[c]!),
      ),
      n: 1,
      events: r.y,
    }));

  it('AUROC and DeLong interval match pROC (continuous and tied scores)', () => {
    const a = auroc(groupsOf(ref.coefficients as number[], [0, 1, 2, 3, 4]));
    const ci = ref.auroc_ci as number[];
    expect(a.auroc).toBeCloseTo(ref.auroc as number, 12);
    expect(a.lower).toBeCloseTo(ci[0]!, 10);
    expect(a.upper).toBeCloseTo(ci[1]!, 10);
    const t = auroc(groupsOf(ref.coefficients_coarse as number[], [0, 2, 3, 4]));
    const ct = ref.auroc_coarse_ci as number[];
    expect(t.auroc).toBeCloseTo(ref.auroc_coarse as number, 12);
    expect(t.lower).toBeCloseTo(ct[0]!, 10);
    expect(t.upper).toBeCloseTo(ct[1]!, 10);
  });

  it('AUROC of a hand-worked example: 3 positives, 3 negatives, one tie', () => {
    // pairs (pos > neg): 0.9 beats all 3; 0.6 beats 0.2 and 0.5, ties 0.6 (½); 0.3 beats 0.2 → 6.5/9
    const g = [0.9, 0.6, 0.3].map((s) => ({ score: s, n: 1, events: 1 }));
    const h = [0.6, 0.5, 0.2].map((s) => ({ score: s, n: 1, events: 0 }));
    expect(auroc([...g, ...h]).auroc).toBeCloseTo(6.5 / 9, 14);
  });

  it('calibration slope and intercept match glm; Brier matches', async () => {
    const g = groupsOf(ref.coefficients as number[], [0, 1, 2, 3, 4]);
    const c = await calibration(g);
    expect(Math.abs(c.slope - (ref.calibration_slope as number))).toBeLessThan(1e-6);
    expect(Math.abs(c.intercept - (ref.calibration_intercept as number))).toBeLessThan(1e-6);
    const seSlope = (c.slopeUpper - c.slope) / 1.959963984540054;
    expect(Math.abs(seSlope - (ref.calibration_slope_se as number))).toBeLessThan(1e-6);
    expect(brierScore(g)).toBeCloseTo(ref.brier as number, 12);
  });

  it('calibration groups and lift add up by hand', () => {
    // 10 persons, scores 0.1..1.0, events at the three highest
    const g = Array.from({ length: 10 }, (_, i) => ({
      score: (i + 1) / 10,
      n: 1,
      events: i >= 7 ? 1 : 0,
    }));
    const d = calibrationGroups(g, 5);
    expect(d.map((x) => x.persons)).toEqual([2, 2, 2, 2, 2]);
    expect(d.map((x) => x.observed)).toEqual([0, 0, 0, 1, 2]);
    expect(d[4]!.expected).toBeCloseTo(1.9, 12);
    const l = liftAt(g, 0.2); // the 2 highest: both events; rate 1 vs 0.3
    expect(l.persons).toBe(2);
    expect(l.lift).toBeCloseTo(1 / 0.3, 12);
    expect(l.eventsCaptured).toBeCloseTo(2 / 3, 12);
    // a tied group at the cut-off contributes its share: 5 persons at 0.5 with 1 event, top 2 of 5
    expect(liftAt([{ score: 0.5, n: 5, events: 1 }], 0.4).lift).toBeCloseTo(1, 12);
  });
});

describe('minimum detectable effect', () => {
  it('is (z(0.975) + z(0.8)) × SE', () => {
    expect(minimumDetectableEffect(1)).toBeCloseTo(1.959963984540054 + 0.8416212335729143, 8);
    expect(minimumDetectableEffect(0.1, 0.05, 0.9)).toBeCloseTo(
      0.1 * (1.959963984540054 + 1.2815515655446004),
      8,
    );
  });
});
