/**
 * End to end: `felles report` (the command's library function, on a small fixture workspace)
 * writes the reports, figures and tables; the report is opened in headless Chromium with the
 * network disabled, and must load nothing, log no error, draw every figure, and show the
 * "skjult" marker — never a number — where disclosure control hid a value. A screenshot and an A4
 * PDF go to test-output/ for inspection.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Workspace } from '@felles/core';
import { writeReports, type WriteReportsResult } from '@felles/pipelines';
import { CHROMIUM_PATH, hasChromium, launchOffline, openOffline } from './browser.js';
import { reportFixture, SMALL_COHORT, SMALL_HF } from './report-fixture.js';
import { fellesInProcess, type CliRun } from './felles-in-process.js';

const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
/** `felles …` in-process on the sources (quiet). */
function felles(dir: string, ...args: string[]): Promise<CliRun> {
  return fellesInProcess(dir, args, { quiet: true });
}

let ws: Workspace;
let result: WriteReportsResult;
let browser: Browser;

beforeAll(async () => {
  if (!hasChromium()) {
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}, so the report's browser test cannot run. Install it with ` +
        '`sudo apt-get update && sudo apt-get install -y chromium` (Debian/Ubuntu; ' +
        '`sh scripts/ensure-chromium.sh` does this when run as root), or point to a browser ' +
        'with `export FELLES_CHROMIUM=/path/to/chromium`.',
    );
  }
  ws = await reportFixture();
  result = await writeReports(ws, {
    hf: 'all',
    out: join(ws.dir, 'out', 'report'),
    png: false,
    projection: false,
  });
  browser = await launchOffline();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  try {
    ws?.close();
  } catch {
    // already closed by the command test
  }
});

describe('felles report on the fixture workspace', () => {
  it('writes 19 reports, an index page, figures, tables and a run manifest', async () => {
    expect(Object.keys(result.reports)).toHaveLength(19);
    expect(result.index && existsSync(result.index)).toBeTruthy();
    const telemark = result.reports[SMALL_HF]!;
    expect(existsSync(telemark)).toBe(true);
    const figDir = join(result.outDir, 'figures', SMALL_HF.toLowerCase());
    const figs = readdirSync(figDir);
    expect(figs.filter((f) => f.endsWith('.svg')).length).toBeGreaterThanOrEqual(4);
    expect(figs.filter((f) => f.endsWith('.vl.json')).length).toBe(
      figs.filter((f) => f.endsWith('.svg')).length,
    );
    const tables = readdirSync(join(result.outDir, 'tables'));
    expect(tables).toContain('report_cohort_prevalence.csv');
    expect(tables).toContain('report-tables.xlsx');
    // The CSV shows the hidden count as empty, flagged primary.
    const csv = readFileSync(join(result.outDir, 'tables', 'report_cohort_prevalence.csv'), 'utf8');
    const [header, ...lines] = csv.replace(/^\uFEFF/, '').split(/\r?\n/);
    const col = (name: string) => header!.split(';').indexOf(name);
    const line = lines.find((l) => {
      const f = l.split(';');
      return (
        f[col('cohort_id')] === SMALL_COHORT &&
        f[col('year')] === '2024' &&
        f[col('area_code')] === SMALL_HF
      );
    })!;
    expect(line.split(';')[col('members')]).toBe('');
    expect(line).toContain('primary');
    const manifest = JSON.parse(
      readFileSync(join(ws.runsDir, result.manifestId, 'manifest.json'), 'utf8'),
    ) as { command: string; status: string; outputs: { path: string }[]; notes: string[] };
    expect(manifest.command).toBe('report');
    expect(manifest.status).toBe('ok');
    expect(manifest.outputs.map((o) => o.path)).toContain(telemark);
    expect(manifest.notes.some((n) => n.includes('section projections not available'))).toBe(true);
    // Self-contained: no external URL anywhere in the page.
    const html = readFileSync(telemark, 'utf8');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
    expect(html).not.toMatch(/url\((['"]?)https?:/);
  });

  it('opens offline in Chromium: no request, no error, every figure drawn, hidden cells marked', async () => {
    const { page, log } = await openOffline(browser, result.reports[SMALL_HF]!);
    try {
      expect(log.networkRequests).toEqual([]);
      expect(log.failedRequests).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      expect(log.pageErrors).toEqual([]);
      // Every figure placeholder holds a drawn chart with marks and a real size.
      const figures = await page.$$eval('figure.felles-figure', (els) =>
        els.map((f) => {
          const svg = f.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            id: f.id,
            marks: svg ? svg.querySelectorAll('[role="graphics-symbol"], path, rect').length : 0,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
          };
        }),
      );
      expect(figures.length).toBeGreaterThanOrEqual(4);
      for (const f of figures) {
        expect(f.marks, f.id).toBeGreaterThan(0);
        expect(f.width, f.id).toBeGreaterThan(200);
        expect(f.height, f.id).toBeGreaterThan(100);
      }
      // The bundled font is used (not a fallback).
      const fonts = await page.evaluate(() =>
        [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
      );
      expect(fonts).toContain('Source Sans 3');
      // Sections without data say so.
      const notes = await page.$$eval(
        'section[data-section="projections"] .not-available, section[data-section="indicators"] .not-available, section[data-section="dental"] .not-available',
        (els) => els.length,
      );
      expect(notes).toBeGreaterThanOrEqual(3);
      // Disclosure control: the hidden cells of the small cohort show "skjult" and no number.
      const hiddenCells = await page.$$eval('td.hidden-cell', (els) =>
        els.map((e) => ({ text: e.textContent ?? '', flag: e.getAttribute('data-suppressed') })),
      );
      expect(hiddenCells.length).toBeGreaterThan(0);
      for (const c of hiddenCells) {
        expect(c.text).toBe('skjult');
        expect(c.flag).toMatch(/^(primary|secondary|derived)$/);
      }
      // In the prevalence figure of the small cohort, Telemark has no bar and no value in any tooltip.
      const fig = page.locator(`#fig-prevalence-${SMALL_COHORT}`);
      await expect.poll(() => fig.count()).toBe(1);
      // The marker is a text mark (its <title> tooltip is part of textContent).
      const texts = await fig.locator('svg text').evaluateAll((els) =>
        els.map((e) =>
          [...e.childNodes]
            .filter((n) => n.nodeType === 3)
            .map((n) => n.textContent)
            .join(''),
        ),
      );
      expect(texts).toContain('skjult');
      const titles = (await fig.locator('svg title').allTextContents()).filter((t) =>
        t.includes('Telemark'),
      );
      expect(titles.length).toBeGreaterThan(0);
      // Only the period (a year) may be a number in Telemark's tooltips: no rate, no limit, no count.
      for (const t of titles) expect(t.replace(/\b20\d\d\b/g, '')).not.toMatch(/\d/);
      expect(await fig.getAttribute('data-suppressed-cells')).not.toBe('0');
      mkdirSync(OUT, { recursive: true });
      await page.screenshot({ path: join(OUT, 'report-browser.png'), fullPage: true });
      await page.pdf({
        path: join(OUT, 'report-browser.pdf'),
        format: 'A4',
        printBackground: true,
      });
      expect(existsSync(join(OUT, 'report-browser.pdf'))).toBe(true);
    } finally {
      await page.context().close();
    }
  });

  it('the index page compares the 19 and links every report', async () => {
    const { page, log } = await openOffline(browser, result.index!);
    try {
      expect(log.networkRequests).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      const links = await page.$$eval('table.index a', (els) =>
        els.map((a) => a.getAttribute('href')),
      );
      expect(links).toHaveLength(19);
      expect(links).toContain(`${SMALL_HF.toLowerCase()}.html`);
      const hidden = await page.$$eval('table.index td.hidden-cell', (els) =>
        els.map((e) => e.textContent),
      );
      expect(hidden).toContain('skjult');
    } finally {
      await page.context().close();
    }
  });

  it('felles report (the command): usage errors exit 2; one community in English as JSON', async () => {
    const dir = ws.dir;
    ws.close(); // the command opens the workspace itself
    const bad = await felles(dir, 'report', '--hf', 'telemark', '--lang', 'de');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain(
      "option '--lang <lang>' argument 'de' is invalid. Allowed choices are nb, en.",
    );
    const unknown = await felles(
      dir,
      'report',
      '--hf',
      'atlantis',
      '--no-png',
      '--no-projection',
      '--no-indicators',
    );
    expect(unknown.code).toBe(2);
    const out = join(dir, 'out', 'report-en');
    const r = await felles(
      dir,
      '--json',
      'report',
      '--hf',
      'Telemark',
      '--lang',
      'en',
      '--out',
      out,
      '--no-png',
      '--no-projection',
      '--no-indicators',
    );
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout) as WriteReportsResult;
    expect(Object.keys(j.reports)).toEqual([SMALL_HF]);
    expect(j.index).toBeUndefined();
    const html = readFileSync(j.reports[SMALL_HF]!, 'utf8');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('suppressed');
    expect(j.unavailable['indicators']).toContain('skipped');
  });
});
