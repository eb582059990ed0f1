#!/usr/bin/env node
/**
 * Screenshots of a steering report for the README: the top of the page, the samhandling
 * indicators and the projections, as PNG files in docs/img/.
 *
 *   node scripts/report-screenshots.mjs <report.html> [out-folder]
 *
 * The report is opened from file:// in headless Chromium (Debian's chromium, or FELLES_CHROMIUM;
 * scripts/ensure-chromium.sh installs it) with every request refused, at 1300 × 900 CSS pixels.
 * Made from the demo workspace: `felles demo`, then the Telemark report of it.
 */
/* global process, document, window */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [file, outArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write('usage: node scripts/report-screenshots.mjs <report.html> [out-folder]\n');
  process.exit(2);
}
const out = resolve(outArg ?? 'docs/img');
mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env['FELLES_CHROMIUM'] ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
});
try {
  const context = await browser.newContext({
    offline: true,
    viewport: { width: 1300, height: 900 },
  });
  await context.route('**/*', (route) =>
    /^(file|data|about):/.test(route.request().url()) ? route.continue() : route.abort(),
  );
  const page = await context.newPage();
  await page.goto(pathToFileURL(resolve(file)).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  await page
    .waitForSelector('figure.interactive[data-ready="true"]', { timeout: 120_000 })
    .catch(() => undefined);
  const shots = [
    ['report-top.png', null],
    ['report-indicators.png', 'section#indicators'],
    ['report-projections.png', 'section#projections'],
  ];
  for (const [name, selector] of shots) {
    if (selector) {
      if (!(await page.$(selector))) throw new Error(`no ${selector} in ${file}`);
      await page.evaluate((s) => document.querySelector(s).scrollIntoView(), selector);
    } else await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(out, name) });
    process.stdout.write(`${join(out, name)}\n`);
  }
} finally {
  await browser.close();
}
