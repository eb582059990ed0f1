import type { Db } from '../kernel/db.js';
import { inList, int } from '../kernel/sql.js';
import type { ResolvedSynthOptions } from './options.js';

/** The IPLOS function variables, in the order of docs/extract-formats.md. Cognitive ones get worse with dementia. */
export const IPLOS_VARIABLES = [
  'sosialDeltakelse',
  'beslutningerDagligliv',
  'styreAtferd',
  'hukommelse',
  'kommunikasjon',
  'ivaretaEgenHelse',
  'alminneligHusarbeid',
  'skaffeVarer',
  'lageMat',
  'personligHygiene',
  'kleAvOgPaa',
  'spise',
  'toalett',
  'bevegeSegInne',
  'bevegeSegUte',
  'syn',
  'horsel',
] as const;
const COGNITIVE = new Set(['beslutningerDagligliv', 'styreAtferd', 'hukommelse', 'kommunikasjon']);
const DEMENTIA_BIT = 1 << 10;

/**
 * Municipal services (`s_svc`) and IPLOS assessments (`s_iplos`) for every person-year with a need
 * level ≥ 1 (limited): home health care (15), practical help (1), short stays (18) and long-term
 * stays (21, extensive need from 67, more likely with dementia). A period continues from the year
 * before (from 1 January) or starts on a random day; it ends on 31 December, at death, or stays
 * open in the last year. One assessment per person-year, scores consistent with the need level.
 */
export async function buildMunicipal(db: Db, o: ResolvedSynthOptions): Promise<void> {
  const last = Math.max(...o.years);
  await db.exec(`
CREATE OR REPLACE TABLE s_svc AS
WITH py AS (
  SELECT p.*,
    lag(need) OVER (PARTITION BY pid ORDER BY year) AS prev_need,
    lead(need) OVER (PARTITION BY pid ORDER BY year) AS next_need,
    greatest(p.birth_date, make_date(p.year, 1, 1)) AS d0,
    coalesce(p.death_date, make_date(p.year, 12, 31)) AS d1
  FROM s_py p
), w AS (
  SELECT *,
    need = 3 AND age >= 67 AND u(pid, 'ltc', 0) < 0.40 + CASE WHEN (conds & ${DEMENTIA_BIT}) <> 0 THEN 0.35 ELSE 0 END AS ltc,
    CASE WHEN coalesce(prev_need, 0) >= 1 THEN d0 ELSE d0 + floor(u(pid, 'svcstart', year) * (date_diff('day', d0, d1) + 1))::INTEGER END AS s0
  FROM py WHERE need >= 1 AND year IN ${inList(o.years)}
), svc AS (
  SELECT pid, year, mun, need, d0, d1, s0, death_date, next_need, 21 AS code FROM w WHERE ltc
  UNION ALL SELECT pid, year, mun, need, d0, d1, s0, death_date, next_need, 15 FROM w
    WHERE NOT ltc AND u(pid, 'hhc', 0) < CASE need WHEN 1 THEN 0.45 WHEN 2 THEN 0.85 ELSE 0.9 END
  UNION ALL SELECT pid, year, mun, need, d0, d1, s0, death_date, next_need, 1 FROM w
    WHERE NOT ltc AND u(pid, 'ph', 0) < CASE need WHEN 1 THEN 0.55 WHEN 2 THEN 0.45 ELSE 0.25 END
)
SELECT pid, year, mun, need, code, s0 AS start_date,
  CASE WHEN death_date IS NOT NULL THEN death_date
       WHEN year = ${int(last)} THEN NULL
       WHEN coalesce(next_need, 0) >= 1 THEN make_date(year, 12, 31)
       ELSE least(d1, s0 + 30 + floor(u(pid, 'svcend', year) * 300)::INTEGER) END AS end_date,
  CASE code WHEN 15 THEN round(CASE need WHEN 1 THEN 1.5 WHEN 2 THEN 5 ELSE 12 END * (0.6 + 0.8 * u(pid, 'hours', year * 100 + code)), 1)
            WHEN 1 THEN round(1 + 3 * u(pid, 'hours', year * 100 + code), 1) END AS hours
FROM svc
UNION ALL
-- short stays: 2–4 weeks inside the year
SELECT pid, year, mun, need, 18 AS code, s AS start_date, least(d1, s + 14 + floor(u(pid, 'sslen', year) * 15)::INTEGER) AS end_date, NULL AS hours
FROM (SELECT *, d0 + floor(u(pid, 'ssstart', year) * (date_diff('day', d0, d1) + 1))::INTEGER AS s FROM w
      WHERE NOT ltc AND need >= 2 AND u(pid, 'ss', year) < CASE need WHEN 2 THEN 0.12 ELSE 0.25 END);

CREATE OR REPLACE TABLE s_iplos AS
SELECT pid, year, mun, need, conds, age,
  least(d1, s0 + floor(u(pid, 'assess', year) * 60)::INTEGER) AS dato
FROM (SELECT p.*, greatest(p.birth_date, make_date(p.year, 1, 1)) AS d0, coalesce(p.death_date, make_date(p.year, 12, 31)) AS d1,
        s.s0 FROM s_py p JOIN (SELECT pid, year, min(start_date) AS s0 FROM s_svc GROUP BY ALL) s USING (pid, year));
`);
}

/** SQL of the kpr-services file, ordered. */
export function servicesSelectSql(): string {
  return `
SELECT i.kpr_id AS kpr_lnr, s.code AS tjenesteType, strftime(s.start_date, '%Y-%m-%d') AS tjenesteStartDato,
  strftime(s.end_date, '%Y-%m-%d') AS tjenesteSluttDato, s.hours AS timerPerUke, s.mun AS kommuneNr
FROM s_svc s JOIN s_person_ids i USING (pid)
ORDER BY s.year, kpr_lnr, tjenesteStartDato, tjenesteType`;
}

/** SQL of the iplos-function file, ordered. Scores 1–5 around a mean set by the need level. */
export function iplosSelectSql(): string {
  const vars = IPLOS_VARIABLES.map((v, j) => {
    const cog = COGNITIVE.has(v)
      ? ` + CASE WHEN (a.conds & ${DEMENTIA_BIT}) <> 0 THEN 1.2 ELSE -0.3 END`
      : '';
    const score = `least(5, greatest(1, round(CASE a.need WHEN 1 THEN 1.5 WHEN 2 THEN 2.6 ELSE 3.7 END + (u(a.pid, 'iplos', a.year * 100 + ${j}) - 0.5) * 2.2${cog})))::INTEGER`;
    const notRelevant =
      v === 'syn' || v === 'horsel'
        ? `CASE WHEN u(a.pid, 'iplos9', a.year * 100 + ${j}) < 0.08 THEN 9 ELSE ${score} END`
        : score;
    return `${notRelevant} AS ${v}`;
  });
  return `
SELECT i.kpr_id AS kpr_lnr, strftime(a.dato, '%Y-%m-%d') AS vurderingDato, a.mun AS kommuneNr,
  ${vars.join(',\n  ')},
  a.need AS bistandsbehov
FROM s_iplos a JOIN s_person_ids i USING (pid)
ORDER BY a.year, kpr_lnr, vurderingDato`;
}
