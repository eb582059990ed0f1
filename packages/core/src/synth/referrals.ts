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
