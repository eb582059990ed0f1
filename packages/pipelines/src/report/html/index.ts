/**
 * The self-contained HTML steering report: disclosed tables → one page per helsefellesskap and
 * an index page. See `docs/report.md`.
 */
export { buildReport, pageHead, contentSecurityPolicy } from './build.js';
export { buildIndexPage, type IndexPageOptions } from './index-page.js';
export { reportCss } from './style.js';
export { rt, groupName, PRIORITY_GROUPS, type TextKey } from './text.js';
export { funnelData, funnelKind, type FunnelData } from './indicator-funnel.js';
export { scriptHash, pageScripts } from './interactive.js';
export type * from './types.js';
