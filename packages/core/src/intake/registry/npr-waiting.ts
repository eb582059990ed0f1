import { ident } from '../../kernel/sql.js';
import { type LoadContext, dateWindowProblem } from './context.js';
import { dateExpr, intExpr, problem, unreadable } from './expr.js';

/**
 * The optional NPR columns of referrals, waiting and mental-health legal basis
 * (docs/extract-formats.md): referral received, assessed, start of care, waiting status,
 * entitlement (rettighetsvurdering), legal basis of the admission (voluntary, § 3-2, § 3-3) and the
 * number of coercion decisions during the episode. Absent columns are NULL: older extracts load as
 * before.
 */

const c = (name: string) => `s.${ident(name)}`;

/** Parsed values, as columns of the staged row (`ref_date`, `ass_date`, …). */
export function nprWaitingSelect(): string {
  return `${dateExpr(c('henvisningmottattdato'))} AS ref_date,
        ${dateExpr(c('vurderingdato'))} AS ass_date,
        ${dateExpr(c('tjenestestartdato'))} AS start_date,
        CASE ${c('ventestatus')} WHEN '1' THEN 'waiting' WHEN '2' THEN 'started' WHEN '3' THEN 'left' END AS wait_status,
        CASE ${c('rettighetsvurdering')} WHEN '1' THEN 'entitled' WHEN '2' THEN 'needs_care' WHEN '3' THEN 'not_needed' END AS entitlement,
        CASE ${c('hjemmelinn')} WHEN '1' THEN 'voluntary' WHEN '2' THEN 'observation' WHEN '3' THEN 'compulsory' WHEN '9' THEN 'other' END AS legal_basis,
        ${intExpr(c('tvangsvedtak'))} AS coercion_n`;
}

/** The values appended to a `specialist_episode` row, in the table's column order. */
export const NPR_WAITING_VALUES =
  'ref_date, ass_date, start_date, wait_status, entitlement, legal_basis, coercion_n';

/** Reasons to reject a row for these columns (a value present but not valid, dates out of order). */
export function nprWaitingProblems(ctx: Pick<LoadContext, 'window'>): string[] {
  const dates: Array<[string, string, string]> = [
    ['ref_date', 'henvisningMottattDato', 'referral date'],
    ['ass_date', 'vurderingDato', 'assessment date'],
    ['start_date', 'tjenesteStartDato', 'start-of-care date'],
  ];
  return [
    ...dates.flatMap(([v, col, what]) => [
      problem(
        `${c(col.toLowerCase())} IS NOT NULL AND ${v} IS NULL`,
        col,
        c(col.toLowerCase()),
        `invalid ${what}`,
      ),
      dateWindowProblem(ctx, v, col, c(col.toLowerCase())),
    ]),
    problem(
      `ass_date < ref_date`,
      'vurderingDato',
      c('vurderingdato'),
      'referral assessed before it was received',
    ),
    problem(
      `start_date < ref_date`,
      'tjenesteStartDato',
      c('tjenestestartdato'),
      'care started before the referral was received',
    ),
    unreadable(
      c('ventestatus'),
      'ventestatus',
      'wait_status',
      'invalid waiting status (expected 1, 2 or 3)',
    ),
    unreadable(
      c('rettighetsvurdering'),
      'rettighetsvurdering',
      'entitlement',
      'invalid entitlement (expected 1, 2 or 3)',
    ),
    unreadable(
      c('hjemmelinn'),
      'hjemmelInn',
      'legal_basis',
      'invalid legal basis (expected 1, 2, 3 or 9)',
    ),
    problem(
      `${c('tvangsvedtak')} IS NOT NULL AND (coercion_n IS NULL OR coercion_n < 0)`,
      'tvangsvedtak',
      c('tvangsvedtak'),
      'invalid number of coercion decisions (expected a whole number, 0 or more)',
    ),
  ];
}
