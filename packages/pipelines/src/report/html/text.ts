/**
 * The report's own words, looked up in the language catalogue (`@felles/text`, keys
 * `report.*`); figure words are the charts' `t`.
 */
import { text, type Lang, type TextKey as CatalogueKey, type TextParams } from '@felles/text';

type ReportKey<K> = K extends `report.${infer R}` ? R : never;

/** A key of the report's part of the catalogue (`report.<key>`). */
export type TextKey = ReportKey<CatalogueKey>;

/** A report text in the language: `rt('nb', 'summary')` → `Sammendrag`. */
export function rt(lang: Lang, key: TextKey, params?: TextParams): string {
  return text(lang, `report.${key}` as CatalogueKey, params);
}

/** The four priority groups (core's cohort `priorityGroup` values), in the report's order. */
export const PRIORITY_GROUPS = [
  'multimorbidity',
  'frail-elderly',
  'mental-substance',
  'children',
] as const;

/** Name of a priority group in the language. */
export function groupName(lang: Lang, key: string): string {
  return text(lang, `group.${key}` as CatalogueKey);
}

/**
 * A standard population's name in the language, from its id or label (`norway-2024` or
 * `Norway 2024`, `esp2013` or `ESP 2013`, `workspace-2025` or `workspace population 2025`); any
 * other name (a user's own) as it is.
 */
export function standardName(lang: Lang, s: string): string {
  const year = /(\d{4})/.exec(s)?.[1];
  if (!year) return s;
  if (/^norway[- ]\d{4}$/i.test(s)) return rt(lang, 'standardNorway', { year });
  if (/^esp[- ]?\d{4}$/i.test(s)) return rt(lang, 'standardEsp', { year });
  if (/^workspace[- ](population )?\d{4}$/i.test(s)) return rt(lang, 'standardWorkspace', { year });
  return s;
}
