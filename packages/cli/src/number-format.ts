/**
 * Numbers in printed tables, as the reader's language writes them: bokmål with a space between
 * thousands and a decimal comma (`12 345,6`, `−3,2`, `15,0 %`; Språkrådet), English with a comma
 * between thousands and a decimal point. A hidden or missing figure prints as `:`.
 */
import { textOr } from '@felles/text';

/** Language of a printed table. */
export type PrintLang = 'nb' | 'en';

const formats = new Map<string, Intl.NumberFormat>();

function format(lang: PrintLang, digits: number): Intl.NumberFormat {
  const key = `${lang}|${digits}`;
  let f = formats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === 'nb' ? 'nb-NO' : 'en-GB', {
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
      useGrouping: true,
    });
    formats.set(key, f);
  }
  return f;
}

/** A number with `digits` decimals in the language's notation; `:` when hidden or missing. */
export function fmtNumber(v: unknown, digits: number, lang: PrintLang): string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return ':';
  // −0 after rounding prints as 0
  const r = Math.round(v * 10 ** digits) / 10 ** digits;
  return format(lang, digits).format(r === 0 ? 0 : r);
}

/** A share (0.153) as a percentage with `digits` decimals and a space before `%`: `15,3 %`. */
export function fmtShare(v: unknown, digits: number, lang: PrintLang): string {
  return typeof v === 'number' && Number.isFinite(v)
    ? `${fmtNumber(100 * v, digits, lang)} %`
    : ':';
}

/** A percentage already ×100 (12.3) with a space before `%`. */
export function fmtPercent(v: unknown, digits: number, lang: PrintLang): string {
  return typeof v === 'number' && Number.isFinite(v) ? `${fmtNumber(v, digits, lang)} %` : ':';
}

/** The name of a service line's unit in the language (`bed days` → `liggedøgn`). */
export function unitName(unit: string, lang: PrintLang): string {
  return textOr(lang, `unit.${unit}`, unit);
}
