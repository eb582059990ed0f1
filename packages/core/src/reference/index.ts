/**
 * Reference data: geography (municipalities, code changes, catchment areas, helsefellesskap) and
 * standard populations. See docs/architecture.md.
 */
export * from './geo/index.js';
export * from './population/index.js';
export * from './standard-population.js';
export { icd10Chapters, type Icd10Chapter } from './icd10-chapters.js';
