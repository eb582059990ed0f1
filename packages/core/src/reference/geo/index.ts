/**
 * Geography: municipalities (2024 borders) and their code changes since 2008, city districts,
 * the catchment chain municipality/district → hospital area → health trust → RHF →
 * helsefellesskap, code normalisation and harmonisation helpers, and lookups by code or name.
 * See docs/geography.md.
 */
export {
  installGeography,
  GEOGRAPHY_DIR,
  GEOGRAPHY_FILES,
  GEOGRAPHY_STRUCTURE_YEARS,
} from './install.js';
export {
  municipalityCodeExpr,
  districtCodeExpr,
  harmonisedMunicipalitySelect,
  harmoniseMunicipalityColumn,
  type HarmoniseMode,
  type HarmoniseOptions,
  type HarmoniseReport,
} from './codes.js';
export {
  lookupAreas,
  similarAreas,
  findArea,
  unknownArea,
  label as areaLabel,
  type AreaLevel,
  type AreaRef,
  type LookupOptions,
} from './lookup.js';
export {
  describeArea,
  geoLookup,
  municipalityTargets,
  municipalityHistory,
  type AreaDetails,
  type HospitalAreaRef,
  type MapTarget,
  type MunicipalityChange,
} from './describe.js';
export {
  listHelsefellesskap,
  findHelsefellesskap,
  helsefellesskapMunicipalities,
  type Helsefellesskap,
} from './helsefellesskap.js';
export {
  listAreas,
  listCounties,
  resolveCounties,
  geographyCounts,
  AREA_LIST_LEVELS,
  type AreaListLevel,
  type County,
} from './list.js';
