/**
 * The comparison frame: each area against the national value and the other areas of its level
 * (each helsefellesskap against the other 18): significance label, rank with rank limits,
 * funnel position (Spiegelhalter), and optionally the pooled value of peers of similar
 * population size. Runs on the aggregates of {@link computeIndicator}, before disclosure control;
 * every figure here is declared as derived from the row's counts, so it is hidden with them.
 */
import type { Db } from '../../kernel/db.js';
import { assessFunnel, type FunnelPosition } from '../../stats/overdispersion.js';
import { int } from '../../kernel/sql.js';
import type { IndicatorRow } from './compute.js';
import { unitMultiplier } from './compute.js';
import type { IndicatorDefinition, IndicatorLevel } from './types.js';

/** Comparison columns added to a row. */
export interface ComparisonFields {
  national_value: number | null;
  /** `higher` / `lower`: the confidence interval excludes the national value; `not significant`. */
  significance: 'higher' | 'lower' | 'not significant' | null;
  /** The significance read with the indicator's direction: `better`, `worse`, `similar`. */
  assessment: 'better' | 'worse' | 'similar' | null;
  /** 1 = best (by direction; neutral: highest first) among the areas of the level with a value. */
  rank: number | null;
  /** Best and worst rank the confidence intervals allow (CI overlap). */
  rank_best: number | null;
  rank_worst: number | null;
  /** Position on a funnel plot around the national value (95 % and 99.8 % limits). */
  funnel_position: FunnelPosition | null;
  /** Pooled value of the peers (areas of the level with the nearest population size). */
  peer_value: number | null;
  peers: string | null;
}

/** Levels that get a comparison frame. */
export const COMPARED_LEVELS: readonly IndicatorLevel[] = [
  'municipality',
  'helsefellesskap',
  'health_trust',
];

/** Total population per year, level and area (for peer groups). */
export async function areaPopulation(
  db: Db,
  years: readonly number[],
  structureYear: number,
): Promise<Map<string, number>> {
  const rows =
    await db.all(`WITH g AS (SELECT m.code AS mun, m.hff_code AS hff, c.hf_code AS hf FROM municipality m
      LEFT JOIN (SELECT municipality_code, any_value(hf_code) AS hf_code FROM catchment WHERE structure_year = ${int(structureYear)}
                 GROUP BY 1 HAVING count(DISTINCT hf_code) = 1) c ON c.municipality_code = m.code)
    SELECT year, CASE WHEN grouping(mun) = 0 THEN 'municipality' WHEN grouping(hff) = 0 THEN 'helsefellesskap' ELSE 'health_trust' END AS level,
      coalesce(mun, hff, hf) AS area, sum(population) AS n
    FROM population p JOIN g ON g.mun = p.municipality_code
    WHERE year IN (${years.map((y) => int(y)).join(', ') || 'NULL'})
    GROUP BY GROUPING SETS ((year, mun), (year, hff), (year, hf))`);
  const out = new Map<string, number>();
  for (const r of rows)
    if (r['area'] !== null)
      out.set(`${String(r['year'])}|${String(r['level'])}|${String(r['area'])}`, Number(r['n']));
  return out;
}

/** Key of a row within an indicator: year, level, area and breakdown codes. */
export function rowKey(
  r: Pick<IndicatorRow, 'year' | 'level' | 'area_code' | 'breakdown'>,
): string {
  return `${r.year}|${r.level}|${r.area_code}|${JSON.stringify(r.breakdown)}`;
}

const EMPTY: ComparisonFields = {
  national_value: null,
  significance: null,
  assessment: null,
  rank: null,
  rank_best: null,
  rank_worst: null,
  funnel_position: null,
  peer_value: null,
  peers: null,
};

/**
 * Add the comparison frame to computed rows. `threshold`: the national value is left out when the
 * national numerator is a small count (it would be hidden).
 *
 * With `visible` (the row keys whose counts disclosure control shows), every figure is computed
 * from shown counts only, so that none can reveal a hidden one: the national value only when the
 * national row is shown; ranks, rank limits, significance, funnel positions and peer values only
 * for shown rows and among shown rows (peers are chosen among them); hidden rows get none.
 */
export function compareRows(
  def: IndicatorDefinition,
  rows: IndicatorRow[],
  options: {
    populations?: Map<string, number>;
    peers?: number;
    threshold: number;
    hidden?: ReadonlySet<string>;
    visible?: ReadonlySet<string>;
  },
): Array<IndicatorRow & ComparisonFields> {
  const shown = (r: IndicatorRow) => !options.visible || options.visible.has(rowKey(r));
  const out = rows.map((r) => ({ ...r, ...EMPTY }));
  const groups = new Map<string, Array<IndicatorRow & ComparisonFields>>();
  const nationals = new Map<string, IndicatorRow>();
  for (const r of out) {
    const g = `${r.year}|${JSON.stringify(r.breakdown)}`;
    if (r.level === 'national') nationals.set(g, r);
    if (!COMPARED_LEVELS.includes(r.level as IndicatorLevel)) continue;
    const k = `${g}|${r.level}`;
    const list = groups.get(k) ?? [];
    list.push(r);
    groups.set(k, list);
  }
  const sign = def.direction === 'lower_is_better' ? 1 : -1;
  const mult = unitMultiplier(def.unit);
  for (const [k, list] of groups) {
    const nat = nationals.get(k.slice(0, k.lastIndexOf('|')));
    const natValue =
      nat &&
      nat.value !== null &&
      shown(nat) &&
      !(nat.numerator !== null && nat.numerator >= 1 && nat.numerator <= options.threshold)
        ? nat.value
        : null;
    const valued = list.filter((r) => r.value !== null && shown(r));
    // rank: ascending when lower is better, else descending
    const sorted = [...valued].sort(
      (a, b) =>
        sign * ((a.value as number) - (b.value as number)) ||
        a.area_code.localeCompare(b.area_code),
    );
    sorted.forEach((r, i) => {
      r.rank = i + 1;
      if (r.lower !== null && r.upper !== null) {
        // best rank: only areas whose interval lies wholly on the better side rank above for sure
        const better = valued.filter(
          (o) =>
            o !== r &&
            o.lower !== null &&
            o.upper !== null &&
            (sign > 0
              ? (o.upper as number) < (r.lower as number)
              : (o.lower as number) > (r.upper as number)),
        ).length;
        const worse = valued.filter(
          (o) =>
            o !== r &&
            o.lower !== null &&
            o.upper !== null &&
            (sign > 0
              ? (o.lower as number) > (r.upper as number)
              : (o.upper as number) < (r.lower as number)),
        ).length;
        r.rank_best = better + 1;
        r.rank_worst = valued.length - worse;
      }
    });
    for (const r of list) {
      if (!shown(r)) continue;
      r.national_value = natValue;
      if (r.value === null || natValue === null) continue;
      if (r.lower !== null && r.upper !== null) {
        r.significance =
          r.lower > natValue ? 'higher' : r.upper < natValue ? 'lower' : 'not significant';
        r.assessment =
          def.direction === 'neutral'
            ? null
            : r.significance === 'not significant'
              ? 'similar'
              : (r.significance === 'higher') === (def.direction === 'higher_is_better')
                ? 'better'
                : 'worse';
      }
    }
    // funnel around the national crude value
    const kind =
      def.unit === 'per_cent'
        ? 'proportion-wilson'
        : def.confidence === 'poisson'
          ? 'poisson'
          : null;
    const units = list.filter(
      (r) =>
        shown(r) &&
        r.numerator !== null &&
        r.denominator !== null &&
        r.denominator > 0 &&
        r.value !== null &&
        (kind !== 'proportion-wilson' || r.numerator <= r.denominator),
    );
    if (
      kind &&
      nat &&
      nat.numerator !== null &&
      nat.denominator &&
      natValue !== null &&
      units.length > 0
    ) {
      const target = nat.numerator / nat.denominator;
      if (target > 0 && (kind === 'poisson' || target < 1)) {
        const res = assessFunnel(
          units.map((r) => ({
            id: r.area_code,
            numerator: r.numerator as number,
            denominator: r.denominator as number,
          })),
          { kind, target },
        );
        const pos = new Map(res.units.map((u) => [u.id, u.position]));
        for (const r of units) r.funnel_position = pos.get(r.area_code) ?? null;
      }
    }
    // peers of similar population size
    if (options.populations && (options.peers ?? 0) > 0) {
      const pop = (r: IndicatorRow) =>
        options.populations!.get(`${r.year}|${r.level}|${r.area_code}`);
      for (const r of list) {
        const p = pop(r);
        if (p === undefined || !shown(r)) continue;
        const peers = list
          .filter(
            (o) =>
              o !== r &&
              shown(o) &&
              pop(o) !== undefined &&
              o.numerator !== null &&
              o.denominator !== null,
          )
          .sort(
            (a, b) =>
              Math.abs(pop(a)! - p) - Math.abs(pop(b)! - p) ||
              a.area_code.localeCompare(b.area_code),
          )
          .slice(0, options.peers);
        const n = peers.reduce((s, o) => s + (o.numerator as number), 0);
        const d = peers.reduce((s, o) => s + (o.denominator as number), 0);
        r.peers = peers.map((o) => o.area_code).join(' ');
        // a pooled value over a hidden peer would let the hidden count be worked out: left out
        const anyHidden =
          !options.visible &&
          (!options.hidden || peers.some((o) => options.hidden!.has(rowKey(o))));
        r.peer_value =
          d > 0 && def.kind !== 'growth-comparison' && def.kind !== 'median' && !anyHidden
            ? (n / d) * mult
            : null;
      }
    }
  }
  return out;
}
