/** The report's "not available" reasons and notes, written while the data are gathered. */
import type { CataloguePart } from './entry.js';

export const GATHER = {
  'gather.population': { nb: 'befolkning 1. januar', en: 'population 1 January' },
  'gather.projection': { nb: 'befolkningsframskriving', en: 'population projection' },
  'gather.noPopulation': {
    nb: 'Ingen data lastet: arbeidsområdet har ingen befolkning (felles ingest population <fil>).',
    en: 'No data loaded: the workspace has no population (felles ingest population <file>).',
  },
  'gather.noProjectionPopulation': {
    nb: 'Ingen data lastet: ingen befolkningsframskriving fra SSB i arbeidsområdet (felles ingest projection <fil>).',
    en: 'No data loaded: no SSB population projection in the workspace (felles ingest projection <file>).',
  },
  'gather.noCohorts': {
    nb: 'Ingen data lastet: ingen kohorter er kjørt (felles cohorts run --year <år>).',
    en: 'No data loaded: no cohorts have been run (felles cohorts run --year <year>).',
  },
  'gather.noCohortYear': {
    nb: 'Ingen data lastet: kohortene er ikke kjørt for {year}.',
    en: 'No data loaded: cohorts have not been run for {year}.',
  },
  'gather.noCohortYearRun': {
    nb: 'Ingen data lastet: kohortene er ikke kjørt for {year} (kjørt for {years}).',
    en: 'No data loaded: cohorts have not been run for {year} (run for {years}).',
  },
  'gather.noIndicators': {
    nb: 'Ingen data lastet: ingen samhandlingsindikator kunne beregnes fra dataene i arbeidsområdet.',
    en: 'No data loaded: no samhandling indicator could be computed from the data in the workspace.',
  },
  'gather.indicatorsSkipped': {
    nb: 'Ikke tilgjengelig: indikatorene ble hoppet over (--no-indicators).',
    en: 'Not available: the indicators were skipped (--no-indicators).',
  },
  'gather.indicatorsFailed': {
    nb: 'Ikke tilgjengelig: indikatorene kunne ikke beregnes; feilmeldingen står i kjøringsmanifestet.',
    en: 'Not available: the indicators could not be computed; the error is in the run manifest.',
  },
  'gather.projectionSkipped': {
    nb: 'Ikke tilgjengelig: framskrivingen ble hoppet over (--no-projection).',
    en: 'Not available: the projection was skipped (--no-projection).',
  },
  'gather.projectionFailed': {
    nb: 'Ikke tilgjengelig: framskrivingen kunne ikke beregnes; feilmeldingen står i kjøringsmanifestet.',
    en: 'Not available: the projection could not be computed; the error is in the run manifest.',
  },
  'gather.basePeriodClipped': {
    nb: 'Scenarioets basisperiode starter i {from}, men befolkningen er lastet fra {first}; framskrivingens basisperiode starter i {first}.',
    en: "The scenario's base period starts in {from}, but population is loaded from {first}; the projection's base period starts in {first}.",
  },
  'gather.dentalFailed': {
    nb: 'Ikke tilgjengelig: tannhelseanalysen kunne ikke beregnes; feilmeldingen står i kjøringsmanifestet.',
    en: 'Not available: the dental analysis could not be computed; the error is in the run manifest.',
  },
  'gather.noDental': {
    nb: 'Ingen data lastet: ingen journaldata fra tannhelsetjenesten (DOT) for {year}.',
    en: 'No data loaded: no dental records (DOT) for {year}.',
  },
  'gather.synthetic': {
    nb: 'Arbeidsområdet har SYNTETISKE demodata (felles demo); framskrivingen er en DEMO-framskriving, ikke SSBs.',
    en: "The workspace holds SYNTHETIC demo data (felles demo); the projection is a DEMO projection, not SSB's.",
  },
  'gather.indicatorNothing': {
    nb: '{indicator}: ingenting å publisere (alle antall er 0, 1 eller mangler).',
    en: '{indicator}: nothing to publish (every count is 0, 1 or missing).',
  },
  'gather.indicatorsComputedBefore': {
    nb: 'Indikatorene er beregnet i kjøringen {run} og ikke beregnet på nytt.',
    en: 'The indicators were computed in run {run} and not computed again.',
  },
} as const satisfies CataloguePart;
