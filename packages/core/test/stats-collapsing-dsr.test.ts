/**
 * Direct standardisation with collapsing strata (collapsingDsr), hand-computed on a made-up
 * standard of four 5-year strata.
 */
import { describe, expect, it } from 'vitest';
import { collapsingDsr, type StandardPopulation } from '../src/internal.js';

const standard: StandardPopulation = {
  id: 'test',
  label: 'Test',
  source: 'hand-made',
  strata: [
    { ageFrom: 80, ageTo: 84, sex: 'M', population: 400 },
    { ageFrom: 80, ageTo: 84, sex: 'F', population: 200 },
    { ageFrom: 85, ageTo: 89, sex: 'M', population: 100 },
    { ageFrom: 85, ageTo: 89, sex: 'F', population: 300 },
  ],
};

describe('collapsingDsr', () => {
  it('standardises over 5-year bands × sex when every band with events has population', () => {
    // M80: 1/10 = 0.1, M85: 6/20 = 0.3; weights 400 and 100 → (0.1·400 + 0.3·100) / 500 = 0.14.
    const r = collapsingDsr(
      [
        { band: 80, sex: 'M', events: 1, population: 10 },
        { band: 85, sex: 'M', events: 6, population: 20 },
      ],
      standard,
      1000,
      0.95,
    );
    expect(r?.value).toBeCloseTo(140, 10);
    expect(r?.method).not.toMatch(/both sexes/);
    expect(r?.note ?? '').toBe('');
  });

  it('adds cells of the same band and sex', () => {
    const r = collapsingDsr(
      [
        { band: 80, sex: 'M', events: 1, population: 4 },
        { band: 80, sex: 'M', events: 0, population: 6 },
      ],
      standard,
      1000,
      0.95,
    );
    expect(r?.value).toBeCloseTo(100, 10);
  });

  it('puts the sexes together when a band × sex has events but no population, and says so', () => {
    // M80 2/0 fails; both sexes: band 80: (2 + 1) / (0 + 10) = 0.3 → 300 per 1 000.
    const r = collapsingDsr(
      [
        { band: 80, sex: 'M', events: 2, population: 0 },
        { band: 80, sex: 'F', events: 1, population: 10 },
      ],
      standard,
      1000,
      0.95,
    );
    expect(r?.value).toBeCloseTo(300, 10);
    expect(r?.method).toMatch(/\(5-year bands, both sexes\)$/);
    expect(r?.note).toMatch(/an age band × sex had events but no population/);
  });

  it('then 10-year bands, and null when no population is left', () => {
    // Both sexes, band 80: 1/0 fails; 10-year band 80–89: (1 + 4) / 50 = 0.1 → 100 per 1 000.
    const r = collapsingDsr(
      [
        { band: 80, sex: 'M', events: 1, population: 0 },
        { band: 85, sex: 'F', events: 4, population: 50 },
      ],
      standard,
      1000,
      0.95,
    );
    expect(r?.value).toBeCloseTo(100, 10);
    expect(r?.method).toMatch(/\(10-year bands, both sexes\)$/);
    expect(
      collapsingDsr([{ band: 80, sex: 'M', events: 1, population: 0 }], standard, 1000, 0.95),
    ).toBeNull();
  });
});
