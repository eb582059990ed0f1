import type { Db } from '../../kernel/db.js';
import { int, lit, str } from '../../kernel/sql.js';
import type { DisclosureSchema } from '../../disclosure/index.js';
import { PERSON_YEAR_TABLE } from '../../catalogue/person-year.js';
import { linearPredictorSql } from './fit.js';
import type { RiskModelDefinition, RiskTerm } from './terms.js';

/** Person-level scores kept in the workspace (never exported): for later cohorts such as "top 2 %". */
export const RISK_SCORE_TABLE = 'risk_score';

/** Band labels of a model: `<5 %`, `5–10 %`, …, `≥40 %`. */
export function bandLabels(bands: readonly number[]): string[] {
  const pct = (x: number) => `${Math.round(x * 1000) / 10}`;
  return [
    `<${pct(bands[0]!)} %`,
    ...bands.slice(1).map((b, i) => `${pct(bands[i]!)}–${pct(b)} %`),
    `≥${pct(bands[bands.length - 1]!)} %`,
  ];
}

/** SQL CASE giving the band label of a probability column. */
function bandSql(col: string, bands: readonly number[]): string {
  const labels = bandLabels(bands);
  return `CASE ${bands.map((b, i) => `WHEN ${col} < ${lit(b)} THEN ${str(labels[i]!)}`).join(' ')} ELSE ${str(labels[labels.length - 1]!)} END`;
}

/**
 * Score everyone of year `year` with the fitted model and keep the scores in `risk_score`
 * (replacing earlier scores of the same model and year). Returns the persons scored.
 */
export async function storeScores(
  db: Db,
  model: RiskModelDefinition,
  terms: readonly RiskTerm[],
  beta: readonly number[],
  year: number,
  runId: string,
): Promise<number> {
  await db.exec(`CREATE TABLE IF NOT EXISTS ${RISK_SCORE_TABLE} (
    model_id VARCHAR NOT NULL, model_version VARCHAR NOT NULL, year INTEGER NOT NULL,
    pkey VARCHAR NOT NULL, kpr_id VARCHAR, npr_id VARCHAR, municipality_code VARCHAR,
    probability DOUBLE NOT NULL, band VARCHAR NOT NULL, run_id VARCHAR NOT NULL);
  DELETE FROM ${RISK_SCORE_TABLE} WHERE model_id = ${str(model.id)} AND year = ${int(year)};`);
  return db.run(`INSERT INTO ${RISK_SCORE_TABLE}
    SELECT ${str(model.id)}, ${str(model.version)}, year, pkey, kpr_id, npr_id, municipality_code,
      probability, ${bandSql('probability', model.bands)}, ${str(runId)}
    FROM (SELECT *, 1 / (1 + exp(-(${linearPredictorSql(terms, beta)}))) AS probability
          FROM ${PERSON_YEAR_TABLE} WHERE year = ${int(year)})
    ORDER BY pkey`);
}

/** Area level of the counts table. */
export type RiskLevel = 'helsefellesskap' | 'municipality';

/**
 * Persons and expected events by area × risk band × priority group for the scored year, every
 * combination listed (zeros included). Areas: the country (`NO`), helsefellesskap (`HFF-…`) and,
 * at municipality level, municipalities (`K-…`, `K-unknown` for unknown residence). Priority groups:
 * `all` and every cohort computed for that year (latest version), matched on the person's KPR or
 * NPR id. A person can be in several groups; `all` is not their sum.
 */
export async function riskCountRows(
  db: Db,
  model: RiskModelDefinition,
  year: number,
  level: RiskLevel,
): Promise<Record<string, string | number | null>[]> {
  const Y = int(year);
  const labels = bandLabels(model.bands);
  const hasCohorts =
    Number(
      await db.value(
        `SELECT count(*) FROM information_schema.tables WHERE table_name = 'cohort_member'`,
      ),
    ) > 0;
  const cohortRows = hasCohorts
    ? `UNION ALL
       SELECT DISTINCT s.pkey, c.cohort_id FROM s JOIN cm c ON c.id_space = 'kpr' AND c.person_id = s.kpr_id
       UNION ALL
       SELECT DISTINCT s.pkey, c.cohort_id FROM s JOIN cm c ON c.id_space IN ('npr', 'linked') AND c.person_id = s.npr_id`
    : '';
  const cm = hasCohorts
    ? `, cm AS (SELECT * FROM cohort_member c WHERE year = ${Y}
        AND version = (SELECT max(version) FROM cohort_member x WHERE x.cohort_id = c.cohort_id AND x.year = ${Y}))`
    : '';
  const muni = level === 'municipality';
  return db.all(`
WITH s AS (SELECT * FROM ${RISK_SCORE_TABLE} WHERE model_id = ${str(model.id)} AND year = ${Y})${cm},
g AS (SELECT DISTINCT pkey, grp FROM (SELECT pkey, 'all' AS grp FROM s ${cohortRows})),
per AS (
  SELECT g.grp, s.band, s.probability, CASE WHEN m.code IS NULL THEN 'K-unknown' ELSE 'K-' || m.code END AS k,
    CASE WHEN m.hff_code IS NOT NULL THEN 'HFF-' || m.hff_code END AS h
  FROM s JOIN g USING (pkey) LEFT JOIN municipality m ON m.code = s.municipality_code
),
placed AS (
  SELECT grp, band, 'NO' AS area, probability FROM per
  UNION ALL SELECT grp, band, h, probability FROM per WHERE h IS NOT NULL
  ${muni ? 'UNION ALL SELECT grp, band, k, probability FROM per' : ''}
),
cells AS (
  SELECT grp, coalesce(band, 'all') AS band, area, count(*) AS persons, sum(probability) AS expected
  FROM placed GROUP BY GROUPING SETS ((grp, band, area), (grp, area))
),
areas AS (
  SELECT 'NO' AS area, 'Norge' AS area_name, 'country' AS level
  UNION ALL SELECT DISTINCT 'HFF-' || code, name, 'helsefellesskap' FROM helsefellesskap
  ${muni ? `UNION ALL SELECT 'K-' || code, name, 'municipality' FROM municipality UNION ALL SELECT 'K-unknown', 'ukjent', 'municipality'` : ''}
),
bands AS (SELECT unnest([${[...labels, 'all'].map(str).join(', ')}]) AS band),
groups AS (SELECT DISTINCT grp FROM g)
SELECT ${Y} AS year, a.area, a.area_name, a.level, b.band AS risk_band, gr.grp AS priority_group,
  coalesce(c.persons, 0)::BIGINT AS persons, round(coalesce(c.expected, 0), 1) AS expected_persons
FROM areas a CROSS JOIN bands b CROSS JOIN groups gr
LEFT JOIN cells c ON c.area = a.area AND c.band = b.band AND c.grp = gr.grp
ORDER BY gr.grp = 'all' DESC, gr.grp, a.level, a.area, b.band = 'all', b.band`);
}

/** Disclosure schema of the counts table: persons protected, expected events derived from them. */
export function riskCountSchema(model: RiskModelDefinition): DisclosureSchema {
  return {
    name: 'risk_counts',
    dimensions: [
      'year',
      { column: 'area', total: 'NO' },
      { column: 'risk_band', total: 'all', parts: bandLabels(model.bands) },
      'priority_group',
    ],
    counts: ['persons'],
    derived: { expected_persons: ['persons'] },
    attributes: ['area_name', 'level'],
    cells: {
      measures: { persons: `risk:${model.id}@${model.version}/persons` },
      coordinates: {
        year: 'period',
        area: 'area',
        risk_band: 'risk_band',
        priority_group: 'group',
      },
    },
  };
}
