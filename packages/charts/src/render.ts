/**
 * Headless rendering: Vega-Lite spec → Vega spec → SVG string (Vega `View`, renderer `none`,
 * `toSVG()`), SVG → PNG (resvg with the bundled font only), and the spec as JSON.
 *
 * Determinism: text widths come from the bundled TTF files ({@link measureText}), not from a
 * canvas or system fonts; Vega's random source is seeded; SVG gradient/clip ids are reset before
 * each render; renders run one at a time. The same spec gives byte-identical SVG and PNG on every
 * machine. Rendering never reads files or the network: data must be inline (`data.values`).
 */
import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { Resvg as ResvgClass } from '@resvg/resvg-js';
import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
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

type VegaModule = typeof import('vega');
type VegaLiteModule = typeof import('vega-lite');
let vegaModules: Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> | undefined;

/**
 * Vega and Vega-Lite, imported on the first render rather than when the package is imported:
 * a command that draws no figure never loads them.
 */
function loadVega(): Promise<{ vega: VegaModule; vegaLite: VegaLiteModule }> {
  vegaModules ??= Promise.all([import('vega'), import('vega-lite')]).then(([v, vl]) => ({
    vega: v,
    vegaLite: vl,
  }));
  return vegaModules;
}

let resvgClass: typeof ResvgClass | undefined;

/** resvg (a native module), loaded on the first PNG. */
function resvg(): typeof ResvgClass {
  resvgClass ??= (createRequire(import.meta.url)('@resvg/resvg-js') as { Resvg: typeof ResvgClass })
    .Resvg;
  return resvgClass;
}
type TextItem = { fontSize?: number; fontWeight?: unknown; fontStyle?: unknown };

/** The parts of a `vega-scenegraph` module instance that rendering adjusts. */
interface SceneGraphModule {
  textMetrics: { width: (item: TextItem, text: unknown) => number };
  resetSVGDefIds(): void;
}

/** Packages of the vega family that import `vega-scenegraph` (layout, encoding, rendering). */
const SCENEGRAPH_USERS = [
  'vega-view',
  'vega-view-transforms',
  'vega-functions',
  'vega-label',
  'vega-encode',
  'vega-parser',
];

let sceneGraphs: Promise<SceneGraphModule[]> | undefined;

/**
 * Every `vega-scenegraph` module instance in use. `vega` 6.2 pins `vega-scenegraph ~5.1` while
 * `vega-view` 6.1 asks for `^5.2`, so a normal install has two copies: the renderer's gradient/
 * clip id counters and text metrics live in one, the layout's text metrics in the other. Both
 * must be reset and given the bundled-font metrics, or output depends on render order.
 */
function scenegraphInstances(): Promise<SceneGraphModule[]> {
  sceneGraphs ??= (async () => {
    const req = createRequire(import.meta.url);
    const vegaReq = createRequire(req.resolve('vega'));
    const files = new Set<string>();
    const add = (r: NodeJS.Require) => {
      try {
        files.add(realpathSync(r.resolve('vega-scenegraph')));
      } catch {
        /* not a dependency of this package */
      }
    };
    add(vegaReq);
    for (const name of SCENEGRAPH_USERS) {
      try {
        add(createRequire(vegaReq.resolve(name)));
      } catch {
        /* package absent in this vega version */
      }
    }
    const mods: SceneGraphModule[] = [];
    for (const f of [...files].sort())
      mods.push((await import(pathToFileURL(f).href)) as SceneGraphModule);
    mods.push((await loadVega()).vega as unknown as SceneGraphModule);
    return [...new Set(mods)];
  })();
  return sceneGraphs;
}

/** Width of a Vega text item's string in the bundled font. */
function bundledWidth(item: TextItem, text: unknown): number {
  const s = text == null ? '' : String(text).trim();
  const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
  return s && size > 0 ? measureText(s, size, item.fontWeight, item.fontStyle) : 0;
}

/**
 * Make Vega measure text with the bundled font's advance widths (process-wide: this replaces
 * `textMetrics.width` in every `vega-scenegraph` instance) and reset the SVG def id counters.
 * Called by the render functions before each render.
 */
export async function prepareVega(): Promise<void> {
  for (const sg of await scenegraphInstances()) {
    sg.textMetrics.width = bundledWidth;
    sg.resetSVGDefIds();
  }
}

/** Compile a Vega-Lite spec to a Vega spec (pure; Vega-Lite is loaded on first use). */
export async function toVegaSpec(spec: TopLevelSpec): Promise<vega.Spec> {
  const { vegaLite } = await loadVega();
  return vegaLite.compile(spec).spec as vega.Spec;
}

/** The spec as stable, pretty JSON (2-space indent, trailing newline). */
export function specToJson(spec: TopLevelSpec): string {
  return JSON.stringify(spec, null, 2) + '\n';
}

function denyLoader(v: VegaModule): vega.Loader {
  const deny = (what: unknown): Promise<never> =>
    Promise.reject(new Error(`felles charts render offline: refusing to load ${String(what)}`));
  const base = v.loader();
  return Object.assign(base, {
    load: deny,
    sanitize: deny,
    http: deny,
    file: deny,
  }) as vega.Loader;
}

/** Throw if any data set (at any nesting level) is loaded from a URL: figures are offline. */
function assertInlineData(spec: unknown): void {
  const visit = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    const n = node as { data?: unknown; marks?: unknown };
    if (Array.isArray(n.data)) {
      for (const d of n.data as Array<{ name?: string; url?: unknown }>) {
        if (d && d.url != null) {
          throw new Error(
            `felles charts render offline: data set ${d.name ?? '?'} has a url; pass rows inline`,
          );
        }
      }
    }
    if (Array.isArray(n.marks)) for (const m of n.marks) visit(m);
  };
  visit(spec);
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
    await prepareVega();
    const { vega: v } = await loadVega();
    const rnd = v as unknown as {
      setRandom(f: () => number): void;
      randomLCG(seed: number): () => number;
    };
    rnd.setRandom(rnd.randomLCG(opts.seed ?? DEFAULT_SEED));
    const vgSpec = await toVegaSpec(spec);
    assertInlineData(vgSpec);
    const view = new v.View(v.parse(vgSpec), {
      renderer: 'none',
      loader: denyLoader(v),
      logLevel: v.Error,
    });
    try {
      return await view.toSVG();
    } finally {
      view.finalize();
    }
  });
}

/** Rasterise an SVG string to PNG with resvg, using only the bundled font files. */
export function svgToPng(
  svg: string,
  opts: Pick<RenderPngOptions, 'scale' | 'background'> = {},
): Buffer {
  const Resvg = resvg();
  const png = new Resvg(svg, {
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
  return png.render().asPng();
}

/** Render a Vega-Lite spec (or an SVG string from {@link renderSvg}) to PNG. */
export async function renderPng(
  input: TopLevelSpec | string,
  opts: RenderPngOptions = {},
): Promise<Buffer> {
  const svg = typeof input === 'string' ? input : await renderSvg(input, opts);
  return svgToPng(svg, opts);
}

/** Render a figure in all three export forms (JSON spec, SVG, PNG). */
export async function renderFigure(
  spec: TopLevelSpec,
  opts: RenderPngOptions = {},
): Promise<RenderedFigure> {
  const svg = await renderSvg(spec, opts);
  return { json: specToJson(spec), svg, png: svgToPng(svg, opts) };
}
