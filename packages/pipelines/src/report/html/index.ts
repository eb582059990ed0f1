/**
 * The self-contained HTML steering report: disclosed tables → one page per helsefellesskap and
 * an index page. See `docs/report.md`.
 */
export { buildReport, pageHead } from './build.js';
export { buildIndexPage, type IndexPageOptions } from './index-page.js';
export { reportCss } from './style.js';
export { rt, PRIORITY_GROUPS, type TextKey } from './text.js';
export type * from './types.js';
