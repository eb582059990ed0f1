/**
 * The report's dental table: of the persons under supervision (tilsyn) in the public dental
 * service in a year, the share examined, by priority group and county. A first, simple
 * utilisation figure until the dental module's indicators replace it.
 */
import { disclose, type DisclosedTable } from '../disclosure/index.js';
import { wilsonLimits } from '../stats/proportion.js';
import { int } from '../sql.js';
import type { Workspace } from '../workspace/workspace.js';

/** `report_dental`: `year`, `priority_group`, `county_code`, `persons`, `examined`, `share`, `lower`, `upper`, `county_name`. */
export async function reportDental(ws: Workspace, year: number): Promise<DisclosedTable> {
  const rows = await ws.db.all<{ priority_group: string; county_code: string; county_name: string | null; persons: number; examined: number }>(
    `WITH c AS (SELECT DISTINCT county_code, county_name FROM municipality),
     d AS (SELECT person_id, lower(priority_group) AS priority_group, county_code, bool_or(examined) AS examined
           FROM dental_record WHERE year = ${int(year)} AND under_supervision AND priority_group IS NOT NULL AND county_code IS NOT NULL GROUP BY ALL)
     SELECT d.priority_group, d.county_code, any_value(c.county_name) AS county_name,
       CAST(count(*) AS BIGINT) AS persons, CAST(count(*) FILTER (d.examined) AS BIGINT) AS examined
     FROM d LEFT JOIN c ON c.county_code = d.county_code GROUP BY d.priority_group, d.county_code ORDER BY 1, 2`,
  );
  const out = rows.map((r) => {
    const n = Number(r.persons);
    const x = Number(r.examined);
    const w = n > 0 ? wilsonLimits(x, n) : null;
    const r4 = (v: number | null | undefined) => (v == null ? null : Math.round(v * 10000) / 10000);
    return {
      year,
      priority_group: r.priority_group,
      county_code: r.county_code,
      county_name: r.county_name ?? r.county_code,
      persons: n,
      examined: x,
      share: n > 0 ? r4(x / n) : null,
      lower: r4(w?.lower),
      upper: r4(w?.upper),
    };
  });
  return disclose(out, {
    name: 'report_dental',
    dimensions: ['year', 'priority_group', 'county_code'],
    counts: ['persons', 'examined'],
    derived: { share: ['examined', 'persons'], lower: ['examined', 'persons'], upper: ['examined', 'persons'] },
    attributes: ['county_name'],
  }, {
    workspace: ws,
    metadata: {
      title: `Public dental service: share examined of persons under supervision, ${year}`,
      methods: ['proportion, Wilson 95 %'],
      unit: 'share',
    },
  });
}
