/**
 * The shared pieces of a compiled cohort query (see compile.ts): the code sets, the source reads
 * with their code matches, the person-year panel of each id space and the base population.
 */
import { UsageError } from '../../kernel/errors.js';
import { inList, int, lit } from '../../kernel/sql.js';
import { SOURCES } from '../../catalogue/sources.js';
import type { CodeSetDef, IdSpace } from './types.js';

/**
 * The base population of a cohort in a year, over the panel alias `b`: alive at the reference
 * date (no death recorded on or before it) and resident (a municipality of residence known for
 * the year) — the basis of SSB's population on 1 January after a 31 December reference date.
 */
export function baseCondition(refMonth: number, refDay: number): string {
  return `b.municipality_code IS NOT NULL AND (b.death_date IS NULL OR b.death_date > make_date(b.year, ${int(refMonth)}, ${int(refDay)}))`;
}

export function codeSetCtes(sets: { key: string; cs: CodeSetDef }[]): string[] {
  const incl = sets.map(({ key, cs }) => {
    const w = [`l.list_id = ${lit(cs.codelist)}`, 'NOT l.exclude'];
    if (cs.systems) w.push(`l.system IN ${inList([...cs.systems].sort())}`);
    if (cs.conditions) w.push(`l.condition IN ${inList([...cs.conditions].sort())}`);
    if (cs.excludeConditions)
      w.push(`l.condition NOT IN ${inList([...cs.excludeConditions].sort())}`);
    return `SELECT ${lit(key)} AS set_key, l.system, l.code, l.match, l.condition, l.organ_system, l.weight FROM codelist l WHERE ${w.join(' AND ')}`;
  });
  const excl = sets.flatMap(({ key, cs }) => {
    const parts = [
      `SELECT ${lit(key)} AS set_key, l.system, l.code, l.match, l.condition FROM codelist l WHERE l.list_id = ${lit(cs.codelist)} AND l.exclude`,
    ];
    for (const e of cs.exclude ?? []) {
      const code = e.code.toUpperCase().replace(/[.\s]/g, '');
      parts.push(
        `SELECT ${lit(key)}, ${lit(e.system)}, ${lit(code)}, ${lit(e.match ?? 'prefix')}, CAST(NULL AS VARCHAR)`,
      );
    }
    return parts;
  });
  return [
    `cs AS MATERIALIZED (${incl.join(' UNION ALL ')})`,
    `cx AS MATERIALIZED (${excl.join(' UNION ALL ')})`,
  ];
}

export function sourceCtes(src: string, codes: boolean, from: string, to: string): string[] {
  const spec = SOURCES[src];
  if (!spec) throw new UsageError('UNKNOWN_SOURCE', `unknown source ${src}`);
  const cols = [`${spec.eventId} AS event_id`, 'person_id', `${spec.date} AS event_date`];
  if (spec.endDate) cols.push(`${spec.endDate} AS end_date`);
  if (src === 'municipal_service') cols.push('hours_per_week');
  cols.push(...Object.keys(spec.filters));
  if (codes) {
    for (const c of spec.codes) cols.push(c.column);
    if (spec.mainFlagColumn) cols.push(spec.mainFlagColumn);
  }
  const when = spec.endDate
    ? `${spec.date} <= DATE ${lit(to)} AND (${spec.endDate} IS NULL OR ${spec.endDate} >= DATE ${lit(from)})`
    : `${spec.date} >= DATE ${lit(from)} AND ${spec.date} <= DATE ${lit(to)}`;
  const where = spec.where ? `${when} AND ${spec.where}` : when;
  const out = [
    `ev_${src} AS MATERIALIZED (SELECT ${cols.join(', ')} FROM ${spec.table} WHERE ${where})`,
  ];
  if (codes && spec.codes.length > 0) {
    const keep = [
      'event_id',
      'person_id',
      'event_date',
      ...(spec.endDate ? ['end_date'] : []),
      ...Object.keys(spec.filters),
    ].join(', ');
    const parts = spec.codes.map((c) => {
      const code = c.list ? `unnest(${c.column})` : c.column;
      const pos =
        c.position === 'main_if_flagged'
          ? `CASE WHEN code = ${spec.mainFlagColumn} THEN 'main' ELSE 'secondary' END`
          : lit(c.position);
      return `SELECT ${keep}, ${lit(c.system)} AS system, code, ${pos} AS position FROM (SELECT *, ${code} AS code FROM ev_${src}${c.list ? '' : ` WHERE ${c.column} IS NOT NULL`})`;
    });
    out.push(
      `code_${src} AS (SELECT * FROM (${parts.join(' UNION ALL ')}) WHERE code IS NOT NULL AND code <> '')`,
    );
    // Code-set matching runs on the distinct codes only (a few thousand), each expanded to all its
    // prefixes so that the match is a plain equi-join on (system, prefix); the events then get
    // their matches by an equi-join on (system, code). A join on `plen <= length(code)` let the
    // planner pair every code with every list code of its system first (10^9 rows on the demo).
    // Prefixes longer than the longest list code cannot match and are not made: an over-long
    // code in the data (a megabyte) costs no more than a short one.
    out.push(`cm_${src} AS MATERIALIZED (SELECT c.system, c.code, s.set_key, s.code AS list_code, s.condition, s.organ_system, s.weight
  FROM (SELECT system, code, left(code, unnest(range(1, least(length(code), (SELECT coalesce(max(length(code)), 0) FROM cs)) + 1))) AS prefix FROM (SELECT DISTINCT system, code FROM code_${src})) c
  JOIN cs s ON s.system = c.system AND s.code = c.prefix AND (s.match = 'prefix' OR s.code = c.code)
  WHERE NOT EXISTS (SELECT 1 FROM cx x WHERE x.set_key = s.set_key AND x.system = c.system AND (x.condition IS NULL OR x.condition = s.condition)
    AND starts_with(c.code, x.code) AND (x.match = 'prefix' OR x.code = c.code)))`);
    out.push(`hit_${src} AS MATERIALIZED (SELECT c.*, m.set_key, m.list_code, m.condition, m.organ_system, m.weight
  FROM code_${src} c JOIN cm_${src} m ON m.system = c.system AND m.code = c.code)`);
  }
  return out;
}

/**
 * The person-year panel of an id space: everyone in `person` alive on 1 January of the year and born
 * by the year, with sex, age at the reference date (year − birth year), the municipality of the
 * year from `residence`, else of the latest earlier year (NULL when none), and the death date.
 * Each cohort keeps the panel rows alive and resident at its reference date (`baseCondition`).
 */
export function panelCtes(space: IdSpace): string[] {
  const persons = (s: 'npr' | 'kpr') =>
    `SELECT person_id, sex, birth_year, death_date FROM person WHERE id_space = ${lit(s)}`;
  const res = (s: 'npr' | 'kpr') =>
    `SELECT person_id, year, municipality_code FROM residence WHERE id_space = ${lit(s)}`;
  let pp: string;
  let pr: string;
  if (space === 'linked') {
    pp = `SELECT coalesce(n.person_id, k.npr_id) AS person_id, coalesce(n.sex, k.sex) AS sex, coalesce(n.birth_year, k.birth_year) AS birth_year, coalesce(n.death_date, k.death_date) AS death_date
  FROM (${persons('npr')}) n FULL JOIN (SELECT lnk.npr_id, p.* FROM (${persons('kpr')}) p JOIN lnk ON lnk.kpr_id = p.person_id) k ON k.npr_id = n.person_id`;
    pr = `SELECT * FROM (${res('npr')}) UNION ALL SELECT lnk.npr_id, r.year, r.municipality_code FROM (${res('kpr')}) r JOIN lnk ON lnk.kpr_id = r.person_id
  WHERE NOT EXISTS (SELECT 1 FROM residence n WHERE n.id_space = 'npr' AND n.person_id = lnk.npr_id AND n.year = r.year)`;
  } else {
    pp = persons(space);
    pr = res(space);
  }
  return [
    `pr_${space} AS (SELECT y.year, r.person_id, arg_max(r.municipality_code, r.year) AS municipality_code FROM (${pr}) r JOIN y ON r.year <= y.year GROUP BY y.year, r.person_id)`,
    `panel_${space} AS MATERIALIZED (SELECT y.year, p.person_id, p.sex, y.year - p.birth_year AS age, r.municipality_code, m.hff_code, p.death_date
  FROM (${pp}) p CROSS JOIN y
  LEFT JOIN pr_${space} r ON r.person_id = p.person_id AND r.year = y.year
  LEFT JOIN municipality m ON m.code = r.municipality_code
  WHERE (p.death_date IS NULL OR p.death_date >= make_date(y.year, 1, 1)) AND (p.birth_year IS NULL OR p.birth_year <= y.year))`,
  ];
}
