import type { Db } from '../kernel/db.js';
import { inList } from '../kernel/sql.js';
import { SYNTH_CONDITIONS } from './conditions.js';
import type { ResolvedSynthOptions } from './options.js';

/**
 * Involuntary admissions to mental health care per 10,000 residents aged 16 and over, 2022
 * (Helsedirektoratet, SAMDATA «Psykisk helsevern – tvungent psykisk helsevern med døgnopphold»:
 * 209 per 100,000). The calibration target `mhInvoluntary`.
 */
export const SYNTH_INVOLUNTARY_PER_10000 = 20.9;

/**
 * Persons with a decision on coercive measures per 10,000 residents aged 16 and over (2017,
 * Helsedirektoratet via NPR: 48 per 100,000). The calibration target `mhCoercionPatients`.
 */
export const SYNTH_COERCION_PER_10000 = 4.8;

/**
 * Mental-health admissions (`kind` 'M') added to the NPR episodes `s_ep`: persons aged 16 and over
 * with a mental-health condition (a condition followed up in sector 2) are admitted involuntarily
 * with a probability that gives {@link SYNTH_INVOLUNTARY_PER_10000} admissions per 10,000 residents
 * aged 16+ in each year (about half under § 3-2, compulsory observation, the rest § 3-3), and
 * voluntarily as often; decisions on coercive measures on involuntary stays as often as gives
 * {@link SYNTH_COERCION_PER_10000}. Stays last 3 + geometric(12) days, inside the year and life.
 * Columns `mh_basis` (hjemmelInn) and `mh_coercion` (tvangsvedtak) are added to `s_ep` (NULL on
 * other episodes). Draws use their own streams: other episodes are unchanged.
 */
export async function buildMentalHealthAdmissions(db: Db, o: ResolvedSynthOptions): Promise<void> {
  const n = SYNTH_CONDITIONS.length;
  await db.exec(`
ALTER TABLE s_ep ADD COLUMN mh_basis INTEGER;
ALTER TABLE s_ep ADD COLUMN mh_coercion INTEGER;
INSERT INTO s_ep BY NAME
WITH py AS (
  SELECT p.pid, p.year, p.age, p.sex, p.birth_year, p.mun, p.helsefellesskap, p.need, p.death_date,
    list_filter(range(1, ${n + 1}), i -> (p.conds >> (i - 1)) & 1 = 1) AS cl,
    greatest(p.birth_date, make_date(p.year, 1, 1)) AS d0,
    coalesce(p.death_date, make_date(p.year, 12, 31)) AS d1
  FROM s_py p WHERE p.year IN ${inList(o.years)} AND p.age >= 16 AND p.birth_date < make_date(p.year, 1, 1)
), m AS (SELECT *, list_filter(cl, x -> sector_of(x) = 2) AS mc FROM py),
rate AS (SELECT year, ${SYNTH_INVOLUNTARY_PER_10000 / 10000} * count(*) / greatest(count(*) FILTER (WHERE len(mc) > 0), 1) AS p
         FROM m GROUP BY year),
adm AS (
  SELECT m.*, v.vol, r.p FROM m JOIN rate r USING (year), (VALUES (0), (1)) v(vol)
  WHERE len(m.mc) > 0 AND u(m.pid, CASE WHEN v.vol = 1 THEN 'mhvol' ELSE 'mhinv' END, m.year) < r.p
), d AS (
  SELECT *, 3 + rgeom(12, pid, 'mhlos', year * 2 + vol) AS los,
    d0 + floor(u(pid, 'mhday', year * 2 + vol) * (date_diff('day', d0, d1) + 1))::INTEGER AS day0,
    (pid * 10 + (year % 10)) * 100000 + 60000 + vol * 300 AS eid
  FROM adm WHERE d1 >= d0
)
SELECT pid, year, 'M' AS kind, mc[1] AS fcond, 0 AS k, age, sex, birth_year, mun, helsefellesskap, need, cl, d0, d1,
  death_date, eid, pick(mc, pid, 'mhmain', year) AS main_cond, 0.1 AS psec, los, day0,
  day0 AS inn, day0 + los AS ut, 1 AS omsorgsniva, CAST([] AS INTEGER[]) AS sec_conds,
  CASE WHEN vol = 1 THEN 1 WHEN u(pid, 'mhobs', year) < 0.5 THEN 2 ELSE 3 END AS mh_basis,
  CASE WHEN vol = 1 THEN 0 WHEN u(pid, 'mhcoer', year) < ${SYNTH_COERCION_PER_10000 / SYNTH_INVOLUNTARY_PER_10000} THEN 1 + rgeom(1, pid, 'mhncoer', year) ELSE 0 END AS mh_coercion
FROM d WHERE day0 + los <= d1;
`);
}
