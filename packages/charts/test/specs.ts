/**
 * One spec per builder from the fixtures: the set the golden and render tests run over.
 */
import {
  areaRatesSpec,
  dentalCariesSpec,
  dentalUtilisationSpec,
  fanChartSpec,
  funnelPlotSpec,
  overlapMatrixSpec,
  populationPyramidSpec,
  trendSpec,
  waterfallSpec,
  type ChartSpec,
} from '../src/index.js';
import * as f from './fixtures.js';

const meta = f.META;

/** Builder name → spec, from the fixtures. */
export function fixtureSpecs(): Record<string, ChartSpec> {
  return {
    'population-pyramid': populationPyramidSpec(f.PYRAMID_ROWS, {
      nowYear: 2025,
      horizonYear: 2040,
      meta,
    }),
    'population-pyramid-single-ages': populationPyramidSpec(f.PYRAMID_SINGLE_AGES, {
      nowYear: 2025,
      horizonYear: 2040,
      lang: 'en',
      meta,
    }),
    'area-rates': areaRatesSpec(f.AREA_ROWS, {
      barPeriod: '2022–2024',
      ownArea: 'Vestfold',
      national: 101.3,
      valueTitle: 'Innleggelser per 1 000 innbyggere 65+',
      meta,
    }),
    'area-rates-en': areaRatesSpec(f.AREA_ROWS, {
      barPeriod: '2022–2024',
      ownArea: 'Vestfold',
      national: 101.3,
      valueTitle: 'Admissions per 1,000 residents 65+',
      lang: 'en',
      meta,
    }),
    funnel: funnelPlotSpec(f.FUNNEL_POINTS, f.FUNNEL_LIMITS, {
      target: 0.15,
      ownUnit: 'Vestfold',
      valueTitle: 'Andel video/telefon',
      denominatorTitle: 'Polikliniske konsultasjoner',
      meta,
    }),
    'funnel-banded': funnelPlotSpec(
      f.FUNNEL_POINTS.map((p) => ({
        ...p,
        position:
          p.value == null
            ? null
            : p.value - 0.15 > 0.035
              ? ('above-99.8' as const)
              : p.value - 0.15 < -0.035
                ? ('below-99.8' as const)
                : Math.abs(p.value - 0.15) > 0.015
                  ? p.value > 0.15
                    ? ('above-95' as const)
                    : ('below-95' as const)
                  : ('within' as const),
      })),
      f.FUNNEL_LIMITS,
      { target: 0.15, ownUnit: 'Vestfold', lang: 'en', meta },
    ),
    trend: trendSpec(f.TREND_ROWS, {
      targets: f.TARGET_ROWS,
      valueFormat: '.0%',
      valueTitle: 'Andel video/telefon',
      highlightSeries: 'Vestfold',
      meta,
    }),
    'trend-19': trendSpec(
      f.HF_NAMES.flatMap((series, i) =>
        [2020, 2021, 2022, 2023, 2024].map((year, k) => ({
          series,
          year,
          value: 0.05 + ((i * 3 + k * 7) % 20) / 200,
        })),
      ).concat(
        [2020, 2021, 2022, 2023, 2024].map((year, k) => ({
          series: 'Norge',
          year,
          value: 0.08 + k * 0.01,
        })),
      ),
      {
        highlightSeries: 'Vestfold',
        referenceSeries: ['Norge'],
        targets: [{ year: 2020, target: 0.15 }],
        valueFormat: '.0%',
        valueTitle: 'Andel video/telefon',
        meta,
      },
    ),
    fan: fanChartSpec(
      { history: f.FAN_HISTORY, ssb: f.FAN_SSB, monteCarlo: f.FAN_MC },
      { valueTitle: 'Liggedøgn per år', meta },
    ),
    waterfall: waterfallSpec(f.WATERFALL_ROWS, { valueTitle: 'Liggedøgn', meta }),
    'overlap-matrix': overlapMatrixSpec(f.OVERLAP_ROWS, { meta }),
    'dental-utilisation': dentalUtilisationSpec(f.DENTAL_UTIL_ROWS, {
      ownCounty: 'Vestfold',
      references: [{ group: 'a) Barn og ungdom 0–18', value: 0.62 }],
      meta,
    }),
    'dental-caries': dentalCariesSpec(f.DENTAL_CARIES_ROWS, { meta, ownCounty: 'Telemark' }),
  };
}
