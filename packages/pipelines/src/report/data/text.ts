/**
 * The few sentences core's report gathering writes ("not available" reasons, notes), in bokmål
 * and English. Headings and figure words live in `@felles/charts`.
 */

/** Language of the report. */
export type ReportLang = 'nb' | 'en';

/** The reasons and notes in one language. */
export function reportText(lang: ReportLang) {
  const en = lang === 'en';
  return {
    population: en ? 'population 1 January' : 'befolkning 1. januar',
    projection: en ? 'population projection' : 'befolkningsframskriving',
    noPopulation: en
      ? 'No data loaded: the workspace has no population (felles ingest population <file>).'
      : 'Ingen data lastet: arbeidsområdet har ingen befolkning (felles ingest population <fil>).',
    noProjectionPopulation: en
      ? 'No data loaded: no SSB population projection in the workspace (felles ingest projection <file>).'
      : 'Ingen data lastet: ingen befolkningsframskriving fra SSB i arbeidsområdet (felles ingest projection <fil>).',
    noCohorts: en
      ? 'No data loaded: no cohorts have been run (felles cohorts run --year <year>).'
      : 'Ingen data lastet: ingen kohorter er kjørt (felles cohorts run --year <år>).',
    noCohortYear: (year: number, years: number[]) =>
      en
        ? `No data loaded: cohorts have not been run for ${year}${years.length ? ` (run for ${years.join(', ')})` : ''}.`
        : `Ingen data lastet: kohortene er ikke kjørt for ${year}${years.length ? ` (kjørt for ${years.join(', ')})` : ''}.`,
    noIndicators: en
      ? 'No data loaded: no samhandling indicator could be computed from the data in the workspace.'
      : 'Ingen data lastet: ingen samhandlingsindikator kunne beregnes fra dataene i arbeidsområdet.',
    indicatorsSkipped: en
      ? 'Not available: the indicators were skipped (--no-indicators).'
      : 'Ikke tilgjengelig: indikatorene ble hoppet over (--no-indicators).',
    indicatorsFailed: en
      ? 'Not available: the indicators could not be computed'
      : 'Ikke tilgjengelig: indikatorene kunne ikke beregnes',
    projectionSkipped: en
      ? 'Not available: the projection was skipped (--no-projection).'
      : 'Ikke tilgjengelig: framskrivingen ble hoppet over (--no-projection).',
    projectionFailed: en
      ? 'Not available: the projection could not be computed'
      : 'Ikke tilgjengelig: framskrivingen kunne ikke beregnes',
    basePeriodClipped: (from: number, first: number) =>
      en
        ? `The scenario's base period starts in ${from}, but population is loaded from ${first}; the projection's base period starts in ${first}.`
        : `Scenarioets basisperiode starter i ${from}, men befolkningen er lastet fra ${first}; framskrivingens basisperiode starter i ${first}.`,
    dentalFailed: en
      ? 'Not available: the dental analysis could not be computed'
      : 'Ikke tilgjengelig: tannhelseanalysen kunne ikke beregnes',
    noDental: (year: number) =>
      en
        ? `No data loaded: no dental records (DOT) for ${year}.`
        : `Ingen data lastet: ingen journaldata fra tannhelsetjenesten (DOT) for ${year}.`,
    synthetic: en
      ? "The workspace holds SYNTHETIC demo data (felles demo); the projection is a DEMO projection, not SSB's."
      : 'Arbeidsområdet har SYNTETISKE demodata (felles demo); framskrivingen er en DEMO-framskriving, ikke SSBs.',
  };
}
