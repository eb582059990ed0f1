/**
 * Minimal typings for the part of `d3-format` (https://github.com/d3/d3-format, ISC) that felles
 * uses. The package ships no types of its own.
 */
declare module 'd3-format' {
  /** A locale definition as d3-format takes it. */
  interface FormatLocaleDefinition {
    decimal: string;
    thousands: string;
    grouping: number[];
    currency: [string, string];
    percent?: string;
    minus?: string;
  }
  /** A number locale: `format(specifier)` gives a formatter. */
  interface FormatLocaleObject {
    format(specifier: string): (n: number) => string;
  }
  export function formatLocale(definition: FormatLocaleDefinition): FormatLocaleObject;
}
