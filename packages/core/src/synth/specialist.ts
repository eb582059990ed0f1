import { calendarDrawSql } from './calendar.js';
import type { Db } from '../kernel/db.js';
import { inList, lit, str } from '../kernel/sql.js';
import { SYNTH_CONDITIONS } from './conditions.js';
import { acuteRateSql } from './intervention.js';
import type { ResolvedSynthOptions } from './options.js';
import {
  referralColumnsSql,
  referralWaitSql,
  rejectedReferralRowsSql,
  rejectedReferralsSql,
} from './referrals.js';

/**
 * Main diagnoses of contacts not due to one of the person's conditions, by kind and age band:
 * injuries, symptoms, infections and one-off procedures. None of them is on the project's
 * chronic-condition list (`definitions/codelists/chronic-conditions.csv`, asserted by a test), so a
 * background contact never adds a chronic condition the person does not carry and the built-in
 * cohorts count what the generator planted.
 */
export const BACKGROUND_ICD10 = {
  acuteChild: ['J069', 'A099', 'S525', 'R509', 'J209', 'S099', 'K358'],
  acuteAdult: ['R074', 'J189', 'K359', 'R104', 'N390', 'S060', 'K922', 'S828', 'K800', 'R55'],
  acuteOld: ['S720', 'J189', 'N390', 'A419', 'R074', 'R55', 'S424', 'E86', 'K922', 'J22'],
  // Planned: gallstones, hallux valgus, knee derangement, hernia, follow-up exam, haemorrhoids,
  // uterine fibroid, shoulder capsulitis (cataract H25 and prostate hyperplasia N40 are on the list).
  planned: ['K802', 'M201', 'M233', 'K409', 'Z098', 'K649', 'D259', 'M750'],
  // General outpatient (psoriasis L40 and cataract H25 replaced by dyspnoea and an epidermal cyst).
  generalOutpatient: [
    'Z098',
    'R42',
    'R060',
    'M545',
    'K590',
    'R51',
    'S934',
    'L720',
    'H612',
    'R002',
    'N951',
  ],
} as const;
const ACUTE_CHILD = BACKGROUND_ICD10.acuteChild;
const ACUTE_ADULT = BACKGROUND_ICD10.acuteAdult;
const ACUTE_OLD = BACKGROUND_ICD10.acuteOld;
const PLANNED = BACKGROUND_ICD10.planned;
const GENERAL_OP = BACKGROUND_ICD10.generalOutpatient;

/**
 * Condition parameters as SQL: table `s_cond` (id, key, organ, follow-up probability) and macros
 * `icd_of(cond, pid)`, `icpc_of(cond, pid)` (the person's stable code for a condition),
 * `organ_of(cond)`, `sector_of(cond)`, `fag_of(cond)`.
 */
export async function buildConditionTable(db: Db): Promise<void> {
  const rows = SYNTH_CONDITIONS.map(
    (c) =>
      `(${c.id}, ${str(c.key)}, ${str(c.organ)}, ${lit(c.followUp)}, ${c.sector}, ${str(c.specialty)})`,
  );
  const cases = (f: (c: (typeof SYNTH_CONDITIONS)[number]) => string) =>
    `CASE cond ${SYNTH_CONDITIONS.map((c) => `WHEN ${c.id} THEN ${f(c)}`).join(' ')} END`;
  await db.exec(`
CREATE OR REPLACE TABLE s_cond AS SELECT * FROM (VALUES ${rows.join(', ')}) v(id, key, organ, follow_up, sector, specialty);
CREATE OR REPLACE MACRO icd_of(cond, who) AS ${cases((c) => `pick([${c.icd10.map(str).join(', ')}], who, 'icd', ${c.id})`)};
CREATE OR REPLACE MACRO icpc_of(cond, who) AS ${cases((c) => `pick([${c.icpc2.map(str).join(', ')}], who, 'icpc', ${c.id})`)};
CREATE OR REPLACE MACRO sector_of(cond) AS ${cases((c) => String(c.sector))};
CREATE OR REPLACE MACRO fag_of(cond) AS ${cases((c) => str(c.specialty))};
`);
}

/**
 * NPR episodes (`s_ep`) for the written years. Seeds per person-year: acute admissions (rate by age,
 * number of conditions, need level, the helsefellesskap's admission factor and a persistent
 * personal factor — `acuteRateSql` — times a planted intervention's effect from its start), planned inpatient
 * or day treatment, general outpatient contacts, follow-up outpatient contacts for each condition
 * (with that condition as main diagnosis), and a terminal admission for 45 % of deaths (times the
 * planted effect too: it is an emergency admission). Derived
 * rows: transfers to another hospital (5 % of acute stays) and 30-day readmissions of older
 * patients (10 %). Secondary diagnoses are the person's other conditions, each recorded with a
 * probability that depends on the kind of contact.
 */
export async function buildSpecialist(db: Db, o: ResolvedSynthOptions): Promise<void> {
  const years = inList(o.years);
  await db.exec(`
CREATE OR REPLACE TABLE s_ep0 AS
WITH py AS (
  SELECT p.*, h.adm_factor,
    list_filter(range(1, ${SYNTH_CONDITIONS.length + 1}), i -> (p.conds >> (i - 1)) & 1 = 1) AS cl,
    greatest(p.birth_date, make_date(p.year, 1, 1)) AS d0,
    coalesce(p.death_date, make_date(p.year, 12, 31)) AS d1
  FROM s_py p JOIN s_hf h USING (helsefellesskap) WHERE p.year IN ${years}
), rates AS (
  SELECT *,
    CASE WHEN py.year >= en.enrol_year THEN en.effect ELSE 1 END AS eff,
    ${acuteRateSql('py')} * eff AS l_acute,
    0.020 + 0.0012 * age * (1 + 0.2 * ncond) AS l_planned,
    (0.35 + 0.006 * age) * (1 + 0.1 * ncond) AS l_op
  FROM py LEFT JOIN s_enrol en USING (pid)
), seeds AS (
  -- the year enters the key, not the index: draws u(k, s, i) of one key are correlated across i
  -- (DuckDB combines the hashes of its arguments by XOR), so year-indexed counts would be
  -- artificially related from one year to the next
  SELECT pid, year, 'A' AS kind, NULL::INTEGER AS fcond, unnest(range(rpois(l_acute, hash(pid, year), 'nacute', 0))) AS k FROM rates
  UNION ALL
  SELECT pid, year, 'P', NULL, unnest(range(rpois(l_planned, pid, 'nplanned', year))) FROM rates
  UNION ALL
  SELECT pid, year, 'O', NULL, unnest(range(rpois(l_op, pid, 'nop', year))) FROM rates
  UNION ALL
  SELECT pid, year, 'F', c, unnest(range(1 + rpois(1.3, pid, 'nfu', year * 32 + c))) FROM (
    SELECT r.pid, r.year, r.age, r.adm_factor, unnest(r.cl) AS c FROM rates r) x
    JOIN s_cond sc ON sc.id = x.c
  WHERE u(pid, 'fu', year * 32 + c) < sc.follow_up * adm_factor * CASE WHEN age >= 80 THEN 0.75 ELSE 1 END
  UNION ALL
  SELECT pid, year, 'D', NULL, 0 FROM rates WHERE death_date IS NOT NULL AND u(pid, 'hospdeath', 0) < 0.45 * eff
)
SELECT s.*, r.age, r.sex, r.birth_year, r.mun, r.helsefellesskap, r.need, r.cl, r.d0, r.d1, r.death_date,
  -- episode key: unique and stable (kind letter, k < 1000)
  (s.pid * 10 + (s.year % 10)) * 100000 + (CASE s.kind WHEN 'A' THEN 1 WHEN 'P' THEN 2 WHEN 'O' THEN 3 WHEN 'F' THEN 4 ELSE 5 END) * 10000
    + coalesce(s.fcond, 0) * 300 + least(s.k, 299) AS eid
FROM seeds s JOIN rates r USING (pid, year)
WHERE s.k < 300;

CREATE OR REPLACE TABLE s_ep1 AS
WITH e AS (
  SELECT *,
    CASE kind
      WHEN 'F' THEN fcond
      WHEN 'D' THEN CASE WHEN len(cl) > 0 THEN pick(cl, eid, 'main', 0) END
      WHEN 'A' THEN CASE WHEN len(cl) > 0 AND u(eid, 'mainc', 0) < 0.6 THEN pick(cl, eid, 'main', 0) END
      WHEN 'P' THEN CASE WHEN len(cl) > 0 AND u(eid, 'mainc', 0) < 0.35 THEN pick(cl, eid, 'main', 0) END
      ELSE CASE WHEN len(cl) > 0 AND u(eid, 'mainc', 0) < 0.2 THEN pick(cl, eid, 'main', 0) END
    END AS main_cond,
    CASE kind WHEN 'D' THEN 0.45 WHEN 'A' THEN 0.35 WHEN 'P' THEN 0.2 WHEN 'F' THEN 0.1 ELSE 0.05 END
      * CASE WHEN age < 60 THEN 1.3 WHEN age < 80 THEN 0.86 ELSE 0.6 END AS psec
  FROM s_ep0
), d AS (
  SELECT *,
    CASE WHEN kind = 'D' THEN 1 + rgeom(4, eid, 'los', 0)
         WHEN kind = 'A' THEN CASE WHEN u(eid, 'acuteop', 0) < 0.25 THEN 0 ELSE 1 + rgeom(2.2 + 0.03 * greatest(age - 50, 0), eid, 'los', 0) END
         WHEN kind = 'P' THEN CASE WHEN u(eid, 'dayc', 0) < 0.6 THEN 0 ELSE 1 + rgeom(2.5, eid, 'los', 0) END
         ELSE 0 END AS los
  FROM (${calendarDrawSql(`SELECT * FROM e WHERE d1 >= d0`, `CASE WHEN kind = 'A' THEN 'acute' ELSE 'planned' END`, `u(eid, 'date', 0)`, 'day0')})
)
SELECT *,
  CASE WHEN kind = 'D' THEN death_date - los ELSE day0 END AS inn,
  CASE WHEN kind = 'D' THEN death_date ELSE day0 + los END AS ut,
  CASE WHEN kind = 'D' OR (kind = 'A' AND los > 0) OR (kind = 'P' AND los > 0) THEN 1
       WHEN kind IN ('A', 'P') THEN 2 ELSE 3 END AS omsorgsniva,
  list_filter(cl, x -> x <> coalesce(main_cond, 0) AND u(eid, 'sec', x) < psec) AS sec_conds
FROM d;
DROP TABLE s_ep0;
`);
  // Transfers and readmissions, derived from acute inpatient stays.
  await db.exec(`
CREATE OR REPLACE TABLE s_ep AS
WITH base AS (SELECT * FROM s_ep1),
tr AS (
  SELECT * REPLACE ('T' AS kind, eid + 7 AS eid, ut AS inn, ut + 1 + rgeom(2, eid, 'trlos', 0) AS ut, 1 AS omsorgsniva)
  FROM base WHERE kind = 'A' AND omsorgsniva = 1 AND u(eid, 'transfer', 0) < 0.05
), re AS (
  SELECT * REPLACE ('R' AS kind, eid + 8 AS eid, ut + 2 + floor(u(eid, 'readm', 1) * 27)::INTEGER AS inn,
    ut + 2 + floor(u(eid, 'readm', 1) * 27)::INTEGER + 1 + rgeom(3, eid, 'relos', 0) AS ut, 1 AS omsorgsniva)
  FROM base WHERE kind = 'A' AND omsorgsniva = 1 AND age >= 67 AND u(eid, 'readm', 0) < 0.10
)
SELECT * FROM base
UNION ALL SELECT * FROM tr WHERE ut <= d1
UNION ALL SELECT * FROM re WHERE ut <= d1 AND year(inn) = year;
DROP TABLE s_ep1;
`);
}

/** SQL of the NPR extract (native column names), ordered; reads `s_ep`, `s_cond`, `s_person_ids`. Rejected referrals to BUP are rows of their own (referrals.ts). */
export function nprSelectSql(): string {
  const sec = [2, 3, 4, 5, 6].map((i) => `sec_codes[${i - 1}] AS tilstand_${i}_1`).join(',\n  ');
  const codeOf = (x: string) => `icd_of(${x}, e.pid)`;
  const acute = (list: readonly string[]) => `[${list.map(str).join(', ')}]`;
  return `
WITH e AS (
  SELECT e.*,
    coalesce(${codeOf('e.main_cond')},
      CASE WHEN kind IN ('P') THEN pick(${acute(PLANNED)}, eid, 'code', 0)
           WHEN kind IN ('O') THEN pick(${acute(GENERAL_OP)}, eid, 'code', 0)
           WHEN age < 18 THEN pick(${acute(ACUTE_CHILD)}, eid, 'code', 0)
           WHEN age < 67 THEN pick(${acute(ACUTE_ADULT)}, eid, 'code', 0)
           ELSE pick(${acute(ACUTE_OLD)}, eid, 'code', 0) END) AS main_code,
    list_transform(sec_conds, x -> ${codeOf('x')}) AS sec_codes,
    sector_of(e.main_cond) AS csector,
    fag_of(e.main_cond) AS cfag
  FROM s_ep e
), f0 AS (
  SELECT e.*,
    CASE WHEN kind IN ('A', 'D', 'R') THEN 8 + floor(u(eid, 'h', 0) * 15)::INTEGER - CASE WHEN u(eid, 'night', 0) < 0.3 THEN 8 ELSE 0 END
         ELSE 8 + floor(u(eid, 'h', 0) * 7)::INTEGER END AS hh,
    floor(u(eid, 'm', 0) * 60)::INTEGER AS mm,
    printf('%02d:%02d', 8 + floor(u(eid, 'outh', 0) * 10)::INTEGER, floor(u(eid, 'outm', 0) * 60)::INTEGER) AS out_time,
    CASE WHEN omsorgsniva = 1 AND age >= 67 AND u(eid, 'wait', 0) < 0.04 + 0.05 * need THEN 1 + rgeom(2, eid, 'waitd', 0) ELSE 0 END AS wait,
    CASE WHEN kind IN ('F', 'M') AND coalesce(csector, 1) > 1 THEN CASE WHEN age < 18 AND csector = 2 THEN 3 ELSE csector END ELSE 1 END AS sektor
  FROM e
), f AS (
  SELECT f0.*, ${referralWaitSql('f0')} AS ref_wait FROM f0 f0
), rj AS (${rejectedReferralsSql('f')})
SELECT * EXCLUDE (row_key) FROM (
SELECT
  i.npr_id AS lopenr,
  CASE f.sex WHEN 'M' THEN 1 ELSE 2 END AS kjonn,
  f.birth_year AS fodselsar,
  f.mun AS komnrhjem2,
  CASE WHEN f.mun = '0301' THEN lpad(CAST(1 + f.pid % 15 AS VARCHAR), 2, '0') END AS bydel2,
  f.year AS aar,
  strftime(f.inn, '%Y-%m-%d') AS inndato,
  printf('%02d:%02d', f.hh, f.mm) AS inntid,
  strftime(f.ut, '%Y-%m-%d') AS utdato,
  CASE WHEN f.omsorgsniva = 3 THEN printf('%02d:%02d', f.hh, least(f.mm + 20 + floor(u(f.eid, 'dur', 0) * 39)::INTEGER, 59))
       WHEN f.ut = f.inn THEN printf('%02d:%02d', least(23, f.hh + 1 + floor(u(f.eid, 'dayh', 0) * 5)::INTEGER), f.mm)
       ELSE f.out_time END AS uttid,
  f.omsorgsniva,
  CASE WHEN f.kind IN ('A', 'D', 'R') OR (f.kind = 'M' AND f.mh_basis > 1) THEN 1 + floor(u(f.eid, 'hast', 0) * 3)::INTEGER
       WHEN f.kind = 'T' THEN 5 ELSE 4 END AS innmateHast,
  CASE WHEN f.omsorgsniva = 3 THEN CASE WHEN u(f.eid, 'mode', 0) < 0.04 THEN 6 WHEN u(f.eid, 'mode', 0) < 0.13 THEN 7
       ELSE 1 + floor(u(f.eid, 'mode2', 0) * 3)::INTEGER END ELSE 1 END AS kontakttype,
  f.main_code AS tilstand_1_1,
  CASE WHEN f.main_code LIKE 'S%' THEN 'W199' END AS tilstand_1_2,
  ${sec},
  CASE WHEN f.omsorgsniva = 3 THEN '901O' WHEN f.omsorgsniva = 2 THEN '801O'
       ELSE CASE left(f.main_code, 1) WHEN 'I' THEN '127' WHEN 'J' THEN '088' WHEN 'E' THEN '294' WHEN 'N' THEN '316'
            WHEN 'C' THEN '082' WHEN 'F' THEN '430' WHEN 'G' THEN '012' WHEN 'M' THEN '209' WHEN 'S' THEN '210' ELSE '468' END END AS drg,
  coalesce(f.cfag, CASE WHEN left(f.main_code, 1) IN ('S', 'K', 'M') THEN '030' WHEN f.age < 16 THEN '300' ELSE '010' END) AS episodefag,
  CAST(CASE WHEN f.kind = 'T' THEN 974700000 + hash(f.helsefellesskap, 'regional') % 99999
            ELSE 974800000 + hash(f.helsefellesskap, 'local') % 99999 END AS VARCHAR) AS behandlingsstedkode,
  f.sektor,
  CASE WHEN f.kind = 'D' THEN 2 ELSE 1 END AS utTilstand,
  CASE WHEN f.omsorgsniva = 1 AND f.age >= 67 AND f.kind <> 'D' THEN strftime(f.ut - least(f.wait, f.los), '%Y-%m-%d') END AS utskrKlarDato,
  CASE WHEN f.omsorgsniva = 1 AND f.age >= 67 AND f.kind <> 'D' THEN CASE WHEN least(f.wait, f.los) > 0 THEN '09:00' WHEN f.ut = f.inn THEN printf('%02d:%02d', least(23, f.hh + 1), f.mm) ELSE f.out_time END END AS utskrKlarTid,
  ${referralColumnsSql('f')},
  f.eid AS row_key
FROM f JOIN s_person_ids i USING (pid)
UNION ALL BY NAME
SELECT ${rejectedReferralRowsSql('rj', 'i')}, rj.eid AS row_key
FROM rj JOIN s_person_ids i USING (pid))
ORDER BY aar, lopenr, inndato, inntid, row_key`;
}

/** Admission factor per helsefellesskap (0.70–1.30): the plausible variation between communities. */
export async function buildHfFactors(db: Db): Promise<void> {
  await db.exec(`
CREATE OR REPLACE TABLE s_hf AS
SELECT helsefellesskap, 0.70 + 0.60 * u(helsefellesskap, 'hfvar', 0) AS adm_factor,
  0.80 + 0.40 * u(helsefellesskap, 'gpvar', 0) AS gp_factor
FROM (SELECT DISTINCT helsefellesskap FROM s_mun);`);
}
