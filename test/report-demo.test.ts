/**
 * The steering report of the demo, end to end (the demo at a tenth of its usual size, through
 * the same steps): the 19 Norwegian reports with the index page and one English report.
 *
 * - One language at a time: the Norwegian report holds no string from the English side of the
 *   language catalogue or of the definitions it uses — in its visible text, SVG text, tooltips,
 *   attributes or interactive figure — the English report none from the Norwegian side, and
 *   neither speaks of the process behind the product (issues, repository paths, raw JSON).
 * - Uncertainty shown: every projection line has its P10–P90 and median.
 * - In headless Chromium, offline: no request, no console error; the explorer's controls change
 *   the figure (checked through the Vega view API); printed to A4, no table is wider than the
 *   page and no text lies outside its figure (report and index page).
 *
 * - Comparison first: every samhandling indicator has its 19-community bar and its funnel plot,
 *   and the bar's data of one indicator are the exported table's rows.
 * - Uncertainty shown: the median of the Monte Carlo runs lies within 2 % of the deterministic
 *   figure at the horizon on every line with at least 100 base-period events (the default 500
 *   runs; a line with fewer events has a skewed redraw, so its median lies lower).
 *
 * The browser part needs Chromium (see scripts/ensure-chromium.sh) and says so when it is missing.
 *
 * `FELLES_REPORT_DEMO_WS=<folder>` runs it on a copy of a demo workspace made before (e.g. by
 * `felles demo`; the folder itself is not touched) instead of building a small one.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  builtinScenario,
  builtinServiceLines,
  loadCohortLibrary,
  loadIndicatorLibrary,
  Workspace,
} from '@felles/core';
import {
  computeReportIndicators,
  runDemo,
  writeReports,
  type ReportIndicators,
  type WriteReportsResult,
} from '@felles/pipelines';
import { CATALOGUE, isBilingual, type Lang } from '@felles/text';
import { CHROMIUM_PATH, hasChromium, launchOffline, openOffline } from './browser.js';

const OUT = fileURLToPath(new URL('../test-output/', import.meta.url));
const HF = 'TELEMARK';
const html: Partial<Record<Lang, string>> = {};
const defTexts: Record<Lang, string[]> = { nb: [], en: [] };
let nb: WriteReportsResult;
let browser: Browser | undefined;
const samhandling: string[] = [];

beforeAll(async () => {
  const dir = join(mkdtempSync(join(tmpdir(), 'felles-report-demo-')), 'demo');
  const given = process.env['FELLES_REPORT_DEMO_WS'];
  let indicators: ReportIndicators | undefined;
  if (given) cpSync(given, dir, { recursive: true });
  else indicators = (await runDemo({ dir, fraction: 0.002 })).indicators;
  const ws = await Workspace.open(dir);
  try {
    if (given) {
      const years = (await ws.db.all<{ y: number }>(
        'SELECT max(year) AS y FROM cohort_count',
      )) as Array<{ y: number }>;
      indicators = await computeReportIndicators(ws, Number(years[0]!.y));
    }
    const pre = indicators ? { precomputedIndicators: indicators } : {};
    // the report's default Monte Carlo runs (500), so that the medians are what a reader sees
    nb = await writeReports(ws, {
      hf: 'all',
      lang: 'nb',
      out: join(dir, 'out', 'nb'),
      png: false,
      ...pre,
    });
    html.nb = readFileSync(nb.reports[HF]!, 'utf8');
    const en = await writeReports(ws, {
      hf: HF,
      lang: 'en',
      out: join(dir, 'out', 'en'),
      png: false,
      ...pre,
    });
    html.en = readFileSync(en.reports[HF]!, 'utf8');
    const add = (v: unknown) => {
      if (isBilingual(v)) {
        defTexts.nb.push(v.nb);
        defTexts.en.push(v.en);
      }
    };
    for (const l of loadIndicatorLibrary(dir).values()) {
      if (l.definition.tags?.includes('samhandling')) samhandling.push(l.definition.id);
      add(l.definition.title);
      add(l.definition.shortTitle);
      for (const b of l.definition.breakdowns ?? []) for (const v of b.values) add(v.label);
    }
    for (const c of (await loadCohortLibrary(ws.db, dir)).cohorts.values()) add(c.definition.title);
    add(builtinScenario('baseline').title);
    for (const l of builtinServiceLines()) add(l.label);
  } finally {
    ws.close();
  }
}, 3_600_000);

afterAll(async () => {
  await browser?.close();
});

/**
 * Everything a reader can see or hover: text, titles, labels, and the explorer's words. Code
 * elements hold names that are the same in every language (table files, run ids, commands).
 */
function readable(page: string): string[] {
  const out: string[] = [];
  for (const m of page.matchAll(/<script type="application\/json"[^>]*>([\s\S]*?)<\/script>/g))
    collectWords(JSON.parse(m[1]!) as unknown, out);
  const body = page
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<code[^>]*>[^<]*<\/code>/g, ' ');
  for (const m of body.matchAll(/\s(?:title|aria-label|alt)="([^"]*)"/g)) out.push(decode(m[1]!));
  for (const t of body.replace(/<[^>]+>/g, '\n').split('\n'))
    if (t.trim()) out.push(decode(t.trim()));
  return out;
}

/** Strings of a Vega spec a reader sees: titles, labels, option labels, data values. */
function collectWords(node: unknown, out: string[]): void {
  if (typeof node === 'string') out.push(node);
  else if (Array.isArray(node)) for (const x of node) collectWords(x, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
      // expressions, field names, internal names and font families are code, not words a
      // reader sees
      if (
        /^(signal|expr|test|field|update|as|calculate|filter|name|type|from|scale|key|role|source|op|groupby|sort|orient|align|baseline|interpolate|shape|format|formatType|encode|marks|stroke|fill|font|fontWeight|fontStyle|cursor|zindex|input|strokeCap)$/.test(
          k,
        ) ||
        /Font$/.test(k)
      )
        continue;
      collectWords(v, out);
    }
}

function decode(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** Pieces of the other language's texts that are not also texts of this language. */
function foreign(lang: Lang): string[] {
  const other: Lang = lang === 'nb' ? 'en' : 'nb';
  const pieces = (s: string) =>
    s
      .split(/\{[A-Za-z]+\}/)
      .map((p) =>
        p
          .trim()
          .replace(/^[:;,.()–-]+|[:;,.()–-]+$/g, '')
          .trim(),
      )
      .filter((p) => p.length >= 5);
  const own = new Set<string>();
  for (const e of Object.values(CATALOGUE)) for (const p of pieces(e[lang])) own.add(p);
  for (const s of defTexts[lang]) for (const p of pieces(s)) own.add(p);
  const theirs = new Set<string>();
  for (const e of Object.values(CATALOGUE))
    if (e.nb !== e.en) for (const p of pieces(e[other])) if (!own.has(p)) theirs.add(p);
  for (const s of defTexts[other]) for (const p of pieces(s)) if (!own.has(p)) theirs.add(p);
  return [...theirs];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function leaks(lang: Lang): string[] {
  const text = readable(html[lang]!).join('\n');
  return foreign(lang).filter((p) =>
    new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(p)}(?![\\p{L}\\p{N}])`, 'u').test(text),
  );
}

const PROCESS =
  /\bissues?\b|felles issue|github|packages\/|docs\/|definitions\/|\.(ts|json)\b|\{\s*"\w+"\s*:/i;

describe('the report speaks one language at a time', () => {
  it('the Norwegian report holds no English string of the catalogue or the definitions', () => {
    expect(html.nb).toContain('<html lang="nb">');
    expect(readable(html.nb!).join(' ')).toContain('Samhandlingsindikatorer');
    expect(foreign('nb').length).toBeGreaterThan(300);
    expect(leaks('nb')).toEqual([]);
  });

  it('the English report holds no Norwegian string of the catalogue or the definitions', () => {
    expect(html.en).toContain('<html lang="en">');
    expect(readable(html.en!).join(' ')).toContain('Samhandling indicators');
    expect(leaks('en')).toEqual([]);
  });

  it('neither speaks of the process behind the product', () => {
    for (const lang of ['nb', 'en'] as const)
      expect(
        readable(html[lang]!).filter((t) => PROCESS.test(t)),
        lang,
      ).toEqual([]);
  });
});

describe('the projection shows its uncertainty', () => {
  it('every line has a P10–P90 interval around a median', () => {
    const table = /<table class="data projection">([\s\S]*?)<\/table>/.exec(html.nb!)![1]!;
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
      .slice(1)
      .map((m) => [...m[1]!.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => decode(c[1]!)));
    expect(rows.length).toBeGreaterThan(10);
    const n = (s: string) =>
      Number(
        s
          .replace(/\u00a0| /g, '')
          .replace(',', '.')
          .replace('−', '-'),
      );
    for (const r of rows) {
      const [p10, p90] = r[6]!.split('–').map(n);
      const p50 = n(r[5]!);
      expect(r[6], r[0]).toMatch(/^[\d\u00a0 ]+–[\d\u00a0 ]+$/);
      expect(p10! <= p50 && p50 <= p90!, r.join(' | ')).toBe(true);
    }
  });

  it('the median lies within 2 % of the deterministic figure at the horizon', () => {
    const summary = csvRows(join(nb.outDir, 'tables', 'projection_summary.csv'));
    const mc = csvRows(join(nb.outDir, 'tables', 'projection_uncertainty.csv'));
    const horizon = new Map(
      summary
        .filter((r) => r['alternative'] === 'MMMM' && r['suppressed'] === 'none')
        .map((r) => [`${r['area_code']}|${r['line_id']}|${r['horizon_year']}`, r]),
    );
    const checked: string[] = [];
    for (const u of mc) {
      const h = horizon.get(`${u['area_code']}|${u['line_id']}|${u['year']}`);
      if (!h || u['quantity'] !== 'volume' || u['suppressed'] !== 'none') continue;
      if (Number(u['base_events']) < 100) continue;
      const det = csvNumber(h['horizon']!);
      const p50 = csvNumber(u['p50']!);
      expect(Math.abs(p50 - det) / det, `${u['area_code']} ${u['line_id']}`).toBeLessThanOrEqual(
        0.02,
      );
      checked.push(u['line_id']!);
    }
    expect(checked.length).toBeGreaterThan(20);
  });
});

/** The rows of a report CSV file (excel-nb: BOM, `;`, quoted fields, decimal comma). */
function csvRows(file: string): Array<Record<string, string>> {
  const lines = readFileSync(file, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n')
    .filter(Boolean);
  const split = (line: string): string[] => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = !quoted;
      else if (c === ';' && !quoted) {
        out.push(cur);
        cur = '';
      } else cur += c;
    }
    out.push(cur);
    return out;
  };
  const head = split(lines[0]!);
  return lines.slice(1).map((l) => {
    const v = split(l);
    return Object.fromEntries(head.map((h, i) => [h, v[i] ?? '']));
  });
}

const csvNumber = (s: string) => Number(s.replace(',', '.'));

describe('comparison first', () => {
  it('every samhandling indicator has a bar of the 19 communities and a funnel plot', () => {
    expect(samhandling.length).toBeGreaterThan(10);
    for (const id of samhandling) {
      expect(html.nb, id).toContain(`id="fig-indicator-bar-${id}"`);
      expect(html.nb, id).toContain(`id="fig-indicator-funnel-${id}"`);
    }
  });

  it('the bar of readmissions shows the exported table: every community, value and interval', () => {
    const id = 'readmission-30d';
    const spec = JSON.parse(
      readFileSync(
        join(nb.outDir, 'figures', HF.toLowerCase(), `fig-indicator-bar-${id}.vl.json`),
        'utf8',
      ),
    ) as {
      vconcat: Array<{ layer: Array<{ data?: { values?: Array<Record<string, unknown>> } }> }>;
    };
    // the layers of the latest year: the shown bars and the hidden ones, once each
    const year = Math.max(
      ...spec.vconcat[0]!.layer.flatMap((l) =>
        (l.data?.values ?? []).map((v) => Number(v['period'])),
      ),
    );
    const drawn = new Map<string, Record<string, unknown>>();
    for (const l of spec.vconcat[0]!.layer)
      for (const v of l.data?.values ?? [])
        if (v['area'] !== undefined && Number(v['period']) === year)
          drawn.set(String(v['area']), v);
    const table = csvRows(join(nb.outDir, 'tables', `${id}.csv`)).filter(
      (r) =>
        r['level'] === 'helsefellesskap' &&
        Number(r['year']) === year &&
        Object.entries(r).every(([k, v]) => !/^(age_|diagnosis_|sex$)/.test(k) || v === 'all'),
    );
    expect(table.length).toBe(19);
    expect(drawn.size).toBe(19);
    for (const r of table) {
      const d = drawn.get(r['area_name']!)!;
      expect(d, r['area_name']).toBeDefined();
      expect(d['suppressed'], r['area_name']).toBe(r['suppressed']);
      for (const c of ['value', 'lower', 'upper'] as const) {
        if (r[c] === '') expect(d[c], `${r['area_name']} ${c}`).toBeNull();
        else expect(d[c] as number, `${r['area_name']} ${c}`).toBeCloseTo(csvNumber(r[c]!), 9);
      }
    }
  });
});

/** Open a page in Chromium, offline; fail with how to get a browser when there is none. */
async function open(
  file: string,
): Promise<{ page: Page; log: Awaited<ReturnType<typeof openOffline>>['log'] }> {
  if (!hasChromium())
    throw new Error(
      `no Chromium at ${CHROMIUM_PATH}; install it with \`sudo apt-get update && sudo apt-get install -y chromium\` ` +
        '(`sh scripts/ensure-chromium.sh` does this as root), or set FELLES_CHROMIUM.',
    );
  browser ??= await launchOffline();
  return openOffline(browser, file);
}

/** Printed to A4: tables no wider than the page, texts inside their figures. */
async function printCheck(page: Page, name: string): Promise<void> {
  await page.emulateMedia({ media: 'print' });
  // A4 with the report's margins (14 mm each side): 182 mm of content at 96 dpi
  await page.setViewportSize({ width: Math.floor((182 / 25.4) * 96), height: 1100 });
  const wide = await page.$$eval('table', (ts) =>
    ts
      .filter((t) => (t as HTMLElement).offsetParent !== null)
      .map((t) => ({
        w: t.scrollWidth,
        page: document.documentElement.clientWidth,
        head: t.querySelector('th')?.textContent ?? '',
      }))
      .filter((x) => x.w > x.page + 1),
  );
  expect(wide, `${name}: tables wider than the page`).toEqual([]);
  const outside = await page.$$eval('figure.felles-figure svg', (svgs) =>
    svgs.flatMap((svg) => {
      const box = svg.getBoundingClientRect();
      if (box.width === 0) return [];
      return [...svg.querySelectorAll('text')]
        .map((t) => ({ b: t.getBoundingClientRect(), t: t.textContent ?? '' }))
        .filter(
          (x) =>
            x.b.width > 0 &&
            (x.b.left < box.left - 1 ||
              x.b.right > box.right + 1 ||
              x.b.top < box.top - 1 ||
              x.b.bottom > box.bottom + 1),
        )
        .map((x) => `${svg.closest('figure')?.id}: ${x.t}`);
    }),
  );
  expect(outside, `${name}: text outside its figure`).toEqual([]);
  mkdirSync(OUT, { recursive: true });
  const pdf = await page.pdf({
    path: join(OUT, `report-demo-${name}.pdf`),
    format: 'A4',
    printBackground: true,
  });
  expect(pdf.length).toBeGreaterThan(10_000);
}

describe('in a browser, offline', () => {
  it('the report: no request, no error, the explorer answers its controls', async () => {
    const { page, log } = await open(nb.reports[HF]!);
    try {
      await page.waitForSelector('figure.interactive[data-ready="true"]', { timeout: 120_000 });
      const id = await page.$eval('figure.interactive', (f) => f.id);
      const state = () =>
        page.evaluate((fid) => {
          const v = (
            window as unknown as { fellesViews: Record<string, { signal(n: string): unknown }> }
          ).fellesViews[fid]!;
          const svg = document.querySelector(`#${fid} svg`)!;
          return {
            view: v.signal('view') as string,
            year: v.signal('year') as number,
            level: v.signal('level') as string,
            title: svg.querySelector('.role-title-text')?.textContent ?? '',
            bars: svg.querySelectorAll('.mark-rect path, .mark-rect rect').length,
            labels: [...svg.querySelectorAll('.role-axis-label text')].map(
              (t) => t.textContent ?? '',
            ),
          };
        }, id);
      const first = await state();
      expect(first.level).toBe('h');
      expect(first.bars).toBeGreaterThan(10);
      // the indicator control, as a reader uses it: another choice, another figure
      const options = await page.$$eval(`#${id} select`, (ss) =>
        [...(ss[0] as HTMLSelectElement).options].map((o) => o.value),
      );
      expect(options.length).toBeGreaterThan(10);
      const next = options.find((o) => o !== first.view)!;
      await page.selectOption(`#${id} select >> nth=0`, next);
      await expect.poll(async () => (await state()).view).toBe(next);
      expect((await state()).title).not.toBe(first.title);
      // the level switch through the Vega view API: the municipalities of the community
      await page.evaluate((fid) => {
        const v = (
          window as unknown as {
            fellesViews: Record<
              string,
              { signal(n: string, x: unknown): { runAsync(): Promise<unknown> } }
            >;
          }
        ).fellesViews[fid]!;
        return v.signal('level', 'm').runAsync();
      }, id);
      const muns = await state();
      expect(muns.level).toBe('m');
      expect(first.labels).toContain('Innlandet');
      expect(muns.labels).toContain('Skien');
      expect(muns.labels).not.toContain('Innlandet');
      expect(log.networkRequests).toEqual([]);
      expect(log.failedRequests).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      expect(log.pageErrors).toEqual([]);
      await printCheck(page, 'telemark');
    } finally {
      await page.context().close();
    }
  });

  it('the index page prints to A4 with every table on the page', async () => {
    const { page, log } = await open(nb.index!);
    try {
      expect(await page.$$eval('table.index', (t) => t.length)).toBeGreaterThanOrEqual(3);
      expect(log.networkRequests).toEqual([]);
      expect(log.consoleErrors).toEqual([]);
      await printCheck(page, 'index');
    } finally {
      await page.context().close();
    }
  });
});
