import { describe, expect, it } from 'vitest';
import {
  areaRatesSpec,
  captionText,
  escapeScript,
  figureMetaFromManifest,
  formatNumber,
  inlineSvg,
  NBSP,
  overlapMatrixSpec,
  renderSvg,
  specFieldNames,
  splitHidden,
  trendSpec,
  vegaRuntimeScript,
  waterfallSpec,
  type AreaRateRow,
} from '../src/index.js';
import { AREA_ROWS, META, OVERLAP_ROWS, TREND_ROWS, WATERFALL_ROWS } from './fixtures.js';
import { fixtureSpecs } from './specs.js';

const plain = (s: string) => s.replaceAll(NBSP, ' ');

/** All `data.values` arrays of a spec's layers, keyed by mark type. */
function layers(spec: unknown): Array<{ mark: string; values: Array<Record<string, unknown>> }> {
  const inner = (spec as { vconcat?: unknown[] }).vconcat?.[0] ?? spec;
  const layer = (
    inner as {
      layer: Array<{
        mark: string | { type: string };
        data?: { values: Array<Record<string, unknown>> };
      }>;
    }
  ).layer;
  return layer.map((l) => ({
    mark: typeof l.mark === 'string' ? l.mark : l.mark.type,
    values: l.data?.values ?? [],
  }));
}

describe('Norwegian and English number formatting', () => {
  it('formats with space thousands separator and decimal comma in bokmål', () => {
    expect(plain(formatNumber(12345.6, ',.1f'))).toBe('12 345,6');
    expect(formatNumber(12345.6, ',.1f')).toBe(`12${NBSP}345,6`);
    expect(plain(formatNumber(1234567, ',.0f'))).toBe('1 234 567');
    expect(plain(formatNumber(0.153, '.1%'))).toBe('15,3 %');
    expect(formatNumber(-2600, '+,.0f')).toBe(`\u22122${NBSP}600`);
    expect(formatNumber(null)).toBe('');
  });

  it('formats in English with lang en', () => {
    expect(formatNumber(12345.6, ',.1f', 'en')).toBe('12,345.6');
    expect(formatNumber(0.153, '.1%', 'en')).toBe('15.3%');
  });

  it('renders Norwegian numbers into the SVG (axis labels, national line, waterfall labels)', async () => {
    const specs = fixtureSpecs();
    const area = plain(await renderSvg(specs['area-rates']!));
    expect(area).toContain('>Landet 101,3<');
    const wf = plain(await renderSvg(specs.waterfall!));
    expect(wf).toContain('>52 000<');
    expect(wf).toContain('>+9 400<');
    expect(wf).toContain('>\u22122 600<');
    const en = await renderSvg(specs['area-rates-en']!);
    expect(en).toContain('>Norway 101.3<');
  });
});

describe('caption line', () => {
  it('names source, period, method, definitions with versions and the manifest id', () => {
    expect(plain(captionText(META))).toBe(
      'Kilde: NPR, KPR; SSB tabell 07459. Periode: 2022–2024. Metode: Direkte standardisert, Norge 2024 som ' +
        'standard, Dobson 95 %. Definisjoner: ind.admissions_65plus v1.0.0, cohort.frail_elderly v0.3.1. ' +
        'Kjøring: 20261122T101010123Z-ab12.',
    );
    expect(captionText(META, 'en')).toMatch(/^Source: .* Run: 20261122T101010123Z-ab12\.$/);
  });

  it('refuses a figure without provenance', () => {
    expect(() => captionText({ ...META, manifestId: '' })).toThrow(/manifestId/);
  });

  it('is carried in the spec and drawn in the SVG', async () => {
    const spec = fixtureSpecs().funnel!;
    expect(spec.usermeta.felles.caption).toBe(captionText(META));
    const svg = await renderSvg(spec);
    expect(svg).toContain('Kjøring: 20261122T101010123Z-ab12.');
    expect(svg).toContain(`Dobson 95${NBSP}%.`);
  });
});

describe('suppressed cells are never drawn as zero', () => {
  it('splitHidden nulls values of suppressed rows even if a value leaked through', () => {
    const rows: AreaRateRow[] = [
      { area: 'A', period: 2024, value: 12 },
      { area: 'B', period: 2024, value: 3, lower: 1, upper: 5, suppressed: 'primary' },
      { area: 'C', period: 2024, value: null },
    ];
    const { shown, hidden } = splitHidden(rows, ['value'], 'nb', ['lower', 'upper']);
    expect(shown.map((r) => r.area)).toEqual(['A']);
    expect(hidden).toMatchObject([
      {
        area: 'B',
        value: null,
        lower: null,
        upper: null,
        _status: 'suppressed',
        _label: 'skjult',
        _reason: 'skjult (lite antall)',
      },
      { area: 'C', value: null, _status: 'missing', _label: 'mangler' },
    ]);
  });

  it('area rates: the suppressed community has no bar, only a "skjult" label', async () => {
    const leaked = AREA_ROWS.map((r) => (r.area === 'Helgeland' ? { ...r, value: 0 } : r));
    const spec = areaRatesSpec(leaked, { barPeriod: '2022–2024', meta: META });
    const [bars, , , ...rest] = layers(spec);
    expect(bars!.mark).toBe('bar');
    expect(bars!.values.some((v) => v.area === 'Helgeland')).toBe(false);
    const hiddenLayer = rest.find((l) => l.values.some((v) => v._status === 'suppressed'))!;
    expect(hiddenLayer.mark).toBe('text');
    expect(hiddenLayer.values).toEqual([
      expect.objectContaining({ area: 'Helgeland', value: null, _label: 'skjult' }),
    ]);
    expect(spec.usermeta.felles.suppressedCells).toBe(1);
    const svg = await renderSvg(spec);
    const barLabels = [...svg.matchAll(/aria-label="([^"]*)"[^>]*aria-roledescription="bar"/g)].map(
      (m) => m[1]!,
    );
    expect(barLabels).toHaveLength(18);
    expect(barLabels.some((l) => l.includes('Helgeland'))).toBe(false);
    expect(svg).toMatch(/>skjult<\/text>/);
  });

  it('trend: a suppressed year breaks the line and is marked on the axis', async () => {
    const spec = trendSpec(TREND_ROWS, { meta: META, valueFormat: '.0%' });
    const all = layers(spec);
    const points = all.find(
      (l) => l.mark === 'point' && l.values.some((v) => v.series === 'Norge'),
    )!;
    expect(points.values.some((v) => v.series === 'Norge' && v.year === 2021)).toBe(false);
    const line = all.find((l) => l.mark === 'line')!;
    expect(line.values.find((v) => v.series === 'Norge' && v.year === 2021)).toEqual({
      series: 'Norge',
      year: 2021,
      value: null,
    });
    const svg = await renderSvg(spec);
    // The Norge line is drawn as two pieces (2019–2020 and 2022–2024).
    const paths = [
      ...svg.matchAll(/aria-roledescription="line mark" d="([^"]+)"[^>]*stroke="#E69F00"/g),
    ].map((m) => m[1]!);
    expect(paths).toHaveLength(1);
    expect(paths[0]!.match(/M/g)).toHaveLength(2);
  });

  it('overlap matrix: the suppressed cell is hatched and labelled, not coloured as 0 %', async () => {
    const spec = overlapMatrixSpec(OVERLAP_ROWS, { meta: META });
    const [rects, texts] = layers(spec);
    expect(
      rects!.values.some((v) => v.rowGroup === 'Barn og unge' && v.colGroup === 'Skrøpelige eldre'),
    ).toBe(false);
    expect(texts!.values.every((v) => typeof v.share === 'number')).toBe(true);
    const svg = await renderSvg(spec);
    expect(svg).toMatch(/fill="url\(#gradient_\d+\)"/);
    expect(svg).not.toMatch(/>0 %</);
  });

  it('waterfall: a hidden change is labelled; later steps are placed from the end total', () => {
    const spec = waterfallSpec(WATERFALL_ROWS, { meta: META });
    const [bars, , hidden] = layers(spec);
    const pos = Object.fromEntries(bars!.values.map((v) => [v.label, [v._from, v._to]]));
    expect(pos['Aldring']).toEqual([55100, 64500]);
    expect(pos['Endret forbruksrate']).toEqual([64500, 61900]);
    expect(pos['Kortere liggetid']).toEqual([61900, 60100]);
    expect(pos['Overført til kommunene']).toBeUndefined();
    expect(hidden!.values).toEqual([
      expect.objectContaining({ label: 'Overført til kommunene', value: null, _label: 'skjult' }),
    ]);
  });
});

describe('inlineSvg', () => {
  it('prefixes ids and adds native tooltips', async () => {
    const svg = await renderSvg(fixtureSpecs()['overlap-matrix']!);
    const out = inlineSvg(svg, { idPrefix: 'fig3' });
    expect(out).not.toMatch(/id="gradient_/);
    expect(out).toMatch(/id="fig3-gradient_\d+"/);
    expect(out).toMatch(/url\(#fig3-gradient_\d+\)/);
    expect(out).toContain(
      `<title>Overlapp med: Alvorlig psykisk lidelse og rus; Gruppe: Skrøpelige eldre; Andel av raden: 8${NBSP}%; Antall: 80</title>`,
    );
    expect(() => inlineSvg(svg, { idPrefix: '1 bad' })).toThrow();
  });

  it('labels marks in the figure language only: no untitled field names, no English guide descriptions', async () => {
    const spec = fixtureSpecs()['area-rates']!;
    const raw = await renderSvg(spec);
    // what Vega writes: field names of untitled channels and English descriptions of the guides
    expect(raw).toMatch(/aria-label="lower: [^"]*; area: /);
    expect(raw).toMatch(/aria-label="X-axis titled /);
    expect(raw).toContain('aria-roledescription="bar"');
    const fields = specFieldNames(spec);
    expect(fields).toEqual(expect.arrayContaining(['area', 'lower', 'upper']));
    const out = inlineSvg(raw, { idPrefix: 'fig1', fields });
    const labels = [...out.matchAll(/aria-label="([^"]*)"/g)].map((m) => m[1]!);
    const titles = [...out.matchAll(/<title>([^<]*)<\/title>/g)].map((m) => m[1]!);
    expect(titles.length).toBeGreaterThan(5);
    for (const s of [...labels, ...titles]) {
      expect(s).not.toMatch(/(^|; )(lower|upper|area|value): /);
      expect(s).not.toMatch(/axis|legend|Title text/i);
    }
    expect(out).not.toContain('aria-roledescription');
    // every bar carries its values as a hover title (not twice, as a label too), in Norwegian
    const bars = [...out.matchAll(/<path role="graphics-symbol"[^>]*><title>/g)];
    expect(bars.length).toBeGreaterThan(3);
    expect(titles.some((t) => /^Per 1.000 innbyggere: /.test(t) || /Nedre KI: /.test(t))).toBe(
      true,
    );
  });

  it('gives the Vega browser runtime as a script-safe string, and escapes specs for <script>', () => {
    const js = vegaRuntimeScript();
    expect(js.length).toBeGreaterThan(300_000);
    expect(js).not.toMatch(/<\/script/i);
    expect(escapeScript('{"a":"</script><!--"}')).toBe('{"a":"<\\/script><\\!--"}');
  });
});

describe('figureMetaFromManifest', () => {
  it('takes the manifest id, definitions with versions and SSB tables', () => {
    const manifest = {
      id: '20261122T101010123Z-ab12',
      definitions: [
        { id: 'ind.video_share', version: 2 },
        { id: 'cohort.frail_elderly', version: '0.3.1' },
      ],
      ssbTables: [{ tableId: '14288', vintage: 2024 }],
    };
    const meta = figureMetaFromManifest(manifest, {
      source: 'NPR',
      period: '2024',
      definitionIds: ['ind.video_share'],
    });
    expect(meta).toEqual({
      source: 'NPR; SSB tabell 14288 (2024)',
      period: '2024',
      manifestId: '20261122T101010123Z-ab12',
      definitions: [{ id: 'ind.video_share', version: '2' }],
    });
    expect(captionText(meta)).toBe(
      'Kilde: NPR; SSB tabell 14288 (2024). Periode: 2024. Definisjoner: ind.video_share v2. Kjøring: 20261122T101010123Z-ab12.',
    );
  });
});

describe('contract with core disclosure control', () => {
  it('uses the flag column and flag values core adds to every disclosed table', async () => {
    // Test-only import of core's schema constants (charts imports no core code at run time).
    const core = await import('../../core/src/disclosure/schema.js');
    expect([...core.SUPPRESSION_FLAGS].sort()).toEqual(['derived', 'none', 'primary', 'secondary']);
    expect(core.FLAG_COLUMN).toBe('suppressed');
    expect(core.REASON_COLUMN).toBe('suppression_reason');
  });

  it("a 'derived' flag hides derived values but not the row's own counts", () => {
    const rows = [
      { area: 'A', population: 812, rate: null, suppressed: 'derived' as const },
      { area: 'B', population: null, rate: null, suppressed: 'secondary' as const },
    ];
    const asCount = splitHidden(rows, ['population'], 'nb', [], 'count');
    expect(asCount.shown.map((r) => r.area)).toEqual(['A']);
    expect(asCount.hidden).toMatchObject([
      { area: 'B', population: null, _reason: 'skjult (komplementær)' },
    ]);
    const asDerived = splitHidden(rows, ['rate'], 'nb');
    expect(asDerived.shown).toEqual([]);
    expect(asDerived.hidden.map((r) => r._reason)).toEqual([
      'skjult (avledet av skjult tall)',
      'skjult (komplementær)',
    ]);
  });
});
