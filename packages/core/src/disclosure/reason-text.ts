/**
 * Why a row's figures are hidden, in the language of what is written (a report, its CSV and
 * XLSX files): one sentence per flag. The full technical reason (which count, which relation)
 * stays in the disclosed table's reason column for the workspace and the audit.
 */
import { text, type Lang, type TextKey } from '@felles/text';

/**
 * The reason text of a row flagged `primary`, `secondary` or `derived`, in `lang` (a primary
 * names the threshold when it is given); '' for a row shown (`none`) or an unknown flag.
 */
export function suppressionReasonText(flag: string, lang: Lang, threshold?: number): string {
  if (flag === 'primary')
    return threshold === undefined
      ? text(lang, 'reason.small')
      : text(lang, 'reason.primary', { threshold });
  if (flag === 'secondary' || flag === 'derived') return text(lang, `reason.${flag}` as TextKey);
  return '';
}
