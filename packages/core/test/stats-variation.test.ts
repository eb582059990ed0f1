import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  expectedByArea,
  extremalRatios,
  systematicComponentOfVariation,
  variationSummary,
} from '../src/internal.js';
import { close } from './stats-helpers.js';

// SKDE's own published test fixture: rateprogram/tests/data/bohf_Agg_rate.csv in
// github.com/SKDE-Analyse/sas_codes, year 2011, 21 hospital catchment areas (bohf): adjusted rate
// (RV_just_rate), residents, stays (observed) and expected stays (ei). The same file gives
// SCV = 1.3185910359, population-weighted SD = 112.95578058 and the unweighted mean
// 1064.3687417 of the adjusted rates (docs/statistics.md).
const SKDE_2011: [string, number, number, number, number][] = [
  ['1', 1054.9071019, 73787, 77669, 75681.515954],
  ['2', 1127.6656208, 184561, 209048, 190706.80077],
  ['3', 1034.0236231, 134668, 141715, 141244.84921],
  ['4', 1264.7024653, 77741, 101451, 82894.912659],
  ['6', 1016.3261947, 131870, 136502, 138829.07267],
  ['7', 1163.6738809, 301558, 344048, 304667.39771],
  ['8', 1225.4624641, 254540, 315587, 264880.56309],
  ['10', 1189.787994, 108201, 130865, 113464.45031],
  ['11', 936.73256238, 420521, 385114, 421375.34803],
  ['12', 969.34400854, 174119, 167254, 177529.4003],
  ['13', 894.85719625, 339045, 285962, 329044.13723],
  ['14', 882.00302269, 277664, 250024, 291256.96308],
  ['15', 923.15612652, 471661, 425848, 474747.11024],
  ['16', 1168.7254991, 249839, 275252, 243570.30509],
  ['17', 1230.7912865, 129337, 133847, 112774.9263],
  ['18', 1077.92946, 128992, 136592, 130650.43921],
  ['19', 985.07694309, 392917, 403203, 422945.03033],
  ['20', 945.85846321, 457844, 434641, 472862.4175],
  ['21', 1038.9630427, 221163, 234367, 231485.65023],
  ['22', 1164.7460147, 170023, 204360, 180294.59029],
  ['23', 1057.0106049, 285819, 298538, 290981.11981],
];
const areas = SKDE_2011.map(([area, rate, population, observed, expected]) => ({
  area,
  rate,
  population,
  observed,
  expected,
}));

describe('SCV (McPherson 1982, as SKDE)', () => {
  it("reproduces SKDE's published SCV for 2011 (21 areas)", () => {
    close(systematicComponentOfVariation(areas), 1.3185910359, 1e-9);
  });
  it('hand-computed two-area example; can be negative', () => {
    // ((120−100)²/100² + (80−100)²/100² − 2/100)/2 × 100 = (0.04 + 0.04 − 0.02)/2 × 100 = 3
    close(
      systematicComponentOfVariation([
        { area: 'a', observed: 120, expected: 100 },
        { area: 'b', observed: 80, expected: 100 },
      ]),
      3,
      1e-12,
    );
    expect(
      systematicComponentOfVariation([
        { area: 'a', observed: 100, expected: 100 },
        { area: 'b', observed: 100, expected: 100 },
      ]),
    ).toBeLessThan(0);
    expect(() => systematicComponentOfVariation([{ area: 'a', observed: 1, expected: 0 }])).toThrow(
      /expected/,
    );
  });
  it('expected counts by indirect standardisation against pooled stratum rates', () => {
    const oe = expectedByArea([
      { area: 'A', stratum: '0-69', events: 10, population: 1000 },
      { area: 'A', stratum: '70+', events: 30, population: 100 },
      { area: 'B', stratum: '0-69', events: 30, population: 2000 },
      { area: 'B', stratum: '70+', events: 90, population: 500 },
    ]);
    // rates: 0–69: 40/3000, 70+: 120/600 → E_A = 1000·40/3000 + 100·0.2 = 33.333…; E_B = 26.667 + 100
    close(oe.find((r) => r.area === 'A')?.expected, 1000 * (40 / 3000) + 20, 1e-12);
    close(oe.find((r) => r.area === 'B')?.expected, 2000 * (40 / 3000) + 100, 1e-12);
    expect(oe.reduce((a, r) => a + r.expected, 0)).toBeCloseTo(160, 10);
  });
});

describe('coefficient of variation', () => {
  it('population-weighted (earlier SKDE programme): SD_w = 112.95578058 over mean_w', () => {
    const rates = areas.map(({ area, rate, population }) => ({ area, rate, population }));
    const n = areas.reduce((a, r) => a + r.population, 0);
    const meanW = areas.reduce((a, r) => a + r.rate * r.population, 0) / n;
    close(coefficientOfVariation(rates, { weighted: true }) * meanW, 112.95578058, 1e-9);
  });
  it('unweighted (SKDE 2024): sample SD with K − 1 over the mean of 1064.3687417', () => {
    const mean = areas.reduce((a, r) => a + r.rate, 0) / areas.length;
    close(mean, 1064.3687417, 1e-9);
    // hand check on 4 values: mean 5, SD (n−1) = √(20/3)
    close(
      coefficientOfVariation([
        { area: 'a', rate: 2 },
        { area: 'b', rate: 4 },
        { area: 'c', rate: 6 },
        { area: 'd', rate: 8 },
      ]),
      Math.sqrt(20 / 3) / 5,
      1e-12,
    );
    close(coefficientOfVariation(areas), 0.11039548925625761, 1e-9);
  });
  it('refuses fewer than 2 areas', () => {
    expect(() => coefficientOfVariation([{ area: 'a', rate: 1 }])).toThrow(/at least 2/);
  });
});

describe('FT1–FT3 (highest/lowest ratios)', () => {
  it('names the areas (SKDE 2011 data)', () => {
    const ft = extremalRatios(areas);
    expect(ft.ft1).toMatchObject({ highest: { area: '4' }, lowest: { area: '14' } });
    close(ft.ft1?.value, 1264.7024653 / 882.00302269, 1e-12);
    expect(ft.ft2).toMatchObject({ highest: { area: '17' }, lowest: { area: '13' } });
    close(ft.ft2?.value, 1230.7912865 / 894.85719625, 1e-12);
    expect(ft.ft3).toMatchObject({ highest: { area: '8' }, lowest: { area: '15' } });
    close(ft.ft3?.value, 1225.4624641 / 923.15612652, 1e-12);
    close(ft.ft1?.value, 1.433898107789715, 1e-9);
  });
  it('needs 2k areas for FTk; a zero lowest rate gives null, not infinity', () => {
    const ft = extremalRatios([
      { area: 'a', rate: 0 },
      { area: 'b', rate: 2 },
      { area: 'c', rate: 3 },
    ]);
    expect(ft.ft1?.value).toBeNull();
    expect(ft.ft2).toBeNull();
  });
  it('breaks ties by area id', () => {
    const ft = extremalRatios([
      { area: 'b', rate: 1 },
      { area: 'a', rate: 1 },
      { area: 'c', rate: 2 },
      { area: 'd', rate: 2 },
    ]);
    expect(ft.ft1?.lowest.area).toBe('a');
    expect(ft.ft1?.highest.area).toBe('d');
  });
});

describe('variation summary', () => {
  it('CV, FT1–FT3 and SCV together, method named', () => {
    const v = variationSummary(areas);
    expect(v.areas).toBe(21);
    close(v.scv, 1.3185910359, 1e-9);
    close(v.cv, 0.11039548925625761, 1e-9);
    expect(v.cvWeighted).toBe(false);
    expect(v.ft3?.lowest.area).toBe('15');
    expect(v.method).toMatch(/CV unweighted/);
    expect(variationSummary(areas.map(({ area, rate }) => ({ area, rate }))).scv).toBeNull();
  });
});
