/**
 * SQL expressions that turn SSB labels into canonical values. Each takes a SQL expression (a
 * column name of the staging table, never user input) and returns a SQL expression. See
 * docs/ssb-formats.md for the label variants covered.
 */

const AGE_RE = `'^([0-9]+)(?:\\s*-\\s*([0-9]+))?\\s*(\\+)?\\s*(?:år|aar|years?)?\\s*(or older|and older|and over|eller eldre|og eldre|og over)?$'`;
const AGE_TOTAL = `('alle aldre', 'all ages', 'i alt', 'total', 'totalt', 'alder i alt', 'age, total')`;

/** True when an age label is understood. */
export function ageValidSql(e: string): string {
  return `(regexp_matches(lower(trim(${e})), ${AGE_RE}) OR lower(trim(${e})) IN ${AGE_TOTAL})`;
}

/** First age of the label: `0 years` → 0, `1-5 år` → 1, `105 years or older` → 105, `All ages` → 0. */
export function ageFromSql(e: string): string {
  return `CASE WHEN lower(trim(${e})) IN ${AGE_TOTAL} THEN 0 ELSE TRY_CAST(regexp_extract(lower(trim(${e})), ${AGE_RE}, 1) AS INTEGER) END`;
}

/** Last age of the label, NULL when open-ended (`90+`, `90 år eller eldre`, all ages). */
export function ageToSql(e: string): string {
  const a = `lower(trim(${e}))`;
  return `CASE WHEN ${a} IN ${AGE_TOTAL} THEN NULL
    WHEN regexp_extract(${a}, ${AGE_RE}, 3) <> '' OR regexp_extract(${a}, ${AGE_RE}, 4) <> '' THEN NULL
    WHEN regexp_extract(${a}, ${AGE_RE}, 2) <> '' THEN TRY_CAST(regexp_extract(${a}, ${AGE_RE}, 2) AS INTEGER)
    ELSE TRY_CAST(regexp_extract(${a}, ${AGE_RE}, 1) AS INTEGER) END`;
}

/** `'M'`, `'F'`, `'T'` (both sexes) or NULL when not understood. */
export function sexSql(e: string): string {
  const s = `lower(trim(${e}))`;
  return `CASE WHEN ${s} IN ('males', 'male', 'menn', 'mann', 'gutter', 'm', '1') THEN 'M'
    WHEN ${s} IN ('females', 'female', 'kvinner', 'kvinne', 'jenter', 'k', 'f', '2') THEN 'F'
    WHEN ${s} IN ('both sexes', 'begge kjønn', 'total', 'i alt', 'kjønn i alt', 'alle', 't', '0') THEN 'T'
    ELSE NULL END`;
}

/**
 * Projection alternative code from a label: `Hovedalternativet (MMMM)`, `Lav nasjonal vekst LLML`,
 * `Middels nasjonal vekst (Alternativ MMMM)` or a bare `HHMH` → the code; NULL if none. Codes are
 * four letters of L, M, H, K (constant) and 0 (zero) — fertility, life expectancy, internal
 * migration, immigration.
 */
export function alternativeSql(e: string): string {
  return `NULLIF(regexp_extract(trim(${e}), '(?:^|[\\s(])([LMHK0]{4})\\)?$', 1), '')`;
}

/**
 * The code at the start of a region label: `K-3001 Halden` → `3001`, `3001 Halden` → `3001`,
 * `030101a Gamle Oslo` → `030101a`, `F-40 Telemark` → `40`; '' when the label has no code
 * (`K-Rest …`, `K-21-22 Svalbard and Jan Mayen`, plain names such as `Porsgrunn`).
 */
export function regionCodeSql(e: string): string {
  return `regexp_extract(trim(${e}), '^(?:[A-Za-z]{1,2}-)?([0-9]+[a-z]*)(?:\\s|$)', 1)`;
}

/** The name part of a region label (`K-3001 Halden` → `Halden`; a plain name stays as it is). */
export function regionNameSql(e: string): string {
  return `trim(regexp_replace(trim(${e}), '^(?:[A-Za-z]{1,2}-)?[0-9]+[a-z]*(?:\\s+|$)', ''))`;
}
