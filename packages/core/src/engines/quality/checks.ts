/**
 * The quality checks of `felles validate`, one function per check on the true counts: each records
 * its counts and results in the {@link CheckContext} (disclosure control comes after, in
 * `discloseChecks`).
 */
import type { Db } from '../../kernel/db.js';
import { muniNorm } from '../../intake/registry/municipality.js';
import type { Severity } from './types.js';
import type { CheckFacts, CountKey, MessagePart } from './disclosed.js';

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

/** The severity of a share against its warning and error limits. */
function grade(share: number, [warn, err]: readonly [number, number]): Severity {
  return share > err ? 'error' : share > warn ? 'warning' : 'info';
}

/** Thresholds of the checks (the defaults of `ValidateOptions` filled in). */
export interface CheckLimits {
  rejectShare: readonly [number, number];
  conflictShare: readonly [number, number];
  municipalityShare: readonly [number, number];
  codeShare: readonly [number, number];
  maxStayDays: number;
}

/** What every check uses: the database, its limits, and where counts and results go. */
export interface CheckContext {
  db: Db;
  o: CheckLimits;
  /** The disclosure threshold (date ranges use months with more rows than this). */
  threshold: number;
  /** Whether a municipality map is installed. */
  geography: boolean;
  /** Records a count; the same (source, year, item) is one cell wherever a message shows it. */
  n: (source: string, year: number | null, item: string, value: number) => CountKey;
  /** Adds a result. */
  add: (
    check: string,
    source: string,
    year: number | null,
    severity: Severity,
    value: CountKey | string | number | null,
    message: MessagePart[],
  ) => void;
  /** A share of two recorded counts in a message. */
  share: (num: CountKey, den: CountKey) => MessagePart;
}

/** A context that records into `facts`. */
export function checkContext(
  db: Db,
  o: CheckLimits,
  threshold: number,
  geography: boolean,
  facts: CheckFacts,
): CheckContext {
  const n = (source: string, year: number | null, item: string, value: number): CountKey => {
    const key = { source, year: year === null ? 'all' : String(year), item };
    facts.counts.set(`${key.source}|${key.year}|${key.item}`, { ...key, n: Number(value) });
    return key;
  };
  const add: CheckContext['add'] = (check, source, year, severity, value, message) =>
    facts.results.push({ check, source, year, severity, value, message });
  const share = (num: CountKey, den: CountKey): MessagePart => ({ share: [num, den] });
  return { db, o, threshold, geography, n, add, share };
}

/** Files: reconciliation and reject share of every loaded file. */
export async function checkFiles(ctx: CheckContext): Promise<void> {
  const { db, o, n, add, share } = ctx;
  // Files: reconciliation and reject share.
  for (const f of await db.all<{
    file_id: number;
    kind: string;
    path: string;
    rows_read: number;
    rows_rejected: number;
  }>(`SELECT file_id, kind, path, rows_read, rows_rejected FROM ingest_file ORDER BY file_id`)) {
    const src = `${f.kind} #${f.file_id}`;
    const rej = n(`file ${src}`, null, 'rows_rejected', f.rows_rejected);
    const read = n(`file ${src}`, null, 'rows_read', f.rows_read);
    const s = f.rows_read ? f.rows_rejected / f.rows_read : 0;
    add('rejected_rows', src, null, grade(s, o.rejectShare), rej, [
      rej,
      ' of ',
      read,
      ' rows rejected (',
      share(rej, read),
      `) in ${f.path}`,
    ]);
  }
}

/** Per source: rows and persons per year, the date range, and the municipality valid for the year. */
export async function checkSources(ctx: CheckContext): Promise<void> {
  const { db, o, threshold, n, add, share, geography } = ctx;
  for (const s of SOURCES) {
    const total = Number(await db.value(`SELECT count(*) FROM ${s.table}`));
    if (!total) continue;
    // Rows and persons per year; the rows of all years are a total of the years.
    const all = n(s.source, null, 'rows', total);
    add('rows_per_year', s.source, null, 'info', all, [all, ' rows in all years']);
    for (const r of await db.all<{ y: number; n: number; p: number }>(
      `SELECT year(${s.date}) AS y, count(*) AS n, count(DISTINCT person_id) AS p FROM ${s.table} GROUP BY 1 ORDER BY 1`,
    )) {
      const rows = n(s.source, r.y, 'rows', r.n);
      const persons = n(s.source, r.y, 'persons', r.p);
      add('rows_per_year', s.source, r.y, 'info', rows, [rows, ' rows, ', persons, ' persons']);
    }
    // Date range, in months with more rows than the threshold (a single record's date is never shown).
    const dr = await db.one<{ lo: string | null; hi: string | null; future: number }>(
      `WITH m AS (SELECT strftime(${s.date}, '%Y-%m') AS mo, count(*) AS n FROM ${s.table} GROUP BY 1)
       SELECT min(mo) FILTER (WHERE n > ${Number(threshold)}) AS lo, max(mo) FILTER (WHERE n > ${Number(threshold)}) AS hi,
         (SELECT count(*) FROM ${s.table} WHERE ${s.date} > current_date) AS future FROM m`,
    );
    const future = n(s.source, null, 'rows_dated_in_the_future', dr!.future);
    const range = dr!.lo === null ? null : `${dr!.lo} – ${dr!.hi}`;
    add('date_range', s.source, null, dr!.future > 0 ? 'error' : 'info', range, [
      range === null
        ? `no month has more than ${threshold} rows; `
        : `dates from ${dr!.lo} to ${dr!.hi} (the first and last month with more than ${threshold} rows); `,
      future,
      ' rows dated in the future',
    ]);
    // Municipality valid for the year.
    if (s.table !== 'dental_record' && geography) {
      for (const r of await db.all<{ y: number; n: number; bad: number; abolished: number }>(`
        SELECT year(t.${s.date}) AS y, count(*) AS n,
          count(*) FILTER (WHERE t.municipality_raw IS NOT NULL AND t.municipality_code IS NULL) AS bad,
          count(*) FILTER (WHERE t.municipality_code IS NOT NULL AND EXISTS (
            SELECT 1 FROM municipality_map mm WHERE mm.code = ${muniNorm('t.municipality_raw')} AND mm.valid_to < year(t.${s.date}))) AS abolished
        FROM ${s.table} t GROUP BY 1 ORDER BY 1`)) {
        const sh = r.n ? (r.bad + r.abolished) / r.n : 0;
        const invalid = n(s.source, r.y, 'rows_municipality_not_valid', r.bad + r.abolished);
        const bad = n(s.source, r.y, 'rows_municipality_unknown', r.bad);
        const abolished = n(s.source, r.y, 'rows_municipality_abolished', r.abolished);
        add('municipality_valid_for_year', s.source, r.y, grade(sh, o.municipalityShare), invalid, [
          bad,
          ' rows with an unknown municipality code, ',
          abolished,
          ' with a code no longer in use that year (',
          share(invalid, { source: s.source, year: String(r.y), item: 'rows' }),
          ')',
        ]);
      }
    }
  }
}

/** Persons: sex and birth-year consistency. */
export async function checkPersons(ctx: CheckContext): Promise<void> {
  const { db, o, n, add, share } = ctx;
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
    const src = `person ${r.id_space}`;
    const persons = n(src, null, 'persons', r.n);
    const nosex = n(src, null, 'persons_without_sex', r.nosex);
    const sx = n(src, null, 'persons_with_two_sexes', r.sx);
    const by = n(src, null, 'persons_with_two_birth_years', r.by);
    add('persons', r.id_space, null, 'info', persons, [
      persons,
      ' persons, ',
      nosex,
      ' without a known sex',
    ]);
    add('sex_consistency', r.id_space, null, grade(r.sx / r.n, o.conflictShare), sx, [
      sx,
      ' persons recorded with more than one sex (',
      share(sx, persons),
      ')',
    ]);
    add('birth_year_consistency', r.id_space, null, grade(r.by / r.n, o.conflictShare), by, [
      by,
      ' persons recorded with more than one birth year (',
      share(by, persons),
      ')',
    ]);
  }
}

/** Municipalities with no activity in a year although the source had rows there in other years. */
export async function checkInactiveMunicipalities(ctx: CheckContext): Promise<void> {
  const { db, add } = ctx;
  // Municipalities with no activity in a year although the source had rows there in other years
  // (a count of municipalities, not of persons: shown as it is).
  for (const s of SOURCES.filter((x) => x.table !== 'dental_record')) {
    for (const r of await db.all<{ y: number; n: number; codes: string[] }>(`
      WITH a AS (SELECT DISTINCT municipality_code AS m, year(${s.date}) AS y FROM ${s.table} WHERE municipality_code IS NOT NULL),
      ys AS (SELECT DISTINCT y FROM a), ms AS (SELECT DISTINCT m FROM a)
      SELECT ys.y, count(*) AS n, list(ms.m ORDER BY ms.m)[1:10] AS codes FROM ys CROSS JOIN ms
      WHERE NOT EXISTS (SELECT 1 FROM a WHERE a.m = ms.m AND a.y = ys.y) GROUP BY 1 ORDER BY 1`)) {
      add('municipality_without_activity', s.source, r.y, 'warning', r.n, [
        `${r.n} municipalities with rows in other years have none this year (${r.codes.join(', ')}${r.n > 10 ? ', …' : ''})`,
      ]);
    }
  }
}

/** Code validity: ICD-10, ICPC-2, IPLOS service and fee codes. */
export async function checkCodes(ctx: CheckContext): Promise<void> {
  const { db, o, n, add, share } = ctx;
  // Code validity.
  const code = async (source: string, table: string, cond: string, item: string, what: string) => {
    const r = await db.one<{ n: number; k: number }>(
      `SELECT count(*) AS n, count(*) FILTER (WHERE ${cond}) AS k FROM ${table}`,
    );
    if (!r || !r.n) return;
    const k = n(source, null, item, r.k);
    add('code_validity', source, null, grade(r.k / r.n, o.codeShare), k, [
      k,
      ` ${what} (`,
      share(k, { source, year: 'all', item: 'rows' }),
      ')',
    ]);
  };
  await code(
    'npr',
    'specialist_episode',
    'icd10_unknown',
    'episodes_icd10_unknown',
    'episodes with an ICD-10 code not on the validity list',
  );
  await code(
    'kpr-claims',
    'primary_contact',
    'diagnosis_unknown',
    'claims_diagnosis_unknown',
    'claims with an ICPC-2/ICD-10 code not on the validity list',
  );
  await code(
    'kpr-services',
    'municipal_service',
    'NOT service_code_known',
    'services_code_unknown',
    'services with a code not on the IPLOS service list',
  );
  await code(
    'kpr-claims',
    'primary_contact',
    'contact_type IS NULL',
    'claims_without_contact_type',
    'claims without a fee code that maps to a contact type',
  );
}

/** Length of stay and day-care stays that end on a later date. */
export async function checkStays(ctx: CheckContext): Promise<void> {
  const { db, o, n, add } = ctx;
  // Length of stay (the longest stay is one person's: not shown).
  const los = await db.one<{ n: number; long: number; dayover: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE length_of_stay_days > ${Number(o.maxStayDays)}) AS long,
      count(*) FILTER (WHERE care_level = 'day' AND length_of_stay_days > 0) AS dayover FROM hospital_stay`,
  );
  if (los && los.n > 0) {
    const stays = n('npr stays', null, 'stays', los.n);
    const long = n('npr stays', null, `stays_longer_than_${o.maxStayDays}_days`, los.long);
    const dayover = n('npr stays', null, 'day_stays_overnight', los.dayover);
    add('length_of_stay', 'npr', null, los.long > 0 ? 'warning' : 'info', long, [
      stays,
      ' stays; ',
      long,
      ` longer than ${o.maxStayDays} days`,
    ]);
    add('day_stay_overnight', 'npr', null, los.dayover > 0 ? 'warning' : 'info', dayover, [
      dayover,
      ' day-care stays end on a later date than they start',
    ]);
  }
}

/** NPR–KPR link conflicts. */
export async function checkLinks(ctx: CheckContext): Promise<void> {
  const { db, n, add } = ctx;
  // Links.
  const links = await db.one<{ n: number; c: number }>(
    `SELECT count(*) AS n, count(*) FILTER (WHERE conflict) AS c FROM person_link`,
  );
  if (links && links.n > 0) {
    const pairs = n('link', null, 'pairs', links.n);
    const c = n('link', null, 'pairs_in_conflict', links.c);
    add('link_conflicts', 'link', null, links.c > 0 ? 'warning' : 'info', c, [
      c,
      ' of ',
      pairs,
      ' NPR–KPR pairs are in conflict and excluded from linked indicators',
    ]);
  }
}
