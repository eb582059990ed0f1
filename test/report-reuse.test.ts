/**
 * What `felles demo` relies on to keep its 19 reports fast, on the small report fixture:
 * indicators computed before for the report are used instead of being computed again (and only
 * when they are for the same report year and years), and PNG files of the figures are written
 * only when asked (`png: true`, `felles report` by default; `felles demo` only with --png).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { disclose, type Workspace } from '@felles/core';
import {
  gatherReportData,
  REPORT_INDICATOR_LEVELS,
  reportIndicatorYears,
  writeReports,
  type ReportIndicators,
} from '@felles/pipelines';
import { reportFixture, SMALL_HF } from './report-fixture.js';

let ws: Workspace;

beforeAll(async () => {
  ws = await reportFixture();
}, 120_000);

afterAll(() => ws?.close());

const indicatorRuns = async () =>
  (await ws.runs()).filter((m) => m.command === 'indicators run').length;

/** A made-up "already computed" indicator result, recognisable by its table name and run id. */
async function precomputed(year: number, years: number[]): Promise<ReportIndicators> {
  const table = await disclose(
    [
      { area_code: 'NO', year: 2024, numerator: 120 },
      { area_code: SMALL_HF, year: 2024, numerator: 20 },
    ],
    { name: 'indicator_precomputed', dimensions: ['area_code', 'year'], counts: ['numerator'] },
    { workspace: ws },
  );
  return {
    year,
    years,
    levels: REPORT_INDICATOR_LEVELS,
    result: {
      runId: 'pre-computed-run',
      years,
      indicators: [
        { id: 'precomputed', version: '9.9.9', title: 'P', rows: 2, status: { ok: 2 }, table },
      ],
      files: [],
    },
  };
}

describe('the report reuses indicators computed before for it', () => {
  it('the report years are the population years here (no registry data): 2023 and 2024', async () => {
    expect(await reportIndicatorYears(ws.db, 2024)).toEqual([2023, 2024]);
    expect(await reportIndicatorYears(ws.db, 2023)).toEqual([2023]);
    expect(await reportIndicatorYears(ws.db, 2019)).toEqual([2019]);
  });

  it('uses them as they are, without an indicators run of its own', async () => {
    const before = await indicatorRuns();
    const d = await gatherReportData(ws, {
      year: 2024,
      skipProjection: true,
      indicators: await precomputed(2024, [2023, 2024]),
    });
    expect(d.tables.indicators?.map((t) => t.name)).toEqual(['indicator_precomputed']);
    expect(d.tables.indicators?.[0]?.rows.map((r) => r['numerator'])).toEqual([120, 20]);
    expect(d.methods.definitions.filter((x) => x.kind === 'indicator')).toEqual([
      { kind: 'indicator', id: 'precomputed', version: '9.9.9', title: 'P' },
    ]);
    expect(await indicatorRuns()).toBe(before);
  });

  it('computes them again when they were made for another year or other years', async () => {
    for (const pre of [await precomputed(2023, [2023]), await precomputed(2024, [2024])]) {
      const before = await indicatorRuns();
      const d = await gatherReportData(ws, { year: 2024, skipProjection: true, indicators: pre });
      expect(d.tables.indicators?.map((t) => t.name) ?? []).not.toContain('indicator_precomputed');
      expect(await indicatorRuns()).toBe(before + 1);
    }
  });
});

describe('PNG files of the report figures', () => {
  const write = (png: boolean, out: string) =>
    writeReports(ws, {
      hf: SMALL_HF,
      out: join(ws.dir, 'out', out),
      png,
      projection: false,
      indicators: false,
    });
  const PNG_MAGIC = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

  it('png: true writes one real PNG beside every SVG, and the report says so', async () => {
    const r = await write(true, 'with-png');
    const dir = join(r.outDir, 'figures', SMALL_HF.toLowerCase());
    const svgs = readdirSync(dir).filter((f) => f.endsWith('.svg'));
    const pngs = readdirSync(dir).filter((f) => f.endsWith('.png'));
    expect(svgs.length).toBeGreaterThanOrEqual(3);
    expect(pngs.sort()).toEqual(svgs.map((f) => f.replace(/\.svg$/, '.png')).sort());
    for (const f of pngs)
      expect(readFileSync(join(dir, f)).subarray(0, 8).equals(PNG_MAGIC)).toBe(true);
    const html = readFileSync(r.reports[SMALL_HF]!, 'utf8');
    expect(html).toContain('som CSV/XLSX og SVG/PNG ved siden av denne filen');
  });

  it('png: false writes SVG and Vega-Lite JSON only, and the report does not promise PNGs', async () => {
    const r = await write(false, 'without-png');
    const dir = join(r.outDir, 'figures', SMALL_HF.toLowerCase());
    const files = readdirSync(dir);
    expect(files.filter((f) => f.endsWith('.png'))).toEqual([]);
    expect(files.filter((f) => f.endsWith('.svg')).length).toBe(r.figures);
    expect(files.filter((f) => f.endsWith('.vl.json')).length).toBe(r.figures);
    const html = readFileSync(r.reports[SMALL_HF]!, 'utf8');
    expect(html).toContain('som CSV/XLSX og SVG ved siden av denne filen');
    expect(html).not.toContain('SVG/PNG');
    expect(existsSync(join(r.outDir, 'tables'))).toBe(true);
  });
});
