/**
 * The language catalogue: every entry has Norwegian bokmål and English, neither empty, with the
 * same placeholders; no key is defined in two parts; no entry speaks of the process behind the
 * product (issue numbers, repository paths).
 */
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  CATALOGUE_PARTS,
  hasText,
  localText,
  placeholders,
  text,
  textOr,
} from '@felles/text';

const entries = Object.entries(CATALOGUE);

describe('the language catalogue', () => {
  it('has every entry in both languages, none empty', () => {
    expect(entries.length).toBeGreaterThan(300);
    for (const [key, e] of entries) {
      expect(typeof e.nb, key).toBe('string');
      expect(typeof e.en, key).toBe('string');
      expect(e.nb.trim(), key).not.toBe('');
      expect(e.en.trim(), key).not.toBe('');
    }
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, e] of entries) expect(placeholders(e.nb), key).toEqual(placeholders(e.en));
  });

  it('defines each key in one part only', () => {
    const seen = new Map<string, string>();
    for (const [part, entriesOf] of Object.entries(CATALOGUE_PARTS))
      for (const key of Object.keys(entriesOf)) {
        expect(seen.get(key), `${key} in ${part} and ${seen.get(key)}`).toBeUndefined();
        seen.set(key, part);
      }
    expect(seen.size).toBe(entries.length);
  });

  it('speaks of the product only', () => {
    for (const [key, e] of entries)
      for (const s of [e.nb, e.en]) {
        expect(s, key).not.toMatch(/\bissues?\b|\bfelles-issue|github|\.ts\b|packages\/|docs\//i);
      }
  });

  it('fills placeholders and refuses a missing value', () => {
    expect(text('nb', 'report.rankOf', { rank: 3, of: 19 })).toBe('3 av 19');
    expect(text('en', 'report.rankOf', { rank: 3, of: 19 })).toBe('3 of 19');
    expect(() => text('nb', 'report.rankOf', { rank: 3 })).toThrow(/\{of\}/);
    expect(hasText('unit.per_cent')).toBe(true);
    expect(hasText('unit.furlongs')).toBe(false);
    expect(textOr('en', 'unit.furlongs', 'furlongs')).toBe('furlongs');
    expect(localText({ nb: 'Kols', en: 'COPD' }, 'en')).toBe('COPD');
    expect(localText('Samme', 'nb')).toBe('Samme');
  });
});
