/**
 * Referrals in the synthetic NPR extract: the episode that starts care after a referral carries
 * the referral date, the assessment and the start of care (docs/extract-formats.md). Draws use
 * their own streams, so every other column of the extract is the same as without them.
 */

/**
 * Mean days from the referral received to the start of care, by NPR sector (1 somatic, 2 adult
 * mental health, 3 children and young people, 4 substance treatment): the national means of the
 * first four months of 2023 reported by Helsedirektoratet from NPR (the calibration targets,
 * `CALIBRATION_TARGETS.wait*`; sources in datasets/README.md).
 */
export const SYNTH_MEAN_WAIT_DAYS: Readonly<Record<number, number>> = {
  1: 71,
  2: 52,
  3: 55,
  4: 33,
};

/**
 * The waiting days of an episode that starts care after a referral (NULL for the others): every
 * planned somatic treatment, every first follow-up contact of a condition in the year (`k = 0`) of
 * children and young people (sector 3, few at demo scale) and half of the others. Geometric with
 * the sector's mean. `f` is the alias of the episode rows.
 */
export function referralWaitSql(f: string): string {
  const mean = `CASE ${f}.sektor ${Object.entries(SYNTH_MEAN_WAIT_DAYS)
    .map(([k, v]) => `WHEN ${k} THEN ${v}`)
    .join(' ')} ELSE 40 END`;
  return `CASE WHEN ${f}.kind = 'P' OR (${f}.kind = 'F' AND ${f}.k = 0 AND (${f}.sektor = 3 OR u(${f}.eid, 'ref', 0) < 0.5))
    THEN rgeom(${mean}, ${f}.eid, 'refwait', 0) END`;
}

/**
 * The referral columns of the NPR extract: referral date, assessment (within the wait: geometric,
 * mean 6 days), start of care (the admission date), status started, entitlement (70 % a right to
 * care, else needs care without a right), and empty legal basis and coercion decisions (the
 * generator writes no mental-health admissions).
 */
export function referralColumnsSql(f: string): string {
  const refDate = `${f}.inn - ${f}.ref_wait`;
  return `CASE WHEN ${f}.ref_wait IS NOT NULL THEN strftime(${refDate}, '%Y-%m-%d') END AS henvisningMottattDato,
  CASE WHEN ${f}.ref_wait IS NOT NULL THEN strftime(${refDate} + least(${f}.ref_wait, rgeom(6, ${f}.eid, 'refass', 0)), '%Y-%m-%d') END AS vurderingDato,
  CASE WHEN ${f}.ref_wait IS NOT NULL THEN strftime(${f}.inn, '%Y-%m-%d') END AS tjenesteStartDato,
  CASE WHEN ${f}.ref_wait IS NOT NULL THEN 2 END AS ventestatus,
  CASE WHEN ${f}.ref_wait IS NOT NULL THEN CASE WHEN u(${f}.eid, 'refright', 0) < 0.7 THEN 1 ELSE 2 END END AS rettighetsvurdering,
  ${f}.mh_basis AS hjemmelInn,
  ${f}.mh_coercion AS tvangsvedtak`;
}

/**
 * Share of the assessed referrals to mental health care for children and young people (BUP) that
 * are assessed as not needing specialist care (rejected): "i overkant av 20 prosent" in 2018 and
 * the first two thirds of 2019 (Helsedirektoratet, NPR; the calibration target
 * `CALIBRATION_TARGETS.bupRejected`; sources in datasets/README.md).
 */
export const SYNTH_BUP_REJECTED_SHARE = 0.2;

/**
 * Rejected referrals to BUP, one row per referral (alias `r` in {@link rejectedReferralSql}): for
 * a referral to BUP that led to care (the episode rows `f`), with probability share / (1 − share)
 * the same child had another referral in the same year that was assessed as no need of specialist
 * care: assessed on a day drawn uniformly in the child's year, received within the assessment time
 * before (geometric, mean 6 days, not before the year or birth). Referrals received on the day of
 * the accepted one are dropped (they would be the same referral). Own random streams: the other
 * rows are unchanged.
 */
export function rejectedReferralsSql(f: string): string {
  const p = SYNTH_BUP_REJECTED_SHARE / (1 - SYNTH_BUP_REJECTED_SHARE);
  return `SELECT r.*, greatest(r.d0, r.ass - rgeom(6, r.eid, 'rjref', 0)) AS refd FROM (
    SELECT ${f}.*, ${f}.d0 + floor(u(${f}.eid, 'rjday', 0) * (date_diff('day', ${f}.d0, ${f}.d1) + 1))::INTEGER AS ass
    FROM ${f} WHERE ${f}.sektor = 3 AND ${f}.ref_wait IS NOT NULL AND ${f}.d1 >= ${f}.d0 AND u(${f}.eid, 'bupreject', 0) < ${p}) r
  WHERE greatest(r.d0, r.ass - rgeom(6, r.eid, 'rjref', 0)) <> r.inn - r.ref_wait`;
}

/**
 * The NPR rows of rejected referrals (`r` from {@link rejectedReferralsSql}, `i` the person ids):
 * a referral without a contact, as docs/extract-formats.md describes it: \`inndato\` the assessment
 * date, no care level, no diagnoses, entitlement 3 (no need of specialist care), no start of care.
 */
export function rejectedReferralRowsSql(r: string, i: string): string {
  return `${i}.npr_id AS lopenr, CASE ${r}.sex WHEN 'M' THEN 1 ELSE 2 END AS kjonn, ${r}.birth_year AS fodselsar,
  ${r}.mun AS komnrhjem2, CASE WHEN ${r}.mun = '0301' THEN lpad(CAST(1 + ${r}.pid % 15 AS VARCHAR), 2, '0') END AS bydel2,
  ${r}.year AS aar, strftime(${r}.ass, '%Y-%m-%d') AS inndato, ${r}.sektor AS sektor,
  CAST(974800000 + hash(${r}.helsefellesskap, 'local') % 99999 AS VARCHAR) AS behandlingsstedkode,
  strftime(${r}.refd, '%Y-%m-%d') AS henvisningMottattDato, strftime(${r}.ass, '%Y-%m-%d') AS vurderingDato,
  3 AS rettighetsvurdering`;
}
