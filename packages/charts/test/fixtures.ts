/**
 * Small hand-made fixtures for the chart tests (aggregated, fictitious numbers).
 */
import type {
  AreaRateRow,
  DentalCariesRow,
  DentalUtilisationRow,
  FanHistoryRow,
  FanQuantileRow,
  FanSsbRow,
  FigureMeta,
  FunnelLimitRow,
  FunnelPointRow,
  OverlapRow,
  PyramidRow,
  TargetRow,
  TrendRow,
  WaterfallRow,
} from '../src/index.js';

export const META: FigureMeta = {
  source: 'NPR, KPR; SSB tabell 07459',
  period: '2022–2024',
  method: 'Direkte standardisert, Norge 2024 som standard, Dobson 95 %',
  definitions: [
    { id: 'ind.admissions_65plus', version: '1.0.0' },
    { id: 'cohort.frail_elderly', version: '0.3.1' },
  ],
  manifestId: '20261122T101010123Z-ab12',
};

export const HF_NAMES = [
  'Finnmark',
  'UNN',
  'Nordland',
  'Helgeland',
  'Nord-Trøndelag',
  'St. Olavs',
  'Møre og Romsdal',
  'Førde',
  'Bergen',
  'Fonna',
  'Stavanger',
  'Sørlandet',
  'Telemark',
  'Vestfold',
  'Vestre Viken',
  'Innlandet',
  'Østfold',
  'Akershus',
  'Oslo',
];

const AGE_GROUPS = [
  '0–9',
  '10–19',
  '20–29',
  '30–39',
  '40–49',
  '50–59',
  '60–69',
  '70–79',
  '80–89',
  '90+',
];

export const PYRAMID_ROWS: PyramidRow[] = AGE_GROUPS.flatMap((age, i) =>
  (['M', 'F'] as const).flatMap((sex): PyramidRow[] => [
    age === '90+' && sex === 'M'
      ? { age, sex, year: 2025, population: null, suppressed: 'primary' }
      : {
          age,
          sex,
          year: 2025,
          population: 12000 - i * 900 + (sex === 'F' ? 300 : 0),
          suppressed: 'none',
        },
    { age, sex, year: 2040, population: 11000 - i * 500 + (sex === 'F' ? 500 : 0) },
  ]),
);

export const AREA_ROWS: AreaRateRow[] = HF_NAMES.flatMap((area, i): AreaRateRow[] => {
  const base = 80 + ((i * 37) % 45);
  if (area === 'Helgeland') {
    return [
      { area, period: '2022–2024', value: null, lower: null, upper: null, suppressed: 'primary' },
    ];
  }
  return [
    { area, period: '2022–2024', value: base, lower: base - 4.5, upper: base + 4.8 },
    { area, period: 2022, value: base - 3 },
    { area, period: 2023, value: base + 2.5 },
    { area, period: 2024, value: base + 0.5 },
  ];
});

export const FUNNEL_POINTS: FunnelPointRow[] = HF_NAMES.map((unit, i): FunnelPointRow => ({
  unit,
  denominator: 2000 + i * 1500,
  value: unit === 'Fonna' ? null : 0.1 + ((i * 7) % 11) / 100,
  suppressed: unit === 'Fonna' ? 'derived' : 'none',
}));

/** Wilson-style limits around p = 0.15 (approximate normal limits for the fixture). */
export const FUNNEL_LIMITS: FunnelLimitRow[] = [1000, 2000, 5000, 10000, 20000, 30000].map((d) => {
  const se = Math.sqrt((0.15 * 0.85) / d);
  const r = (x: number) => Math.round(x * 1e5) / 1e5;
  return {
    denominator: d,
    lower95: r(0.15 - 1.96 * se),
    upper95: r(0.15 + 1.96 * se),
    lower998: r(0.15 - 3.09 * se),
    upper998: r(0.15 + 3.09 * se),
  };
});

export const TREND_ROWS: TrendRow[] = [2019, 2020, 2021, 2022, 2023, 2024].flatMap(
  (year, i): TrendRow[] => [
    {
      series: 'Vestfold',
      year,
      value: 0.06 + i * 0.018,
      lower: 0.05 + i * 0.018,
      upper: 0.07 + i * 0.018,
    },
    year === 2021
      ? { series: 'Norge', year, value: null, suppressed: 'secondary' }
      : { series: 'Norge', year, value: 0.07 + i * 0.012 },
  ],
);

export const TARGET_ROWS: TargetRow[] = [
  { year: 2019, target: 0.1 },
  { year: 2022, target: 0.15 },
  { year: 2024, target: 0.15 },
];

export const FAN_HISTORY: FanHistoryRow[] = [2015, 2017, 2019, 2021, 2023, 2025].map((year, i) => ({
  year,
  value: 1000 + i * 40,
}));
export const FAN_SSB: FanSsbRow[] = [2025, 2030, 2035, 2040].flatMap((year, i) => [
  { year, alternative: 'LLML', value: 1200 + i * 40 },
  { year, alternative: 'MMMM', value: 1200 + i * 90 },
  { year, alternative: 'HHMH', value: 1200 + i * 150 },
]);
export const FAN_MC: FanQuantileRow[] = [2025, 2030, 2035, 2040].map((year, i) => ({
  year,
  p10: 1200 + i * 60,
  p50: 1200 + i * 95,
  p90: 1200 + i * 135,
}));

export const WATERFALL_ROWS: WaterfallRow[] = [
  { label: 'Liggedøgn 2024', kind: 'start', value: 52000 },
  { label: 'Befolkningsvekst', kind: 'change', value: 3100 },
  { label: 'Aldring', kind: 'change', value: 9400 },
  { label: 'Endret forbruksrate', kind: 'change', value: -2600 },
  { label: 'Overført til kommunene', kind: 'change', value: null, suppressed: 'secondary' },
  { label: 'Kortere liggetid', kind: 'change', value: -1800 },
  { label: 'Liggedøgn 2040', kind: 'end', value: 60100 },
];

const GROUPS = [
  'Skrøpelige eldre',
  'Alvorlig psykisk lidelse og rus',
  'Barn og unge',
  'Flere kroniske lidelser',
];
export const OVERLAP_ROWS: OverlapRow[] = GROUPS.flatMap((a, i) =>
  GROUPS.map((b, j): OverlapRow => {
    if (a === b) return { rowGroup: a, colGroup: b, count: 1000 * (i + 1), share: 1 };
    if (a === 'Barn og unge' && b === 'Skrøpelige eldre')
      return { rowGroup: a, colGroup: b, count: null, share: null, suppressed: 'primary' };
    return {
      rowGroup: a,
      colGroup: b,
      count: 40 * (i + j + 1),
      share: Math.round((((i + 1) * (j + 2)) / 40) * 1000) / 1000,
    };
  }),
);

const COUNTIES = ['Vestfold', 'Telemark', 'Agder'];
const PRIORITY = ['a) Barn og ungdom 0–18', 'c1) Institusjon', 'c2) Hjemmesykepleie'];
export const DENTAL_UTIL_ROWS: DentalUtilisationRow[] = PRIORITY.flatMap((group, i) =>
  COUNTIES.map((county, j): DentalUtilisationRow =>
    county === 'Telemark' && i === 2
      ? { group, county, value: null, lower: null, upper: null, suppressed: 'primary' }
      : {
          group,
          county,
          value: 0.5 + i * 0.1 + j * 0.05,
          lower: 0.46 + i * 0.1 + j * 0.05,
          upper: 0.54 + i * 0.1 + j * 0.05,
        },
  ),
);

export const DENTAL_CARIES_ROWS: DentalCariesRow[] = ['5 år', '12 år', '18 år'].flatMap(
  (group, i) =>
    COUNTIES.map((county, j): DentalCariesRow =>
      county === 'Agder' && i === 0
        ? { group, county, value: null, suppressed: 'secondary' }
        : {
            group,
            county,
            value: 0.4 + i * 0.8 + j * 0.15,
            lower: 0.3 + i * 0.8 + j * 0.15,
            upper: 0.5 + i * 0.8 + j * 0.15,
          },
    ),
);

/** Single ages 0–40 (more than 30 ages → the horizon year is drawn as an outline). */
export const PYRAMID_SINGLE_AGES: PyramidRow[] = Array.from(
  { length: 41 },
  (_, age) => age,
).flatMap((age) =>
  (['M', 'F'] as const).flatMap((sex): PyramidRow[] => [
    { age, sex, year: 2025, population: 1500 + age * 10 + (sex === 'F' ? 20 : 0) },
    age === 40 && sex === 'F'
      ? { age, sex, year: 2040, population: null, suppressed: 'secondary' }
      : { age, sex, year: 2040, population: 1400 + age * 15 },
  ]),
);
