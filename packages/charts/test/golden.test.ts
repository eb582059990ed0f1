/**
 * Golden files: the Vega-Lite JSON of every builder and the SVG it renders to.
 * Regenerate after an intended change with `UPDATE_GOLDEN=1 npx vitest run packages/charts`
 * and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { renderSvg, specToJson } from '../src/index.js';
import { fixtureSpecs } from './specs.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const UPDATE = process.env.UPDATE_GOLDEN === '1';

function checkGolden(file: string, actual: string): void {
  const path = join(GOLDEN, file);
  if (UPDATE || !existsSync(path)) {
    if (!UPDATE) throw new Error(`golden file ${file} missing: run with UPDATE_GOLDEN=1`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(path, actual);
    return;
  }
  const expected = readFileSync(path, 'utf8');
  // JSON is compared as data, so reformatting the golden file (e.g. by prettier) does not matter.
  if (file.endsWith('.json')) expect(JSON.parse(actual)).toEqual(JSON.parse(expected));
  else expect(actual).toBe(expected);
}

describe('golden specs and SVGs', () => {
  const specs = fixtureSpecs();
  for (const [name, spec] of Object.entries(specs)) {
    it(`${name}: spec JSON matches golden`, () => {
      checkGolden(`${name}.vl.json`, specToJson(spec));
    });
    it(`${name}: SVG matches golden`, async () => {
      checkGolden(`${name}.svg`, await renderSvg(spec));
    });
  }
});
