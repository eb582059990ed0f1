/**
 * The words a figure prints, looked up in the language catalogue (`@felles/text`, keys
 * `chart.*`). Builders call `t(lang, key)`; callers can override per figure through the
 * builder's `title` etc.
 */
import { CATALOGUE, text, type TextKey, type TextParams } from '@felles/text';
import type { Lang, SuppressionFlag } from './types.js';

type ChartKey<K> = K extends `chart.${infer R}` ? R : never;

/** A key of the figures' part of the catalogue (`chart.<key>`). */
export type LabelKey = ChartKey<TextKey>;

/** The figures' words in both languages, by key without the `chart.` prefix. */
export const LABELS: Record<Lang, Record<LabelKey, string>> = (() => {
  const out = { nb: {}, en: {} } as Record<Lang, Record<string, string>>;
  for (const [k, v] of Object.entries(CATALOGUE)) {
    if (!k.startsWith('chart.')) continue;
    out.nb[k.slice(6)] = v.nb;
    out.en[k.slice(6)] = v.en;
  }
  return out as Record<Lang, Record<LabelKey, string>>;
})();

/** Look a label up: `t('nb', 'suppressed')` → `skjult`. */
export function t(lang: Lang, key: LabelKey, params?: TextParams): string {
  return text(lang, `chart.${key}` as TextKey, params);
}

/** Human label for a suppression flag (`primary` → `skjult (lite antall)`). */
export function suppressionLabel(lang: Lang, flag: SuppressionFlag): string {
  switch (flag) {
    case 'primary':
      return t(lang, 'suppressedPrimary');
    case 'secondary':
      return t(lang, 'suppressedSecondary');
    case 'derived':
      return t(lang, 'suppressedDerived');
    default:
      return '';
  }
}
