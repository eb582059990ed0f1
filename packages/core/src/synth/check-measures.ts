/**
 * The measurements of the calibration check, each a query over the tables of
 * `calibrationTablesSql` compared with its published target (`CALIBRATION_TARGETS`).
 */
import type { Db } from '../kernel/db.js';
import { int } from '../kernel/sql.js';
import { CALIBRATION_TARGETS, type CalibrationRow } from './calibration-targets.js';

/** Where the measurements go: the database of the check and the rows found so far. */
export interface CalibrationRecorder {
  db: Db;
  /** The first row of a query. */
  q: (sql: string) => Promise<Record<string, number>>;
  /** SQL for the population of ages `lo`–`hi` on 1 January of the next year. */
  popIn: (lo: number, hi: number) => string;
  /** Adds a row: `generated` = num / den × scale against `target`, within ± `tol`. */
  add: (
    id: string,
    label: string,
    target: number,
    num: number,
    den: number,
    tol?: number,
    scale?: number,
  ) => void;
  rows: CalibrationRow[];
}

/** A recorder over the check's database. */
export function calibrationRecorder(db: Db): CalibrationRecorder {
  const q = async (sql: string) => (await db.one<Record<string, number>>(sql)) ?? {};
  const popIn = (lo: number, hi: number) =>
    `(SELECT sum(n) FROM pop WHERE age BETWEEN ${lo} AND ${hi})`;
  const rows: CalibrationRow[] = [];
  const add = (
    id: string,
    label: string,
    target: number,
    num: number,
    den: number,
    tol = 0.15,
    scale = 1,
  ) => {
    const generated = den > 0 ? (num / den) * scale : NaN;
    const ratio = generated / target;
    rows.push({
      id,
      label,
      target,
      generated,
      ratio,
      tolerance: tol,
      ok: Math.abs(ratio - 1) <= tol,
      numerator: num,
      denominator: den,
    });
  };
  return { db, q, popIn, add, rows };
}

/** Complex multimorbidity and frailty by age band, and the share of the complex multimorbid who are also frail. */
export async function measureCohorts(rec: CalibrationRecorder): Promise<void> {
  const { q, popIn, add } = rec;
  const T = CALIBRATION_TARGETS;
  const cmmBy = async (lo: number, hi: number) =>
    q(
      `SELECT (SELECT count(*) FROM cmm JOIN nperson USING (lopenr) WHERE age BETWEEN ${lo} AND ${hi}) AS num, ${popIn(lo, hi)} AS den`,
    );
  for (const [id, label, t, lo, hi] of [
    ['cmm.adults', 'complex multimorbidity, adults', T.cmmAdults, 18, 200],
    ['cmm.18-59', 'complex multimorbidity, 18–59', T.cmm18_59, 18, 59],
    ['cmm.60-79', 'complex multimorbidity, 60–79', T.cmm60_79, 60, 79],
    ['cmm.80+', 'complex multimorbidity, 80+', T.cmm80, 80, 200],
  ] as const) {
    const r = await cmmBy(lo, hi);
    add(id, label, t, Number(r['num']), Number(r['den']));
  }
  for (const [id, label, t, lo, hi] of [
    ['frail.75+', 'frail elderly (IPLOS), 75+', T.frail75, 75, 200],
    ['frail.75-79', 'frail elderly (IPLOS), 75–79', T.frail75_79, 75, 79],
    ['frail.80-89', 'frail elderly (IPLOS), 80–89', T.frail80_89, 80, 89],
    ['frail.90+', 'frail elderly (IPLOS), 90+', T.frail90, 90, 200],
  ] as const) {
    const r = await q(
      `SELECT (SELECT count(*) FROM frail WHERE age BETWEEN ${lo} AND ${hi}) AS num, ${popIn(lo, hi)} AS den`,
    );
    add(id, label, t, Number(r['num']), Number(r['den']));
  }
  const ov =
    await q(`SELECT count(*) FILTER (WHERE l.kpr_lnr IN (SELECT kpr_lnr FROM frail)) AS num, count(*) AS den
    FROM cmm c JOIN nperson p USING (lopenr) LEFT JOIN link l ON l.npr_lopenr = c.lopenr WHERE p.age >= 18`);
  add(
    'cmm.also-frail',
    'complex multimorbid who are also frail (NPR–KPR linked)',
    T.cmmAlsoFrail,
    Number(ov['num']),
    Number(ov['den']),
  );
}

/** GP consultations and e-consultations per resident, the video and telephone share of outpatient consultations, and the digital home follow-up group per 1,000. */
export async function measureContacts(
  rec: CalibrationRecorder,
  nGp: number,
  nGpHome: number,
): Promise<void> {
  const { q, popIn, add } = rec;
  const T = CALIBRATION_TARGETS;
  const g = await q(
    `SELECT (SELECT sum(physical) FROM gp) AS phys, (SELECT sum(econs) FROM gp) AS econs, ${popIn(0, 200)} AS den`,
  );
  add(
    'gp.physical',
    'physical GP consultations per resident',
    T.gpPhysical,
    Number(g['phys']),
    Number(g['den']),
  );
  add(
    'gp.econsultation',
    'GP e-consultations per resident',
    T.gpEconsultation,
    Number(g['econs']),
    Number(g['den']),
  );
  const v = await q(
    `SELECT count(*) FILTER (WHERE CAST(kontakttype AS INTEGER) IN (6, 7)) AS num, count(*) AS den FROM npr WHERE CAST(omsorgsniva AS INTEGER) = 3`,
  );
  add(
    'npr.video-phone',
    'video + telephone share of outpatient consultations',
    T.videoPhoneShare,
    Number(v['num']),
    Number(v['den']),
  );
  const d = await q(`SELECT (SELECT count(*) FROM dho) AS num, ${popIn(0, 200)} AS den`);
  add(
    'dho.per1000',
    `digital home follow-up target group per 1,000 residents (≥ ${nGp} GP days, or home care and ≥ ${nGpHome})`,
    T.dhoPer1000,
    Number(d['num']),
    Number(d['den']),
    0.25,
    1000,
  );
}

/** The share of 3–18-year-olds examined or treated, nationally and in the lowest and highest county. */
export async function measureDental(rec: CalibrationRecorder): Promise<void> {
  const { db, q, add } = rec;
  const T = CALIBRATION_TARGETS;
  const den318 = `(SELECT sum(n) FROM pop WHERE age BETWEEN 3 AND 18)`;
  const dn = await q(
    `SELECT (SELECT count(DISTINCT kpr_lnr) FROM dental WHERE prioritetsgruppe = 'a' AND (CAST(undersokt AS INTEGER) = 1 OR CAST(behandlet AS INTEGER) = 1)) AS num, ${den318} AS den`,
  );
  add(
    'dental.3-18',
    'share of 3–18-year-olds examined or treated (DOT)',
    T.dental3to18,
    Number(dn['num']),
    Number(dn['den']),
  );
  const counties = await db.all<{ county: string; num: number; den: number }>(`
    WITH num AS (SELECT lpad(CAST(fylkeNr AS VARCHAR), 2, '0') AS county, count(DISTINCT kpr_lnr) AS num FROM dental
                 WHERE prioritetsgruppe = 'a' AND (CAST(undersokt AS INTEGER) = 1 OR CAST(behandlet AS INTEGER) = 1) GROUP BY 1),
    den AS (SELECT g.county, sum(p.n) AS den FROM pop p JOIN geo g USING (code) WHERE p.age BETWEEN 3 AND 18 GROUP BY 1)
    SELECT county, num, den FROM num JOIN den USING (county) WHERE den > 0 ORDER BY num / den`);
  if (counties.length > 1) {
    const lo = counties[0]!;
    const hi = counties[counties.length - 1]!;
    add(
      'dental.county-min',
      `dental 3–18, lowest county (${lo.county})`,
      T.countyDentalMin,
      lo.num,
      lo.den,
      0.25,
    );
    add(
      'dental.county-max',
      `dental 3–18, highest county (${hi.county})`,
      T.countyDentalMax,
      hi.num,
      hi.den,
      0.25,
    );
  }
}

/** Complex multimorbidity 80+ in the lowest and highest helsefellesskap. */
export async function measureHfSpread(rec: CalibrationRecorder): Promise<void> {
  const { db, add } = rec;
  const T = CALIBRATION_TARGETS;
  const hfs = await db.all<{ hf: string; num: number; den: number }>(`
    WITH num AS (SELECT g.hf, count(*) AS num FROM cmm JOIN nperson p USING (lopenr) JOIN geo g USING (code) WHERE p.age >= 80 GROUP BY 1),
    den AS (SELECT g.hf, sum(p.n) AS den FROM pop p JOIN geo g USING (code) WHERE p.age >= 80 GROUP BY 1)
    SELECT hf, coalesce(num, 0) AS num, den FROM den LEFT JOIN num USING (hf) WHERE den > 0 ORDER BY num / den`);
  if (hfs.length > 1) {
    const lo = hfs[0]!;
    const hi = hfs[hfs.length - 1]!;
    add(
      'cmm.80+.hf-min',
      `complex multimorbidity 80+, lowest helsefellesskap (${lo.hf})`,
      T.hfCmm80Min,
      lo.num,
      lo.den,
      0.3,
    );
    add(
      'cmm.80+.hf-max',
      `complex multimorbidity 80+, highest helsefellesskap (${hi.hf})`,
      T.hfCmm80Max,
      hi.num,
      hi.den,
      0.3,
    );
  }
}

/** Mean waiting times per sector, the share of BUP referrals rejected, and involuntary admissions and coercion per 10,000 residents 16+. */
export async function measureWaitsAndCoercion(
  rec: CalibrationRecorder,
  year: number,
): Promise<void> {
  const { q, popIn, add } = rec;
  const Y = int(year);
  const T = CALIBRATION_TARGETS;
  for (const [id, label, t, sektor] of [
    ['wait.somatic', 'mean waiting time, somatic care (days)', T.waitSomatic, 1],
    [
      'wait.phv-adults',
      'mean waiting time, mental health care for adults (days)',
      T.waitPhvAdults,
      2,
    ],
    ['wait.bup', 'mean waiting time, children and young people (days)', T.waitBup, 3],
    ['wait.tsb', 'mean waiting time, substance treatment (days)', T.waitTsb, 4],
  ] as const) {
    const w =
      await q(`SELECT sum(date_diff('day', CAST(henvisningMottattDato AS DATE), CAST(tjenesteStartDato AS DATE))) AS num,
      count(*) AS den FROM npr WHERE henvisningMottattDato IS NOT NULL AND tjenesteStartDato IS NOT NULL AND CAST(sektor AS INTEGER) = ${sektor}`);
    add(id, label, t, Number(w['num']), Number(w['den']), 0.2);
  }
  const rj = await q(`SELECT count(*) FILTER (WHERE rv = 3) AS num, count(*) AS den FROM (
      SELECT lopenr, henvisningMottattDato, arg_max(CAST(rettighetsvurdering AS INTEGER), vurderingDato) AS rv
      FROM npr WHERE CAST(sektor AS INTEGER) = 3 AND rettighetsvurdering IS NOT NULL AND vurderingDato IS NOT NULL
      GROUP BY ALL)`);
  add(
    'wait.bup-rejected',
    'referrals to children and young people assessed as no need of specialist care (share)',
    T.bupRejected,
    Number(rj['num']),
    Number(rj['den']),
    0.2,
  );
  const mh = await q(`SELECT count(*) FILTER (WHERE CAST(hjemmelInn AS INTEGER) IN (2, 3)) AS inv,
      count(DISTINCT lopenr) FILTER (WHERE CAST(tvangsvedtak AS INTEGER) > 0) AS coer, ${popIn(16, 200)} AS den
    FROM npr WHERE CAST(omsorgsniva AS INTEGER) = 1 AND ${Y} - CAST(fodselsar AS INTEGER) >= 16`);
  add(
    'mh.involuntary',
    'involuntary admissions (§ 3-2, § 3-3) per 10,000 residents 16+',
    T.mhInvoluntary,
    Number(mh['inv']),
    Number(mh['den']),
    0.2,
    10000,
  );
  add(
    'mh.coercion-patients',
    'persons with decisions on coercive measures per 10,000 residents 16+',
    T.mhCoercionPatients,
    Number(mh['coer']),
    Number(mh['den']),
    0.2,
    10000,
  );
}
