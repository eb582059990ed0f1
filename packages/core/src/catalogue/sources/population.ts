/**
 * SSB population on 1 January by municipality, sex and single year of age. See docs/architecture.md ("The canonical data model").
 */
import type { CanonicalSource } from '../source-types.js';

/** `population` in the catalogue. */
export const POPULATION: CanonicalSource = {
  table: 'population',
  description: 'SSB population 1 January (municipality × sex × age)',
  idSpace: 'none',
  columns: {
    age: { kind: 'number' },
    sex: { kind: 'string' },
  },
  facts: [
    {
      name: 'population',
      description: 'SSB population 1 January (municipality × sex × age); w = head count',
      idSpace: 'none',
      needsLinkage: false,
      columns: ['age', 'sex'],
      sums: [],
      sql: `SELECT CAST(NULL AS VARCHAR) AS person_id, 'none' AS id_space, year, municipality_code, CAST(NULL AS VARCHAR) AS district_code,
        sex, age, population AS w FROM population`,
      reportingSql: `SELECT DISTINCT year, municipality_code FROM population`,
      reportingUnit: 'municipality-year',
      tables: ['population'],
    },
  ],
};
