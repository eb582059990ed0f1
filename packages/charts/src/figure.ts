/**
 * Finishing a builder's body into a top-level spec: theme config, title, caption line,
 * accessibility description and `usermeta.felles` for the report assembler.
 */
import { captionText, wrapText } from './caption.js';
import { FONT_STACK, ROLE_COLORS, SIZES, themeConfig } from './theme.js';
import type { BaseChartOptions, ChartSpec, FigureUsermeta, Lang } from './types.js';

/** What a builder hands to {@link finishFigure}. */
export interface FigureParts {
  kind: string;
  opts: BaseChartOptions;
  /** The chart itself (unit, layer or concat spec, no config/title). */
  body: Record<string, unknown>;
  /** Title when `opts.title` is absent. */
  defaultTitle: string;
  /** Overall width of the figure in px, used to wrap the caption. */
  figureWidth: number;
  suppressedCells: number;
  missingCells: number;
  /** Alternative text (also `description` → SVG aria-label). */
  description: string;
  /**
   * A Vega expression for the title text (an interactive figure whose title follows a
   * parameter); the static title is then `usermeta.felles.title`.
   */
  titleExpr?: string;
}

/** The language of an options object (default `nb`). */
export function langOf(opts: { lang?: Lang }): Lang {
  return opts.lang ?? 'nb';
}

/** Assemble the top-level spec. Pure: same input, same JSON. */
export function finishFigure(p: FigureParts): ChartSpec {
  const lang = langOf(p.opts);
  const title = p.opts.title ?? p.defaultTitle;
  const caption = captionText(p.opts.meta, lang);
  const usermeta: FigureUsermeta = {
    kind: p.kind,
    lang,
    title,
    caption,
    meta: p.opts.meta,
    suppressedCells: p.suppressedCells,
    missingCells: p.missingCells,
  };
  const titleSpec: Record<string, unknown> = { text: p.titleExpr ? { expr: p.titleExpr } : title };
  if (p.opts.subtitle) titleSpec.subtitle = p.opts.subtitle;
  const inner = { ...p.body, title: titleSpec };
  const base = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    description: p.description,
    config: themeConfig(lang),
    usermeta: { felles: usermeta },
  };
  if (p.opts.captionInFigure === false) {
    return { ...base, ...inner } as unknown as ChartSpec;
  }
  // ~0.47 em average advance in Source Sans 3 → characters per line at the caption size.
  const maxChars = Math.max(40, Math.floor(p.figureWidth / (SIZES.caption * 0.5)));
  const spec = {
    ...base,
    vconcat: [inner],
    title: {
      text: wrapText(caption, maxChars),
      orient: 'bottom',
      anchor: 'start',
      font: FONT_STACK,
      fontSize: SIZES.caption,
      fontWeight: 400,
      color: ROLE_COLORS.caption,
      offset: 12,
      lineHeight: SIZES.caption + 3,
    },
  };
  return spec as unknown as ChartSpec;
}
