/**
 * The report's standardised prevalence: strata collapse when a stratum has members but no
 * population (hand-computed).
 */
import { describe, expect, it } from 'vitest';
import type { StandardPopulation } from '@felles/core';
import { dsrCollapsing } from '@felles/pipelines';

const standard: StandardPopulation = {
  id: 'test',
  label: 'Test',
  source: 'hand-made',
  strata: [
    { ageFrom: 80, ageTo: 80, sex: 'M', population: 100 },
    { ageFrom: 81, ageTo: 81, sex: 'M', population: 300 },
    { ageFrom: 80, ageTo: 80, sex: 'F', population: 100 },
    { ageFrom: 81, ageTo: 81, sex: 'F', population: 100 },
  ],
};

describe('dsrCollapsing', () => {
  it('uses single ages when every stratum with members has population', () => {
    // M80: 1/10, M81: 2/20 → both 0.1 → 100 per 1 000 whatever the weights.
    const r = dsrCollapsing(
      [
        { ageFrom: 80, ageTo: 80, sex: 'M', events: 1, population: 10 },
        { ageFrom: 81, ageTo: 81, sex: 'M', events: 2, population: 20 },
      ],
      standard,
    );
    expect(r?.value).toBeCloseTo(100, 10);
  });

  it('collapses to a 5-year band when a single age has members but no population', () => {
    // M80: 2 members, 0 residents (fails); band 80–81 M: 3 / 10 → 300 per 1 000.
    const r = dsrCollapsing(
      [
        { ageFrom: 80, ageTo: 80, sex: 'M', events: 2, population: 0 },
        { ageFrom: 81, ageTo: 81, sex: 'M', events: 1, population: 10 },
      ],
      standard,
    );
    expect(r?.value).toBeCloseTo(300, 10);
  });

  it('then merges the sexes, and gives null when nothing works', () => {
    // M band 80–81 has 1 member and 0 residents; both sexes together: (1 + 4) / (0 + 50) = 100 per 1 000.
    const r = dsrCollapsing(
      [
        { ageFrom: 80, ageTo: 80, sex: 'M', events: 1, population: 0 },
        { ageFrom: 80, ageTo: 80, sex: 'F', events: 4, population: 50 },
      ],
      standard,
    );
    expect(r?.value).toBeCloseTo(100, 10);
    expect(
      dsrCollapsing([{ ageFrom: 80, ageTo: 80, sex: 'M', events: 1, population: 0 }], standard),
    ).toBeNull();
  });
});
