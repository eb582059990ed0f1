import type { Db } from '../kernel/db.js';
import { UsageError } from '../kernel/errors.js';
import { inList, int, lit, str } from '../kernel/sql.js';
import { DHO_CONDITION_KEYS, SYNTH_CONDITIONS } from './conditions.js';

/**
 * An intervention planted in the synthetic data with a known effect, so that benefit measurement
 * can be checked against the truth (docs/synthetic-data.md, "Planted intervention").
 */
export interface SynthIntervention {
  /** Name of the intervention in the enrolment file (letters, digits, `-`). */
  id: string;
  /** 4-digit municipality codes that run the intervention. */
  municipalities: string[];
  /** Year the intervention starts: persons are enrolled on 1 January of it. */
  startYear: number;
  /** Rate ratio on emergency admissions of enrolled persons from the start (0.8 = −20 %; 1 = none). */
  effect: number;
  /** Enrol every eligible person (a roll-out to the whole target group) instead of a selection. */
  enrolAll?: boolean;
}

/** Bitmask of the digital home follow-up conditions (COPD, diabetes type 1 and 2, heart failure). */
const DHO_MASK = SYNTH_CONDITIONS.filter((c) =>
  (DHO_CONDITION_KEYS as readonly string[]).includes(c.key),
).reduce((m, c) => m | (1 << (c.id - 1)), 0);

/**
 * Expected emergency admissions of a person-year (the generator's acute rate): the community's
 * admission factor × 0.03 × e^{0.032·(age − 40)} × (1 + 0.3·conditions) × need factor (2.0 for
 * IPLOS need level 3, 1.6 for level 2) × a persistent personal factor e^{0.6·z − 0.18}, z ~ N(0, 1)
 * per person (mean 1): some people are admitted year after year, as in real data, so last year's
 * admissions predict next year's beyond age and diagnoses. `p` is the alias of a row of `s_py`
 * with the column `adm_factor` of `s_hf`.
 */
export function acuteRateSql(p: string): string {
  return `(${p}.adm_factor * 0.030 * exp(0.032 * (${p}.age - 40)) * (1 + 0.30 * ${p}.ncond)
    * CASE ${p}.need WHEN 3 THEN 2.0 WHEN 2 THEN 1.6 ELSE 1 END
    * exp(0.6 * z(${p}.pid, 'acuterisk', 0) - 0.18))`;
}

/** Check planted interventions' options (municipalities may not overlap). */
export function checkInterventions(list: readonly SynthIntervention[], years: number[]): void {
  const seen = new Set<string>();
  for (const i of list) {
    if (!/^[A-Za-z0-9-]+$/.test(i.id ?? ''))
      throw new UsageError(
        'BAD_INTERVENTION',
        `an intervention needs an id of letters, digits and -, got "${i.id}"`,
      );
    if (!(i.effect > 0 && i.effect <= 2))
      throw new UsageError(
        'BAD_EFFECT',
        `the planted effect is a rate ratio in (0, 2], got ${i.effect}`,
      );
    if (!years.includes(i.startYear) || i.startYear === Math.min(...years))
      throw new UsageError(
        'BAD_START',
        `the intervention must start in a generated year after the first (${years.join(', ')}), got ${i.startYear}`,
      );
    if (
      i.municipalities.length === 0 ||
      i.municipalities.some((m) => !/^\d{4}$/.test(m) || seen.has(m))
    )
      throw new UsageError(
        'BAD_MUNICIPALITY',
        'give each intervention its own 4-digit municipality codes',
      );
    for (const m of i.municipalities) seen.add(m);
  }
}

/**
 * Table `s_enrol` (intervention, pid, enrol_year, enrol_date, effect): who is enrolled. Eligible
 * are persons aged 18 or more on 1 January of the start year who had COPD, diabetes or heart
 * failure in the year before it (a condition that begins during the start year cannot have decided
 * an enrolment on 1 January), living in one of the intervention's municipalities in the start year. Each is enrolled with
 * probability logistic(−1.6 + 1.2·min(emergency admissions the year before, 2) + 0.02·(age − 70))
 * — services enrol those who were admitted, so the enrolled differ from the rest in what the data
 * show, and nothing unobserved decides who is enrolled — or, with `enrolAll`, every eligible
 * person is. From the start year, an enrolled person's acute rate is multiplied by `effect`.
 * Without interventions the table is empty.
 */
export async function buildEnrolment(db: Db, list: readonly SynthIntervention[]): Promise<void> {
  await db.exec(
    `CREATE OR REPLACE TABLE s_enrol (intervention VARCHAR, pid BIGINT, enrol_year INTEGER, enrol_date DATE, effect DOUBLE);`,
  );
  for (const i of list) {
    const y = int(i.startYear);
    const p = i.enrolAll
      ? '1.0'
      : '1 / (1 + exp(-(-1.6 + 1.2 * least(n_prior, 2) + 0.02 * (age - 70))))';
    await db.exec(`
INSERT INTO s_enrol
WITH prior AS (
  SELECT p.pid, rpois(${acuteRateSql('p')}, hash(p.pid, p.year), 'nacute', 0) AS n_prior
  FROM (SELECT s.*, h.adm_factor FROM s_py s JOIN s_hf h USING (helsefellesskap) WHERE s.year = ${y} - 1) p
), el AS (
  SELECT p.pid, p.age, coalesce(pr.n_prior, 0) AS n_prior
  FROM s_py p JOIN s_py b ON b.pid = p.pid AND b.year = ${y} - 1 LEFT JOIN prior pr ON pr.pid = p.pid
  WHERE p.year = ${y} AND p.mun IN ${inList(i.municipalities)} AND p.birth_year <= ${y} - 19
    AND (b.conds & ${int(DHO_MASK)}) <> 0
)
SELECT ${str(i.id)}, pid, ${y}, make_date(${y}, 1, 1), ${lit(i.effect)}
FROM el WHERE u(pid, 'enrol', ${y}) < ${p} AND pid NOT IN (SELECT pid FROM s_enrol)
ORDER BY pid;`);
  }
}

/** SQL of the enrolment file (`intervention-enrolment.csv`): NPR id, municipality, enrolment date. */
export function enrolmentSelectSql(): string {
  return `
SELECT e.intervention, i.npr_id AS person_id, 'npr' AS id_space, strftime(e.enrol_date, '%Y-%m-%d') AS enrolment_date
FROM s_enrol e JOIN s_person_ids i USING (pid)
ORDER BY e.intervention, person_id`;
}
