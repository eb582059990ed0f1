/**
 * The diagnosis and fee rows of a KUHR claim set: their checks (each row's claim must be among the
 * bills that passed) and the SQL that folds them per claim.
 */
import { ident } from '../../kernel/sql.js';
import {
  type LoadContext,
  type LoadCounts,
  type StagedInput,
  lengthProblems,
  writeRejects,
} from './context.js';
import { codeNorm, icd10Valid, icpc2Valid, problem, problems } from './expr.js';

const c = (name: string) => `s.${ident(name)}`;

/** The folds a claim set's bills are joined with: per claim, its diagnoses and its fee codes. */
export interface Folds {
  diagOne: string;
  diagMany: string;
  feeOne: string;
  feeMany: string;
}

export const NO_DIAGNOSES = {
  diagOne: `SELECT NULL::VARCHAR AS claim_id, 0::BIGINT AS n, NULL::STRUCT(c VARCHAR, s VARCHAR, m BOOLEAN, u BOOLEAN) AS f WHERE FALSE`,
  diagMany: `SELECT NULL::VARCHAR AS claim_id, []::VARCHAR[] AS icpc2, []::VARCHAR[] AS icd10, []::VARCHAR[] AS icd_da3, NULL::VARCHAR AS main_code, NULL::VARCHAR AS main_system, FALSE AS unknown WHERE FALSE`,
};
export const NO_FEES = {
  feeOne: `SELECT NULL::VARCHAR AS claim_id, 0::BIGINT AS n, NULL::VARCHAR AS fee, NULL::VARCHAR AS contact_type, FALSE AS ooh WHERE FALSE`,
  feeMany: `SELECT NULL::VARCHAR AS claim_id, []::VARCHAR[] AS fee_codes WHERE FALSE`,
};

/** A diagnosis or fee row without its claim id. */
const missingClaim = () =>
  problem(
    `${c('enkeltregning_lnr')} IS NULL`,
    'enkeltregning_lnr',
    c('enkeltregning_lnr'),
    'missing claim id',
  );

/** A diagnosis or fee row whose claim is not among the bills that passed their checks. */
const unknownClaim = () =>
  problem(
    `${c('enkeltregning_lnr')} IS NOT NULL AND ${c('enkeltregning_lnr')} NOT IN (SELECT claim_id FROM ingest_claim_ok)`,
    'enkeltregning_lnr',
    c('enkeltregning_lnr'),
    'claim not found among the loaded bills',
  );

/** Check the diagnosis rows (their claim must be among the bills that passed); their folds. */
export async function checkDiagnoses(
  ctx: LoadContext,
  diags: StagedInput,
): Promise<{ counts: LoadCounts; folds: Pick<Folds, 'diagOne' | 'diagMany'> }> {
  const { db } = ctx;
  const dc = `${diags.table}_chk`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${dc} AS
    SELECT *, ${problems([
      missingClaim(),
      problem(`code IS NULL`, 'diagnoseKode', c('diagnosekode'), 'missing diagnosis code'),
      problem(
        `sys IS NULL`,
        'diagnoseTabell',
        c('diagnosetabell'),
        'invalid code system (expected 1 ICPC-2, 2 ICPC-2B, 3 ICD-10, 4 ICD-DA-3)',
      ),
      problem(
        `${c('erhoveddiagnose')} IS NOT NULL AND ${c('erhoveddiagnose')} NOT IN ('0', '1')`,
        'erHoveddiagnose',
        c('erhoveddiagnose'),
        'invalid main-diagnosis flag (expected 1 or 0)',
      ),
      unknownClaim(),
      ...lengthProblems(diags),
    ])} AS probs
    FROM (SELECT *,
            -- the code-shape check per row here, not inside the aggregate below (10× cheaper there)
            CASE sys WHEN 'icd10' THEN NOT ${icd10Valid('code')} WHEN 'icpc2' THEN NOT ${icpc2Valid('code')} WHEN 'icpc2b' THEN NOT ${icpc2Valid('code')} ELSE FALSE END AS code_unknown
          FROM (SELECT s.*, ${codeNorm(c('diagnosekode'))} AS code,
            CASE ${c('diagnosetabell')} WHEN '1' THEN 'icpc2' WHEN '2' THEN 'icpc2b' WHEN '3' THEN 'icd10' WHEN '4' THEN 'icd_da3' END AS sys
          FROM ${diags.table} s)) s;
  `);
  const rej = await writeRejects(ctx, diags.fileId, dc);
  const ok = Number(await db.value(`SELECT count(*) FROM ${dc} WHERE len(probs) = 0`));
  // Fold in two steps: one narrow GROUP BY gives every claim its row count and first row; only
  // claims with several diagnosis rows (under a tenth of them) go through the list aggregate,
  // which is the expensive part (a list per group).
  const diagOne = `SELECT ${c('enkeltregning_lnr')} AS claim_id, count(*) AS n,
      arg_min({'c': code, 's': sys, 'm': ${c('erhoveddiagnose')} = '1', 'u': code_unknown}, line) AS f
    FROM ${dc} s WHERE len(probs) = 0 GROUP BY 1`;
  const diagMany = `SELECT ${c('enkeltregning_lnr')} AS claim_id,
      coalesce(list_transform(list_sort(list({'l': line, 'c': code}) FILTER (WHERE sys IN ('icpc2', 'icpc2b'))), x -> x.c), []) AS icpc2,
      coalesce(list_transform(list_sort(list({'l': line, 'c': code}) FILTER (WHERE sys = 'icd10')), x -> x.c), []) AS icd10,
      coalesce(list_transform(list_sort(list({'l': line, 'c': code}) FILTER (WHERE sys = 'icd_da3')), x -> x.c), []) AS icd_da3,
      arg_min(code, line) FILTER (WHERE ${c('erhoveddiagnose')} = '1') AS main_code,
      arg_min(sys, line) FILTER (WHERE ${c('erhoveddiagnose')} = '1') AS main_system,
      coalesce(bool_or(code_unknown), FALSE) AS unknown
    FROM ${dc} s SEMI JOIN (SELECT claim_id FROM ingest_claim_dg1 WHERE n > 1) m ON m.claim_id = s.${ident('enkeltregning_lnr')}
    GROUP BY 1`;
  return {
    counts: { fileId: diags.fileId, rowsLoaded: ok, rowsRejected: rej },
    folds: { diagOne, diagMany },
  };
}

/** Check the fee rows (their claim must be among the bills that passed); their folds. */
export async function checkFees(
  ctx: LoadContext,
  fees: StagedInput,
): Promise<{ counts: LoadCounts; folds: Pick<Folds, 'feeOne' | 'feeMany'> }> {
  const { db } = ctx;
  const fc = `${fees.table}_chk`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${fc} AS
    SELECT *, ${problems([
      missingClaim(),
      problem(`fee IS NULL`, 'takstkode', c('takstkode'), 'missing fee code'),
      problem(
        `${c('antall')} IS NOT NULL AND TRY_CAST(replace(${c('antall')}, ',', '.') AS DOUBLE) IS NULL`,
        'antall',
        c('antall'),
        'invalid count',
      ),
      unknownClaim(),
      ...lengthProblems(fees),
    ])} AS probs
    FROM (SELECT s.*, NULLIF(lower(regexp_replace(${c('takstkode')}, '\\s', '', 'g')), '') AS fee FROM ${fees.table} s) s;
  `);
  const rej = await writeRejects(ctx, fees.fileId, fc);
  const ok = Number(await db.value(`SELECT count(*) FROM ${fc} WHERE len(probs) = 0`));
  // As for diagnoses: the contact type and a claim's only fee in one narrow GROUP BY, the sorted
  // list of distinct fee codes only for claims with several fee rows. Lookup: exact code; else an
  // out-of-hours k-variant of a listed code (k → d, or k dropped); else the longest listed prefix.
  const feeOne = `WITH f AS (SELECT ${c('enkeltregning_lnr')} AS claim_id, fee FROM ${fc} s WHERE len(probs) = 0),
    u AS (SELECT DISTINCT fee FROM f),
    lk AS (SELECT f.fee,
      coalesce(
        (SELECT {'t': x.contact_type, 'r': x.rank, 'o': x.out_of_hours} FROM ingest_fee_map x WHERE x.match = 'exact' AND x.code = f.fee),
        CASE WHEN f.fee LIKE '%k' THEN (SELECT {'t': x.contact_type, 'r': x.rank, 'o': TRUE} FROM ingest_fee_map x
          WHERE x.match = 'exact' AND x.code IN (left(f.fee, -1) || 'd', left(f.fee, -1)) ORDER BY x.code DESC LIMIT 1) END,
        (SELECT {'t': x.contact_type, 'r': x.rank, 'o': x.out_of_hours} FROM ingest_fee_map x WHERE x.match = 'prefix' AND starts_with(f.fee, x.code) ORDER BY length(x.code) DESC LIMIT 1)
      ) AS hit FROM u f),
    m AS (SELECT f.claim_id, f.fee, lk.hit.t AS t, lk.hit.r AS r, lk.hit.o AS o FROM f JOIN lk USING (fee))
    SELECT claim_id, count(*) AS n, min(fee) AS fee, arg_min(t, r) AS contact_type, coalesce(bool_or(o), FALSE) AS ooh FROM m GROUP BY 1`;
  const feeMany = `SELECT ${c('enkeltregning_lnr')} AS claim_id, list_sort(list_distinct(list(fee))) AS fee_codes
    FROM ${fc} s SEMI JOIN (SELECT claim_id FROM ingest_claim_fe1 WHERE n > 1) m ON m.claim_id = s.${ident('enkeltregning_lnr')}
    WHERE len(probs) = 0 GROUP BY 1`;
  return {
    counts: { fileId: fees.fileId, rowsLoaded: ok, rowsRejected: rej },
    folds: { feeOne, feeMany },
  };
}
