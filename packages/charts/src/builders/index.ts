/** Spec builders: tidy rows → Vega-Lite spec. */
export * from './area-rates.js';
export * from './dental.js';
export * from './explorer.js';
export * from './fan.js';
export * from './funnel.js';
export * from './overlap.js';
export * from './pyramid.js';
export * from './trend.js';
export * from './waterfall.js';
