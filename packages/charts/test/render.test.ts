import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  FONT_FAMILY,
  fontFaceCss,
  fontFiles,
  measureText,
  renderFigure,
  renderPng,
  renderSvg,
  svgToPng,
  toVegaSpec,
} from '../src/index.js';
import { fixtureSpecs } from './specs.js';

const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');
const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('rendering', () => {
  const specs = fixtureSpecs();

  it('every builder compiles to Vega and renders an SVG naming the bundled font', async () => {
    for (const [name, spec] of Object.entries(specs)) {
      expect(await toVegaSpec(spec), name).toHaveProperty('marks');
      const svg = await renderSvg(spec);
      expect(svg.startsWith('<svg'), name).toBe(true);
      expect(svg, name).toContain(FONT_FAMILY);
    }
  });

  it('SVG output is byte-identical across runs (also when rendered concurrently)', async () => {
    const spec = specs['overlap-matrix']!; // uses a gradient (def ids must be reset)
    const a = await renderSvg(spec);
    const [b, c] = await Promise.all([renderSvg(spec), renderSvg(specs.trend!)]);
    const d = await renderSvg(spec);
    expect(b).toBe(a);
    expect(d).toBe(a);
    expect(c).toBe(await renderSvg(specs.trend!));
  });

  it('PNG is non-empty, a real PNG, and deterministic (same hash across runs)', async () => {
    const spec = specs['area-rates']!;
    const p1 = await renderPng(spec, { scale: 1 });
    const p2 = await renderPng(await renderSvg(spec), { scale: 1 });
    expect(p1.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    expect(p1.length).toBeGreaterThan(10_000);
    expect(sha(p1)).toBe(sha(p2));
    // width from the IHDR chunk: SVG width × scale
    const svg = await renderSvg(spec);
    const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
    expect(p1.readUInt32BE(16)).toBe(svgWidth);
    const p3 = svgToPng(svg, { scale: 2 });
    expect(p3.readUInt32BE(16)).toBe(svgWidth * 2);
  });

  it('renderFigure returns JSON, SVG and PNG of one figure', async () => {
    const fig = await renderFigure(specs.waterfall!, { scale: 1 });
    expect(JSON.parse(fig.json).usermeta.felles.kind).toBe('waterfall');
    expect(fig.svg).toContain('<svg');
    expect(fig.png.subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
  });

  it('refuses to load data from files or the network', async () => {
    const spec = {
      data: { url: 'https://example.org/x.csv' },
      mark: 'point',
      encoding: {},
    } as never;
    await expect(renderSvg(spec)).rejects.toThrow(/offline/);
  });
});

describe('bundled font', () => {
  it('ships four TTF faces', () => {
    expect(fontFiles()).toHaveLength(4);
    for (const f of fontFiles()) expect(f).toMatch(/SourceSans3_\w+\.ttf$/);
  });

  it('measures text from the TTF advance widths, not an estimate', () => {
    // Source Sans 3 Regular: 'i' is narrower than 'M'; width scales with size.
    expect(measureText('i', 10)).toBeLessThan(measureText('M', 10));
    expect(measureText('Kvinner', 22)).toBeCloseTo(2 * measureText('Kvinner', 11), 10);
    // Vega's canvas-free estimate would be 0.8 × 7 × 11 = 61.6 px; the real width is far less.
    const w = measureText('Kvinner', 11);
    expect(w).toBeGreaterThan(25);
    expect(w).toBeLessThan(45);
    expect(measureText('Kvinner', 11, 700)).toBeGreaterThan(w);
    expect(measureText('æøå ÆØÅ', 11)).toBeGreaterThan(0);
  });

  it('draws text in PNGs from the bundled font alone (no system fonts loaded)', () => {
    const svg = (text: string, family: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><text x="4" y="20" font-family='${family}' font-size="16">${text}</text></svg>`;
    const blank = sha(svgToPng(svg('', FONT_FAMILY), { scale: 1 }));
    const withText = sha(svgToPng(svg('Kvinner 12 345,6', FONT_FAMILY), { scale: 1 }));
    expect(withText).not.toBe(blank);
    // An unknown family falls back to the bundled font, not to nothing.
    expect(sha(svgToPng(svg('Kvinner 12 345,6', 'Comic Sans MS'), { scale: 1 }))).toBe(withText);
  });

  it('inlines the font as CSS @font-face for the report', () => {
    const css = fontFaceCss([400]);
    expect(css).toContain(`font-family:"${FONT_FAMILY}"`);
    expect(css).toContain('data:font/woff2;base64,');
    // regular and italic, each as the Latin and the Latin Extended subset
    expect(css.split('@font-face')).toHaveLength(5);
    const ranges = [...css.matchAll(/unicode-range:([^;]+);/g)].map((m) => m[1]!);
    expect(ranges).toHaveLength(4);
    // every letter of Norwegian and Sami names lies in one of the subsets: å ø æ, á č đ ŋ š ŧ ž
    const covered = (cp: number) =>
      ranges.some((r) =>
        r.split(',').some((part) => {
          const [a, b] = part.replace(/U\+/g, '').split('-');
          const lo = parseInt(a!, 16);
          return cp >= lo && cp <= (b === undefined ? lo : parseInt(b, 16));
        }),
      );
    for (const ch of 'åøæÅØÆáčđŋšŧžÁČĐŊŠŦŽ–−') expect(covered(ch.codePointAt(0)!), ch).toBe(true);
    // a report's four faces stay small (the whole TTFs were 1.8 MB of base64)
    expect(fontFaceCss().length).toBeLessThan(400_000);
  });
});

describe('Vega-Lite compile', () => {
  it('compiles every builder without warnings', async () => {
    const { compile } = await import('vega-lite');
    for (const [name, spec] of Object.entries(fixtureSpecs())) {
      const warnings: string[] = [];
      const logger = {
        level(): number {
          return 0;
        },
        warn(...args: unknown[]) {
          warnings.push(args.join(' '));
          return logger;
        },
        info() {
          return logger;
        },
        debug() {
          return logger;
        },
        error(...args: unknown[]) {
          warnings.push(args.join(' '));
          return logger;
        },
      };
      compile(spec, { logger: logger as never });
      expect(warnings, name).toEqual([]);
    }
  });
});

describe('edge cases', () => {
  it('every builder accepts empty input and still renders (axes, caption)', async () => {
    const {
      areaRatesSpec,
      dentalCariesSpec,
      dentalUtilisationSpec,
      fanChartSpec,
      funnelPlotSpec,
      overlapMatrixSpec,
      populationPyramidSpec,
      trendSpec,
      waterfallSpec,
    } = await import('../src/index.js');
    const { META: meta } = await import('./fixtures.js');
    const specs = [
      populationPyramidSpec([], { nowYear: 2025, horizonYear: 2040, meta }),
      areaRatesSpec([], { barPeriod: 2024, national: 10, meta }),
      funnelPlotSpec([], [], { target: 0.1, meta }),
      trendSpec([], { targets: [{ year: 2024, target: 0.15 }], meta }),
      fanChartSpec({ history: [] }, { meta }),
      waterfallSpec([], { meta }),
      overlapMatrixSpec([], { meta }),
      dentalUtilisationSpec([], { meta }),
      dentalCariesSpec([], { meta }),
    ];
    for (const spec of specs) {
      const svg = await renderSvg(spec);
      expect(svg, spec.usermeta.felles.kind).toContain('Kjøring: 20261122T101010123Z-ab12.');
    }
  });

  it('a row that is all hidden draws no value mark at all', async () => {
    const { areaRatesSpec } = await import('../src/index.js');
    const { META: meta } = await import('./fixtures.js');
    const spec = areaRatesSpec(
      [
        { area: 'A', period: 2024, value: null, suppressed: 'primary' },
        { area: 'B', period: 2024, value: null },
      ],
      { barPeriod: 2024, meta },
    );
    expect(spec.usermeta.felles).toMatchObject({ suppressedCells: 1, missingCells: 1 });
    const svg = await renderSvg(spec);
    expect(svg).not.toContain('aria-roledescription="bar"');
    expect(svg).toMatch(/>skjult<\/text>/);
    expect(svg).toMatch(/>mangler<\/text>/);
  });
});
