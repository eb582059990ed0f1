/**
 * Numbers and units in the printed tables (felles forecast, project): bokmål with a no-break
 * space between thousands, a decimal comma and a minus sign (Språkrådet), English with a comma
 * between thousands; a hidden figure is ":".
 */
import { describe, expect, it } from 'vitest';
import { fmtNumber, fmtPercent, fmtShare, unitName } from '../packages/cli/src/number-format.js';

const NBSP = '\u00a0';

describe('printed numbers', () => {
  it('bokmål: 12 345,6, −3,2 and 15,3 %; English: 12,345.6, -3.2 and 15.3 %', () => {
    expect(fmtNumber(12345.6, 1, 'nb')).toBe(`12${NBSP}345,6`);
    expect(fmtNumber(-3.21, 1, 'nb')).toBe('\u22123,2');
    expect(fmtShare(0.1534, 1, 'nb')).toBe('15,3 %');
    expect(fmtPercent(-18.44, 1, 'nb')).toBe('\u221218,4 %');
    expect(fmtNumber(12345.6, 1, 'en')).toBe('12,345.6');
    expect(fmtNumber(-3.21, 1, 'en')).toBe('-3.2');
    expect(fmtShare(0.1534, 1, 'en')).toBe('15.3 %');
  });

  it('rounds half away from zero to the digits asked, and a rounded −0 prints as 0', () => {
    expect(fmtNumber(2.345, 2, 'nb')).toBe('2,35');
    expect(fmtNumber(-0.004, 2, 'nb')).toBe('0,00');
    expect(fmtNumber(1583.4, 0, 'nb')).toBe(`1${NBSP}583`);
  });

  it('hidden or missing figures print as ":"', () => {
    expect(fmtNumber(null, 0, 'nb')).toBe(':');
    expect(fmtNumber(Number.NaN, 0, 'en')).toBe(':');
    expect(fmtShare(undefined, 0, 'nb')).toBe(':');
  });

  it('service-line units in the language, unknown units as they are', () => {
    expect(unitName('bed days', 'nb')).toBe('liggedøgn');
    expect(unitName('contacts', 'nb')).toBe('kontakter');
    expect(unitName('bed days', 'en')).toBe('bed days');
    expect(unitName('widgets', 'nb')).toBe('widgets');
  });
});
