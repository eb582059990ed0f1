/**
 * Every built-in definition carries its texts in Norwegian bokmål and English (title,
 * description, caveats, breakdown labels, factor and service-line labels, dental group labels),
 * every unit it names has its words in the catalogue, and sources cite published works: no
 * process words, no repository paths, no raw JSON.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasText, isBilingual } from '@felles/text';

const DEFS = fileURLToPath(new URL('../definitions/', import.meta.url));

function jsonFiles(dir: string): Array<[string, Record<string, unknown>]> {
  return readdirSync(join(DEFS, dir))
    .filter((f) => f.endsWith('.json') && !f.endsWith('.schema.json'))
    .map((f) => [`${dir}/${f}`, JSON.parse(readFileSync(join(DEFS, dir, f), 'utf8'))]);
}

/** Process words and paths that must not reach a reader. */
const PROCESS =
  /\bissue\b|felles issue|github|data-raw|\bdocs\/|definitions\/|\.(ts|py|R|csv|json)\b|[{}]/i;

function bilingual(where: string, value: unknown, required = true): void {
  if (value === undefined && !required) return;
  expect(isBilingual(value), `${where} must be { nb, en }`).toBe(true);
  const v = value as { nb: string; en: string };
  expect(v.nb, where).not.toMatch(PROCESS);
  expect(v.en, where).not.toMatch(PROCESS);
}

function citation(where: string, value: unknown): void {
  expect(typeof value, where).toBe('string');
  expect(String(value), where).not.toMatch(PROCESS);
}

describe('built-in definitions in both languages', () => {
  it('cohorts', () => {
    const files = jsonFiles('cohorts');
    expect(files.length).toBeGreaterThanOrEqual(9);
    for (const [f, d] of files) {
      bilingual(`${f} title`, d['title']);
      bilingual(`${f} description`, d['description']);
      citation(`${f} source`, d['source']);
    }
  });

  it('indicators', () => {
    const files = jsonFiles('indicators');
    expect(files.length).toBeGreaterThanOrEqual(30);
    for (const [f, d] of files) {
      expect(d['titleNo'], f).toBeUndefined();
      bilingual(`${f} title`, d['title']);
      bilingual(`${f} shortTitle`, d['shortTitle']);
      const short = d['shortTitle'] as { nb: string; en: string };
      expect(short.nb.length, `${f} shortTitle nb`).toBeLessThanOrEqual(31);
      expect(short.en.length, `${f} shortTitle en`).toBeLessThanOrEqual(31);
      bilingual(`${f} description`, d['description']);
      bilingual(`${f} caveat`, d['caveat'], false);
      citation(`${f} source`, d['source']);
      expect(hasText(`unit.${String(d['unit'])}`), `${f} unit`).toBe(true);
      for (const b of (d['breakdowns'] ?? []) as Array<Record<string, unknown>>) {
        bilingual(`${f} breakdown ${String(b['id'])}`, b['label']);
        for (const v of b['values'] as Array<Record<string, unknown>>)
          bilingual(`${f} ${String(b['id'])}=${String(v['code'])}`, v['label'], false);
      }
      for (const t of (d['targets'] ?? []) as Array<Record<string, unknown>>)
        citation(`${f} target source`, t['source']);
    }
  });

  it('code lists', () => {
    for (const [f, d] of jsonFiles('codelists')) {
      bilingual(`${f} title`, d['title']);
      bilingual(`${f} description`, d['description']);
      citation(`${f} source`, d['source']);
    }
  });

  it('scenarios', () => {
    for (const [f, d] of jsonFiles('scenarios')) {
      bilingual(`${f} title`, d['title']);
      bilingual(`${f} description`, d['description']);
      for (const x of d['factors'] as Array<Record<string, unknown>>)
        bilingual(`${f} factor ${String(x['id'])}`, x['label']);
    }
  });

  it('service lines, with their units in the catalogue', () => {
    let n = 0;
    for (const [f, d] of jsonFiles('service-lines'))
      for (const l of d['lines'] as Array<Record<string, unknown>>) {
        n++;
        bilingual(`${f} ${String(l['id'])}`, l['label']);
        expect(hasText(`unit.${String(l['unit'])}`), `${f} ${String(l['id'])} unit`).toBe(true);
      }
    expect(n).toBeGreaterThanOrEqual(35);
  });

  it('dental priority groups', () => {
    for (const [f, d] of jsonFiles('dental')) {
      bilingual(`${f} title`, d['title']);
      citation(`${f} source`, d['source']);
      for (const p of d['periods'] as Array<Record<string, unknown>>)
        for (const g of p['groups'] as Array<Record<string, unknown>>) {
          bilingual(`${f} ${String(p['id'])}/${String(g['id'])} label`, g['label']);
          bilingual(`${f} ${String(p['id'])}/${String(g['id'])} shortLabel`, g['shortLabel']);
        }
    }
  });
});
