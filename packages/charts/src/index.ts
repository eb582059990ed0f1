/**
 * @felles/charts — Vega-Lite spec builders (pure: tidy rows → spec), the felles theme and
 * Norwegian/English locale, and deterministic headless rendering to SVG and PNG.
 */
export * from './types.js';
export * from './builders/index.js';
export { captionText, wrapText, figureMetaFromManifest, type ManifestLike } from './caption.js';
export {
  inlineSvg,
  specFieldNames,
  vegaRuntimeScript,
  vegaEmbedScript,
  escapeScript,
  type InlineSvgOptions,
} from './embed.js';
export {
  formatNumber,
  vegaLocale,
  NBSP,
  NB_NUMBER_LOCALE,
  EN_NUMBER_LOCALE,
  NB_TIME_LOCALE,
  EN_TIME_LOCALE,
} from './locale.js';
export type { NumberLocale, TimeLocale } from './locale.js';
export { LABELS, t, suppressionLabel, type LabelKey } from './labels.js';
export {
  themeConfig,
  FONT_FAMILY,
  FONT_STACK,
  OKABE_ITO,
  CATEGORY_PALETTE,
  ROLE_COLORS,
  SIZES,
} from './theme.js';
export {
  splitHidden,
  hatchFill,
  flagOf,
  type Split,
  type HiddenFields,
  type ValueRole,
} from './suppression.js';
export {
  fontFaces,
  fontFiles,
  fontFaceCss,
  measureText,
  parseFontMetrics,
  type FontFace,
  type FontMetrics,
} from './font.js';
export {
  renderSvg,
  renderPng,
  svgToPng,
  renderFigure,
  specToJson,
  toVegaSpec,
  prepareVega,
  type RenderSvgOptions,
  type RenderPngOptions,
  type RenderedFigure,
} from './render.js';

/** Package name (kept for the CLI's version banner). */
export const CHARTS_PACKAGE = '@felles/charts';
