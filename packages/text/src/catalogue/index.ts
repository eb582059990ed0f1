/**
 * The whole catalogue: the parts merged into one object. A key lives in exactly one part (a
 * test checks that no part repeats another's key).
 */
import { CHART } from './chart.js';
import { CLI } from './cli.js';
import { DATA } from './data.js';
import { EXPORT } from './export.js';
import { GATHER } from './gather.js';
import { INDICATORS } from './indicators.js';
import { NOTES } from './notes.js';
import { REPORT } from './report.js';
import { SECTIONS } from './sections.js';

/** Every part, for the tests (a key defined twice would be hidden by the merge). */
export const CATALOGUE_PARTS = {
  CHART,
  CLI,
  DATA,
  EXPORT,
  GATHER,
  INDICATORS,
  NOTES,
  REPORT,
  SECTIONS,
} as const;

/** Every entry of the catalogue by key. */
export const CATALOGUE = {
  ...CHART,
  ...CLI,
  ...DATA,
  ...EXPORT,
  ...GATHER,
  ...INDICATORS,
  ...NOTES,
  ...REPORT,
  ...SECTIONS,
} as const;

/** A key of the catalogue. */
export type TextKey = keyof typeof CATALOGUE;
