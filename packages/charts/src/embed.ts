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
  /**
   * Field names of the figure's spec ({@link specFieldNames}). Vega labels a channel that has no
   * title with its field name (`lower: 0,49; area: Oslo; …`); those parts are dropped from the
   * marks' labels and tooltips, so that a reader sees only the titled values, in the figure's
   * language.
   */
  fields?: readonly string[];
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
  const out = svg
    .replace(XML_DECL, '')
    .replace(/\bid="([^"]+)"/g, (_m, id: string) => `id="${p}${id}"`)
    .replace(/url\(#([^)]+)\)/g, (_m, id: string) => `url(#${p}${id})`)
    .replace(
      /\b(xlink:)?href="#([^"]+)"/g,
      (_m, x: string | undefined, id: string) => `${x ?? ''}href="#${p}${id}"`,
    );
  return labelMarks(out, new Set(opts.fields ?? []), opts.tooltips !== false);
}

/** Roles of guides: Vega describes them in English ("X-axis titled …", "Title text …"). */
const GUIDE_ROLES = /^(axis|legend|title|subtitle)$/;

/**
 * The ARIA attributes of an SVG from Vega, in the figure's language only: each data item's label
 * without the parts named by an untitled field (`fields`) and, with `tooltips`, as a `<title>`
 * child instead of an attribute (the browser shows it on hover, a screen reader reads it); the
 * guides' generated English descriptions and every
 * `aria-roledescription` ("bar", "axis", "rect mark container") removed — the guides' own texts
 * (titles, axis labels, legends) are text elements of the SVG and stay.
 */
function labelMarks(svg: string, fields: ReadonlySet<string>, tooltips: boolean): string {
  return svg.replace(
    /<([a-z]+)\b([^>]*?\baria-roledescription="([^"]*)"[^>]*?)(\/?)>/g,
    (_m, tag: string, attrs0: string, role: string, selfClosing: string) => {
      let attrs = attrs0.replace(/\s+aria-roledescription="[^"]*"/, '');
      const label = /\saria-label="([^"]*)"/.exec(attrs)?.[1];
      if (label === undefined) return `<${tag}${attrs}${selfClosing}>`;
      const kept =
        GUIDE_ROLES.test(role) || role.endsWith(' container') ? '' : cleanLabel(label, fields);
      attrs = kept
        ? attrs.replace(/(\saria-label=")[^"]*"/, (_x, a: string) => `${a}${kept}"`)
        : attrs.replace(/\s+aria-label="[^"]*"/, '');
      if (!kept || !tooltips || !/role="graphics-symbol"/.test(attrs))
        return `<${tag}${attrs}${selfClosing}>`;
      // the title names the mark for a screen reader too: the label once, not twice
      attrs = attrs.replace(/\s+aria-label="[^"]*"/, '');
      const title = `<title>${kept}</title>`;
      return selfClosing ? `<${tag}${attrs}>${title}</${tag}>` : `<${tag}${attrs}>${title}`;
    },
  );
}

/** A mark's label without the `field: value` parts of untitled fields (`Max of value` too). */
function cleanLabel(label: string, fields: ReadonlySet<string>): string {
  return label
    .split('; ')
    .filter((part) => {
      const key = part.slice(0, Math.max(0, part.indexOf(': ')));
      const of = /^\w+ of (.+)$/.exec(key);
      return !fields.has(key) && !(of && fields.has(of[1]!));
    })
    .join('; ');
}

/**
 * Every field name a Vega-Lite (or Vega) spec refers to (`"field": "…"` anywhere in it), for
 * {@link InlineSvgOptions.fields}.
 */
export function specFieldNames(spec: unknown): string[] {
  const out = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) for (const x of node) walk(x);
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        if (k === 'field' && typeof v === 'string') out.add(v);
        else walk(v);
      }
  };
  walk(spec);
  return [...out].sort();
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
