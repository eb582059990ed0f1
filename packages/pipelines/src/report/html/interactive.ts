/**
 * The interactive part of a report, still one offline file: the Vega runtime and vega-embed are
 * inlined as scripts, each interactive figure's compiled Vega spec sits in the page as JSON, and
 * a small boot script embeds them (SVG renderer, the CSP-safe expression interpreter, no
 * actions menu, no loader that could reach the network). The Content-Security-Policy keeps
 * `default-src 'none'` — no request of any kind — and allows exactly these scripts by their
 * SHA-256 hashes; nothing is evaluated from strings.
 */
import { createHash } from 'node:crypto';
import { vegaEmbedScript, vegaRuntimeScript } from '@felles/charts';
import type { InteractiveFigure } from './context.js';

/** The boot script: embed every `div.vega-view`, keep the views in `window.fellesViews`. */
const BOOT = `(function () {
  'use strict';
  var views = {};
  window.fellesViews = views;
  var offline = vega.loader();
  offline.load = offline.sanitize = offline.http = offline.file = function (uri) {
    return Promise.reject(new Error('felles report: offline, refusing to load ' + uri));
  };
  var nodes = document.querySelectorAll('div.vega-view[data-spec]');
  Array.prototype.forEach.call(nodes, function (el) {
    var figure = el.closest('figure');
    var spec = JSON.parse(document.getElementById(el.getAttribute('data-spec')).textContent);
    vegaEmbed(el, spec, {
      mode: 'vega',
      renderer: 'svg',
      actions: false,
      ast: true,
      loader: offline,
      defaultStyle: true
    }).then(function (result) {
      views[figure.id] = result.view;
      figure.setAttribute('data-ready', 'true');
    }).catch(function (e) {
      figure.setAttribute('data-error', String(e));
      console.error(e);
    });
  });
})();`;

/** SHA-256 of a script's text for the Content-Security-Policy (`'sha256-…'`). */
export function scriptHash(body: string): string {
  return `'sha256-${createHash('sha256').update(body, 'utf8').digest('base64')}'`;
}

/** The scripts of a page with interactive figures, and their CSP hashes. */
export interface PageScripts {
  /** HTML: the JSON specs, then the runtime and the boot script (end of `<body>`). */
  html: string;
  /** CSP `script-src` sources (hashes); empty when the page has no interactive figure. */
  hashes: string[];
}

/** The scripts for the given interactive figures (nothing when there are none). */
export async function pageScripts(figures: readonly InteractiveFigure[]): Promise<PageScripts> {
  if (!figures.length) return { html: '', hashes: [] };
  // the schema address is for editors, not for the page (the runtime does not read it)
  const compiled = (await Promise.all(figures.map((f) => f.spec))).map((spec) => {
    const { $schema: _schema, ...rest } = spec as Record<string, unknown>;
    return rest;
  });
  const specs = figures
    .map(
      (f, i) =>
        // `<` as \u003c: the JSON can hold no `</script` or `<!--` and still parses as JSON
        `<script type="application/json" id="${f.id}-spec">${JSON.stringify(compiled[i]).replace(/</g, '\\u003c')}</script>`,
    )
    .join('\n');
  const bodies = [vegaRuntimeScript(), vegaEmbedScript(), BOOT];
  return {
    html: `${specs}\n${bodies.map((b) => `<script>${b}</script>`).join('\n')}`,
    hashes: bodies.map(scriptHash),
  };
}
