/** The report's figure titles, methods and sentences, section by section. */
import type { CataloguePart } from './entry.js';

export const SECTIONS = {
  'report.mainAlternativeShort': {
    nb: 'SSBs hovedalternativ (MMMM)',
    en: "SSB's main alternative (MMMM)",
  },
  'report.demandChangeOf': { nb: 'Endring i behov: {line}', en: 'Change in demand: {line}' },
  'report.best': { nb: 'best', en: 'best' },
  'report.samhandlingAtAGlance': {
    nb: 'Samhandlingsindikatorene i korte trekk',
    en: 'The samhandling indicators at a glance',
  },
  'report.priorityTrendTitle': {
    nb: 'Prioriterte grupper i {area}, per 1 000',
    en: 'Priority groups in {area}, per 1,000',
  },
  'report.crudeMethod': {
    nb: 'Rå rate per 1 000, eksakt Poisson under 10 hendelser, ellers Byar, 95 %',
    en: 'Crude rate per 1,000, exact Poisson below 10 events, Byar above, 95%',
  },
  'report.dsrMethod': {
    nb: 'Direkte standardisert, {standard} som standard, Dobson 95 %',
    en: 'Directly standardised, {standard} as standard, Dobson 95%',
  },
  'report.noCohortInGroup': {
    nb: 'ingen kohort i denne gruppen er kjørt',
    en: 'no cohort of this group has been run',
  },
  'report.overlapTitle': {
    nb: 'Overlapp mellom de prioriterte gruppene, {area}',
    en: 'Overlap between the priority groups, {area}',
  },
  'report.overlapMethod': {
    nb: 'Andel av radgruppen som også er i kolonnegruppen',
    en: 'Share of the row group that is also in the column group',
  },
  'report.demoProjectionSource': {
    nb: 'felles demo-framskriving {table}{vintage}, ikke SSB',
    en: 'felles demo projection {table}{vintage}, not SSB',
  },
  'report.ssbTableSource': { nb: 'SSB tabell {table}{vintage}', en: 'SSB table {table}{vintage}' },
  'report.pyramidTitle': {
    nb: 'Befolkningen i {area} etter alder og kjønn',
    en: 'Population of {area} by age and sex',
  },
  'report.pyramidMethod': {
    nb: 'Registrert 1. januar; framskriving: hovedalternativet MMMM',
    en: 'Registered 1 January; projection: main alternative MMMM',
  },
  'report.populationFan': {
    nb: 'Folketallet i {area}: registrert og SSBs alternativer',
    en: 'Population of {area}: registered and SSB alternatives',
  },
  'report.populationFanDemo': {
    nb: 'Folketallet i {area}: registrert og demo-framskrivingen (ikke SSB)',
    en: 'Population of {area}: registered and the demo projection (not SSB)',
  },
  'report.alternativesNotIntervals': {
    nb: 'SSBs alternativer er scenarier, ikke sannsynlighetsintervaller',
    en: "SSB's alternatives are scenarios, not probability intervals",
  },
  'report.p50': { nb: 'Median (P50)', en: 'Median (P50)' },
  'report.projectionCaption': {
    nb: 'Alternativ {alternative}; P50 og P10–P90 fra {runs} Monte Carlo-trekninger',
    en: 'Alternative {alternative}; P50 and P10–P90 from {runs} Monte Carlo runs',
  },
  'report.fanTitle': {
    nb: '{line}: framskrevet volum, {area}',
    en: '{line}: projected volume, {area}',
  },
  'report.projectionMethod': {
    nb: 'Basisrater × framskrevet befolkning × endringsfaktorer',
    en: 'Base rates × projected population × change factors',
  },
  'report.projectionMethodMc': {
    nb: 'Basisrater × framskrevet befolkning × endringsfaktorer; usikkerhet fra {runs} Monte Carlo-trekninger (frø {seed})',
    en: 'Base rates × projected population × change factors; uncertainty from {runs} Monte Carlo runs (seed {seed})',
  },
  'report.factorDemography': {
    nb: 'Demografi (befolkningsvekst og aldring)',
    en: 'Demography (growth and ageing)',
  },
  'report.factorInteraction': { nb: 'Samspill', en: 'Interaction' },
  'report.waterfallTitle': {
    nb: '{line}: endring {from}–{to} ({alternative})',
    en: '{line}: change {from}–{to} ({alternative})',
  },
  'report.decompositionMethod': {
    nb: 'Dekomponering: demografi, hver endringsfaktor, samspill',
    en: 'Decomposition: demography, each change factor, interaction',
  },
  'report.basePeriodUsed': {
    nb: 'Basisperiode (årene ratene er beregnet på): {years}',
    en: 'Base period (the years the rates are computed on): {years}',
  },
  'report.basePeriodShorter': {
    nb: 'Scenarioet ber om de siste {asked} årene med data; bare {got} år hadde data i alle kildene.',
    en: 'The scenario asks for the latest {asked} years with data; only {got} had data in every source.',
  },
  'report.horizonIs': { nb: 'Horisont: {year}', en: 'Horizon: {year}' },
  'report.alternativesAre': { nb: 'SSB-alternativer: {list}', en: 'SSB alternatives: {list}' },
  'report.monteCarloIs': {
    nb: 'Usikkerhet: {runs} Monte Carlo-trekninger med frø {seed} (samme frø gir samme tall)',
    en: 'Uncertainty: {runs} Monte Carlo runs with seed {seed} (the same seed gives the same figures)',
  },
  'report.monteCarloNone': {
    nb: 'Usikkerhet: ingen Monte Carlo-trekninger (bare SSBs alternativer)',
    en: "Uncertainty: no Monte Carlo runs (SSB's alternatives only)",
  },
  'report.noFactors': {
    nb: 'Ingen endringsfaktorer: bare demografi.',
    en: 'No change factors: demography only.',
  },
  'report.cariesAge': { nb: '{age} år ({index})', en: '{age} years ({index})' },
  'report.cariesTitle': {
    nb: 'Andel kariesfrie etter alder, {year}',
    en: 'Share caries-free by age, {year}',
  },
  'report.cariesMethod': {
    nb: 'Andel av de undersøkte, Wilson 95 %',
    en: 'Proportion of those examined, Wilson 95%',
  },
  'report.dentalUtilisationTitle': {
    nb: 'Andel undersøkt av dem med rett til tannhelsetjenester, {year}',
    en: 'Share examined of the entitled population, {year}',
  },
  'report.dentalMethod': { nb: 'Andel, Wilson 95 %', en: 'Proportion, Wilson 95%' },
  'report.entitled': { nb: 'Med rett', en: 'Entitled' },
  'report.ssbPopulation': {
    nb: 'befolkning 1. januar ({years})',
    en: 'population 1 January ({years})',
  },
  'report.ssbProjection': { nb: 'befolkningsframskriving', en: 'population projection' },
  'report.ssbProjectionDemo': {
    nb: 'demo-framskriving (ikke SSB)',
    en: 'demo projection (not SSB)',
  },
  'report.standardPopulationIs': {
    nb: 'Standardbefolkning for de standardiserte ratene: {standard}.',
    en: 'Standard population of the standardised rates: {standard}.',
  },
  'report.disclosureRule': {
    nb: "Alle tall i rapporten har gått gjennom felles' prikking: antall fra 1 til {threshold} skjules sammen med ratene og andelene som er regnet fra dem, og flere celler skjules slik at ingen skjult verdi kan regnes ut fra en sum. Skjulte verdier vises som «skjult», aldri som 0.",
    en: "Every number in this report has passed felles' disclosure control: counts from 1 to {threshold} are hidden together with the rates and shares derived from them, and further cells are hidden so that no hidden value can be worked out from a total. Hidden values are shown as “suppressed”, never as 0.",
  },
  'report.standardNorway': {
    nb: 'Norges befolkning 1. januar {year}',
    en: "Norway's population on 1 January {year}",
  },
  'report.standardEsp': {
    nb: 'europeisk standardbefolkning {year} (ESP)',
    en: 'European Standard Population {year} (ESP)',
  },
  'report.standardWorkspace': {
    nb: 'befolkningen i dataene {year}',
    en: 'the population in the data, {year}',
  },
  'report.tableFile': { nb: 'Tabellfil', en: 'Table file' },
  'report.rows': { nb: 'Rader', en: 'Rows' },
  'report.primaryCells': { nb: 'Primær', en: 'Primary' },
  'report.secondaryCells': { nb: 'Sekundær', en: 'Secondary' },
  'report.derivedCells': { nb: 'Avledet', en: 'Derived' },
  'report.runManifest': { nb: 'Kjøringsmanifest', en: 'Run manifest' },
  'report.notes': { nb: 'Merknader', en: 'Notes' },
  'report.indexPopulation': { nb: 'Befolkning og behov', en: 'Population and demand' },
  'report.explorerMethod': {
    nb: 'Som for hver indikator: standardisert eller rå rate med 95 % konfidensintervall; traktgrenser 95 % og 99,8 % (Spiegelhalter 2005), utvidet ved overspredning',
    en: 'As for each indicator: standardised or crude rate with 95% confidence interval; funnel limits 95% and 99.8% (Spiegelhalter 2005), widened for overdispersion',
  },
  'defKind.cohort': { nb: 'Kohort', en: 'Cohort' },
  'defKind.indicator': { nb: 'Indikator', en: 'Indicator' },
  'defKind.scenario': { nb: 'Scenario', en: 'Scenario' },
  'defKind.serviceLine': { nb: 'Tjenestelinje', en: 'Service line' },
  'defKind.dental': { nb: 'Tannhelse: prioriterte grupper', en: 'Dental: priority groups' },
  'defKind.codelist': { nb: 'Kodeliste', en: 'Code list' },
  'factorType.trend': { nb: 'Trend', en: 'Trend' },
  'factorType.healthy_ageing': { nb: 'Friskere aldring', en: 'Healthier ageing' },
  'factorType.task_transfer': { nb: 'Oppgaveoverføring', en: 'Task transfer' },
  'factorType.care_shift': {
    nb: 'Vridning mellom omsorgsformer',
    en: 'Shift between forms of care',
  },
  'factorType.los_reduction': { nb: 'Kortere liggetid', en: 'Shorter length of stay' },
  'factorType.efficiency': { nb: 'Effektivisering', en: 'Efficiency' },
} as const satisfies CataloguePart;
