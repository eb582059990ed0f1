/**
 * The report assembler: disclosed tables → one self-contained HTML page per helsefellesskap
 * (inline SVG figures with hover titles, the interactive explorer with the Vega runtime inlined,
 * fonts and CSS inlined, no external URL, a Content-Security-Policy that forbids every request),
 * plus the figures as SVG (and PNG) for the files written beside it.
 */
import { fontFaceCss } from '@felles/charts';
import type { Lang } from '@felles/text';
import { ReportContext } from './context.js';
import { esc, unavailableNote } from './html.js';
import { pageScripts } from './interactive.js';
import { reportCss } from './style.js';
import { methodsSection } from './section-methods.js';
import { populationSection } from './section-population.js';
import { summarySection } from './section-summary.js';
import { prioritySection } from './section-priority.js';
import { indicatorSection } from './section-indicators.js';
import { projectionSection } from './section-projections.js';
import { dentalSection } from './section-dental.js';
import { rt } from './text.js';
import type { BuildReportOptions, BuiltReport, ReportInput, ReportSectionKey } from './types.js';

const SECTIONS: ReadonlyArray<
  [ReportSectionKey, (ctx: ReportContext) => Promise<string> | string]
> = [
  ['summary', summarySection],
  ['population', populationSection],
  ['priorityGroups', prioritySection],
  ['indicators', indicatorSection],
  ['projections', projectionSection],
  ['dental', dentalSection],
  ['methods', methodsSection],
];

/** The policy of every page: no request of any kind; scripts only by their hashes. */
export function contentSecurityPolicy(scriptHashes: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "style-src 'unsafe-inline'",
    'font-src data:',
    'img-src data:',
    ...(scriptHashes.length ? [`script-src ${scriptHashes.join(' ')}`] : []),
  ].join('; ');
}

/** The `<head>` shared by reports and the index page: charset, no referrer, CSP, fonts, CSS. */
export function pageHead(title: string, lang: Lang, scriptHashes: readonly string[] = []): string {
  return `<!DOCTYPE html>
<html lang="${lang === 'en' ? 'en' : 'nb'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(scriptHashes)}">
<meta name="generator" content="felles">
<title>${esc(title)}</title>
<style>${fontFaceCss()}</style>
<style>${reportCss()}</style>
</head>`;
}

/**
 * Build the report of one helsefellesskap. Sections whose data are missing show a "not
 * available" note (class `not-available`) with the reason from `input.unavailable`; every figure
 * is rendered to inline SVG, and the explorer is drawn by the inlined Vega runtime on screen.
 *
 * @throws Error when `options.hf` is not one of `input.hfs`.
 */
export async function buildReport(
  input: ReportInput,
  options: BuildReportOptions,
): Promise<BuiltReport> {
  const lang: Lang = options.lang ?? 'nb';
  const hf = input.hfs.find((h) => h.code === options.hf);
  if (!hf) throw new Error(`unknown helsefellesskap ${options.hf}`);
  const ctx = new ReportContext(input, hf, lang, options);
  const body: string[] = [];
  const unavailable: BuiltReport['unavailable'] = [];
  for (const [key, fn] of SECTIONS) {
    let html: string;
    try {
      html = await fn(ctx);
    } catch (e) {
      // A section that cannot be drawn must not take the report down with it; the error is in
      // the result (and the run's notes), the page says the section is not available.
      html = unavailableNote(rt(lang, 'notAvailable'));
      unavailable.push({ section: key, reason: e instanceof Error ? e.message : String(e) });
    }
    if (/class="not-available"/.test(html) && !/<figure|<table/.test(html)) {
      unavailable.push({
        section: key,
        reason: /<div class="not-available"[^>]*>([^<]*)</.exec(html)?.[1] ?? '',
      });
    }
    body.push(
      `<section class="report-section${key === 'summary' ? ' first' : ''}" id="${key}" data-section="${key}"><h2>${esc(rt(lang, key))}</h2>\n${html}\n</section>`,
    );
  }
  const scripts = await pageScripts(ctx.interactive);
  const title = `${rt(lang, 'reportTitle')} ${input.year} — ${hf.name}`;
  const toc = `<nav class="toc"><strong>${esc(rt(lang, 'toc'))}</strong><ol>${SECTIONS.map(([k]) => `<li><a href="#${k}">${esc(rt(lang, k))}</a></li>`).join('')}</ol></nav>`;
  const html = `${pageHead(title, lang, scripts.hashes)}
<body data-hf="${esc(hf.code)}" data-manifest="${esc(input.manifest.id)}">
<div class="page">
${options.indexHref ? `<a class="back" href="${esc(options.indexHref)}">${esc(rt(lang, 'back'))}</a>` : ''}
<header class="cover"><h1>${esc(hf.name)}</h1><p class="sub">${esc(rt(lang, 'reportTitle'))} ${input.year} · ${esc(rt(lang, 'subtitle'))}</p></header>
${input.synthetic ? `<div class="synthetic" role="alert">${esc(rt(lang, 'synthetic'))}</div>` : ''}
${toc}
<p class="muted">${esc(rt(lang, options.png ? 'tablesNote' : 'tablesNoteNoPng'))}</p>
${body.join('\n')}
<footer>felles${input.manifest.toolVersion ? ` ${esc(input.manifest.toolVersion)}` : ''} · ${esc(rt(lang, 'manifest'))}: ${esc(input.manifest.id)}</footer>
</div>
${scripts.html}
</body>
</html>
`;
  return { html, figures: ctx.figures, unavailable };
}
