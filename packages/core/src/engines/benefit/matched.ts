import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { int, str } from '../../kernel/sql.js';
import { PERSON_YEAR_TABLE } from '../../catalogue/person-year.js';
import {
  fitLogistic,
  minimumDetectableEffect,
  zForLevel,
  type LogisticRow,
} from '../../stats/index.js';
import { ENROLMENT_TABLE } from './enrolment.js';

/** Covariates of the propensity model: a name, its categories (SQL CASE), the reference first. */
const COVARIATES: ReadonlyArray<{ id: string; sql: string; levels: string[] }> = [
  {
    id: 'age',
    sql: `CASE WHEN age < 45 THEN '18-44' WHEN age < 55 THEN '45-54' WHEN age < 65 THEN '55-64' WHEN age < 70 THEN '65-69'
      WHEN age < 75 THEN '70-74' WHEN age < 80 THEN '75-79' WHEN age < 85 THEN '80-84' WHEN age < 90 THEN '85-89' ELSE '90+' END`,
    levels: ['18-44', '45-54', '55-64', '65-69', '70-74', '75-79', '80-84', '85-89', '90+'],
  },
  { id: 'sex', sql: `CASE WHEN sex = 'M' THEN 'M' ELSE 'F' END`, levels: ['F', 'M'] },
  {
    id: 'emergency_stays',
    sql: `CASE WHEN acute_contacts >= 2 THEN '2+' ELSE acute_contacts::VARCHAR END`,
    levels: ['0', '1', '2+'],
  },
  {
    id: 'chronic_conditions',
    sql: `CASE WHEN conditions >= 5 THEN '5+' ELSE conditions::VARCHAR END`,
    levels: ['0', '1', '2', '3', '4', '5+'],
  },
  {
    id: 'dho_condition',
    sql: `CASE WHEN dho_condition THEN 'yes' ELSE 'no' END`,
    levels: ['no', 'yes'],
  },
  {
    id: 'gp_days',
    sql: `CASE WHEN gp_days = 0 THEN '0' WHEN gp_days <= 3 THEN '1-3' WHEN gp_days <= 7 THEN '4-7' WHEN gp_days <= 14 THEN '8-14' ELSE '15+' END`,
    levels: ['0', '1-3', '4-7', '8-14', '15+'],
  },
  { id: 'home_care', sql: `CASE WHEN home_care THEN 'yes' ELSE 'no' END`, levels: ['no', 'yes'] },
  {
    id: 'need_level',
    sql: `coalesce(need_level, 'none')`,
    levels: ['none', 'limited', 'moderate_to_large', 'extensive'],
  },
];

/**
 * Ridge penalty of the propensity model: just enough to keep the fit finite when a covariate level
 * has no enrolled person or no comparison person; a larger penalty pulls the weights of unlike
 * comparison persons up and leaves the groups unbalanced.
 */
const PROPENSITY_RIDGE = 0.01;

/**
 * Outcomes compared before → after: year before the start (pre) and the start year (post). The
 * negative control is an outcome the intervention is not meant to change but that depends on the
 * same health as the others (planned stays): its ratio should cover 1, and if it does not, the
 * comparison persons differ from the enrolled in something the covariates miss (Lipsitch,
 * Tchetgen Tchetgen & Cohen, Epidemiology 2010;21:383–388).
 */
export const BENEFIT_OUTCOMES: ReadonlyArray<{
  id: string;
  pre: string;
  post: string;
  negativeControl?: boolean;
}> = [
  { id: 'emergency_admissions', pre: 'acute_stays', post: 'y_acute' },
  { id: 'bed_days', pre: 'bed_days', post: 'y_bed_days' },
  { id: 'gp_days', pre: 'gp_days', post: 'y_gp_days' },
  { id: 'planned_stays', pre: 'planned_stays', post: 'y_planned', negativeControl: true },
];

interface Pattern {
  treated: boolean;
  levels: string[];
  n: number;
  /** per outcome: Σpost, Σpost², Σd, Σd², Σpre (d = post − pre) */
  sums: number[][];
}

/** One row of the balance table. */
export interface BalanceRow {
  covariate: string;
  level: string;
  treated: number;
  comparisonBefore: number;
  comparisonAfter: number;
  smdBefore: number;
  smdAfter: number;
}

/** The matched comparison's estimate for one outcome. */
export interface MatchedEstimate {
  outcome: string;
  /** A negative-control outcome (see {@link BENEFIT_OUTCOMES}): its ratio should cover 1. */
  negativeControl: boolean;
  treatedPersons: number;
  comparisonPersons: number;
  /** Effective comparison size of the weights, (Σw)² / Σw². */
  comparisonEffective: number;
  treatedPre: number;
  treatedPost: number;
  comparisonPre: number;
  comparisonPost: number;
  /** Post-period mean, treated over weighted comparison, with a 95 % interval. */
  ratio: number;
  ratioLower: number;
  ratioUpper: number;
  /** Change before → after, treated minus weighted comparison, per person, with a 95 % interval. */
  difference: number;
  differenceLower: number;
  differenceUpper: number;
  /** Smallest relative reduction detectable (80 % power, α = 0.05) with these numbers. */
  mdeRelative: number;
  method: string;
}

/** Result of {@link matchedComparison}. */
export interface MatchedResult {
  startYear: number;
  balance: BalanceRow[];
  estimates: MatchedEstimate[];
  /** Enrolled persons found in the population of the year before, and those left out for lack of support. */
  treatedFound: number;
  treatedOffSupport: number;
}

async function readPatterns(
  db: Db,
  intervention: string,
  start: number,
  minAge: number,
): Promise<Pattern[]> {
  const Y = int(start - 1);
  const sums = BENEFIT_OUTCOMES.flatMap((o, k) => [
    `sum(${o.post}) AS a${k}`,
    `sum(${o.post} * ${o.post}) AS b${k}`,
    `sum(${o.post} - ${o.pre}) AS c${k}`,
    `sum((${o.post} - ${o.pre}) * (${o.post} - ${o.pre})) AS d${k}`,
    `sum(${o.pre}) AS e${k}`,
  ]);
  const rows = await db.all(`
WITH e AS (SELECT DISTINCT intervention = ${str(intervention)} AS this, id_space, person_id FROM ${ENROLMENT_TABLE}),
-- present at the start: a residence in the start year (as the enrolled are), so that no one
-- who has left before the start counts as a comparison person without follow-up
here AS (SELECT DISTINCT id_space, person_id FROM residence WHERE year = ${int(start)}),
u AS (
  SELECT * FROM ${PERSON_YEAR_TABLE} y WHERE year = ${Y} AND age >= ${int(minAge)} AND y_acute IS NOT NULL
    AND (EXISTS (SELECT 1 FROM here h WHERE h.id_space = 'npr' AND h.person_id = y.npr_id)
      OR EXISTS (SELECT 1 FROM here h WHERE h.id_space = 'kpr' AND h.person_id = y.kpr_id))
),
m AS (
  SELECT u.pkey, bool_or(e.this) AS this, bool_or(NOT e.this) AS other FROM u
  JOIN e ON (e.id_space = 'npr' AND e.person_id = u.npr_id) OR (e.id_space = 'kpr' AND e.person_id = u.kpr_id)
  GROUP BY u.pkey
),
-- the enrolled of this intervention against everyone not enrolled in any intervention
p AS (
  SELECT u.*, coalesce(m.this, false) AS treated FROM u LEFT JOIN m USING (pkey)
  WHERE coalesce(m.this, false) OR m.pkey IS NULL
)
SELECT treated, ${COVARIATES.map((c, j) => `${c.sql} AS v${j}`).join(', ')}, count(*) AS n, ${sums.join(', ')}
FROM p GROUP BY ALL ORDER BY ALL`);
  return rows.map((r) => ({
    treated: Boolean(r['treated']),
    levels: COVARIATES.map((_, j) => String(r[`v${j}`])),
    n: Number(r['n']),
    sums: BENEFIT_OUTCOMES.map((_, k) =>
      ['a', 'b', 'c', 'd', 'e'].map((x) => Number(r[`${x}${k}`])),
    ),
  }));
}

/** Dummy coding of a pattern (intercept first, reference levels left out). */
function design(levels: string[]): number[] {
  return [
    1,
    ...COVARIATES.flatMap((c, j) => c.levels.slice(1).map((l) => (levels[j] === l ? 1 : 0))),
  ];
}

function balance(pats: Pattern[], w: Map<Pattern, number>): BalanceRow[] {
  const out: BalanceRow[] = [];
  const mean = (ps: Pattern[], f: (p: Pattern) => number, wt: (p: Pattern) => number) => {
    const sw = ps.reduce((s, p) => s + wt(p), 0);
    return sw > 0 ? ps.reduce((s, p) => s + wt(p) * f(p), 0) / sw : 0;
  };
  const t = pats.filter((p) => p.treated);
  const c = pats.filter((p) => !p.treated);
  const add = (covariate: string, level: string, f: (p: Pattern) => number, binary: boolean) => {
    const mt = mean(t, f, (p) => p.n);
    const mc = mean(c, f, (p) => p.n);
    const mw = mean(c, f, (p) => (w.get(p) ?? 0) * p.n);
    const vt = binary
      ? mt * (1 - mt)
      : mean(
          t,
          (p) => f(p) ** 2,
          (p) => p.n,
        ) -
        mt * mt;
    const vc = binary
      ? mc * (1 - mc)
      : mean(
          c,
          (p) => f(p) ** 2,
          (p) => p.n,
        ) -
        mc * mc;
    const sd = Math.sqrt((vt + vc) / 2) || 1;
    out.push({
      covariate,
      level,
      treated: mt,
      comparisonBefore: mc,
      comparisonAfter: mw,
      smdBefore: (mt - mc) / sd,
      smdAfter: (mt - mw) / sd,
    });
  };
  COVARIATES.forEach((cv, j) =>
    cv.levels.forEach((l) => add(cv.id, l, (p) => (p.levels[j] === l ? 1 : 0), true)),
  );
  // pre-period outcomes as means per person (variance from the pattern means: a lower bound)
  BENEFIT_OUTCOMES.forEach((o, k) =>
    add(`${o.id}_before`, 'mean', (p) => p.sums[k]![4]! / p.n, false),
  );
  return out;
}

/**
 * Matched comparison by propensity-score weighting for the average effect on the enrolled (ATT).
 * Both groups are adults resident in the year before the start and still resident in the start
 * year (the enrolled were there to be enrolled; a comparison person who had left would count with
 * no follow-up). A logistic propensity model of enrolment on the year before the start (age band,
 * sex, emergency stays (inpatient or day), chronic conditions, COPD/diabetes/heart failure
 * recorded, GP days, home care, IPLOS need level — what decides enrolment and what predicts the
 * outcomes, Brookhart et al., Am J Epidemiol 2006;163:1149–1156) is fitted on covariate patterns
 * with a ridge penalty of 0.01 that only keeps empty categories finite. Comparison persons in a
 * covariate level no enrolled person has are left out (propensity zero); the others are weighted
 * by the odds e/(1 − e) (Hirano, Imbens & Ridder 2003; Austin & Stuart, Stat Med
 * 2015;34:3661–3679). Enrolled persons whose score lies outside the range of the comparison
 * persons' scores are left out (no common support) and counted. Balance: standardised mean
 * differences (Austin, Stat Med 2009;28:3083–3107), target |SMD| < 0.1. Outcomes of the start
 * year: ratio of means (treated over weighted comparison) with a delta-method interval on the log
 * scale, and the difference in change before → after; variances from person-level sums, the
 * weights taken as fixed. Planned stays are estimated the same way as a negative control.
 */
export async function matchedComparison(
  db: Db,
  intervention: string,
  start: number,
  minAge = 18,
): Promise<MatchedResult> {
  const all = await readPatterns(db, intervention, start, minAge);
  const key = (p: Pattern) => p.levels.join('|');
  const treatedAll = all.filter((p) => p.treated);
  const treatedFound = treatedAll.reduce((s, p) => s + p.n, 0);
  if (treatedFound === 0)
    throw new UsageError(
      'NO_ENROLLED',
      `no enrolled person of "${intervention}" is in the population of ${start - 1}`,
    );
  // a covariate level no enrolled person has: its comparison persons have propensity zero (left
  // out, not given the small weight a penalised fit would leave them)
  const held = COVARIATES.map((_, j) => new Set(treatedAll.map((p) => p.levels[j])));
  const pats = all.filter((p) => p.levels.every((l, j) => held[j]!.has(l)));
  const byKey = new Map<string, { x: number[]; events: number; trials: number }>();
  for (const p of pats) {
    const r = byKey.get(key(p)) ?? { x: design(p.levels), events: 0, trials: 0 };
    r.trials += p.n;
    if (p.treated) r.events += p.n;
    byKey.set(key(p), r);
  }
  const fit = await fitLogistic([...byKey.values()] as LogisticRow[], { ridge: PROPENSITY_RIDGE });
  const eta = new Map<Pattern, number>(
    pats.map((p) => [p, design(p.levels).reduce((s, v, j) => s + v * fit.coefficients[j]!, 0)]),
  );
  // common support: the range of the comparison persons' propensity scores
  const etaC = pats.filter((p) => !p.treated).map((p) => eta.get(p)!);
  const lo = Math.min(...etaC);
  const hi = Math.max(...etaC);
  const inSupport = (p: Pattern) => !p.treated || (eta.get(p)! >= lo && eta.get(p)! <= hi);
  const offSupport = treatedAll.filter((p) => !inSupport(p)).reduce((s, p) => s + p.n, 0);
  const use = pats.filter(inSupport);
  const w = new Map<Pattern, number>(use.map((p) => [p, p.treated ? 1 : Math.exp(eta.get(p)!)]));
  return {
    startYear: start,
    balance: balance(use, w),
    estimates: estimates(use, w),
    treatedFound,
    treatedOffSupport: offSupport,
  };
}

function estimates(use: Pattern[], w: Map<Pattern, number>): MatchedEstimate[] {
  const z = zForLevel(0.95);
  const t = use.filter((p) => p.treated);
  const c = use.filter((p) => !p.treated);
  const nT = t.reduce((s, p) => s + p.n, 0);
  const nC = c.reduce((s, p) => s + p.n, 0);
  const sw = c.reduce((s, p) => s + w.get(p)! * p.n, 0);
  const sw2 = c.reduce((s, p) => s + w.get(p)! ** 2 * p.n, 0);
  return BENEFIT_OUTCOMES.map((o, k) => {
    const tot = (ps: Pattern[], i: number, wt: (p: Pattern) => number) =>
      ps.reduce((s, p) => s + wt(p) * p.sums[k]![i]!, 0);
    const one = () => 1;
    const wOf = (p: Pattern) => w.get(p)!;
    const mTpost = tot(t, 0, one) / nT;
    const mTd = tot(t, 2, one) / nT;
    const mCpost = tot(c, 0, wOf) / sw;
    const mCd = tot(c, 2, wOf) / sw;
    const varT = (i2: number, m: number) => (tot(t, i2, one) / nT - m * m) / nT;
    // Σ w²(y − m)² = Σ_p w_p² (Σy² − 2mΣy + n m²)
    const varC = (i1: number, i2: number, m: number) =>
      c.reduce(
        (s, p) => s + w.get(p)! ** 2 * (p.sums[k]![i2]! - 2 * m * p.sums[k]![i1]! + p.n * m * m),
        0,
      ) /
      (sw * sw);
    const seLog = Math.sqrt(
      varT(1, mTpost) / (mTpost * mTpost) + varC(0, 1, mCpost) / (mCpost * mCpost),
    );
    const seD = Math.sqrt(varT(3, mTd) + varC(2, 3, mCd));
    const ratio = mTpost / mCpost;
    const diff = mTd - mCd;
    return {
      outcome: o.id,
      negativeControl: o.negativeControl ?? false,
      treatedPersons: nT,
      comparisonPersons: nC,
      comparisonEffective: (sw * sw) / sw2,
      treatedPre: tot(t, 4, one) / nT,
      treatedPost: mTpost,
      comparisonPre: tot(c, 4, wOf) / sw,
      comparisonPost: mCpost,
      ratio,
      ratioLower: ratio * Math.exp(-z * seLog),
      ratioUpper: ratio * Math.exp(z * seLog),
      difference: diff,
      differenceLower: diff - z * seD,
      differenceUpper: diff + z * seD,
      mdeRelative: 1 - Math.exp(-minimumDetectableEffect(seLog)),
      method:
        'propensity-score weighting (ATT odds weights), ratio of means with delta-method interval',
    };
  });
}
