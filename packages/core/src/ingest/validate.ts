import type { Db } from '../kernel/db.js';
import type { Workspace } from '../workspace/workspace.js';
import { muniNorm } from './municipality.js';

/**
 * Severity of a check result: `info` (a fact: counts, ranges), `warning` (worth a look; the
 * analyst decides), `error` (the data should not be used as is; `felles validate` exits 4).
 */
export type Severity = 'info' | 'warning' | 'error';

/** One line of the validation report. */
export interface CheckResult {
  check: string;
  source: string;
  year: number | null;
  severity: Severity;
  value: number | string | null;
  message: string;
}

/** Thresholds (shares, 0–1) at which a check becomes a warning or an error. */
export interface ValidateOptions {
  /** Share of rejected rows per file: warning above, error above. Default 0.01 / 0.10. */
  rejectShare?: [number, number];
  /** Share of persons with conflicting sex or birth year: default 0.005 / 0.05. */
  conflictShare?: [number, number];
  /** Share of rows whose municipality is not valid for the year: default 0.005 / 0.05. */
  municipalityShare?: [number, number];
  /** Share of rows with an unknown diagnosis/service code: default 0.01 / 0.10. */
  codeShare?: [number, number];
  /** Stays longer than this many days are flagged (warning). Default 365. */
  maxStayDays?: number;
}

/** The report: every result, and the worst severity seen. */
export interface ValidateReport {
  results: CheckResult[];
  worst: Severity;
  errors: number;
  warnings: number;
}

const SOURCES: { source: string; table: string; date: string; idSpace: string }[] = [
  { source: 'npr', table: 'specialist_episode', date: 'admission_date', idSpace: 'npr' },
  { source: 'kpr-claims', table: 'primary_contact', date: 'contact_date', idSpace: 'kpr' },
  { source: 'kpr-services', table: 'municipal_service', date: 'from_date', idSpace: 'kpr' },
  {
    source: 'iplos-function',
    table: 'function_assessment',
    date: 'assessment_date',
    idSpace: 'kpr',
  },
  { source: 'dental', table: 'dental_record', date: 'record_date', idSpace: 'kpr' },
];

function grade(share: number, [warn, err]: [number, number]): Severity {
  return share > err ? 'error' : share > warn ? 'warning' : 'info';
}

const pct = (x: number) => `${(x * 100).toFixed(2)} %`;

/**
 * Run the quality checks analysts run on every extract (docs/ingest.md, "felles validate"):
 * rows and persons per source and year, rejects per file, sex/birth-year consistency, date ranges,
 * municipality valid for the year, municipalities with no activity in a year, code validity,
 * length-of-stay sanity and link conflicts. Read-only: works on a workspace opened read-only.
 */
export async function validateWorkspace(
  ws: Workspace,
  options: ValidateOptions = {},
): Promise<ValidateReport> {
  const db = ws.db;
  const o = {
    rejectShare: options.rejectShare ?? [0.01, 0.1],
    conflictShare: options.conflictShare ?? [0.005, 0.05],
    municipalityShare: options.municipalityShare ?? [0.005, 0.05],
    codeShare: options.codeShare ?? [0.01, 0.1],
    maxStayDays: options.maxStayDays ?? 365,
  } as const;
  const out: CheckResult[] = [];
  const add = (r: CheckResult) => out.push(r);
  const geography = Number(await db.value(`SELECT count(*) FROM municipality_map`)) > 0;

  // Files: reconciliation and reject share.
  for (const f of await db.all<{
    file_id: number;
    kind: string;
    path: string;
    rows_read: number;
    rows_rejected: number;
  }>(`SELECT file_id, kind, path, rows_read, rows_rejected FROM ingest_file ORDER BY file_id`)) {
    const share = f.rows_read ? f.rows_rejected / f.rows_read : 0;
    add({
      check: 'rejected_rows',
      source: `${f.kind} #${f.file_id}`,
      year: null,
      severity: grade(share, o.rejectShare),
      value: f.rows_rejected,
      message: `${f.rows_rejected} of ${f.rows_read} rows rejected (${pct(share)}) in ${f.path}`,
    });
  }

  for (const s of SOURCES) {
    const total = Number(await db.value(`SELECT count(*) FROM ${s.table}`));
    if (!total) continue;
    // Rows and persons per year.
    for (const r of await db.all<{ y: number; n: number; p: number }>(
      `SELECT year(${s.date}) AS y, count(*) AS n, count(DISTINCT person_id) AS p FROM ${s.table} GROUP BY 1 ORDER BY 1`,
    )) {
      add({
        check: 'rows_per_year',
        source: s.source,
        year: r.y,
        severity: 'info',
        value: r.n,
        message: `${r.n} rows, ${r.p} persons`,
      });
    }
    // Date range.
    const dr = await db.one<{ lo: string; hi: string; future: number; old: number }>(
      `SELECT min(${s.date}) AS lo, max(${s.date}) AS hi, count(*) FILTER (WHERE ${s.date} > current_date) AS future, count(*) FILTER (WHERE ${s.date} < DATE '1980-01-01') AS old FROM ${s.table}`,
    );
    add({
      check: 'date_range',
      source: s.source,
      year: null,
      severity: dr!.future > 0 ? 'error' : 'info',
      value: `${dr!.lo} – ${dr!.hi}`,
      message:
        dr!.future > 0
          ? `${dr!.future} rows dated in the future`
          : `dates from ${dr!.lo} to ${dr!.hi}`,
    });
    // Municipality valid for the year.
    if (s.table !== 'dental_record' && geography) {
      for (const r of await db.all<{ y: number; n: number; bad: number; abolished: number }>(`
        SELECT year(t.${s.date}) AS y, count(*) AS n,
          count(*) FILTER (WHERE t.municipality_raw IS NOT NULL AND t.municipality_code IS NULL) AS bad,
          count(*) FILTER (WHERE t.municipality_code IS NOT NULL AND EXISTS (
            SELECT 1 FROM municipality_map mm WHERE mm.code = ${muniNorm('t.municipality_raw')} AND mm.valid_to < year(t.${s.date}))) AS abolished
        FROM ${s.table} t GROUP BY 1 ORDER BY 1`)) {
        const share = r.n ? (r.bad + r.abolished) / r.n : 0;
        add({
          check: 'municipality_valid_for_year',
          source: s.source,
          year: r.y,
          severity: grade(share, o.municipalityShare),
          value: r.bad + r.abolished,
          message: `${r.bad} rows with an unknown municipality code, ${r.abolished} with a code no longer in use that year (${pct(share)})`,
        });
      }
    }
  }

  // Persons: sex and birth-year consistency.
  for (const r of await db.all<{
    id_space: string;
    n: number;
    sx: number;
    by: number;
    nosex: number;
  }>(
    `SELECT id_space, count(*) AS n, count(*) FILTER (WHERE sex_conflict) AS sx, count(*) FILTER (WHERE birth_year_conflict) AS by, count(*) FILTER (WHERE sex IS NULL) AS nosex FROM person GROUP BY 1 ORDER BY 1`,
  )) {
    add({
      check: 'persons',
      source: r.id_space,
      year: null,
      severity: 'info',
      value: r.n,
      message: `${r.n} persons, ${r.nosex} without a known sex`,
    });
    add({
      check: 'sex_consistency',
      source: r.id_space,
      year: null,
      severity: grade(r.sx / r.n, o.conflictShare),
      value: r.sx,
      message: `${r.sx} persons recorded with more than one sex (${pct(r.sx / r.n)})`,
    });
    add({
      check: 'birth_year_consistency',
      source: r.id_space,
      year: null,
      severity: grade(r.by / r.n, o.conflictShare),
      value: r.by,
      message: `${r.by} persons recorded with more than one birth year (${pct(r.by / r.n)})`,
    });
  }

  // Municipalities with no activity in a year although the source had rows there in other years.
  for (const s of SOURCES.filter((x) => x.table !== 'dental_record')) {
    for (const r of await db.all<{ y: number; n: number; codes: string[] }>(`
      WITH a AS (SELECT DISTINCT municipality_code AS m, year(${s.date}) AS y FROM ${s.table} WHERE municipality_code IS NOT NULL),
      ys AS (SELECT DISTINCT y FROM a), ms AS (SELECT DISTINCT m FROM a)
      SELECT ys.y, count(*) AS n, list(ms.m ORDER BY ms.m)[1:10] AS codes FROM ys CROSS JOIN ms
      WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.m = ms.m AND a.y = ys.y) GROUP BY 1 ORDER BY 1`)) {
      add({
        check: 'municipality_without_activity',
        source: s.source,
        year: r.y,
        severity: 'warning',
        value: r.n,
        message: `${r.n} municipalities with rows in other years have none this year (${r.codes.join(', ')}${r.n > 10 ? ', …' : ''})`,
      });
    }
  }

  // Code validity.
  await codeShare(
    db,
    out,
    'npr',
    'specialist_episode',
    'icd10_unknown',
    'episodes with an ICD-10 code not on the validity list',
    o.codeShare,
  );
  await codeShare(
    db,
    out,
    'kpr-claims',
    'primary_contact',
    'diagnosis_unknown',
    'claims with an ICPC-2/ICD-10 code not on the validity list',
    o.codeShare,
  );
  await codeShare(
    db,
    out,
    'kpr-services',
    'municipal_service',
    'NOT service_code_known',
    'services with a code not on the IPLOS service list',
    o.codeShare,
  );
  await codeShare(
    db,
    out,
    'kpr-claims',
    'primary_contact',
    'contact_type IS NULL',
    'claims without a fee code that maps to a contact type',
    o.codeShare,
  );

  // Length of stay.
  const los = await db.one<{ n: number; long: number; dayover: number; maxlos: number | null }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE length_of_stay_days > ${Number(o.maxStayDays)}) AS long,
      count(*) FILTER (WHERE care_level = 'day' AND length_of_stay_days > 0) AS dayover, max(length_of_stay_days) AS maxlos FROM hospital_stay`,
  );
  if (los && los.n > 0) {
    add({
      check: 'length_of_stay',
      source: 'npr',
      year: null,
      severity: los.long > 0 ? 'warning' : 'info',
      value: los.long,
      message: `${los.n} stays; ${los.long} longer than ${o.maxStayDays} days (longest ${los.maxlos ?? '–'} days)`,
    });
    add({
      check: 'day_stay_overnight',
      source: 'npr',
      year: null,
      severity: los.dayover > 0 ? 'warning' : 'info',
      value: los.dayover,
      message: `${los.dayover} day-care stays end on a later date than they start`,
    });
  }

  // Links.
  const links = await db.one<{ n: number; c: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE conflict) AS c FROM person_link`,
  );
  if (links && links.n > 0) {
    add({
      check: 'link_conflicts',
      source: 'link',
      year: null,
      severity: links.c > 0 ? 'warning' : 'info',
      value: links.c,
      message: `${links.c} of ${links.n} NPR–KPR pairs are in conflict and excluded from linked indicators`,
    });
  }
  if (!geography) {
    add({
      check: 'geography',
      source: 'workspace',
      year: null,
      severity: 'warning',
      value: null,
      message: 'no municipality map installed: municipality validity was not checked',
    });
  }
  const errors = out.filter((r) => r.severity === 'error').length;
  const warnings = out.filter((r) => r.severity === 'warning').length;
  return {
    results: out,
    worst: errors ? 'error' : warnings ? 'warning' : 'info',
    errors,
    warnings,
  };
}

async function codeShare(
  db: Db,
  out: CheckResult[],
  source: string,
  table: string,
  cond: string,
  what: string,
  th: readonly [number, number],
): Promise<void> {
  const r = await db.one<{ n: number; k: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE ${cond}) AS k FROM ${table}`,
  );
  if (!r || !r.n) return;
  const share = r.k / r.n;
  out.push({
    check: 'code_validity',
    source,
    year: null,
    severity: grade(share, th as [number, number]),
    value: r.k,
    message: `${r.k} ${what} (${pct(share)})`,
  });
}
