/**
 * The report's stylesheet: screen layout and a print stylesheet for a clean A4 PDF from the
 * browser (each main section starts a page, figures and tables are not split, links are plain).
 */
import { FONT_STACK, ROLE_COLORS } from '@felles/charts';

/** CSS of the report and the index page (without the @font-face rules). */
export function reportCss(): string {
  return `
:root { --ink: #1a1a1a; --muted: #5b5b5b; --line: #d6d6d6; --own: ${ROLE_COLORS.own}; --hidden: #8a8a8a; --bg-soft: #f4f6f8; }
* { box-sizing: border-box; }
html { font-family: ${FONT_STACK}; color: var(--ink); font-size: 15px; line-height: 1.45; }
body { margin: 0; background: #fff; }
.page { max-width: 1000px; margin: 0 auto; padding: 24px 32px 64px; }
header.cover { border-bottom: 3px solid var(--own); padding-bottom: 12px; margin-bottom: 16px; }
header.cover h1 { font-size: 30px; margin: 0 0 4px; font-weight: 700; }
header.cover .sub { color: var(--muted); margin: 0; }
.synthetic { background: #fff3cd; border: 1px solid #e0b400; padding: 6px 10px; font-weight: 600; margin: 8px 0 16px; }
nav.toc ol { columns: 2; margin: 4px 0 16px; }
nav.toc a { color: inherit; }
section.report-section { margin-top: 36px; }
h2 { font-size: 22px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin: 0 0 12px; }
h3 { font-size: 17px; margin: 22px 0 8px; }
h4 { font-size: 15px; margin: 14px 0 6px; }
p.lead { font-size: 16px; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(200px, 1fr)); gap: 12px; margin: 12px 0; }
.card { background: var(--bg-soft); border-left: 4px solid var(--own); padding: 10px 12px; }
.card .label { color: var(--muted); font-size: 13px; }
.card .value { font-size: 24px; font-weight: 700; }
.card .note { color: var(--muted); font-size: 12px; }
figure.felles-figure { margin: 16px 0; break-inside: avoid; page-break-inside: avoid; }
figure.felles-figure svg { max-width: 100%; height: auto; display: block; }
figure.felles-figure figcaption { color: var(--muted); font-size: 12px; margin-top: 4px; }
figure.felles-figure .hidden-note { color: var(--hidden); font-style: italic; }
table.data { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13.5px; break-inside: auto; }
table.data td.by-design { color: var(--muted); }
table.data td.quality { white-space: nowrap; color: var(--muted); }
table.data td.caution, .caution { color: #8a4b00; font-weight: 600; }
sup.fn { font-size: 0.7em; margin-left: 1px; }
ol.footnotes { font-size: 12px; color: var(--muted); margin: -8px 0 16px; padding-left: 20px; }
p.definition { color: var(--ink); font-size: 14px; }
p.quality-line, p.rank-line { font-size: 13px; margin: 4px 0; }
div.indicator { border-top: 1px solid var(--line); margin-top: 18px; }
figure.interactive .vega-view { min-height: 200px; }
figure.interactive .vega-bindings, figure.interactive form { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 0 0 8px; font-size: 13px; }
figure.interactive .vega-bind { display: flex; align-items: center; gap: 4px; }
figure.interactive .vega-bind select { max-width: 560px; font: inherit; }
figure.interactive .vega-bind-name { font-weight: 600; }
table.data caption { text-align: left; font-weight: 600; padding-bottom: 4px; }
table.data th, table.data td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
table.data th { background: var(--bg-soft); font-weight: 600; }
table.data .num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.data th.num { white-space: normal; }
table.index { font-size: 12.5px; }
table.index th { vertical-align: bottom; font-size: 12px; }
table.data tr.own td { font-weight: 700; color: var(--own); }
td.hidden-cell, td.missing-cell { color: var(--hidden); font-style: italic; }
.not-available { border: 1px dashed var(--hidden); color: var(--muted); padding: 10px 12px; margin: 10px 0; background: #fafafa; }
.muted { color: var(--muted); }
footer { margin-top: 48px; color: var(--muted); font-size: 12px; border-top: 1px solid var(--line); padding-top: 8px; }
a.back { float: right; font-size: 13px; }
@page { size: A4; margin: 16mm 14mm 18mm; }
@media print {
  html { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  nav.toc, a.back, .screen-only { display: none !important; }
  table.data { font-size: 8.5pt; }
  table.index { font-size: 7.5pt; }
  table.data th, table.data td { padding: 2px 4px; }
  table.data .num { white-space: normal; }
  section.report-section { break-before: page; page-break-before: always; margin-top: 0; }
  section.report-section.first { break-before: auto; page-break-before: auto; }
  h2, h3, h4 { break-after: avoid; page-break-after: avoid; }
  figure.felles-figure, table.data tr, .card { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; text-decoration: none; }
  .synthetic { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
}
