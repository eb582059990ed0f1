/**
 * The label dictionary: every word a figure prints, in bokmål and English. Builders look words
 * up with `t(lang, key)`; callers can override per figure through the builder's `title` etc.
 */
import type { Lang, SuppressionFlag } from './types.js';

const NB = {
  suppressed: 'skjult',
  missing: 'mangler',
  suppressedPrimary: 'skjult (lite antall)',
  suppressedSecondary: 'skjult (komplementær)',
  suppressedDerived: 'skjult (avledet av skjult tall)',
  source: 'Kilde',
  period: 'Periode',
  method: 'Metode',
  definitions: 'Definisjoner',
  run: 'Kjøring',
  men: 'Menn',
  women: 'Kvinner',
  age: 'Alder',
  population: 'Befolkning',
  persons: 'Personer',
  year: 'År',
  value: 'Verdi',
  rate: 'Rate',
  lower: 'Nedre KI',
  upper: 'Øvre KI',
  national: 'Norge',
  nationalRate: 'Landet',
  community: 'Helsefellesskap',
  own: 'Eget helsefellesskap',
  others: 'Andre helsefellesskap',
  target: 'Mål',
  denominator: 'Nevner',
  share: 'Andel',
  limit95: '95 % grense',
  limit998: '99,8 % grense',
  history: 'Historikk',
  ssbRange: 'SSB-alternativer (lav–høy)',
  demoRange: 'Demo-framskriving, ikke SSB (lav–høy)',
  demoMain: 'Demo-framskriving, hovedalternativ',
  ssbMain: 'SSB hovedalternativ',
  mcRange: 'Usikkerhet P10–P90',
  mcMedian: 'Median (P50)',
  start: 'Start',
  end: 'Slutt',
  increase: 'Økning',
  decrease: 'Nedgang',
  total: 'Sum',
  component: 'Komponent',
  change: 'Endring',
  cohortA: 'Gruppe',
  cohortB: 'Overlapp med',
  shareOfRow: 'Andel av raden',
  count: 'Antall',
  priorityGroup: 'Prioritert gruppe',
  county: 'Fylke',
  examined: 'Andel undersøkt',
  caries: 'Karies',
  cariesMean: 'Gjennomsnittlig DMFT',
  cariesFree: 'Andel kariesfrie',
  ageGroup: 'Aldersgruppe',
  horizon: 'Framskrevet',
  now: 'Nå',
  group: 'Gruppe',
  outsideLimits: 'Utenfor grensene',
  insideLimits: 'Innenfor grensene',
  series: 'Serie',
  position: 'Plassering',
  status: 'Status',
} as const;

/** A key of the label dictionary. */
export type LabelKey = keyof typeof NB;

const EN: Record<LabelKey, string> = {
  suppressed: 'suppressed',
  missing: 'missing',
  suppressedPrimary: 'suppressed (small count)',
  suppressedSecondary: 'suppressed (complementary)',
  suppressedDerived: 'suppressed (derived from a hidden count)',
  source: 'Source',
  period: 'Period',
  method: 'Method',
  definitions: 'Definitions',
  run: 'Run',
  men: 'Men',
  women: 'Women',
  age: 'Age',
  population: 'Population',
  persons: 'Persons',
  year: 'Year',
  value: 'Value',
  rate: 'Rate',
  lower: 'Lower CI',
  upper: 'Upper CI',
  national: 'Norway',
  nationalRate: 'Norway',
  community: 'Health community',
  own: 'Own health community',
  others: 'Other health communities',
  target: 'Target',
  denominator: 'Denominator',
  share: 'Share',
  limit95: '95% limit',
  limit998: '99.8% limit',
  history: 'History',
  ssbRange: 'SSB alternatives (low–high)',
  demoRange: 'Demo projection, not SSB (low–high)',
  demoMain: 'Demo projection, main alternative',
  ssbMain: 'SSB main alternative',
  mcRange: 'Uncertainty P10–P90',
  mcMedian: 'Median (P50)',
  start: 'Start',
  end: 'End',
  increase: 'Increase',
  decrease: 'Decrease',
  total: 'Total',
  component: 'Component',
  change: 'Change',
  cohortA: 'Group',
  cohortB: 'Overlap with',
  shareOfRow: 'Share of row',
  count: 'Count',
  priorityGroup: 'Priority group',
  county: 'County',
  examined: 'Share examined',
  caries: 'Caries',
  cariesMean: 'Mean DMFT',
  cariesFree: 'Share caries-free',
  ageGroup: 'Age group',
  horizon: 'Projected',
  now: 'Now',
  group: 'Group',
  outsideLimits: 'Outside limits',
  insideLimits: 'Within limits',
  series: 'Series',
  position: 'Position',
  status: 'Status',
};

/** The dictionaries, for the report assembler (headings in the same language as figures). */
export const LABELS: Record<Lang, Record<LabelKey, string>> = { nb: NB, en: EN };

/** Look a label up: `t('nb', 'suppressed')` → `skjult`. */
export function t(lang: Lang, key: LabelKey): string {
  return LABELS[lang][key];
}

/** Human label for a suppression flag (`primary` → `skjult (lite antall)`). */
export function suppressionLabel(lang: Lang, flag: SuppressionFlag): string {
  switch (flag) {
    case 'primary':
      return t(lang, 'suppressedPrimary');
    case 'secondary':
      return t(lang, 'suppressedSecondary');
    case 'derived':
      return t(lang, 'suppressedDerived');
    default:
      return '';
  }
}
