import { calendarDrawSql } from './calendar.js';
import type { Db } from '../kernel/db.js';
import { inList, str } from '../kernel/sql.js';
import { SYNTH_CONDITIONS } from './conditions.js';
import type { ResolvedSynthOptions } from './options.js';

/** Acute ICPC-2 reasons for encounter by age band, for contacts not about a chronic condition. */
const ICPC_CHILD = ['R74', 'A03', 'H71', 'R05', 'S87', 'D11', 'L81', 'A97'];
const ICPC_ADULT = [
  'R74',
  'L03',
  'P06',
  'A04',
  'S18',
  'U71',
  'L84',
  'R05',
  'D01',
  'A97',
  'W14',
  'N01',
];
const ICPC_OLD = ['R74', 'A04', 'L03', 'U71', 'K07', 'N17', 'S97', 'A97', 'L84', 'D12'];

/**
 * Contact types of the KUHR claims and their fee codes (takstkoder). `service` is `tjenestetype`
 * (1 GP, 2 out-of-hours). The main fee code decides the contact type in ingest's mapping; extra
 * fee codes are additions of a lower type.
 */
export const CLAIM_TYPES = [
  {
    code: 1,
    key: 'gp_physical',
    service: 1,
    fee: "'2ad'",
    extra: "CASE WHEN u(bid, 'lab', 0) < 0.35 THEN '701a' END",
  },
  { code: 2, key: 'gp_econsultation', service: 1, fee: "'2ae'", extra: 'NULL' },
  {
    code: 3,
    key: 'gp_simple_remote',
    service: 1,
    fee: "CASE WHEN u(bid, 'fee', 0) < 0.5 THEN '1bd' ELSE '1g' END",
    extra: 'NULL',
  },
  { code: 4, key: 'gp_home_visit', service: 1, fee: "'11ad'", extra: 'NULL' },
  { code: 5, key: 'gp_interdisciplinary', service: 1, fee: "'14'", extra: 'NULL' },
  {
    code: 6,
    key: 'ooh_physical',
    service: 2,
    fee: "'2ak'",
    extra: "CASE WHEN u(bid, 'lab', 0) < 0.25 THEN '701a' END",
  },
  { code: 7, key: 'ooh_remote', service: 2, fee: "'1bk'", extra: 'NULL' },
] as const;

/**
 * KUHR claims (`s_bill`, `s_diag`, `s_fee`) for the written years. Yearly counts per person are
 * negative binomial with means by age, sex, number of conditions and need level (basis in
 * `datasets/README.md`); the community's GP factor adds variation between helsefellesskap.
 */
export async function buildPrimary(db: Db, o: ResolvedSynthOptions): Promise<void> {
  const years = inList(o.years);
  const dm = SYNTH_CONDITIONS.filter((c) =>
    ['copd', 'diabetes2', 'diabetes1', 'heart_failure'].includes(c.key),
  ).reduce((m, c) => m | (1 << (c.id - 1)), 0);
  await db.exec(`
CREATE OR REPLACE TABLE s_bill AS
WITH py AS (
  SELECT p.*, h.gp_factor,
    list_filter(range(1, ${SYNTH_CONDITIONS.length + 1}), i -> (p.conds >> (i - 1)) & 1 = 1) AS cl,
    greatest(p.birth_date, make_date(p.year, 1, 1)) AS d0,
    coalesce(p.death_date, make_date(p.year, 12, 31)) AS d1,
    CASE WHEN age < 5 THEN 2.0 WHEN age < 18 THEN 0.85
         WHEN age < 45 THEN CASE WHEN sex = 'F' THEN 2.0 ELSE 1.1 END
         WHEN age < 67 THEN CASE WHEN sex = 'F' THEN 2.2 ELSE 1.7 END
         WHEN age < 80 THEN 2.9 ELSE 3.2 END AS base_phys
  FROM s_py p JOIN s_hf h USING (helsefellesskap) WHERE p.year IN ${years}
), m AS (
  SELECT *,
    1.10 * gp_factor * base_phys * (1 + 0.18 * ncond) * CASE WHEN need >= 2 THEN 1.2 ELSE 1 END AS m1,
    gp_factor * CASE WHEN age < 18 THEN 0.30 WHEN age < 67 THEN CASE WHEN sex = 'F' THEN 0.95 ELSE 0.6 END ELSE 0.45 END * (1 + 0.12 * ncond) AS m2,
    (0.35 + 0.012 * least(age, 80)) * (1 + 0.25 * ncond) AS m3,
    CASE WHEN need >= 2 THEN 0.8 WHEN need = 1 THEN 0.2 ELSE 0 END + CASE WHEN (conds & ${dm}) <> 0 AND age >= 75 THEN 0.1 ELSE 0 END AS m4,
    CASE WHEN need >= 2 THEN 0.35 ELSE 0 END AS m5,
    CASE WHEN age < 5 THEN 0.45 WHEN age < 30 THEN 0.3 WHEN age < 75 THEN 0.18 ELSE 0.3 END AS m6,
    0.10 AS m7
  FROM py WHERE d1 >= d0
), seeds AS (
  SELECT pid, year, sex, birth_year, birth_date, mun, cl, age, ncond, d0, d1,
    unnest([${[1, 2, 3, 4, 5, 6, 7].map((t) => `${t}`).join(', ')}]) AS t,
    unnest([${[1, 2, 3, 4, 5, 6, 7].map((t) => ([4, 5].includes(t) ? `least(rpois(m${t}, pid, 'nbill${t}', year), 99)` : `least(rnb(m${t}, pid, 'nbill${t}', year), 99)`)).join(', ')}]) AS n
  FROM m
), bills AS (SELECT *, unnest(range(n)) AS k FROM seeds WHERE n > 0)
SELECT pid, year, t, k,
  -- claim number: unique and stable without a sort
  ((pid * 10 + year % 10) * 10 + t) * 100 + k AS bid,
  dato,
  sex, birth_year, birth_date, mun, cl, age, ncond
FROM (${calendarDrawSql(`SELECT * FROM bills`, `CASE WHEN t >= 6 THEN 'out_of_hours' ELSE 'gp' END`, `u(pid, 'bdate', ((year * 10 + t) * 100 + k))`, 'dato')});

CREATE OR REPLACE TABLE s_diag AS
WITH b AS (
  SELECT bid, pid, t, age, cl,
    CASE WHEN len(cl) > 0 AND t IN (1, 2, 3, 4, 5) AND u(bid, 'dchron', 0) < least(0.8, 0.3 + 0.15 * ncond) THEN pick(cl, bid, 'dcond', 0)
         WHEN len(cl) > 0 AND u(bid, 'dchron', 0) < 0.12 THEN pick(cl, bid, 'dcond', 0) END AS c1
  FROM s_bill
)
SELECT bid, coalesce(icpc_of(c1, pid),
    CASE WHEN age < 18 THEN pick([${ICPC_CHILD.map(str).join(', ')}], bid, 'icpc', 0)
         WHEN age < 67 THEN pick([${ICPC_ADULT.map(str).join(', ')}], bid, 'icpc', 0)
         ELSE pick([${ICPC_OLD.map(str).join(', ')}], bid, 'icpc', 0) END) AS code, 1 AS tab, 1 AS main
FROM b
UNION ALL
SELECT bid, icpc_of(c2, pid), 1, 0 FROM (
  SELECT bid, pid, pick(list_filter(cl, x -> x <> coalesce(c1, 0)), bid, 'd2', 0) AS c2 FROM b
  WHERE len(cl) > 1 AND u(bid, 'second', 0) < 0.25) WHERE c2 IS NOT NULL
UNION ALL
SELECT bid, icd_of(c1, pid), 3, 0 FROM b WHERE c1 IS NOT NULL AND u(bid, 'icd', 0) < 0.08;

CREATE OR REPLACE TABLE s_fee AS
SELECT bid, CASE t ${CLAIM_TYPES.map((c) => `WHEN ${c.code} THEN ${c.fee}`).join(' ')} END AS fee FROM s_bill
UNION ALL
SELECT bid, fee FROM (SELECT bid, CASE t ${CLAIM_TYPES.map((c) => `WHEN ${c.code} THEN ${c.extra}`).join(' ')} END AS fee FROM s_bill) WHERE fee IS NOT NULL;
`);
}

/** SQL of the three KUHR files, each ordered. */
export function kprSelectSql(): { bills: string; diagnoses: string; fees: string } {
  return {
    bills: `
SELECT i.kpr_id AS kpr_lnr, b.bid AS enkeltregning_lnr, strftime(b.dato, '%Y-%m-%d') AS dato,
  CASE WHEN u(b.bid, 'nosex', 0) < 0.002 THEN NULL WHEN b.sex = 'M' THEN 1 ELSE 2 END AS kjonn,
  CASE WHEN b.sex = 'M' THEN 1 ELSE 2 END AS kjonnK,
  b.birth_year AS fodselsaar,
  date_diff('year', b.birth_date, b.dato) - CASE WHEN strftime(b.dato, '%m%d') < strftime(b.birth_date, '%m%d') THEN 1 ELSE 0 END AS alder,
  CASE WHEN u(b.bid, 'nomun', 0) < 0.005 THEN '-1' ELSE b.mun END AS kommuneNr,
  b.mun AS kommunenrPB,
  CASE WHEN b.mun = '0301' THEN lpad(CAST(1 + b.pid % 15 AS VARCHAR), 2, '0') END AS bydel,
  CASE WHEN b.t IN (6, 7) THEN 2 ELSE 1 END AS tjenestetype
FROM s_bill b JOIN s_person_ids i USING (pid)
ORDER BY enkeltregning_lnr`,
    diagnoses: `
SELECT bid AS enkeltregning_lnr, code AS diagnoseKode, tab AS diagnoseTabell, main AS erHoveddiagnose
FROM s_diag ORDER BY enkeltregning_lnr, erHoveddiagnose DESC, diagnoseTabell, diagnoseKode`,
    fees: `
SELECT bid AS enkeltregning_lnr, fee AS takstkode, 1 AS antall FROM s_fee ORDER BY enkeltregning_lnr, takstkode`,
  };
}
