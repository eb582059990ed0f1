/**
 * The demand table of the dental analysis: the entitled and examined population and dentist and
 * hygienist FTEs projected under the SSB alternatives (demography only). Skipped with a warning
 * when the base year is not analysed or no projection is loaded.
 */
import { FellesError, sql } from '@felles/core';
import { DEFAULT_PRODUCTIVITY, dentalDemand } from './demand.js';
import type { DentalTableContext } from './table-context.js';

/** The demand projection by alternative, year, county and group (`dental_demand`). */
export async function putDemand(ctx: DentalTableContext): Promise<void> {
  const { ws, db, def, years, options, county, keep, meta, label, put, warnings } = ctx;
  if (options.demand !== false) {
    const d = options.demand ?? {};
    const baseYear = d.baseYear ?? years[years.length - 1]!;
    if (!years.includes(baseYear)) {
      warnings.push(`demand: the base year ${baseYear} is not among the analysed years`);
    } else {
      const muns = options.counties?.length
        ? (
            await db.all(
              `SELECT code FROM municipality WHERE county_code IN ${sql.inList(options.counties)}`,
            )
          ).map((r) => String(r['code']))
        : undefined;
      try {
        const productivity = d.productivity ?? DEFAULT_PRODUCTIVITY;
        const res = await dentalDemand(db, def, {
          baseYear,
          ...(d.horizon !== undefined ? { horizon: d.horizon } : {}),
          ...(d.alternatives ? { alternatives: d.alternatives } : {}),
          ...(d.vintage !== undefined ? { vintage: d.vintage } : {}),
          ...(muns ? { municipalities: muns } : {}),
          productivity,
          disclosureThreshold: options.threshold ?? ws.config.disclosure.threshold,
        });
        for (const w of res.projection.warnings) warnings.push(`demand: ${w.message}`);
        const pm = res.projection.meta;
        put(
          'demand',
          res.rows
            .filter((r) => keep(r.county_code))
            .map((r) => ({
              ...r,
              group_label: label(r.group_id),
              change_pct: r.base > 0 ? ((r.volume - r.base) / r.base) * 100 : null,
              table_id: pm.population.tableId,
              vintage: pm.population.vintage,
            })),
          {
            name: 'dental_demand',
            dimensions: ['alternative', 'year', county, 'group_id', 'measure'],
            counts: ['base_events'],
            derived: {
              base: ['base_events'],
              volume: ['base_events'],
              change_pct: ['base_events'],
            },
            attributes: ['group_label', 'table_id', 'vintage'],
          },

          meta('Tannhelsetjenesten: framskrevet rett, undersøkte og årsverk', {
            methods: [
              `base-year rates × SSB projected population (${pm.population.tableId}, vintage ${pm.population.vintage}), demography only`,
              `FTE = examined × share / persons per FTE (dentist ${productivity.dentistPersonsPerFte}, hygienist ${productivity.hygienistPersonsPerFte}; hygienist shares ${JSON.stringify(productivity.hygienistShare)})`,
            ],
            unit: 'persons (entitled, examined); FTE (dentist_fte, hygienist_fte)',
            notes: [
              "Productivity ratios are illustrative defaults; give the county's own figures.",
              "SSB's alternatives are scenarios, not probability intervals.",
              `Base year ${baseYear}; rule in force on its reference date.`,
            ],
          }),
        );
      } catch (e) {
        if (!(e instanceof FellesError)) throw e;
        warnings.push(`demand projection not available: ${e.message}`);
      }
    }
  }
}
