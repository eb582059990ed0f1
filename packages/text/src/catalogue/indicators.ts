/** Words of the report's indicator section: comparison, ranks, funnel, data quality. */
import type { CataloguePart } from './entry.js';

export const INDICATORS = {
  'report.indicatorsIntro': {
    nb: 'Hver indikator sammenligner helsefellesskapet med de andre 18 og med landet. Stolpene viser verdien for hvert helsefellesskap i siste år (standardisert der indikatoren er det), med konfidensintervall og en prikk for hvert av de foregående årene; eget helsefellesskap er uthevet, den stiplede linjen er landet og den grønne linjen målet der indikatoren har et. Traktplottet viser hvert helsefellesskap mot antallet verdien bygger på: punkter utenfor trakten skiller seg ut mer enn tilfeldig variasjon tilsier.',
    en: 'Each indicator compares the community with the other 18 and with Norway. The bars show the value of every community in the latest year (standardised where the indicator is), with its confidence interval and a dot for each earlier year; the own community is highlighted, the dashed line is Norway and the green line the target where the indicator has one. The funnel plot shows each community against the number its value is based on: points outside the funnel differ more than chance would explain.',
  },
  'report.explorerIntro': {
    nb: 'Velg indikator, år og nivå i figuren under (også kommunene i eget helsefellesskap). Utskriften viser figurene for samhandlingsindikatorene lenger ned.',
    en: 'Choose indicator, year and level in the figure below (also the municipalities of the own community). The printout shows the figures of the samhandling indicators further down.',
  },
  'report.overview': { nb: 'Alle indikatorer i {year}', en: 'All indicators in {year}' },
  'report.overviewIndicator': { nb: 'Indikator', en: 'Indicator' },
  'report.rankOf': { nb: '{rank} av {of}', en: '{rank} of {of}' },
  'report.rankHeader': { nb: 'Plass blant de 19', en: 'Rank among the 19' },
  'report.assessment': { nb: 'Mot landet', en: 'Against Norway' },
  'report.trendHeader': { nb: 'Utvikling', en: 'Trend' },
  'report.quality': { nb: 'Datakvalitet', en: 'Data quality' },
  'report.caution': { nb: 'tolk med varsomhet', en: 'interpret with caution' },
  'report.qualityOk': { nb: 'ingen merknad', en: 'no remarks' },
  'report.qualityLine': {
    nb: 'Datakvalitet {year}: {parts}.',
    en: 'Data quality {year}: {parts}.',
  },
  'report.qualityReporting': {
    nb: '{reporting} av {municipalities} kommuner rapporterte',
    en: '{reporting} of {municipalities} municipalities reported',
  },
  'report.qualityCompleteness': {
    nb: 'kodekompletthet {pct} ({fields})',
    en: 'coding completeness {pct} ({fields})',
  },
  'report.qualityCompletenessAll': { nb: 'kodekompletthet {pct}', en: 'coding completeness {pct}' },
  'report.qualityLinkage': {
    nb: 'koblingsdekning NPR–KPR {pct}',
    en: 'NPR–KPR linkage coverage {pct}',
  },
  'report.qualityHidden': {
    nb: 'tallene bak kvalitetsmålene er skjult av personvernhensyn',
    en: 'the counts behind the quality measures are hidden by disclosure control',
  },
  'report.qualityCaution': {
    nb: 'Tolk med varsomhet: {why}.',
    en: 'Interpret with caution: {why}.',
  },
  'report.qualityNote': {
    nb: '«Tolk med varsomhet» når ikke alle kommunene rapporterte, når kodekompletthet er under {completeness} % eller koblingsdekningen under {linkage} %.',
    en: '"Interpret with caution" when not every municipality reported, coding completeness is below {completeness} % or linkage coverage below {linkage} %.',
  },
  'report.noTargetByDesign': {
    nb: 'Indikatoren har ikke noe nasjonalt mål.',
    en: 'The indicator has no national target.',
  },
  'report.noIntervalByDesign': {
    nb: 'Indikatoren har ikke konfidensintervall: tallene er ikke et utvalg eller ikke Poisson-antall.',
    en: 'The indicator has no confidence interval: the figures are not a sample or not Poisson counts.',
  },
  'report.noRankByDesign': {
    nb: 'Ingen rangering: verken høy eller lav verdi er bedre.',
    en: 'No rank: neither a high nor a low value is better.',
  },
  'report.noTrendByDesign': {
    nb: 'Utvikling krever verdier for minst tre år.',
    en: 'A trend needs values for at least three years.',
  },
  'report.noAssessmentByDesign': {
    nb: 'Ingen sammenligning med landet: indikatoren har ikke konfidensintervall.',
    en: 'No comparison with Norway: the indicator has no confidence interval.',
  },
  'report.trendMethod': {
    nb: 'Utvikling: siste års konfidensintervall sammenlignet med verdien det første året i perioden.',
    en: "Trend: the latest year's confidence interval compared with the value in the first year of the period.",
  },
  'report.direction': { nb: 'Retning: {direction}.', en: 'Direction: {direction}.' },
  'report.rankExplained': {
    nb: 'Plass {rank} av {of} blant helsefellesskapene ({note}); konfidensintervallene tillater plass {best}–{worst}.',
    en: 'Rank {rank} of {of} among the communities ({note}); the confidence intervals allow ranks {best}–{worst}.',
  },
  'report.barTitle': {
    nb: '{title}: de 19 helsefellesskapene, {year}',
    en: '{title}: the 19 communities, {year}',
  },
  'report.funnelTitle': { nb: '{title}: traktplott, {year}', en: '{title}: funnel plot, {year}' },
  'report.funnelCrude': {
    nb: 'Traktplottet viser rå rate (antallene grensene er regnet for); stolpene viser standardisert rate.',
    en: 'The funnel plot shows the crude rate (the counts the limits are computed for); the bars show the standardised rate.',
  },
  'report.noFunnel': {
    nb: 'Ikke traktplott: indikatoren har ingen tellemodell (forholdstall eller vekst), eller landets verdi mangler.',
    en: 'No funnel plot: the indicator has no count model (a ratio or growth), or the national value is missing.',
  },
  'report.denominatorPopulation': { nb: 'Innbyggere', en: 'Residents' },
  'report.denominatorEvents': { nb: 'Antall i nevneren', en: 'Count in the denominator' },
  'report.denominatorCohort': { nb: 'Personer i gruppen', en: 'Persons in the group' },
  'report.explorerView': { nb: 'Indikator', en: 'Indicator' },
  'report.explorerYear': { nb: 'År', en: 'Year' },
  'report.explorerLevel': { nb: 'Nivå', en: 'Level' },
  'report.levelCommunities': { nb: 'De 19 helsefellesskapene', en: 'The 19 health communities' },
  'report.levelMunicipalities': { nb: 'Kommunene i {hf}', en: 'The municipalities of {hf}' },
  'report.explorerTitle': { nb: 'Utforsk indikatorene', en: 'Explore the indicators' },
  'report.otherIndicators': { nb: 'Andre indikatorer', en: 'Other indicators' },
  'report.nationalPlanIndicators': {
    nb: 'Indikatorene i Nasjonal helse- og samhandlingsplan',
    en: 'The indicators of the National Health and Collaboration Plan',
  },
  'report.samhandlingIndicators': {
    nb: 'Samhandlingsindikatorene',
    en: 'The samhandling indicators',
  },
  'report.ciRange': { nb: '{lower}–{upper}', en: '{lower}–{upper}' },
  'report.ci95': { nb: '95 % KI', en: '95% CI' },
  'report.valueYear': { nb: 'Verdi {year}', en: 'Value {year}' },
  'report.national': { nb: 'Norge', en: 'Norway' },
} as const satisfies CataloguePart;
