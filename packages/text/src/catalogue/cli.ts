/** The report command's help and output (`felles report`). */
import type { CataloguePart } from './entry.js';

export const CLI = {
  'cli.reportSummary': {
    nb: 'skriv den selvstendige HTML-rapporten for hvert helsefellesskap',
    en: 'write the self-contained HTML steering report per helsefellesskap',
  },
  'cli.reportDescription': {
    nb: 'Skriver én selvstendig HTML-rapport per helsefellesskap (skrifter, stiler, figurer og Vega-motoren ligger i filen; den åpnes uten nett og skrives ut på A4): sammendrag, befolkning og framskriving, de fire prioriterte gruppene, samhandlingsindikatorene sammenlignet med de andre helsefellesskapene (stolper, traktplott og en interaktiv figur), framskrivinger med usikkerhet og forutsetninger, tannhelsetjenesten og et metodevedlegg. Ved siden av: hver figur som SVG, PNG og Vega-Lite JSON og hver tabell som CSV og XLSX, alt gjennom prikking. Med --hf all skrives de 19 rapportene og en oversiktsside. Deler uten data sier det i stedet for å feile. Kjøringen registreres i et manifest.',
    en: 'Write one self-contained HTML report per helsefellesskap (fonts, styles, figures and the Vega runtime inlined; it opens offline and prints to A4): a summary, population and its projection, the four priority groups, the samhandling indicators compared with the other communities (bars, funnel plots and an interactive figure), projections with their uncertainty and assumptions, the dental service and a methods appendix. Beside it: every figure as SVG, PNG and Vega-Lite JSON, and every table as CSV and XLSX, all through disclosure control. With --hf all, the 19 reports and an index page comparing them. Sections without data say so instead of failing. The run is recorded in a manifest.',
  },
  'cli.optHf': {
    nb: 'helsefellesskapets kode eller navn, eller «all»',
    en: 'helsefellesskap code or name, or "all"',
  },
  'cli.optYear': {
    nb: 'dataår (standard: nyeste år med kohorter, ellers befolkning)',
    en: 'data year (default: the newest year with cohort counts, else population)',
  },
  'cli.optLang': { nb: 'språk: nb eller en', en: 'language: nb or en' },
  'cli.optOut': {
    nb: 'mappe for filene, ny eller tom (standard <arbeidsområde>/out/report); sjekkes før noe beregnes',
    en: 'output folder, new or empty (default <workspace>/out/report); checked before anything is computed',
  },
  'cli.optForce': {
    nb: 'skriv i en mappe som allerede har filer, og erstatt filer med samme navn',
    en: 'write into a folder that already holds files, replacing files of the same name',
  },
  'cli.optScenario': {
    nb: 'framskrivingsscenario (standard det innebygde basisscenarioet)',
    en: 'projection scenario (default the built-in baseline)',
  },
  'cli.optRuns': {
    nb: 'Monte Carlo-trekninger i framskrivingen (0 = bare SSBs alternativer)',
    en: "Monte Carlo runs of the projection (0 = SSB's alternatives only)",
  },
  'cli.optSeed': {
    nb: 'frø for Monte Carlo-trekningene (samme frø gir samme tall)',
    en: 'seed of the Monte Carlo draws (the same seed gives the same figures)',
  },
  'cli.optNoPng': {
    nb: 'ikke skriv PNG-filer av figurene (raskere)',
    en: 'do not write PNG files of the figures (faster)',
  },
  'cli.optNoProjection': {
    nb: 'utelat framskrivingen (det tregeste steget)',
    en: 'leave out the projection (the slowest step)',
  },
  'cli.optNoIndicators': {
    nb: 'utelat samhandlingsindikatorene',
    en: 'leave out the samhandling indicators',
  },
  'cli.reportUnavailable': {
    nb: 'rapport: {section}: {reason}',
    en: 'report: {section}: {reason}',
  },
  'cli.reportWritten': {
    nb: '{figures} figurer, {tables} tabellfiler i {dir}; kjøring {run}',
    en: '{figures} figures, {tables} table files in {dir}; run {run}',
  },
  'cli.reportIndex': { nb: 'oversikt: {file}', en: 'index: {file}' },
} as const satisfies CataloguePart;
