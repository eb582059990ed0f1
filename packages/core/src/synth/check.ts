import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Db } from '../kernel/db.js';
import { InputDataError } from '../kernel/errors.js';
import { ident, inList, int, path, str } from '../kernel/sql.js';
import { DATASETS_DIR } from '../kernel/util/paths.js';
import { DHO_CONDITION_KEYS, SYNTH_CONDITIONS } from './conditions.js';
import { SYNTH_MANIFEST, type SynthManifest } from './generate.js';

/** One line of the calibration table. */
export interface CalibrationRow {
  /** Stable id, e.g. `cmm.80+`. */
  id: string;
  label: string;
  target: number;
  generated: number;
  /** generated / target. */
  ratio: number;
  /** Allowed relative deviation (0.15 = ±15 %). */
  tolerance: number;
  ok: boolean;
  /** Numerator and denominator behind `generated`, when it is a ratio of counts. */
  numerator?: number;
  denominator?: number;
}

/** Options of {@link checkSynthetic}. */
export interface CalibrationOptions {
  /** Year to check (default: the last year in the manifest). */
  year?: number;
  /** GP consultation days in the year that alone put a person with COPD/diabetes/heart failure at medium–high risk (default 20, the dho-target cohort's `minGpContacts`). */
  dhoGpContacts?: number;
  /** GP consultation days that, with home health care, put such a person at medium–high risk (default 10, the cohort's `minGpContactsWithHomeCare`). */
  dhoGpContactsWithHomeCare?: number;
}

/** Published national figures the generator is calibrated to (sources in datasets/README.md). */
export const CALIBRATION_TARGETS = {
  cmmAdults: 0.017,
  cmm18_59: 0.004,
  cmm60_79: 0.037,
  cmm80: 0.096,
  frail75: 0.143,
  frail75_79: 0.049,
  frail80_89: 0.149,
  frail90: 0.482,
  cmmAlsoFrail: 0.24,
  gpPhysical: 2.4,
  gpEconsultation: 0.65,
  videoPhoneShare: 0.13,
  dhoPer1000: 4,
  dental3to18: 0.65,
  hfCmm80Min: 0.07,
  hfCmm80Max: 0.12,
  countyDentalMin: 0.65,
  countyDentalMax: 0.9,
  waitSomatic: 71,
  waitPhvAdults: 52,
  waitBup: 55,
  waitTsb: 33,
  mhInvoluntary: 20.9,
  mhCoercionPatients: 4.8,
} as const;

/**
 * Compute the calibration targets FROM THE EXTRACT FILES in `dir` (written by
 * {@link generateSynthetic}): SQL over the files, never the generator's state. Definitions mirror
 * the built-in cohorts: complex multimorbidity = adults with ≥ 3 chronic conditions in ≥ 3 organ
 * systems in NPR (main or secondary ICD-10) in the year; frail = IPLOS need level moderate-to-large
 * or extensive (`bistandsbehov` ≥ 2) in the year; the overlap links NPR to KPR through the key file
 * (conflicting ids left out); the digital home follow-up group is the built-in `dho-target` cohort
 * (adults with COPD/diabetes/heart failure in NPR or KPR in the year and an acute inpatient episode
 * with one of them as main diagnosis, or ≥ `dhoGpContacts` GP consultation days, or home health
 * care with ≥ `dhoGpContactsWithHomeCare` such days), alive at 31 December as far as the extracts
 * tell (no NPR episode in the year ending in death), as the cohorts count. Ages are reached during
 * the year, and denominators come from the population file on 1 January of the next year (the same
 * birth cohorts).
 */
export async function checkSynthetic(
  dir: string,
  options: CalibrationOptions = {},
): Promise<CalibrationRow[]> {
  const abs = resolve(dir);
  const mf = join(abs, SYNTH_MANIFEST);
  if (!existsSync(mf))
    throw new InputDataError(
      'SYNTH_NO_MANIFEST',
      'no synth.json: not a folder written by felles synth',
      { file: mf },
    );
  const manifest = JSON.parse(await readFile(mf, 'utf8')) as SynthManifest;
  const year = options.year ?? Math.max(...manifest.years);
  const nGp = options.dhoGpContacts ?? 20;
  const nGpHome = options.dhoGpContactsWithHomeCare ?? 10;
  const file = (role: string) => {
    const f = manifest.files.find((x) => x.role === role);
    if (!f)
      throw new InputDataError('SYNTH_MISSING_FILE', `synth.json lists no ${role} file`, {
        file: mf,
      });
    const p = join(abs, f.file);
    return f.file.endsWith('.parquet')
      ? `read_parquet(${path(p)})`
      : `read_csv(${path(p)}, delim = ';', header = true, all_varchar = true)`;
  };
  const prefixes: string[] = [];
  for (const c of SYNTH_CONDITIONS)
    for (const code of c.icd10)
      prefixes.push(`(${str(code.slice(0, 3))}, ${str(c.key)}, ${str(c.organ)})`);
  const dhoKeys = inList([...DHO_CONDITION_KEYS]);
  const dhoIcpc = inList(
    SYNTH_CONDITIONS.filter((c) =>
      (DHO_CONDITION_KEYS as readonly string[]).includes(c.key),
    ).flatMap((c) => c.icpc2),
  );
  const Y = int(year);
  const db = await Db.open(':memory:');
  try {
    await db.exec(`
CREATE TABLE cc AS SELECT DISTINCT * FROM (VALUES ${prefixes.join(', ')}) v(prefix, cond, organ);
CREATE TABLE geo AS SELECT code, county, coalesce(g.helsefellesskap, m.health_trust) AS hf
  FROM read_csv(${path(join(DATASETS_DIR, 'synth', 'municipalities.csv'))}, header = true, all_varchar = true) m
  LEFT JOIN read_csv(${path(join(DATASETS_DIR, 'reference', 'geography', 'municipalities.csv'))}, header = true, all_varchar = true) g USING (code);
CREATE TABLE pop AS
  SELECT substr(region, 3, 4) AS code, CAST(regexp_extract(age, '^(\\d+)') AS INTEGER) AS age, CAST(${ident(`Persons ${year + 1}`)} AS BIGINT) AS n
  FROM (SELECT * FROM read_csv(${path(join(abs, 'population-statbank.csv'))}, skip = 2, header = true, delim = ';', all_varchar = true, quote = '"'));
CREATE TABLE npr AS SELECT * FROM ${file('npr')} WHERE CAST(aar AS INTEGER) = ${Y};
CREATE TABLE ndx AS
  SELECT DISTINCT lopenr, cc.cond, cc.organ FROM (
    UNPIVOT (SELECT lopenr, COLUMNS('^tilstand_')::VARCHAR FROM npr) ON COLUMNS('^tilstand_') INTO NAME pos VALUE code
  ) x JOIN cc ON cc.prefix = left(upper(replace(x.code, '.', '')), 3);
CREATE TABLE nperson AS SELECT lopenr, ${Y} - max(CAST(fodselsar AS INTEGER)) AS age,
  arg_max(lpad(komnrhjem2, 4, '0'), inndato || inntid) AS code FROM npr GROUP BY lopenr;
CREATE TABLE cmm AS SELECT lopenr FROM ndx GROUP BY lopenr HAVING count(DISTINCT cond) >= 3 AND count(DISTINCT organ) >= 3;
CREATE TABLE link AS SELECT npr_lopenr, kpr_lnr FROM ${file('link')}
  WHERE npr_lopenr IN (SELECT npr_lopenr FROM ${file('link')} GROUP BY 1 HAVING count(DISTINCT kpr_lnr) = 1)
    AND kpr_lnr IN (SELECT kpr_lnr FROM ${file('link')} GROUP BY 1 HAVING count(DISTINCT npr_lopenr) = 1);
CREATE TABLE bills AS SELECT * FROM ${file('bills')};
CREATE TABLE kbirth AS SELECT kpr_lnr, max(CAST(fodselsaar AS INTEGER)) AS birth_year FROM bills GROUP BY 1
  UNION ALL SELECT l.kpr_lnr, max(CAST(n.fodselsar AS INTEGER)) FROM ${file('npr')} n JOIN link l ON l.npr_lopenr = n.lopenr
  WHERE l.kpr_lnr NOT IN (SELECT kpr_lnr FROM bills) GROUP BY 1;
CREATE TABLE frail AS
  SELECT a.kpr_lnr, ${Y} - b.birth_year AS age FROM (
    SELECT kpr_lnr, arg_max(CAST(bistandsbehov AS INTEGER), vurderingDato) AS need FROM ${file('iplos-function')}
    WHERE year(CAST(vurderingDato AS DATE)) = ${Y} GROUP BY 1) a
  LEFT JOIN kbirth b USING (kpr_lnr) WHERE a.need >= 2;
CREATE TABLE gp AS
  WITH t AS (
    SELECT b.kpr_lnr, b.enkeltregning_lnr, CAST(b.dato AS DATE) AS dato, max(CASE
      WHEN f.takstkode IN ('11ad', '11ak') THEN 7
      WHEN f.takstkode IN ('2ad', '2ak', '2ed', '2fk', '074a', '074b', '074d', '615') THEN 6
      WHEN f.takstkode IN ('2ae', '2aef', '2aek', '074ae', '074be') THEN 5
      WHEN f.takstkode IN ('1ad', '1ak', '1e', '618', '701a') THEN 4
      WHEN f.takstkode IN ('1bd', '1bk', '1g', '1i', '612a', '612b') THEN 3
      WHEN f.takstkode IN ('14', '1f', 'L36', 'L36d') THEN 2 ELSE 1 END) AS ctype
    FROM bills b JOIN ${file('fees')} f USING (enkeltregning_lnr)
    WHERE year(CAST(b.dato AS DATE)) = ${Y} AND CAST(b.tjenestetype AS INTEGER) = 1 GROUP BY ALL)
  SELECT kpr_lnr, count(*) FILTER (WHERE ctype = 6) AS physical, count(*) FILTER (WHERE ctype = 5) AS econs,
    count(DISTINCT dato) FILTER (WHERE ctype IN (5, 6, 7)) AS contacts FROM t GROUP BY 1;
CREATE TABLE dho AS
  WITH cond AS (
    SELECT DISTINCT n.lopenr, l.kpr_lnr FROM ndx n LEFT JOIN link l ON l.npr_lopenr = n.lopenr WHERE n.cond IN ${dhoKeys}
    UNION
    SELECT DISTINCT l.npr_lopenr, b.kpr_lnr FROM bills b JOIN ${file('diagnoses')} d USING (enkeltregning_lnr)
      LEFT JOIN link l ON l.kpr_lnr = b.kpr_lnr
    WHERE year(CAST(b.dato AS DATE)) = ${Y} AND d.diagnoseKode IN ${dhoIcpc}
  ), adult AS (
    SELECT c.* FROM cond c LEFT JOIN nperson p USING (lopenr) LEFT JOIN kbirth k USING (kpr_lnr)
    WHERE coalesce(p.age, ${Y} - k.birth_year) >= 18
  ), acute AS (
    SELECT DISTINCT n.lopenr FROM npr n JOIN cc ON cc.prefix = left(upper(replace(n.tilstand_1_1, '.', '')), 3)
    WHERE CAST(n.omsorgsniva AS INTEGER) = 1 AND CAST(n.innmateHast AS INTEGER) BETWEEN 1 AND 3 AND cc.cond IN ${dhoKeys}
  ), hhc AS (
    SELECT DISTINCT kpr_lnr FROM ${file('kpr-services')} WHERE CAST(tjenesteType AS INTEGER) = 15
      AND CAST(tjenesteStartDato AS DATE) <= make_date(${Y}, 12, 31)
      AND coalesce(CAST(tjenesteSluttDato AS DATE), make_date(${Y}, 12, 31)) >= make_date(${Y}, 1, 1)
  ), dead AS (
    SELECT DISTINCT lopenr FROM npr WHERE CAST(utTilstand AS INTEGER) = 2
  )
  SELECT DISTINCT coalesce(a.kpr_lnr, a.lopenr) AS id FROM adult a
  WHERE (a.lopenr IS NULL OR a.lopenr NOT IN (SELECT lopenr FROM dead)) AND (a.lopenr IN (SELECT lopenr FROM acute)
     OR (a.kpr_lnr IN (SELECT kpr_lnr FROM hhc) AND a.kpr_lnr IN (SELECT kpr_lnr FROM gp WHERE contacts >= ${int(nGpHome)}))
     OR a.kpr_lnr IN (SELECT kpr_lnr FROM gp WHERE contacts >= ${int(nGp)}));
CREATE TABLE dental AS SELECT * FROM ${file('dental')} WHERE year(CAST(dato AS DATE)) = ${Y};
`);
    const q = async (sql: string) => (await db.one<Record<string, number>>(sql)) ?? {};
    const popIn = (lo: number, hi: number) =>
      `(SELECT sum(n) FROM pop WHERE age BETWEEN ${lo} AND ${hi})`;
    const rows: CalibrationRow[] = [];
    const T = CALIBRATION_TARGETS;
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
        count(*) AS den FROM npr WHERE henvisningMottattDato IS NOT NULL AND CAST(sektor AS INTEGER) = ${sektor}`);
      add(id, label, t, Number(w['num']), Number(w['den']), 0.2);
    }
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
    return rows;
  } finally {
    db.close();
  }
}
