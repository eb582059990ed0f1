/**
 * The bundled font (Source Sans 3, SIL Open Font License 1.1, from the npm package
 * `@expo-google-fonts/source-sans-3`): file paths for resvg, a CSS `@font-face` block for the
 * HTML report (the family's WOFF2 web subsets), and advance-width metrics read straight from the TTF files so that Vega's text
 * layout in Node does not depend on a canvas or on system fonts.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FONT_FAMILY } from './theme.js';

/** One face of the bundled family. */
export interface FontFace {
  weight: 400 | 600 | 700;
  style: 'normal' | 'italic';
  /** Absolute path of the TTF file. */
  file: string;
}

let facesCache: FontFace[] | undefined;

/** The bundled faces (regular, italic, semibold, bold) with absolute file paths. */
export function fontFaces(): FontFace[] {
  if (facesCache) return facesCache;
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@expo-google-fonts/source-sans-3/package.json'));
  const f = (dir: string) => join(root, dir, `SourceSans3_${dir}.ttf`);
  facesCache = [
    { weight: 400, style: 'normal', file: f('400Regular') },
    { weight: 400, style: 'italic', file: f('400Regular_Italic') },
    { weight: 600, style: 'normal', file: f('600SemiBold') },
    { weight: 700, style: 'normal', file: f('700Bold') },
  ];
  return facesCache;
}

/** Absolute paths of the bundled TTF files (for resvg's `fontFiles`). */
export function fontFiles(): string[] {
  return fontFaces().map((f) => f.file);
}

/** The subsets inlined in the HTML report: every letter of Norwegian, Sami and English text. */
const WEB_SUBSETS = ['latin', 'latin-ext'] as const;

/**
 * CSS `@font-face` rules for a self-contained HTML report: the same family's web fonts (WOFF2
 * from the npm package `@fontsource/source-sans-3`, SIL Open Font License 1.1), the Latin and
 * Latin Extended subsets with their `unicode-range`, inlined as base64 data URLs — about 260 KB
 * for the four faces (the whole TTFs would be 1.8 MB). Characters outside both subsets fall back
 * to the next font of the stack. Pass `weights` to inline fewer.
 */
export function fontFaceCss(weights: ReadonlyArray<400 | 600 | 700> = [400, 600, 700]): string {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('@fontsource/source-sans-3/unicode.json'));
  const ranges = JSON.parse(readFileSync(join(root, 'unicode.json'), 'utf8')) as Record<
    string,
    string
  >;
  return fontFaces()
    .filter((f) => weights.includes(f.weight))
    .flatMap((f) =>
      WEB_SUBSETS.map((subset) => {
        const file = join(root, 'files', `source-sans-3-${subset}-${f.weight}-${f.style}.woff2`);
        const b64 = readFileSync(file).toString('base64');
        return (
          `@font-face{font-family:"${FONT_FAMILY}";font-style:${f.style};font-weight:${f.weight};` +
          `src:url(data:font/woff2;base64,${b64}) format("woff2");unicode-range:${ranges[subset]!};}`
        );
      }),
    )
    .join('\n');
}

/** Advance widths of one TTF face. */
export interface FontMetrics {
  unitsPerEm: number;
  /** Advance width in font units of the glyph for a code point (notdef's if unmapped). */
  advance(codePoint: number): number;
}

/**
 * Read `head`, `hhea`, `hmtx` and `cmap` (format 4 or 12) from a TrueType/OpenType buffer.
 * Kerning is ignored (widths are used for layout only; rendering kerns).
 */
export function parseFontMetrics(buf: Buffer): FontMetrics {
  const numTables = buf.readUInt16BE(4);
  const tables = new Map<string, number>();
  for (let i = 0; i < numTables; i++) {
    const rec = 12 + i * 16;
    tables.set(buf.toString('latin1', rec, rec + 4), buf.readUInt32BE(rec + 8));
  }
  const need = (tag: string): number => {
    const off = tables.get(tag);
    if (off === undefined) throw new Error(`font has no ${tag} table`);
    return off;
  };
  const head = need('head');
  const hhea = need('hhea');
  const hmtx = need('hmtx');
  const cmap = need('cmap');
  const unitsPerEm = buf.readUInt16BE(head + 18);
  const numHMetrics = buf.readUInt16BE(hhea + 34);
  const glyphAdvance = (g: number): number =>
    buf.readUInt16BE(hmtx + 4 * Math.min(g, numHMetrics - 1));

  // Choose the best Unicode subtable: format 12 (full range) over format 4 (BMP).
  const nSub = buf.readUInt16BE(cmap + 2);
  let sub4 = -1;
  let sub12 = -1;
  for (let i = 0; i < nSub; i++) {
    const rec = cmap + 4 + i * 8;
    const platform = buf.readUInt16BE(rec);
    const encoding = buf.readUInt16BE(rec + 2);
    const off = cmap + buf.readUInt32BE(rec + 4);
    const format = buf.readUInt16BE(off);
    const unicode = platform === 0 || (platform === 3 && (encoding === 1 || encoding === 10));
    if (!unicode) continue;
    if (format === 12 && sub12 < 0) sub12 = off;
    if (format === 4 && sub4 < 0) sub4 = off;
  }
  const glyphOf = (cp: number): number => {
    if (sub12 >= 0) {
      const n = buf.readUInt32BE(sub12 + 12);
      for (let i = 0; i < n; i++) {
        const g = sub12 + 16 + i * 12;
        const start = buf.readUInt32BE(g);
        const end = buf.readUInt32BE(g + 4);
        if (cp >= start && cp <= end) return buf.readUInt32BE(g + 8) + (cp - start);
      }
      return 0;
    }
    if (sub4 < 0 || cp > 0xffff) return 0;
    const segX2 = buf.readUInt16BE(sub4 + 6);
    const ends = sub4 + 14;
    const starts = ends + segX2 + 2;
    const deltas = starts + segX2;
    const ranges = deltas + segX2;
    for (let i = 0; i < segX2; i += 2) {
      if (cp > buf.readUInt16BE(ends + i)) continue;
      const start = buf.readUInt16BE(starts + i);
      if (cp < start) return 0;
      const delta = buf.readInt16BE(deltas + i);
      const ro = buf.readUInt16BE(ranges + i);
      if (ro === 0) return (cp + delta) & 0xffff;
      const g = buf.readUInt16BE(ranges + i + ro + 2 * (cp - start));
      return g === 0 ? 0 : (g + delta) & 0xffff;
    }
    return 0;
  };
  const memo = new Map<number, number>();
  return {
    unitsPerEm,
    advance(cp: number): number {
      let w = memo.get(cp);
      if (w === undefined) {
        w = glyphAdvance(glyphOf(cp));
        memo.set(cp, w);
      }
      return w;
    },
  };
}

const metricsCache = new Map<string, FontMetrics>();

function metricsFor(weight: number, italic: boolean): FontMetrics {
  const faces = fontFaces();
  const face =
    (italic && weight < 600 && faces.find((f) => f.style === 'italic')) ||
    faces
      .filter((f) => f.style === 'normal')
      .reduce((best, f) =>
        Math.abs(f.weight - weight) < Math.abs(best.weight - weight) ? f : best,
      );
  let m = metricsCache.get(face.file);
  if (!m) {
    m = parseFontMetrics(readFileSync(face.file));
    metricsCache.set(face.file, m);
  }
  return m;
}

/** Numeric CSS weight of a Vega `fontWeight` value. */
export function numericWeight(w: unknown): number {
  if (typeof w === 'number') return w;
  if (w === 'bold' || w === 'bolder') return 700;
  const n = Number(w);
  return Number.isFinite(n) && n > 0 ? n : 400;
}

/**
 * Width in px of `text` set in the bundled font at `fontSize` px (sum of advance widths).
 * `measureText('Kvinner', 11)` is the same on every machine.
 */
export function measureText(
  text: string,
  fontSize: number,
  weight: unknown = 400,
  style: unknown = 'normal',
): number {
  const m = metricsFor(numericWeight(weight), style === 'italic' || style === 'oblique');
  let units = 0;
  for (const ch of text) units += m.advance(ch.codePointAt(0) ?? 0);
  return (units / m.unitsPerEm) * fontSize;
}
