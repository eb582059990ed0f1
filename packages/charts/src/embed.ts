/**
 * Helpers for putting rendered SVGs into the self-contained HTML report (no runtime, no network).
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Options of {@link inlineSvg}. */
export interface InlineSvgOptions {
  /**
   * Prefix for every `id` in the SVG (gradients, clip paths). Required when several figures share
   * one HTML page: each render numbers its defs from 0, so ids would collide. Use the figure id.
   */
  idPrefix: string;
  /** Add native hover tooltips (`<title>` from each mark's formatted aria-label). Default true. */
  tooltips?: boolean;
}

const XML_DECL = /^<\?xml[^>]*>\s*/;

/**
 * Prepare an SVG from `renderSvg` for inlining in HTML: ids made unique with `idPrefix`, and
 * (default) a `<title>` on every data mark so the browser shows its values on hover — Vega's
 * aria-labels already carry the tooltip fields formatted in the figure's locale
 * (`Andel av raden: 8 %; Antall: 1 000`). Pure string transform; no JavaScript needed in the page.
 */
export function inlineSvg(svg: string, opts: InlineSvgOptions): string {
  if (!/^[A-Za-z][\w-]*$/.test(opts.idPrefix)) {
    throw new TypeError(
      `idPrefix must be a valid id start (letters, digits, _ or -): ${opts.idPrefix}`,
    );
  }
  const p = `${opts.idPrefix}-`;
  let out = svg
    .replace(XML_DECL, '')
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${p}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${p}${id})`)
    .replace(
      /\b(xlink:)?href="#([^"]+)"/g,
      (_m, x: string | undefined, id: string) => `${x ?? ''}href="#${p}${id}"`,
    );
  if (opts.tooltips !== false) out = addTitles(out);
  return out;
}

/** Add a `<title>` child to each data mark (role `graphics-symbol`, roledescription `… mark`). */
function addTitles(svg: string): string {
  return svg.replace(
    /<(path|text|line|rect|circle|ellipse|polygon|polyline)\b([^>]*?)(\/?)>/g,
    (m, tag: string, attrs: string, selfClosing: string) => {
      if (!/role="graphics-symbol"/.test(attrs) || !/aria-roledescription="[^"]*mark"/.test(attrs))
        return m;
      const label = /aria-label="([^"]*)"/.exec(attrs)?.[1];
      if (!label) return m;
      const title = `<title>${label}</title>`;
      return selfClosing ? `<${tag}${attrs}>${title}</${tag}>` : `<${tag}${attrs}>${title}`;
    },
  );
}

/**
 * The Vega runtime's browser build (`vega/build/vega.min.js`, about 510 KB) as a string, ready to
 * go inside a `<script>` element of a self-contained page (`</script` is escaped). Only needed for
 * the optional interactive mode of the report; inline SVG needs no script. The file is found via
 * the package root, because vega's `exports` map does not expose `build/`.
 */
export function vegaRuntimeScript(): string {
  return packageFile('vega', 'build/vega.min.js');
}

/**
 * The browser build of `vega-embed` (about 60 KB: embedding, the tooltip handler and the
 * CSP-safe expression interpreter used with `ast: true`), ready for a `<script>` element. It
 * needs the Vega runtime ({@link vegaRuntimeScript}) before it; Vega-Lite is not needed when the
 * specs are compiled to Vega beforehand.
 */
export function vegaEmbedScript(): string {
  return packageFile('vega-embed', 'build/vega-embed.min.js');
}

const files = new Map<string, string>();

/** A file of an installed package, escaped for a `<script>` element (read once). */
function packageFile(name: string, file: string): string {
  const k = `${name}/${file}`;
  let text = files.get(k);
  if (text === undefined) {
    const require = createRequire(import.meta.url);
    let dir = dirname(require.resolve(name));
    while (
      !existsSync(join(dir, 'package.json')) ||
      !isPackageRoot(join(dir, 'package.json'), name)
    ) {
      const up = dirname(dir);
      if (up === dir) throw new Error(`cannot find the ${name} package root`);
      dir = up;
    }
    text = escapeScript(readFileSync(join(dir, file), 'utf8'));
    files.set(k, text);
  }
  return text;
}

function isPackageRoot(pkgJson: string, name: string): boolean {
  try {
    return (JSON.parse(readFileSync(pkgJson, 'utf8')) as { name?: string }).name === name;
  } catch {
    return false;
  }
}

/**
 * Make text safe inside an HTML `<script>` element (JSON specs, inlined libraries): escapes
 * `</script` and `<!--` so the HTML parser cannot end the element early.
 */
export function escapeScript(text: string): string {
  return text.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}
