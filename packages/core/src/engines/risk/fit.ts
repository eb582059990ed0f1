import type { Db } from '../../kernel/db.js';
import { int, lit } from '../../kernel/sql.js';
import {
  fitLogisticWith,
  type LogisticFit,
  type LogisticSums,
  type Matrix,
  type ScoreGroup,
} from '../../stats/index.js';
import { PERSON_YEAR_TABLE } from '../../catalogue/person-year.js';
import type { RiskTerm } from './terms.js';

/** A term's persons and events in the training year (for the coefficient table and the screen). */
export interface TermSupport {
  id: string;
  persons: number;
  events: number;
}

/** Linear predictor of a fit as SQL over a `risk_person` row (intercept first). */
export function linearPredictorSql(terms: readonly RiskTerm[], beta: readonly number[]): string {
  return [lit(beta[0]!), ...terms.map((t, j) => `${lit(beta[j + 1]!)} * ${t.sql}`)].join(' + ');
}

/**
 * Persons with each term (non-zero value) and their outcome events in year `year`, one pass.
 */
export async function termSupport(
  db: Db,
  terms: readonly RiskTerm[],
  year: number,
  outcome: string,
): Promise<TermSupport[]> {
  const cols = terms.flatMap((t, j) => [
    `count(*) FILTER (WHERE ${t.sql} <> 0) AS p${j}`,
    `coalesce(sum(y) FILTER (WHERE ${t.sql} <> 0), 0) AS e${j}`,
  ]);
  const r = await db.all(
    `SELECT ${cols.join(', ')} FROM (SELECT *, ${outcome} AS y FROM ${PERSON_YEAR_TABLE} WHERE year = ${int(year)}) WHERE y IS NOT NULL`,
  );
  return terms.map((t, j) => ({
    id: t.id,
    persons: Number(r[0]![`p${j}`]),
    events: Number(r[0]![`e${j}`]),
  }));
}

/**
 * Fit a logistic model of the outcome in year + 1 on the terms of year `year`, in DuckDB. The
 * person rows are first aggregated to covariate patterns (`risk_pattern`: the terms, persons,
 * events — the sufficient statistics of a logistic model); each Newton step then reads the sums
 * XᵀWX, Xᵀ(y − μ) and −2 log L as one aggregate query over the patterns. JavaScript holds only
 * the p × p sums.
 */
export async function fitRiskModel(
  db: Db,
  terms: readonly RiskTerm[],
  year: number,
  outcome: string,
  ridge: number,
): Promise<LogisticFit> {
  const x = ['1.0', ...terms.map((t) => t.sql)];
  await db.exec(`CREATE OR REPLACE TEMP TABLE risk_pattern AS
    SELECT ${x.map((e, j) => `${e} AS x${j}`).join(', ')}, count(*)::DOUBLE AS n, sum(y)::DOUBLE AS ev
    FROM (SELECT *, ${outcome} AS y FROM ${PERSON_YEAR_TABLE} WHERE year = ${int(year)}) WHERE y IS NOT NULL
    GROUP BY ALL`);
  const p = x.length;
  const sums = async (beta: readonly number[]): Promise<LogisticSums> => {
    const eta = beta.map((b, j) => `${lit(b)} * x${j}`).join(' + ');
    const aggs: string[] = [];
    for (let j = 0; j < p; j++) {
      aggs.push(`sum(x${j} * (ev - n * mu)) AS s${j}`);
      for (let k = 0; k <= j; k++) aggs.push(`sum(w * x${j} * x${k}) AS i${j}_${k}`);
    }
    const r = (
      await db.all(`SELECT ${aggs.join(', ')},
        2 * sum(n * CASE WHEN eta > 0 THEN eta + ln(1 + exp(-eta)) ELSE ln(1 + exp(eta)) END - ev * eta) AS m2ll
      FROM (SELECT *, n * mu * (1 - mu) AS w FROM (
        SELECT *, 1 / (1 + exp(-eta)) AS mu FROM (SELECT *, ${eta} AS eta FROM risk_pattern)))`)
    )[0]!;
    const information: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (let j = 0; j < p; j++)
      for (let k = 0; k <= j; k++) {
        const v = Number(r[`i${j}_${k}`]);
        information[j]![k] = v;
        information[k]![j] = v;
      }
    return {
      information,
      score: Array.from({ length: p }, (_, j) => Number(r[`s${j}`])),
      minus2LogLik: Number(r['m2ll']),
    };
  };
  try {
    return await fitLogisticWith(p, sums, { ridge });
  } finally {
    await db.exec(`DROP TABLE IF EXISTS risk_pattern`);
  }
}

/** Persons of year `year` grouped by predicted probability, with their outcome events. */
export async function scoreGroups(
  db: Db,
  terms: readonly RiskTerm[],
  beta: readonly number[],
  year: number,
  outcome: string,
): Promise<ScoreGroup[]> {
  const rows = await db.all(`SELECT eta, count(*) AS n, sum(y) AS ev FROM (
      SELECT ${linearPredictorSql(terms, beta)} AS eta, ${outcome} AS y
      FROM ${PERSON_YEAR_TABLE} WHERE year = ${int(year)}) WHERE y IS NOT NULL GROUP BY eta ORDER BY eta`);
  return rows.map((r) => ({
    score: 1 / (1 + Math.exp(-Number(r['eta']))),
    n: Number(r['n']),
    events: Number(r['ev']),
  }));
}
