/**
 * Headless rendering: Vega-Lite spec → Vega spec → SVG string (Vega `View`, renderer `none`,
 * `toSVG()`), SVG → PNG (resvg with the bundled font only), and the spec as JSON.
 *
 * Determinism: text widths come from the bundled TTF files ({@link measureText}), not from a
 * canvas or system fonts; Vega's random source is seeded; SVG gradient/clip ids are reset before
 * each render; renders run one at a time. The same spec gives byte-identical SVG and PNG on every
 * machine. Rendering never reads files or the network: data must be inline (`data.values`).
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { fontFiles, measureText } from './font.js';
import { FONT_FAMILY } from './theme.js';

/** Options of {@link renderSvg}. */
export interface RenderSvgOptions {
  /** Seed of Vega's random source (default 20240101). No felles figure uses randomness today. */
  seed?: number;
}

/** Options of {@link renderPng}. */
export interface RenderPngOptions extends RenderSvgOptions {
  /** Zoom factor (default 2 → sharp on print and high-DPI screens). */
  scale?: number;
  /** Background colour (default white). */
  background?: string;
}

/** Everything a figure is exported as. */
export interface RenderedFigure {
  /** The Vega-Lite spec as pretty JSON. */
  json: string;
  svg: string;
  png: Buffer;
}

const DEFAULT_SEED = 20240101;

type TextItem = { fontSize?: number; fontWeight?: unknown; fontStyle?: unknown };

let installed = false;

/**
 * Make Vega measure text with the bundled font's advance widths (process-wide: this replaces
 * `vega.textMetrics.width`). Called by the render functions; idempotent.
 */
export function installTextMetrics(): void {
  if (installed) return;
  const tm = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } })
    .textMetrics;
  tm.width = (item: TextItem, text: unknown): number => {
    const s = text == null ? '' : String(text).trim();
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    return s && size > 0 ? measureText(s, size, item.fontWeight, item.fontStyle) : 0;
  };
  installed = true;
}

/** Compile a Vega-Lite spec to a Vega spec (pure). */
export function toVegaSpec(spec: TopLevelSpec): vega.Spec {
  return compile(spec).spec as vega.Spec;
}

/** The spec as stable, pretty JSON (2-space indent, trailing newline). */
export function specToJson(spec: TopLevelSpec): string {
  return JSON.stringify(spec, null, 2) + '\n';
}

function denyLoader(): vega.Loader {
  const deny = (what: unknown): Promise<never> =>
    Promise.reject(new Error(`felles charts render offline: refusing to load ${String(what)}`));
  const base = vega.loader();
  return Object.assign(base, {
    load: deny,
    sanitize: deny,
    http: deny,
    file: deny,
  }) as vega.Loader;
}

let queue: Promise<unknown> = Promise.resolve();

/** Run renders one at a time (Vega's SVG def ids and random source are module-global). */
function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

/** Render a Vega-Lite spec to an SVG string, headless and deterministic. */
export function renderSvg(spec: TopLevelSpec, opts: RenderSvgOptions = {}): Promise<string> {
  return serial(async () => {
    installTextMetrics();
    const rnd = vega as unknown as { setRandom(f: () => number): void; randomLCG(seed: number): () => number };
    rnd.setRandom(rnd.randomLCG(opts.seed ?? DEFAULT_SEED));
    vega.resetSVGDefIds();
    const view = new vega.View(vega.parse(toVegaSpec(spec)), {
      renderer: 'none',
      loader: denyLoader(),
      logLevel: vega.Error,
    });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  });
}

/** Rasterise an SVG string to PNG with resvg, using only the bundled font files. */
export function svgToPng(svg: string, opts: Pick<RenderPngOptions, 'scale' | 'background'> = {}): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: opts.scale ?? 2 },
    background: opts.background ?? '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: fontFiles(),
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
    shapeRendering: 2,
    textRendering: 1,
    imageRendering: 0,
  });
  return resvg.render().asPng();
}

/** Render a Vega-Lite spec (or an SVG string from {@link renderSvg}) to PNG. */
export async function renderPng(input: TopLevelSpec | string, opts: RenderPngOptions = {}): Promise<Buffer> {
  const svg = typeof input === 'string' ? input : await renderSvg(input, opts);
  return svgToPng(svg, opts);
}

/** Render a figure in all three export forms (JSON spec, SVG, PNG). */
export async function renderFigure(spec: TopLevelSpec, opts: RenderPngOptions = {}): Promise<RenderedFigure> {
  const svg = await renderSvg(spec, opts);
  return { json: specToJson(spec), svg, png: svgToPng(svg, opts) };
}
