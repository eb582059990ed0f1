import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { ident, int } from '../../kernel/sql.js';
import {
  birthYearOk,
  codeNorm,
  dateExpr,
  icd10Valid,
  icpc2Valid,
  intExpr,
  problem,
  problems,
  sexExpr,
  sexInvalid,
} from './expr.js';
import {
  type LoadContext,
  type LoadCounts,
  type StagedInput,
  dateWindowProblem,
  lengthProblems,
  writeParseRejects,
  writeRejects,
} from './context.js';
import { districtExpr, muniMalformed, muniNorm, muniTarget } from './municipality.js';

const c = (name: string) => `s.${ident(name)}`;

/**
 * DuckDB memory a claims load needs per bill (checked rows, fold, joins), with room to spare: one
 * national year (24.3 M bills with 26 M diagnosis and 29 M fee rows) loaded in one pass close to
 * the default limit of a 24 GB machine (9,642 MB); at 400 bytes it now loads in two parts, and
 * three national years in four.
 */
const BYTES_PER_BILL = 400;

/**
 * How many bills to load in one part: the DuckDB memory limit over {@link BYTES_PER_BILL}.
 * `FELLES_CLAIM_PART_ROWS` overrides it (tests use it to exercise parts).
 */
export async function claimsPerPart(db: Db): Promise<number> {
  const raw = process.env['FELLES_CLAIM_PART_ROWS'];
  if (raw !== undefined && raw !== '') {
    const forced = Number(raw);
    if (!Number.isInteger(forced) || forced <= 0)
      throw new UsageError(
        'BAD_ENVIRONMENT',
        `FELLES_CLAIM_PART_ROWS must be a whole number of bills above 0, got "${raw}"`,
      );
    return forced;
  }
  const v = String(await db.value(`SELECT current_setting('memory_limit')`));
  const m = /^([\d.]+)\s*(bytes|[KMGT]i?B)$/i.exec(v.trim());
  if (!m) return 20_000_000;
  const unit = m[2]!.toUpperCase();
  const power = ['BYTES', 'K', 'M', 'G', 'T'].indexOf(unit === 'BYTES' ? unit : unit[0]!);
  const mult = (unit.includes('I') ? 1024 : 1000) ** power;
  return Math.max(1_000_000, Math.floor((Number(m[1]) * mult) / BYTES_PER_BILL));
}

/**
 * Load a KUHR claim set (bills + optional diagnoses and fees files) into `primary_contact`: one
 * row per bill, its diagnoses folded into code arrays by system, its fee codes into `fee_codes`
 * and the contact type derived from them (most resource-heavy type wins; out-of-hours `k`
 * variants). Diagnosis and fee rows of a bill that is not in the bills file are rejected.
 *
 * Large claim sets (several national years) are loaded in parts by a hash of the claim id, so that
 * the checked rows, the fold and its joins of one part stay near DuckDB's memory limit instead of
 * spilling tens of gigabytes: every row of a claim — its bill, diagnoses and fees — is in the same
 * part, so each check sees what it needs (repeated ids, bills of diagnoses), and the result does
 * not depend on the number of parts.
 */
export async function loadClaims(ctx: LoadContext, files: StagedInput[]): Promise<LoadCounts[]> {
  const { db } = ctx;
  const bills = files.find((f) => f.role === 'bills')!;
  const parts = Math.max(1, Math.ceil(bills.rowsParsed / (await claimsPerPart(db))));
  const totals = new Map<number, LoadCounts>(
    files.map((f) => [f.fileId, { fileId: f.fileId, rowsLoaded: 0, rowsRejected: 0 }]),
  );
  for (let p = 0; p < parts; p++) {
    let partFiles = files;
    if (parts > 1) {
      partFiles = [];
      for (const f of files) {
        const view = `${f.table}_part`;
        await db.exec(
          `CREATE OR REPLACE TEMP VIEW ${view} AS SELECT * FROM ${f.table} s WHERE coalesce(hash(${c('enkeltregning_lnr')}) % ${int(parts)}, 0) = ${int(p)}`,
        );
        partFiles.push({ ...f, table: view });
      }
    }
    for (const r of await loadClaimsPart(ctx, partFiles)) {
      const t = totals.get(r.fileId)!;
      t.rowsLoaded += r.rowsLoaded;
      t.rowsRejected += r.rowsRejected;
    }
    if (parts > 1) for (const f of partFiles) await db.exec(`DROP VIEW IF EXISTS ${f.table}`);
  }
  for (const f of files) {
    await writeParseRejects(ctx, f);
    totals.get(f.fileId)!.rowsRejected += f.parseRejects;
  }
  const loaded = Number(
    await db.value(`SELECT count(*) FROM primary_contact WHERE file_id = ${int(bills.fileId)}`),
  );
  totals.get(bills.fileId)!.rowsLoaded = loaded;
  // Bills first, then diagnoses, then fees: the order the counts are reported in.
  return ['bills', 'diagnoses', 'fees'].flatMap((role) =>
    files.filter((f) => f.role === role).map((f) => totals.get(f.fileId)!),
  );
}

/** One part of a claim set (or all of it): check, fold and insert; parse rejects are the caller's. */
async function loadClaimsPart(ctx: LoadContext, files: StagedInput[]): Promise<LoadCounts[]> {
  const { db } = ctx;
  const bills = files.find((f) => f.role === 'bills')!;
  const diags = files.find((f) => f.role === 'diagnoses');
  const fees = files.find((f) => f.role === 'fees');
  const bc = `${bills.table}_chk`;
  const kommune = `CASE WHEN ${c('kommunenr')} IS NULL OR ${c('kommunenr')} IN ('-1', '0', '9999') THEN ${c('kommunenrpb')} ELSE ${c('kommunenr')} END`;
  await db.exec(`
    CREATE OR REPLACE TEMP TABLE ${bc} AS
    SELECT *, ${problems([
      problem(`${c('kpr_lnr')} IS NULL`, 'kpr_lnr', c('kpr_lnr'), 'missing person id'),
      problem(
        `${c('enkeltregning_lnr')} IS NULL`,
        'enkeltregning_lnr',
        c('enkeltregning_lnr'),
        'missing claim id',
      ),
      problem(`d IS NULL`, 'dato', c('dato'), 'missing or invalid date'),
      dateWindowProblem(ctx, 'd', 'dato', c('dato')),
      problem(
        sexInvalid(c('kjonn')),
        'kjonn',
        c('kjonn'),
        'invalid sex code (expected 1, 2, 0 or 9)',
      ),
      problem(
        sexInvalid(c('kjonnk')),
        'kjonnK',
        c('kjonnk'),
        'invalid sex code (expected 1, 2, 0 or 9)',
      ),
      problem(
        `${c('fodselsaar')} IS NOT NULL AND (birth_yr IS NULL OR NOT ${birthYearOk('birth_yr', 'year(d)')})`,
        'fodselsaar',
        c('fodselsaar'),
        'invalid birth year',
      ),
      problem(
        `${c('alder')} IS NOT NULL AND (${intExpr(c('alder'))} IS NULL OR ${intExpr(c('alder'))} NOT BETWEEN 0 AND 130)`,
        'alder',
        c('alder'),
        'invalid age',
      ),
      problem(
        muniMalformed(c('kommunenr')),
        'kommuneNr',
        c('kommunenr'),
        'invalid municipality code',
      ),
      problem(
        `(${c('kommunenr')} IS NULL OR ${c('kommunenr')} IN ('-1', '0', '9999')) AND ${muniMalformed(c('kommunenrpb'))}`,
        'kommunenrPB',
        c('kommunenrpb'),
        'invalid municipality code',
      ),
      problem(
        `${c('tjenestetype')} IS NOT NULL AND ${intExpr(c('tjenestetype'))} IS NULL`,
        'tjenestetype',
        c('tjenestetype'),
        'invalid service type',
      ),
      problem(
        `dup > 1`,
        'enkeltregning_lnr',
        c('enkeltregning_lnr'),
        'duplicate claim id in the bills file (first occurrence kept)',
      ),
      problem(
        `dup = 1 AND ${c('enkeltregning_lnr')} IS NOT NULL AND EXISTS (SELECT 1 FROM primary_contact pc WHERE pc.claim_id = ${c('enkeltregning_lnr')})`,
        'enkeltregning_lnr',
        c('enkeltregning_lnr'),
        'claim id already loaded from another file',
      ),
      ...lengthProblems(bills),
    ])} AS probs
    FROM (SELECT s.*, ${dateExpr(c('dato'))} AS d, ${intExpr(c('fodselsaar'))} AS birth_yr,
            CASE WHEN s.line > dd.first_line THEN 2 ELSE 1 END AS dup,
            ${kommune} AS muni_raw
          FROM ${bills.table} s
          -- repeated claim ids from a narrow GROUP BY (a window over the whole row costs far more)
          LEFT JOIN (SELECT ${c('enkeltregning_lnr')} AS claim_id, min(line) AS first_line FROM ${bills.table} s GROUP BY 1 HAVING count(*) > 1) dd
            ON dd.claim_id IS NOT DISTINCT FROM ${c('enkeltregning_lnr')}) s;
  `);
  const billsRejected = await writeRejects(ctx, bills.fileId, bc);
  await db.exec(
    `CREATE OR REPLACE TEMP TABLE ingest_claim_ok AS SELECT ${c('enkeltregning_lnr')} AS claim_id FROM ${bc} s WHERE len(probs) = 0`,
  );

  // Diagnoses.
  const out: LoadCounts[] = [];
  let diagOne = `SELECT NULL::VARCHAR AS claim_id, 0::BIGINT AS n, NULL::STRUCT(c VARCHAR, s VARCHAR, m BOOLEAN, u BOOLEAN) AS f WHERE FALSE`;
  let diagMany = `SELECT NULL::VARCHAR AS claim_id, []::VARCHAR[] AS icpc2, []::VARCHAR[] AS icd10, []::VARCHAR[] AS icd_da3, NULL::VARCHAR AS main_code, NULL::VARCHAR AS main_system, FALSE AS unknown WHERE FALSE`;
  if (diags) {
    const dc = `${diags.table}_chk`;
    await db.exec(`
      CREATE OR REPLACE TEMP TABLE ${dc} AS
      SELECT *, ${problems([
        problem(
          `${c('enkeltregning_lnr')} IS NULL`,
          'enkeltregning_lnr',
          c('enkeltregning_lnr'),
          'missing claim id',
        ),
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
        problem(
          `${c('enkeltregning_lnr')} IS NOT NULL AND ${c('enkeltregning_lnr')} NOT IN (SELECT claim_id FROM ingest_claim_ok)`,
          'enkeltregning_lnr',
          c('enkeltregning_lnr'),
          'claim not found among the loaded bills',
        ),
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
    out.push({
      fileId: diags.fileId,
      rowsLoaded: ok,
      rowsRejected: rej,
    });
    // Fold in two steps: one narrow GROUP BY gives every claim its row count and first row; only
    // claims with several diagnosis rows (under a tenth of them) go through the list aggregate,
    // which is the expensive part (a list per group).
    diagOne = `SELECT ${c('enkeltregning_lnr')} AS claim_id, count(*) AS n,
        arg_min({'c': code, 's': sys, 'm': ${c('erhoveddiagnose')} = '1', 'u': code_unknown}, line) AS f
      FROM ${dc} s WHERE len(probs) = 0 GROUP BY 1`;
    diagMany = `SELECT ${c('enkeltregning_lnr')} AS claim_id,
        coalesce(list_transform(list_sort(list({'l': line, 'c': code}) FILTER (WHERE sys IN ('icpc2', 'icpc2b'))), x -> x.c), []) AS icpc2,
        coalesce(list_transform(list_sort(list({'l': line, 'c': code}) FILTER (WHERE sys = 'icd10')), x -> x.c), []) AS icd10,
        coalesce(list_transform(list_sort(list({'l': line, 'c': code}) FILTER (WHERE sys = 'icd_da3')), x -> x.c), []) AS icd_da3,
        arg_min(code, line) FILTER (WHERE ${c('erhoveddiagnose')} = '1') AS main_code,
        arg_min(sys, line) FILTER (WHERE ${c('erhoveddiagnose')} = '1') AS main_system,
        coalesce(bool_or(code_unknown), FALSE) AS unknown
      FROM ${dc} s SEMI JOIN (SELECT claim_id FROM ingest_claim_dg1 WHERE n > 1) m ON m.claim_id = s.${ident('enkeltregning_lnr')}
      GROUP BY 1`;
  }

  // Fees → contact type.
  let feeOne = `SELECT NULL::VARCHAR AS claim_id, 0::BIGINT AS n, NULL::VARCHAR AS fee, NULL::VARCHAR AS contact_type, FALSE AS ooh WHERE FALSE`;
  let feeMany = `SELECT NULL::VARCHAR AS claim_id, []::VARCHAR[] AS fee_codes WHERE FALSE`;
  if (fees) {
    const fc = `${fees.table}_chk`;
    await db.exec(`
      CREATE OR REPLACE TEMP TABLE ${fc} AS
      SELECT *, ${problems([
        problem(
          `${c('enkeltregning_lnr')} IS NULL`,
          'enkeltregning_lnr',
          c('enkeltregning_lnr'),
          'missing claim id',
        ),
        problem(`fee IS NULL`, 'takstkode', c('takstkode'), 'missing fee code'),
        problem(
          `${c('antall')} IS NOT NULL AND TRY_CAST(replace(${c('antall')}, ',', '.') AS DOUBLE) IS NULL`,
          'antall',
          c('antall'),
          'invalid count',
        ),
        problem(
          `${c('enkeltregning_lnr')} IS NOT NULL AND ${c('enkeltregning_lnr')} NOT IN (SELECT claim_id FROM ingest_claim_ok)`,
          'enkeltregning_lnr',
          c('enkeltregning_lnr'),
          'claim not found among the loaded bills',
        ),
        ...lengthProblems(fees),
      ])} AS probs
      FROM (SELECT s.*, NULLIF(lower(regexp_replace(${c('takstkode')}, '\\s', '', 'g')), '') AS fee FROM ${fees.table} s) s;
    `);
    const rej = await writeRejects(ctx, fees.fileId, fc);
    const ok = Number(await db.value(`SELECT count(*) FROM ${fc} WHERE len(probs) = 0`));
    out.push({ fileId: fees.fileId, rowsLoaded: ok, rowsRejected: rej });
    // As for diagnoses: the contact type and a claim's only fee in one narrow GROUP BY, the sorted
    // list of distinct fee codes only for claims with several fee rows. Lookup: exact code; else an
    // out-of-hours k-variant of a listed code (k → d, or k dropped); else the longest listed prefix.
    feeOne = `WITH f AS (SELECT ${c('enkeltregning_lnr')} AS claim_id, fee FROM ${fc} s WHERE len(probs) = 0),
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
    feeMany = `SELECT ${c('enkeltregning_lnr')} AS claim_id, list_sort(list_distinct(list(fee))) AS fee_codes
      FROM ${fc} s SEMI JOIN (SELECT claim_id FROM ingest_claim_fe1 WHERE n > 1) m ON m.claim_id = s.${ident('enkeltregning_lnr')}
      WHERE len(probs) = 0 GROUP BY 1`;
  }

  const norm = muniNorm('muni_raw');
  const target = `(${muniTarget(norm, ctx.passThrough)})`;
  // One statement per step, so that --profile times each.
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_dg1 AS ${diagOne}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_dgm AS ${diagMany}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_fe1 AS ${feeOne}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_fem AS ${feeMany}`);
  await db.run(`
    INSERT INTO primary_contact
    WITH dg AS (
      SELECT a.claim_id,
        CASE WHEN a.n = 1 THEN CASE WHEN a.f.s IN ('icpc2', 'icpc2b') THEN [a.f.c] ELSE []::VARCHAR[] END ELSE b.icpc2 END AS icpc2,
        CASE WHEN a.n = 1 THEN CASE WHEN a.f.s = 'icd10' THEN [a.f.c] ELSE []::VARCHAR[] END ELSE b.icd10 END AS icd10,
        CASE WHEN a.n = 1 THEN CASE WHEN a.f.s = 'icd_da3' THEN [a.f.c] ELSE []::VARCHAR[] END ELSE b.icd_da3 END AS icd_da3,
        CASE WHEN a.n = 1 THEN CASE WHEN a.f.m THEN a.f.c END ELSE b.main_code END AS main_code,
        CASE WHEN a.n = 1 THEN CASE WHEN a.f.m THEN a.f.s END ELSE b.main_system END AS main_system,
        CASE WHEN a.n = 1 THEN a.f.u ELSE b.unknown END AS unknown
      FROM ingest_claim_dg1 a LEFT JOIN ingest_claim_dgm b USING (claim_id)),
    fe AS (
      SELECT a.claim_id, CASE WHEN a.n = 1 THEN [a.fee] ELSE b.fee_codes END AS fee_codes, a.contact_type, a.ooh
      FROM ingest_claim_fe1 a LEFT JOIN ingest_claim_fem b USING (claim_id))
    SELECT ${c('enkeltregning_lnr')}, ${c('kpr_lnr')}, d, year(d),
      coalesce(${sexExpr(c('kjonn'))}, ${sexExpr(c('kjonnk'))}), birth_yr, ${intExpr(c('alder'))},
      muni_code, muni_raw, coalesce(${c('kommunenr')} IN ('-1', '0', '9999') OR ${c('kommunenr')} IS NULL, FALSE) AND ${c('kommunenrpb')} IS NOT NULL,
      ${districtExpr('muni_raw', c('bydel'), 'muni_code', ctx.hasDistricts)},
      CASE ${intExpr(c('tjenestetype'))} WHEN 1 THEN 'gp' WHEN 2 THEN 'out_of_hours' WHEN 3 THEN 'physio' WHEN 4 THEN 'physio' WHEN 5 THEN 'chiropractor'
        WHEN 6 THEN 'dentist' WHEN 7 THEN 'orthodontist' WHEN 8 THEN 'dental_hygienist' ELSE 'other' END,
      fe.contact_type, coalesce(fe.ooh, FALSE), coalesce(fe.fee_codes, []),
      coalesce(dg.icpc2, []), coalesce(dg.icd10, []), coalesce(dg.icd_da3, []), dg.main_code, dg.main_system, coalesce(dg.unknown, FALSE),
      ${int(bills.fileId)}, line, ${diags ? int(diags.fileId) : 'NULL'}, ${fees ? int(fees.fileId) : 'NULL'}
    FROM (SELECT *, ${target} AS muni_code FROM ${bc} WHERE len(probs) = 0) s
    LEFT JOIN dg ON dg.claim_id = s.${ident('enkeltregning_lnr')}
    LEFT JOIN fe ON fe.claim_id = s.${ident('enkeltregning_lnr')}
  `);
  // Bills loaded are counted by the caller, over all parts.
  out.unshift({ fileId: bills.fileId, rowsLoaded: 0, rowsRejected: billsRejected });
  await db.exec(
    `DROP TABLE ${bc}; DROP TABLE ingest_claim_ok; DROP TABLE IF EXISTS ingest_claim_dg1; DROP TABLE IF EXISTS ingest_claim_dgm; DROP TABLE IF EXISTS ingest_claim_fe1; DROP TABLE IF EXISTS ingest_claim_fem;`,
  );
  for (const f of [diags, fees]) if (f) await db.exec(`DROP TABLE IF EXISTS ${f.table}_chk`);
  return out;
}
