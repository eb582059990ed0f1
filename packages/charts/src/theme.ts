/**
 * The felles theme: one Vega-Lite `config` for every figure (font, palette, sizes, locale).
 *
 * Palette: Okabe & Ito (2008), "Color Universal Design", the 8-colour set that stays
 * distinguishable for protanopia, deuteranopia and tritanopia. Sequential fills use Vega's
 * single-hue `blues` scheme (monotone lightness, readable in greyscale).
 */
import type { Config } from 'vega-lite';
import { vegaLocale } from './locale.js';
import type { Lang } from './types.js';

/** The bundled font's family name (Source Sans 3, SIL OFL 1.1). */
export const FONT_FAMILY = 'Source Sans 3';

/** CSS font stack put in the specs: the bundled font first, generic fallback for browsers. */
export const FONT_STACK = `"${FONT_FAMILY}", "Source Sans Pro", Arial, sans-serif`;

/** Okabe–Ito colours by name. */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

/** Categorical order used for series (yellow last: weak on white). */
export const CATEGORY_PALETTE: string[] = [
  OKABE_ITO.blue,
  OKABE_ITO.orange,
  OKABE_ITO.bluishGreen,
  OKABE_ITO.vermillion,
  OKABE_ITO.reddishPurple,
  OKABE_ITO.skyBlue,
  OKABE_ITO.black,
  OKABE_ITO.yellow,
];

/** Colours with a fixed meaning across all figures. */
export const ROLE_COLORS = {
  /** The reader's own helsefellesskap. */
  own: OKABE_ITO.vermillion,
  /** The other communities / neutral bars. */
  other: '#9DB7D5',
  /** Men / first of a pair. */
  men: OKABE_ITO.blue,
  /** Women / second of a pair. */
  women: OKABE_ITO.orange,
  /** National reference lines. */
  reference: '#222222',
  /** Targets. */
  target: OKABE_ITO.bluishGreen,
  /** Increase in a waterfall. */
  increase: OKABE_ITO.vermillion,
  /** Decrease in a waterfall. */
  decrease: OKABE_ITO.blue,
  /** Totals / neutral. */
  total: '#5A5A5A',
  /** Suppressed / missing cells. */
  suppressed: '#8C8C8C',
  /** Light fill behind suppressed cells. */
  suppressedFill: '#E6E6E6',
  /** Caption text. */
  caption: '#555555',
  /** Uncertainty ribbons/bands. */
  band: OKABE_ITO.skyBlue,
  bandStrong: OKABE_ITO.blue,
} as const;

/** Font sizes (px). */
export const SIZES = {
  title: 15,
  subtitle: 12,
  axisLabel: 11,
  axisTitle: 12,
  legend: 11,
  caption: 9.5,
  markLabel: 10.5,
} as const;

/** The Vega-Lite config shared by all figures for a language. */
export function themeConfig(lang: Lang): Config {
  return {
    locale: vegaLocale(lang) as Config['locale'],
    font: FONT_STACK,
    background: '#ffffff',
    padding: 8,
    view: { stroke: null, continuousWidth: 480, continuousHeight: 300 },
    range: { category: CATEGORY_PALETTE },
    title: {
      font: FONT_STACK,
      fontSize: SIZES.title,
      fontWeight: 700,
      subtitleFont: FONT_STACK,
      subtitleFontSize: SIZES.subtitle,
      subtitleColor: '#333333',
      anchor: 'start',
      offset: 10,
      color: '#111111',
    },
    axis: {
      labelFont: FONT_STACK,
      titleFont: FONT_STACK,
      labelFontSize: SIZES.axisLabel,
      titleFontSize: SIZES.axisTitle,
      titleFontWeight: 600,
      labelColor: '#333333',
      titleColor: '#222222',
      gridColor: '#E4E4E4',
      domainColor: '#888888',
      tickColor: '#888888',
    },
    legend: {
      labelFont: FONT_STACK,
      titleFont: FONT_STACK,
      labelFontSize: SIZES.legend,
      titleFontSize: SIZES.legend,
      titleFontWeight: 600,
      orient: 'bottom',
      direction: 'horizontal',
      symbolStrokeWidth: 2,
    },
    header: { labelFont: FONT_STACK, titleFont: FONT_STACK, labelFontSize: 12, titleFontSize: 12 },
    text: { font: FONT_STACK, fontSize: SIZES.markLabel },
    mark: { font: FONT_STACK },
    line: { strokeWidth: 2 },
    point: { filled: true, size: 40 },
    bar: { discreteBandSize: { band: 0.8 } },
    concat: { spacing: 12 },
  };
}
