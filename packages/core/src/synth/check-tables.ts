/**
 * The tables the calibration check measures, made in an in-memory database from the extract files
 * of a synthetic folder: persons with chronic conditions, the complex multimorbid, the frail, GP
 * contacts, the digital home follow-up group, dental records and the population.
 */
import { join } from 'node:path';
import { ident, inList, int, path, str } from '../kernel/sql.js';
import { DATASETS_DIR } from '../kernel/util/paths.js';
import { DHO_CONDITION_KEYS, SYNTH_CONDITIONS } from './conditions.js';

/** What the tables are made from. */
export interface CalibrationSource {
  /** The synthetic folder (absolute). */
  abs: string;
  /** A DuckDB table function reading the extract file of a role (`read_parquet(…)`, `read_csv(…)`). */
  file: (role: string) => string;
  year: number;
  nGp: number;
  nGpHome: number;
}

/** The SQL that makes the tables of the check for `year` (definitions at `checkSynthetic`). */
export function calibrationTablesSql(src: CalibrationSource): string {
  const { abs, file, year, nGp, nGpHome } = src;
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
  return `
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
`;
}
