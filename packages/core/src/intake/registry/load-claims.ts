import type { Db } from '../../kernel/db.js';
import { UsageError } from '../../kernel/errors.js';
import { ident, int } from '../../kernel/sql.js';
import { birthYearOk, dateExpr, intExpr, problem, problems, sexExpr, sexInvalid } from './expr.js';
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
import { checkDiagnoses, checkFees, NO_DIAGNOSES, NO_FEES, type Folds } from './claim-rows.js';

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

/**
 * One part of a claim set (or all of it): check the bills, then the diagnoses and fees against the
 * bills that passed, fold them per claim and insert; parse rejects are the caller's.
 */
async function loadClaimsPart(ctx: LoadContext, files: StagedInput[]): Promise<LoadCounts[]> {
  const bills = files.find((f) => f.role === 'bills')!;
  const diags = files.find((f) => f.role === 'diagnoses');
  const fees = files.find((f) => f.role === 'fees');
  const out: LoadCounts[] = [];
  const billsRejected = await checkBills(ctx, bills);
  let folds: Folds = { ...NO_DIAGNOSES, ...NO_FEES };
  if (diags) {
    const d = await checkDiagnoses(ctx, diags);
    out.push(d.counts);
    folds = { ...folds, ...d.folds };
  }
  if (fees) {
    const f = await checkFees(ctx, fees);
    out.push(f.counts);
    folds = { ...folds, ...f.folds };
  }
  await foldAndInsert(ctx, bills, diags, fees, folds);
  // Bills loaded are counted by the caller, over all parts.
  out.unshift({ fileId: bills.fileId, rowsLoaded: 0, rowsRejected: billsRejected });
  await ctx.db.exec(
    `DROP TABLE ${bills.table}_chk; DROP TABLE ingest_claim_ok; DROP TABLE IF EXISTS ingest_claim_dg1; DROP TABLE IF EXISTS ingest_claim_dgm; DROP TABLE IF EXISTS ingest_claim_fe1; DROP TABLE IF EXISTS ingest_claim_fem;`,
  );
  for (const f of [diags, fees]) if (f) await ctx.db.exec(`DROP TABLE IF EXISTS ${f.table}_chk`);
  return out;
}

/**
 * Check the bills into `<table>_chk` (problems per row, repeated claim ids, ids already loaded),
 * write their rejects, and keep the claim ids that passed in `ingest_claim_ok`. Returns the
 * number of bills rejected.
 */
async function checkBills(ctx: LoadContext, bills: StagedInput): Promise<number> {
  const { db } = ctx;
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
  return billsRejected;
}

/** Fold diagnoses and fees per claim and insert one `primary_contact` row per bill that passed. */
async function foldAndInsert(
  ctx: LoadContext,
  bills: StagedInput,
  diags: StagedInput | undefined,
  fees: StagedInput | undefined,
  folds: Folds,
): Promise<void> {
  const { db } = ctx;
  const bc = `${bills.table}_chk`;
  const norm = muniNorm('muni_raw');
  const target = `(${muniTarget(norm, ctx.passThrough)})`;
  // One statement per step, so that --profile times each.
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_dg1 AS ${folds.diagOne}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_dgm AS ${folds.diagMany}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_fe1 AS ${folds.feeOne}`);
  await db.run(`CREATE OR REPLACE TEMP TABLE ingest_claim_fem AS ${folds.feeMany}`);
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
}
