/**
 * The interactive part of a report page (pageScripts): each interactive figure's Vega-Lite spec
 * compiled to Vega and left in the page as JSON, the runtime and the boot script inlined, and the
 * Content-Security-Policy hashes exactly those scripts. A two-area explorer, by hand.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { indicatorExplorerSpec, toVegaSpec } from '@felles/charts';
import { pageScripts } from '@felles/pipelines';

const explorer = () =>
  indicatorExplorerSpec(
    {
      rows: [
        {
          k: 'a',
          y: 2024,
          l: 'h',
          a: 'Telemark',
          v: 12.5,
          lo: 11,
          hi: 14,
          d: 900,
          fy: 12.5,
          o: 1,
          s: '',
        },
        {
          k: 'a',
          y: 2024,
          l: 'h',
          a: 'Innlandet',
          v: null,
          lo: null,
          hi: null,
          d: null,
          fy: null,
          o: 0,
          s: 'skjult',
        },
      ],
      national: [{ k: 'a', y: 2024, v: 13 }],
      targets: [],
      limits: [{ k: 'a', y: 2024, l: 'h', d: 900, l95: 10, u95: 16, l998: 9, u998: 17, c: 13 }],
    },
    {
      lang: 'nb',
      meta: { source: 'NPR (syntetiske data)', period: '2024', manifestId: 'run-1' },
      views: [{ key: 'a', title: 'Reinnleggelse 30 dager', format: ',.1f' }],
      years: [2024],
      initial: { view: 'a', year: 2024 },
      levelLabels: { h: 'De 19 helsefellesskapene', m: 'Kommunene i Telemark' },
      controls: { view: 'Indikator', year: 'År', level: 'Nivå' },
      denominatorTitle: 'Utskrivninger',
      ownArea: 'Telemark',
    },
  );

describe('pageScripts', () => {
  it('puts the compiled Vega spec in the page and hashes exactly the inlined scripts', async () => {
    const spec = explorer();
    // compiled without a warning (a dropped sort would order the bars by name, not value)
    const warn = vi.spyOn(console, 'warn');
    const page = await pageScripts([{ id: 'fig-x', spec: toVegaSpec(spec) }]);
    expect(warn.mock.calls).toEqual([]);
    warn.mockRestore();
    const json = /<script type="application\/json" id="fig-x-spec">([\s\S]*?)<\/script>/.exec(
      page.html,
    )![1]!;
    const vg = JSON.parse(json) as {
      $schema?: string;
      marks: unknown[];
      signals: Array<{ name: string; value: unknown }>;
    };
    // compiled Vega (marks, not Vega-Lite's mark/layer), without the schema address (a URL the
    // page has no use for)
    expect(Array.isArray(vg.marks)).toBe(true);
    expect(vg.$schema).toBeUndefined();
    expect(json).not.toContain('https://');
    const signals = Object.fromEntries(vg.signals.map((s) => [s.name, s.value]));
    expect(signals).toMatchObject({ view: 'a', year: 2024, level: 'h', OWN: 'Telemark' });
    // the rows travel in the spec: the hidden area with its marker, never a number
    expect(json).toContain('"s":"skjult"');
    const scripts = [...page.html.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
    expect(scripts.length).toBe(3);
    expect(page.hashes).toEqual(
      scripts.map((b) => `'sha256-${createHash('sha256').update(b, 'utf8').digest('base64')}'`),
    );
  });

  it('adds nothing to a page without interactive figures', async () => {
    expect(await pageScripts([])).toEqual({ html: '', hashes: [] });
  });
});
