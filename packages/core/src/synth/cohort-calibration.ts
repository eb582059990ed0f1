/**
 * Calibration of the built-in cohorts against the synthetic demo's targets
 * (`CALIBRATION_TARGETS` in check.ts). The demo check: run the demo, `runCohorts` for its last
 * year, then `cohortCalibration`, which reads the cohort output tables only. The targets are the
 * same published national figures the generator is calibrated to, and the generator's check
 * (`checkSynthetic`) computes the same complex-multimorbidity and dho-target definitions from the
 * raw extracts, so those rows keep the generator's tolerances (±15 %; 3–5 per 1,000).
 */
import type { Db } from '../kernel/db.js';
import { int, lit } from '../kernel/sql.js';
import { CALIBRATION_TARGETS } from './check.js';

/** One calibration line: a cohort's national share (members / population) against a target. */
export interface CohortCalibrationRow {
  id: string;
  cohort: string;
  label: string;
  /** Inclusive age range of the denominator (and numerator). */
  ages: [number, number];
  target: number;
  members: number;
  population: number | null;
  share: number | null;
  tolerance: number;
  ok: boolean;
}

/** What is checked: cohort, age range, target share and tolerance (relative). */
export const COHORT_CALIBRATION: readonly {
  id: string;
  cohort: string;
  label: string;
  ages: [number, number];
  target: number;
  tolerance: number;
}[] = [
  {
    id: 'cmm.adults',
    cohort: 'complex-multimorbidity',
    label: 'complex multimorbidity, adults',
    ages: [18, 200],
    target: CALIBRATION_TARGETS.cmmAdults,
    tolerance: 0.15,
  },
  {
    id: 'cmm.18-59',
    cohort: 'complex-multimorbidity',
    label: 'complex multimorbidity, 18–59',
    ages: [18, 59],
    target: CALIBRATION_TARGETS.cmm18_59,
    tolerance: 0.15,
  },
  {
    id: 'cmm.60-79',
    cohort: 'complex-multimorbidity',
    label: 'complex multimorbidity, 60–79',
    ages: [60, 79],
    target: CALIBRATION_TARGETS.cmm60_79,
    tolerance: 0.15,
  },
  {
    id: 'cmm.80+',
    cohort: 'complex-multimorbidity',
    label: 'complex multimorbidity, 80+',
    ages: [80, 200],
    target: CALIBRATION_TARGETS.cmm80,
    tolerance: 0.15,
  },
  {
    id: 'frail.75+',
    cohort: 'frail-elderly-function',
    label: 'frail elderly (IPLOS), 75+',
    ages: [75, 200],
    target: CALIBRATION_TARGETS.frail75,
    tolerance: 0.25,
  },
  {
    id: 'frail.90+',
    cohort: 'frail-elderly-function',
    label: 'frail elderly (IPLOS), 90+',
    ages: [90, 200],
    target: CALIBRATION_TARGETS.frail90,
    tolerance: 0.25,
  },
  // 3–5 per 1,000 residents (all ages): 4 per 1,000 ± 25 %.
  {
    id: 'dho.per1000',
    cohort: 'dho-target',
    label: 'digital home follow-up target group, share of residents',
    ages: [0, 200],
    target: CALIBRATION_TARGETS.dhoPer1000 / 1000,
    tolerance: 0.25,
  },
];

/**
 * National shares of the built-in cohorts for a year from `cohort_member` and `population`
 * (1 January of the next year, the same birth cohorts; the same year when the next is missing),
 * compared with {@link COHORT_CALIBRATION}. Run `runCohorts` for the year first.
 */
export async function cohortCalibration(db: Db, year: number): Promise<CohortCalibrationRow[]> {
  const popYear = Number(
    await db.value(
      `SELECT coalesce(max(year) FILTER (WHERE year = ${int(year + 1)}), max(year) FILTER (WHERE year = ${int(year)})) FROM population`,
    ),
  );
  const out: CohortCalibrationRow[] = [];
  for (const c of COHORT_CALIBRATION) {
    const [lo, hi] = c.ages;
    const r = await db.one(`SELECT
        (SELECT count(*) FROM cohort_member WHERE cohort_id = ${lit(c.cohort)} AND year = ${int(year)} AND age BETWEEN ${int(lo)} AND ${int(hi)}) AS members,
        (SELECT sum(population) FROM population WHERE year = ${Number.isFinite(popYear) ? int(popYear) : 'NULL'} AND age BETWEEN ${int(lo)} AND ${int(hi)}) AS population`);
    const members = Number(r?.['members'] ?? 0);
    const population =
      r?.['population'] === null || r?.['population'] === undefined
        ? null
        : Number(r['population']);
    const share = population ? members / population : null;
    out.push({
      ...c,
      members,
      population,
      share,
      ok: share !== null && Math.abs(share / c.target - 1) <= c.tolerance,
    });
  }
  return out;
}
