/**
 * Number and time locales (d3-format / d3-time-format definitions) for Vega, and a JS-side
 * formatter that gives the same strings as the figure.
 *
 * Norwegian (Språkrådet): space as thousands separator, decimal comma, a space before `%`.
 * The space is a no-break space (U+00A0) so that a number never wraps inside a label.
 */
import { formatLocale } from 'd3-format';
import type { Lang } from './types.js';

/** No-break space used as the thousands separator and before `%` in Norwegian. */
export const NBSP = '\u00a0';

/** d3-format number locale definition. */
export interface NumberLocale {
  decimal: string;
  thousands: string;
  grouping: number[];
  currency: [string, string];
  percent?: string;
  minus?: string;
}

/** d3-time-format locale definition. */
export interface TimeLocale {
  dateTime: string;
  date: string;
  time: string;
  periods: [string, string];
  days: string[];
  shortDays: string[];
  months: string[];
  shortMonths: string[];
}

/** Norwegian bokmål number locale: `12 345,6`, `15 %`, `−3,2`, `kr 1 000`. */
export const NB_NUMBER_LOCALE: NumberLocale = {
  decimal: ',',
  thousands: NBSP,
  grouping: [3],
  currency: ['kr' + NBSP, ''],
  percent: NBSP + '%',
  minus: '\u2212',
};

/** English number locale: `12,345.6`, `15%`. */
export const EN_NUMBER_LOCALE: NumberLocale = {
  decimal: '.',
  thousands: ',',
  grouping: [3],
  currency: ['NOK ', ''],
  minus: '\u2212',
};

/** Norwegian bokmål time locale (d3's nb-NO). */
export const NB_TIME_LOCALE: TimeLocale = {
  dateTime: '%A %e. %B %Y kl. %X',
  date: '%d.%m.%Y',
  time: '%H:%M:%S',
  periods: ['AM', 'PM'],
  days: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
  shortDays: ['søn.', 'man.', 'tir.', 'ons.', 'tor.', 'fre.', 'lør.'],
  months: [
    'januar',
    'februar',
    'mars',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'desember',
  ],
  shortMonths: [
    'jan.',
    'feb.',
    'mars',
    'apr.',
    'mai',
    'juni',
    'juli',
    'aug.',
    'sep.',
    'okt.',
    'nov.',
    'des.',
  ],
};

/** English time locale (d3's en-GB). */
export const EN_TIME_LOCALE: TimeLocale = {
  dateTime: '%a %e %b %X %Y',
  date: '%d/%m/%Y',
  time: '%H:%M:%S',
  periods: ['AM', 'PM'],
  days: ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'],
  shortDays: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'],
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
};

/** The Vega `config.locale` object for a language (goes into every spec). */
export function vegaLocale(lang: Lang): { number: NumberLocale; time: TimeLocale } {
  return lang === 'en'
    ? { number: EN_NUMBER_LOCALE, time: EN_TIME_LOCALE }
    : { number: NB_NUMBER_LOCALE, time: NB_TIME_LOCALE };
}

type Formatter = (value: number) => string;
const cache = new Map<string, Formatter>();

/**
 * Format a number with a d3-format specifier in the given language, exactly as the figure
 * does: `formatNumber(12345.6, ',.1f')` → `12 345,6` (nb, with no-break spaces) or `12,345.6`
 * (en). NULL/NaN gives an empty string — callers show "skjult"/"mangler" instead.
 */
export function formatNumber(
  value: number | null | undefined,
  specifier = ',',
  lang: Lang = 'nb',
): string {
  if (value == null || Number.isNaN(value)) return '';
  const key = `${lang}|${specifier}`;
  let f = cache.get(key);
  if (!f) {
    // d3-format is what Vega formats numbers with (vega-format wraps it), so the strings agree.
    f = formatLocale(vegaLocale(lang).number).format(specifier);
    cache.set(key, f);
  }
  return f(value);
}
