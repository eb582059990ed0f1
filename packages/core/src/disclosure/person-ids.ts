/**
 * Recognising columns that identify a person (or a single record of a person). A table with such
 * a column is person-level and can never be exported, whatever else it contains.
 */

/**
 * Column names (after {@link normaliseColumnName}) that identify a person or one record of a
 * person: pseudonymous registry ids, national identity numbers, record ids and exact dates of
 * birth or death.
 */
export const PERSON_ID_COLUMNS: readonly string[] = [
  'person_id',
  'personid',
  'person_nr',
  'personnr',
  'personnummer',
  'pid',
  'patient_id',
  'patientid',
  'pasient_id',
  'pasientid',
  'pasient_nr',
  'pasientnr',
  'lopenr',
  'lnr',
  'kpr_lnr',
  'npr_lnr',
  'pasient_lopenr',
  'npr_id',
  'kpr_id',
  'npr_nr',
  'kpr_nr',
  'fnr',
  'fodselsnummer',
  'fodselsnr',
  'pnr',
  'ssn',
  'nin',
  'national_id',
  'dnr',
  'd_nummer',
  'hnr',
  'episode_id',
  'stay_id',
  'claim_id',
  'enkeltregning_lnr',
  'record_id',
  'birth_date',
  'date_of_birth',
  'fodselsdato',
  'death_date',
  'date_of_death',
  'dodsdato',
];

/** Lower case, Norwegian letters folded (æ→ae, ø→o, å→a), anything else but a–z/0–9 → `_`. */
export function normaliseColumnName(name: string): string {
  return name
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/å/g, 'a')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * True when a column name looks like a person identifier: one of {@link PERSON_ID_COLUMNS}, or a
 * name ending in `_person_id`, `_lopenr`, `_lnr`, `_fnr` or `_fodselsnummer` (e.g. `mor_fnr`,
 * `npr_pasient_lopenr`).
 */
export function isPersonIdColumn(name: string): boolean {
  const n = normaliseColumnName(name);
  if (PERSON_ID_COLUMNS.includes(n)) return true;
  return /(^|_)(person_id|lopenr|lnr|fnr|fodselsnummer|fodselsnr|personnummer)$/.test(n);
}
