/**
 * Open a local HTML file in headless Chromium (Debian's `chromium`, driven by playwright-core)
 * with the network disabled: every request that is not a `file:` or `data:` URL is aborted and
 * recorded. Used by the report's end-to-end test; see scripts/ensure-chromium.sh.
 */
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Where the Debian package puts the browser; override with `FELLES_CHROMIUM`. */
export const CHROMIUM_PATH = process.env['FELLES_CHROMIUM'] ?? '/usr/bin/chromium';

/** True when a Chromium binary is there to run. */
export function hasChromium(): boolean {
  return existsSync(CHROMIUM_PATH);
}

/** What happened while a page was open. */
export interface PageLog {
  consoleErrors: string[];
  pageErrors: string[];
  /** Requests that failed (including every blocked network request). */
  failedRequests: string[];
  /** Requests to anything but `file:`/`data:`/`about:` — each one is a bug. */
  networkRequests: string[];
}

/** Launch headless Chromium offline. Close it with `browser.close()`. */
export async function launchOffline(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * Open `file` in a new offline page (A4-ish viewport), wait until it has loaded and its fonts are
 * ready, and return the page and everything it logged.
 */
export async function openOffline(
  browser: Browser,
  file: string,
): Promise<{ page: Page; log: PageLog }> {
  const context = await browser.newContext({
    offline: true,
    viewport: { width: 1100, height: 1400 },
    javaScriptEnabled: true,
  });
  const log: PageLog = {
    consoleErrors: [],
    pageErrors: [],
    failedRequests: [],
    networkRequests: [],
  };
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (/^(file|data|about):/.test(url)) return route.continue();
    log.networkRequests.push(url);
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') log.consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => log.pageErrors.push(String(e)));
  page.on('requestfailed', (r) =>
    log.failedRequests.push(`${r.url()} ${r.failure()?.errorText ?? ''}`),
  );
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
  return { page, log };
}
