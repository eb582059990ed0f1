/**
 * @felles/text — the language catalogue: every word a user reads in a report, a figure, an
 * exported workbook or the report command's output, in Norwegian bokmål and English. One key,
 * both languages: the type of every entry requires `nb` and `en`, so a missing translation does
 * not compile, and a test checks that no entry is empty, that both carry the same placeholders,
 * and that every built-in definition has its title and description in both languages.
 *
 * Placeholders are `{name}` and are filled by {@link text}: `text('nb', 'report.populationIn',
 * { area: 'Telemark' })`. The package imports nothing, so every other package may use it.
 */
import { CATALOGUE, type TextKey } from './catalogue/index.js';

export { CATALOGUE, CATALOGUE_PARTS, type TextKey } from './catalogue/index.js';
export type { CatalogueEntry, CataloguePart } from './catalogue/entry.js';

/** Language of what a user reads: Norwegian bokmål (`nb`, the default) or English (`en`). */
export type Lang = 'nb' | 'en';

/** Both languages, in the order they are checked. */
export const LANGS: readonly Lang[] = ['nb', 'en'];

/** One entry of the catalogue, or a text of a definition: the same words in both languages. */
export interface Entry {
  readonly nb: string;
  readonly en: string;
}

/**
 * A text of a definition (title, description, label): both languages, or — in a definition a
 * user wrote for the workspace — one string used for both.
 */
export type LocalText = string | Entry;

/** Values that fill `{name}` placeholders. */
export type TextParams = Readonly<Record<string, string | number>>;

/** True when `key` is a key of the catalogue. */
export function hasText(key: string): key is TextKey {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, key);
}

/**
 * The catalogue's text for `key` in `lang`, with `{name}` placeholders filled from `params`.
 *
 * @throws Error when a placeholder has no value (a programming error, caught by the tests).
 */
export function text(lang: Lang, key: TextKey, params?: TextParams): string {
  return fill(CATALOGUE[key][lang], params, key);
}

/**
 * The text for `key` when it is a catalogue key, else `fallback` (for codes whose text may be
 * missing, e.g. a unit of a service line a user defined).
 */
export function textOr(lang: Lang, key: string, fallback: string, params?: TextParams): string {
  return hasText(key) ? text(lang, key, params) : fallback;
}

/** A definition's text in `lang` (a plain string is the same in both languages). */
export function localText(value: LocalText | undefined | null, lang: Lang): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : value[lang];
}

/** True when a definition's text carries both languages, each non-empty. */
export function isBilingual(value: unknown): value is Entry {
  if (!value || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v['nb'] === 'string' &&
    typeof v['en'] === 'string' &&
    v['nb'].trim() !== '' &&
    v['en'].trim() !== ''
  );
}

/** Names of the `{name}` placeholders in a text, sorted. */
export function placeholders(s: string): string[] {
  return [...new Set([...s.matchAll(/\{([A-Za-z][A-Za-z0-9]*)\}/g)].map((m) => m[1]!))].sort();
}

function fill(s: string, params: TextParams | undefined, key: string): string {
  if (!s.includes('{')) return s;
  return s.replace(/\{([A-Za-z][A-Za-z0-9]*)\}/g, (_m, name: string) => {
    const v = params?.[name];
    if (v === undefined) throw new Error(`text ${key}: no value for {${name}}`);
    return String(v);
  });
}
