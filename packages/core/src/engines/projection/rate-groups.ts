/**
 * Base-rate cells made safe to publish: before rates are computed, the base-period cells of each
 * service line (rate area × sex × age band) are collapsed until every cell a rate is computed
 * from has no events or more than the disclosure threshold. The projected volumes are sums of
 * rate × SSB's (public) population over years and alternatives, so an attacker can solve them
 * for the rates and, with the person-years, for the event count of every cell a rate comes from;
 * after the collapse each such cell is 0 or above the threshold, so nothing small can be solved.
 *
 * Per family of lines that add up (a split line's sub-lines and the unsplit line they are parts
 * of), in this order:
 *
 * 1. **areas**: rate areas where a line of the family has 1..t events share one pooled rate
 *    (`~pooled`); while a line's pool still has 1..t events, the area outside the pool with the
 *    fewest (but more than t) events of that line joins it;
 * 2. **sexes**: where a line of the family has 1..t events for one sex in an area (or pool), the
 *    family's rates there are for both sexes together;
 * 3. **age bands**: each line's bands are merged from the youngest up, a group closing once it has
 *    no events or more than t; a last group with 1..t events joins the group before it; the
 *    family then uses the groups every line agrees on (a group boundary only where every line
 *    has one), so every line's groups stay 0 or above t and a part cannot be worked out from its
 *    parent line.
 *
 * A line with 1..t events in the whole country cannot be protected this way and is left out (a
 * warning says so). See `docs/disclosure.md` ("Projections").
 */
import type { Db } from '../../kernel/db.js';
import { exactSum, exactWindowSum, inList, int, str } from '../../kernel/sql.js';

/** Marker of the pooled rate area in `rate_area` columns. */
export const POOLED_AREA = '~pooled';

/** What {@link collapseRateCells} needs: the temp tables of a projection and the threshold. */
export interface RateGroupInput {
  db: Db;
  /** Temp table name for a short name (quoted). */
  t: (name: string) => string;
  /** Create a temp table (registered for dispose). */
  create: (name: string, body: string) => Promise<void>;
  /** Counts from 1 to this are protected; 0 = no collapse (rates per cell as they are). */
  threshold: number;
  /** Line id → the family it adds up in (its unsplit parent, or its own id before `:`). */
  family: ReadonlyMap<string, string>;
}

/** Result: lines left out because the whole country has 1..t events; areas pooled. */
export interface RateGroupResult {
  tooFew: string[];
  /** Rate areas that share a pooled rate, per family and rate level. */
  pooled: number;
}

/**
 * From the temp tables `evb` (events and value by line × rate level × rate area × sex × band) and
 * `py` (person-years by rate level × rate area × sex × band), create `rgrid`: every cell with its
 * group (`g_area`, `g_sex`, `g_band` = the first band of its age group) and the group's sums
 * (`g_events`, `g_value`, `g_py`). With threshold 0 every cell is its own group.
 */
export async function collapseRateCells(input: RateGroupInput): Promise<RateGroupResult> {
  const { db, t, create, threshold } = input;
  const th = int(threshold);
  const lines = [...input.family.keys()];
  await create(
    'rfam',
    lines.length
      ? `SELECT * FROM (VALUES ${lines.map((l) => `(${str(l)}, ${str(input.family.get(l)!)})`).join(', ')}) AS f(line_id, family)`
      : `SELECT NULL::VARCHAR AS line_id, NULL::VARCHAR AS family WHERE false`,
  );
  await create(
    'rcell',
    `WITH lv AS (SELECT DISTINCT line_id, rate_level FROM ${t('evb')})
     SELECT lv.line_id, f.family, lv.rate_level, p.rate_area, p.sex, p.band, p.py,
       COALESCE(e.value, 0) AS value, COALESCE(e.events, 0) AS events
     FROM lv JOIN ${t('rfam')} f ON f.line_id = lv.line_id JOIN ${t('py')} p ON p.rate_level = lv.rate_level
     LEFT JOIN ${t('evb')} e ON e.line_id = lv.line_id AND e.rate_level = lv.rate_level
       AND e.rate_area = p.rate_area AND e.sex = p.sex AND e.band = p.band`,
  );
  const { pooled, tooFew } = threshold > 0 ? await poolAreas(db, t, threshold) : noPools();
  await create(
    'rpool',
    pooled.length
      ? `SELECT * FROM (VALUES ${pooled.map((p) => `(${str(p[0])}, ${str(p[1])}, ${str(p[2])})`).join(', ')}) AS p(family, rate_level, rate_area)`
      : `SELECT NULL::VARCHAR AS family, NULL::VARCHAR AS rate_level, NULL::VARCHAR AS rate_area WHERE false`,
  );
  const keep = tooFew.length ? `WHERE line_id NOT IN ${inList(tooFew)}` : '';
  // areas pooled, then sexes combined where any line of the family needs it
  await create(
    'rga',
    `WITH a AS (
       SELECT c.*, CASE WHEN p.rate_area IS NULL THEN c.rate_area ELSE ${str(POOLED_AREA)} END AS g_area
       FROM ${t('rcell')} c LEFT JOIN ${t('rpool')} p USING (family, rate_level, rate_area) ${keep}),
     s AS (SELECT family, rate_level, g_area, bool_or(n > 0 AND n <= ${th}) AS combine
       FROM (SELECT family, line_id, rate_level, g_area, sex, ${exactSum('events')} AS n FROM a GROUP BY ALL) GROUP BY ALL)
     SELECT a.*, CASE WHEN s.combine THEN 'T' ELSE a.sex END AS g_sex
     FROM a JOIN s USING (family, rate_level, g_area)`,
  );
  await create(
    'rser',
    `SELECT *, row_number() OVER (PARTITION BY line_id, rate_level, g_area, g_sex ORDER BY band) AS pos
     FROM (SELECT line_id, family, rate_level, g_area, g_sex, band, ${exactSum('events')} AS events
       FROM ${t('rga')} GROUP BY ALL)`,
  );
  // age bands: greedy from the youngest, a group closing once it has 0 or more than t events
  await create(
    'rwalk',
    threshold === 0
      ? `SELECT line_id, family, rate_level, g_area, g_sex, band, band AS grp FROM ${t('rser')}`
      : `WITH RECURSIVE w(line_id, family, rate_level, g_area, g_sex, pos, band, grp, acc) AS (
           SELECT line_id, family, rate_level, g_area, g_sex, pos, band, band, events FROM ${t('rser')} WHERE pos = 1
           UNION ALL
           SELECT s.line_id, s.family, s.rate_level, s.g_area, s.g_sex, s.pos, s.band,
             CASE WHEN w.acc = 0 OR w.acc > ${th} THEN s.band ELSE w.grp END,
             CASE WHEN w.acc = 0 OR w.acc > ${th} THEN s.events ELSE w.acc + s.events END
           FROM w JOIN ${t('rser')} s ON s.line_id = w.line_id AND s.rate_level = w.rate_level
             AND s.g_area = w.g_area AND s.g_sex = w.g_sex AND s.pos = w.pos + 1)
         SELECT line_id, family, rate_level, g_area, g_sex, band, grp FROM w`,
  );
  // a last group with 1..t events joins the nearest group before it with more than t (the
  // groups between are empty)
  await create(
    'rstart',
    `WITH g AS (SELECT w.line_id, w.family, w.rate_level, w.g_area, w.g_sex, w.grp, ${exactSum('s.events')} AS n
         FROM ${t('rwalk')} w JOIN ${t('rser')} s USING (line_id, rate_level, g_area, g_sex, band) GROUP BY ALL),
       h AS (SELECT g.*,
           max(grp) OVER (PARTITION BY line_id, rate_level, g_area, g_sex) AS last,
           max(CASE WHEN n > ${th} THEN grp END) OVER (PARTITION BY line_id, rate_level, g_area, g_sex
             ORDER BY grp ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_big
         FROM g),
       f AS (SELECT line_id, rate_level, g_area, g_sex, prev_big AS into_grp FROM h
         WHERE grp = last AND n > 0 AND n <= ${th})
     SELECT h.line_id, h.family, h.rate_level, h.g_area, h.g_sex, h.grp AS start FROM h
     LEFT JOIN f USING (line_id, rate_level, g_area, g_sex)
     WHERE f.into_grp IS NULL OR h.grp <= f.into_grp`,
  );
  // the family's groups: a boundary where every line of the family starts a group
  await create(
    'rbound',
    `WITH nl AS (SELECT family, rate_level, g_area, g_sex, count(DISTINCT line_id) AS n
         FROM ${t('rser')} GROUP BY ALL),
       b AS (SELECT family, rate_level, g_area, g_sex, start AS band, count(DISTINCT line_id) AS k
         FROM ${t('rstart')} GROUP BY ALL)
     SELECT b.family, b.rate_level, b.g_area, b.g_sex, b.band FROM b JOIN nl USING (family, rate_level, g_area, g_sex)
     WHERE b.k = nl.n`,
  );
  await create(
    'rgrid',
    `WITH c AS (SELECT r.*, b.band AS g_band FROM ${t('rga')} r ASOF JOIN ${t('rbound')} b
         ON r.family = b.family AND r.rate_level = b.rate_level AND r.g_area = b.g_area
         AND r.g_sex = b.g_sex AND r.band >= b.band)
     SELECT c.*, ${exactWindowSum('events', 'w')} AS g_events, ${exactWindowSum('value', 'w')} AS g_value, ${exactWindowSum('py', 'w')} AS g_py
     FROM c WINDOW w AS (PARTITION BY line_id, rate_level, g_area, g_sex, g_band)`,
  );
  return { tooFew, pooled: pooled.length };
}

/**
 * Line id → family: for a sub-line `split:group`, the unsplit line its split line is a part of
 * (`splitParents`), else the split line (its sub-lines add up to it); a line is its own family.
 */
export function lineFamilies(
  lineIds: readonly string[],
  splitParents: Readonly<Record<string, string>>,
): Map<string, string> {
  return new Map(
    lineIds.map((id) => {
      const head = id.split(':')[0]!;
      return [id, splitParents[head] ?? head];
    }),
  );
}

function noPools(): { pooled: Array<[string, string, string]>; tooFew: string[] } {
  return { pooled: [], tooFew: [] };
}

/**
 * The pooled rate areas per family and rate level (step 1), on the per-area totals (a few
 * thousand numbers), and the lines with 1..t events in the whole country.
 */
async function poolAreas(
  db: Db,
  t: (name: string) => string,
  threshold: number,
): Promise<{ pooled: Array<[string, string, string]>; tooFew: string[] }> {
  const rows = await db.all<{
    family: string;
    line_id: string;
    rate_level: string;
    rate_area: string;
    n: number;
  }>(
    `SELECT family, line_id, rate_level, rate_area, sum(events)::DOUBLE AS n FROM ${t('rcell')}
     GROUP BY ALL ORDER BY family, rate_level, line_id, rate_area`,
  );
  const small = (n: number) => n > 0 && n <= threshold;
  const groups = new Map<string, Map<string, Map<string, number>>>(); // family|level → line → area → n
  for (const r of rows) {
    const k = `${r.family}\u0001${r.rate_level}`;
    const byLine = groups.get(k) ?? new Map<string, Map<string, number>>();
    groups.set(k, byLine);
    const areas = byLine.get(r.line_id) ?? new Map<string, number>();
    byLine.set(r.line_id, areas);
    areas.set(r.rate_area, Number(r.n));
  }
  const pooled: Array<[string, string, string]> = [];
  const tooFew = new Set<string>();
  for (const [k, byLine] of groups) {
    const [family, level] = k.split('\u0001') as [string, string];
    for (const [line, areas] of byLine) {
      const total = [...areas.values()].reduce((s, x) => s + x, 0);
      if (small(total)) tooFew.add(line);
    }
    const pool = new Set<string>();
    for (const [line, areas] of byLine)
      if (!tooFew.has(line)) for (const [a, n] of areas) if (small(n)) pool.add(a);
    for (;;) {
      let grown = false;
      for (const [line, areas] of byLine) {
        if (tooFew.has(line)) continue;
        const inPool = [...pool].reduce((s, a) => s + (areas.get(a) ?? 0), 0);
        if (!small(inPool)) continue;
        const next = [...areas]
          .filter(([a, n]) => !pool.has(a) && n > threshold)
          .sort((x, y) => x[1] - y[1] || (x[0] < y[0] ? -1 : 1))[0];
        if (next) {
          pool.add(next[0]);
          grown = true;
        }
      }
      if (!grown) break;
    }
    for (const a of [...pool].sort()) pooled.push([family, level, a]);
  }
  return { pooled, tooFew: [...tooFew].sort() };
}
