/** @felles/charts — Vega-Lite spec builders, rendering and the HTML report. */
export const CHARTS_PACKAGE = '@felles/charts';
