/** Notes the projection engine leaves, by warning code, as the report states them. */
import type { CataloguePart } from './entry.js';

export const NOTES = {
  'projWarning.FACTOR_UNUSED': {
    nb: 'En endringsfaktor i scenarioet gjelder ingen tjenestelinje i denne framskrivingen og er utelatt.',
    en: 'A change factor of the scenario applies to no service line of this projection and is left out.',
  },
  'projWarning.SEVERAL_VINTAGES': {
    nb: 'Flere årganger av befolkningsframskrivingen er lastet; den nyeste er brukt.',
    en: 'Several vintages of the population projection are loaded; the newest is used.',
  },
  'projWarning.HORIZON_TRUNCATED': {
    nb: 'Befolkningsframskrivingen slutter før horisonten; framskrivingen slutter der.',
    en: 'The population projection ends before the horizon; the projection ends there.',
  },
  'projWarning.DEMO_POPULATION': {
    nb: 'Befolkningsframskrivingen er demodata; tallene er ikke virkelige.',
    en: 'The population projection is demo data; the figures are not real.',
  },
  'projWarning.SEXES_COMBINED': {
    nb: 'Befolkningsframskrivingen er ikke fordelt på kjønn; ratene er beregnet for begge kjønn samlet.',
    en: 'The population projection is not by sex; the rates are estimated for both sexes together.',
  },
  'projWarning.AGE_BANDS_FROM_PROJECTION': {
    nb: 'Aldersgruppene følger befolkningsframskrivingens grupper.',
    en: "The age bands follow the population projection's groups.",
  },
  'projWarning.LINES_SKIPPED': {
    nb: 'Noen tjenestelinjer er hoppet over fordi dataene de bygger på, mangler.',
    en: 'Some service lines are skipped because the data they build on are missing.',
  },
  'projWarning.BASE_PERIOD_INFERRED': {
    nb: 'Basisperioden er de siste årene med befolkning og hendelser i alle kilder.',
    en: 'The base period is the latest years with population and events in every source.',
  },
  'projWarning.BASE_YEAR_MISMATCH': {
    nb: 'Basisåret er et annet enn framskrivingens startår; ratene fra basisåret brukes på SSBs framskrevne befolkning.',
    en: "The base year differs from the projection's start year; the base-year rates are applied to SSB's projected population.",
  },
  'projWarning.EVENTS_UNPLACED': {
    nb: 'Noen hendelser i basisperioden har ukjent kjønn, alder eller område og er holdt utenfor ratene.',
    en: 'Some base-period events have unknown sex, age or area and are left out of the rates.',
  },
  'projWarning.LINE_TOO_FEW_EVENTS': {
    nb: 'Noen tjenestelinjer har for få hendelser i hele landet til å kunne publiseres og er utelatt.',
    en: 'Some service lines have too few events in the whole country to be published and are left out.',
  },
  'projWarning.EVENTS_NO_POPULATION': {
    nb: 'Noen hendelser i basisperioden er i områder eller aldersgrupper uten befolkning og er holdt utenfor.',
    en: 'Some base-period events are in areas or age bands without population and are left out.',
  },
  'projWarning.LINE_NO_EVENTS': {
    nb: 'Noen tjenestelinjer har ingen hendelser i basisårene.',
    en: 'Some service lines have no events in the base years.',
  },
  'projWarning.POPULATION_UNMAPPED': {
    nb: 'Noen kommunenumre i befolkningstabellene hører ikke til noe område og er holdt utenfor.',
    en: 'Some municipality codes in the population tables belong to no area and are left out.',
  },
  'projWarning.AREAS_NOT_COVERED': {
    nb: 'Befolkningsframskrivingen dekker ikke alle områdene; områdene uten framskriving er utelatt.',
    en: 'The population projection does not cover every area; the areas without it are left out.',
  },
  'projWarning.TRANSFER_SAME_LEVEL': {
    nb: 'En oppgaveoverføring i scenarioet flytter volum innenfor samme nivå.',
    en: 'A task transfer of the scenario moves volume within one level.',
  },
  'projWarning.EQUAL_WEIGHTS': {
    nb: 'Scenarioet oppgir ingen vekter for befolkningsalternativene; Monte Carlo trekker dem med like vekter.',
    en: 'The scenario states no weights for the population alternatives; Monte Carlo samples them with equal weights.',
  },
  'projWarning.BASE_YEAR_INCOMPLETE': {
    nb: 'Et år med ufullstendige data er holdt utenfor basisperioden.',
    en: 'A year with incomplete data is left out of the base period.',
  },
  'projWarning.COHORTS_NOT_COMPUTED': {
    nb: 'Kohortene er ikke beregnet for basisårene; tjenestelinjene for de prioriterte gruppene er utelatt.',
    en: 'The cohorts are not computed for the base years; the priority-group service lines are left out.',
  },
  'projWarning.PROJECTION_POPULATION_MISMATCH': {
    nb: 'Framskrivingens startbefolkning avviker fra den registrerte befolkningen i noen områder.',
    en: "The projection's start population differs from the registered population in some areas.",
  },
  'projWarning.other': {
    nb: 'Merknad fra framskrivingen (kode {code}).',
    en: 'Note from the projection (code {code}).',
  },
} as const satisfies CataloguePart;
